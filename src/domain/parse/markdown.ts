import MarkdownIt from 'markdown-it';

/** A piece of readable text from the body, with the 1-based line where it starts. */
export interface TextUnit {
  kind: 'heading' | 'paragraph' | 'item' | 'row';
  line: number;
  /** Plain text (markdown markup removed); softbreaks stay as "\n" so lines can be recovered. */
  text: string;
  /** For headings: 1 for "#", 2 for "##" and so on. */
  level?: number;
  /** For table rows: the cells, and the header cells of their table. */
  cells?: string[];
  header?: string[];
}

/** A fenced code block; `line` is the 1-based line of its first content line. */
export interface Fence {
  info: string;
  content: string;
  line: number;
}

export interface MarkdownDoc {
  units: TextUnit[];
  fences: Fence[];
  /** Deepest block nesting seen, to refuse hostile bodies. */
  depth: number;
}

/** markdown-it stops nesting here; anything near it is refused by the caller anyway. */
const MAX_NESTING = 64;
type Token = ReturnType<MarkdownIt.MarkdownIt['parse']>[number];

/**
 * Links, images, references and emphasis are handled by LINK and EMPHASIS below instead:
 * markdown-it's rules for them cost 10-20x more on a body full of "[" or "*a " (hostile input,
 * still linear), and only the plain text matters here.
 */
const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false, maxNesting: MAX_NESTING }).disable(['link', 'image', 'reference', 'autolink', 'entity', 'emphasis', 'strikethrough']);
/** Struck-out text (~~SN8~~) is what the proposer withdrew: voters read it as not there. */
const STRUCK = /~~[^~\n]{0,300}~~/g;
/** Emphasis markers: every "*" and "~~", and "_" runs at the edge of a word (not snake_case). */
const EMPHASIS = /\*+|~~|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu;
/** [text](url) or ![alt](src) → text; bounded so that a flood of brackets stays linear. */
const LINK = /!?\[([^\[\]\n]{0,300})\]\([^()\s]{0,2000}(?:\s+"[^"\n]{0,300}")?\)/g;

/**
 * Pages copied from Goverland use "•" bullets that markdown does not know; turning them into
 * "-" on the same line keeps the line numbers of the original body.
 */
function normaliseBullets(body: string): string {
  return body.replace(/^([ \t]*)[•▪◦‣·][ \t]+/gm, '$1- ');
}

/** Inline children → plain text; link targets and images are dropped, link text is kept. */
function inlineText(token: Token): string {
  let out = '';
  for (const c of token.children ?? []) {
    if (c.type === 'text') out += c.content.replace(STRUCK, '').replace(EMPHASIS, '');
    else if (c.type === 'code_inline') out += c.content;
    else if (c.type === 'softbreak' || c.type === 'hardbreak') out += '\n';
  }
  return out.includes('](') ? out.replace(LINK, '$1') : out;
}

/** Parses the body with markdown-it and flattens it into text units and fences. */
export function readMarkdown(body: string): MarkdownDoc {
  const tokens = md.parse(normaliseBullets(body), {});
  const doc: MarkdownDoc = { units: [], fences: [], depth: 0 };
  let itemDepth = 0;
  let blockLine = 1;
  let blockKind: TextUnit['kind'] = 'paragraph';
  let headingLevel = 0;
  let row: { line: number; cells: string[]; head: boolean } | null = null;
  let header: string[] = [];
  for (const t of tokens) {
    if (t.level > doc.depth) doc.depth = t.level;
    if (t.map) blockLine = t.map[0] + 1;
    switch (t.type) {
      case 'list_item_open': itemDepth++; break;
      case 'list_item_close': itemDepth--; break;
      case 'heading_open': blockKind = 'heading'; headingLevel = Number(t.tag.slice(1)); break;
      case 'paragraph_open': blockKind = itemDepth > 0 ? 'item' : 'paragraph'; break;
      case 'thead_open': header = []; break;
      case 'tr_open': row = { line: blockLine, cells: [], head: false }; break;
      case 'th_open': if (row) row.head = true; break;
      case 'tr_close':
        if (row && row.head) header = row.cells;
        else if (row) doc.units.push({ kind: 'row', line: row.line, text: row.cells.join(' | '), cells: row.cells, header });
        row = null;
        break;
      case 'inline':
        if (row) row.cells.push(inlineText(t).trim());
        else if (blockKind === 'heading') doc.units.push({ kind: blockKind, line: blockLine, text: inlineText(t), level: headingLevel });
        else doc.units.push({ kind: blockKind, line: blockLine, text: inlineText(t) });
        break;
      case 'fence':
        doc.fences.push({ info: t.info.trim(), content: t.content, line: blockLine + 1 });
        break;
      default:
        break;
    }
  }
  return doc;
}
