import MarkdownIt from 'markdown-it';
import type { ParseIssue } from './issues';
import { HiddenTracker, hiddenProblem, unshownLines } from './rendered';

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
  /** Hidden constructs (comments, hidden HTML, reference definitions) that hold plan-like text. */
  hidden: ParseIssue[];
  /** Code blocks other than govbridge blocks: shown to voters, never read as a plan. */
  code: { line: number; text: string }[];
}

/** markdown-it stops nesting here; anything near it is refused by the caller anyway. */
const MAX_NESTING = 64;
type Token = ReturnType<MarkdownIt.MarkdownIt['parse']>[number];

/**
 * Links, images and emphasis are handled by LINK and EMPHASIS below instead: markdown-it's rules
 * for them cost 10-20x more on a body full of "[" or "*a " (hostile input, still linear), and
 * only the plain text matters here. HTML and link-reference definitions are parsed as a
 * CommonMark renderer does, so that what it hides is known (see rendered.ts).
 */
const md = new MarkdownIt('default', { html: true, linkify: false, typographer: false, maxNesting: MAX_NESTING }).disable([
  'link',
  'image',
  'autolink',
  'entity',
  'emphasis',
  'strikethrough',
]);
/** Struck-out text (~~SN8~~) is what the proposer withdrew: voters read it as not there. */
const STRUCK = /~~[^~\n]{0,300}~~/g;
/** Emphasis markers: every "*" and "~~", and "_" runs at the edge of a word (not snake_case). */
const EMPHASIS = /\*+|~~|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu;
/** [text](url) → text, ![alt](src) → nothing; bounded so that a flood of brackets stays linear. */
const LINK = /(!?)\[([^[\]\n]{0,300})\]\([^()\s]{0,2000}(?:\s+"([^"\n]{0,300})")?\)/g;

/**
 * Pages copied from Goverland use "•" bullets that markdown does not know; turning them into
 * "-" on the same line keeps the line numbers of the original body.
 */
function normaliseBullets(body: string): string {
  return body.replace(/^([ \t]*)[•▪◦‣·][ \t]+/gm, '$1- ');
}

interface InlineCtx {
  line: number;
  tracker: HiddenTracker;
  hidden: ParseIssue[];
  /** Labels of the link-reference definitions, lower case, as markdown-it normalises them. */
  references: Record<string, unknown>;
}

/** [text][label], [text][] and a bare [label] that is defined: a renderer shows only the text. */
const REF_LINK = /\[([^[\]\n]{1,300})\](?:\[([^[\]\n]{0,300})\])?/g;
const normLabel = (l: string) => l.trim().replace(/\s+/g, ' ').toUpperCase();

const note = (ctx: InlineCtx, at: number, reason: string, text: string) => {
  const p = hiddenProblem(at, reason, text);
  if (p) ctx.hidden.push(p);
};
const newlines = (s: string) => s.split('\n').length - 1;

/**
 * Inline children → the plain text a voter sees: link targets and titles, image alt text, HTML
 * tags and comments and the content of hidden inline elements are dropped (and refused when
 * they hold plan-like text); the number of lines is kept so line numbers stay true.
 */
function inlineText(token: Token, ctx: InlineCtx): string {
  let out = '';
  // Lines so far, counted as they are added (recounting `out` per child would be quadratic).
  let lines = 0;
  for (const c of token.children ?? []) {
    const at = ctx.line + lines;
    const hiddenBy = ctx.tracker.reason;
    if (c.type === 'html_inline') {
      const fed = ctx.tracker.feed(c.content);
      for (const h of fed.hidden) note(ctx, at, h.reason, h.text);
      const n = newlines(c.content);
      out += /^<br\b/i.test(c.content) ? ' ' : '\n'.repeat(n);
      lines += n;
    } else if (c.type === 'text' || c.type === 'code_inline') {
      if (hiddenBy) note(ctx, at, hiddenBy, c.content);
      else out += c.type === 'text' ? c.content.replace(STRUCK, '').replace(EMPHASIS, '') : c.content;
    } else if (c.type === 'softbreak' || c.type === 'hardbreak') {
      out += '\n';
      lines++;
    }
  }
  if (Object.keys(ctx.references).length > 0 && out.includes('[')) {
    out = out.replace(REF_LINK, (all, text: string, label: string | undefined) =>
      normLabel(label || text) in ctx.references ? text : all,
    );
  }
  if (!out.includes('](')) return out;
  // Line starts, so that each link's line is found by a binary search instead of a recount.
  const starts = [0];
  for (let i = out.indexOf('\n'); i >= 0; i = out.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return ctx.line + lo;
  };
  return out.replace(LINK, (_, bang: string, text: string, title: string | undefined, offset: number) => {
    if (title) note(ctx, lineOf(offset), 'a link title', title);
    if (bang) note(ctx, lineOf(offset), 'image alt text', text);
    return bang ? '' : text;
  });
}

/** Containers span the lines of their children; only leaf blocks say a line is shown. */
const CONTAINERS = new Set(['bullet_list_open', 'ordered_list_open', 'list_item_open', 'blockquote_open']);

/** Parses the body with markdown-it and flattens it into the text units and fences a voter sees. */
export function readMarkdown(body: string): MarkdownDoc {
  const source = normaliseBullets(body);
  const env: Parameters<typeof md.parse>[1] & { references?: Record<string, unknown> } = {};
  const tokens = md.parse(source, env);
  const references = env.references ?? {};
  const sourceLines = source.split('\n');
  const covered = new Uint8Array(sourceLines.length);
  const doc: MarkdownDoc = { units: [], fences: [], depth: 0, hidden: [], code: [] };
  const tracker = new HiddenTracker();
  const ctx = (line: number): InlineCtx => ({ line, tracker, hidden: doc.hidden, references });
  let itemDepth = 0;
  let blockLine = 1;
  let blockKind: TextUnit['kind'] = 'paragraph';
  let headingLevel = 0;
  let row: { line: number; cells: string[]; head: boolean } | null = null;
  let header: string[] = [];
  for (const t of tokens) {
    if (t.level > doc.depth) doc.depth = t.level;
    if (t.map) {
      blockLine = t.map[0] + 1;
      if (!CONTAINERS.has(t.type)) covered.fill(1, t.map[0], t.map[1]);
    }
    const hiddenBy = tracker.reason;
    switch (t.type) {
      case 'list_item_open':
        itemDepth++;
        break;
      case 'list_item_close':
        itemDepth--;
        break;
      case 'heading_open':
        blockKind = 'heading';
        headingLevel = Number(t.tag.slice(1));
        break;
      case 'paragraph_open':
        blockKind = itemDepth > 0 ? 'item' : 'paragraph';
        break;
      case 'thead_open':
        header = [];
        break;
      case 'tr_open':
        row = { line: blockLine, cells: [], head: false };
        break;
      case 'th_open':
        if (row) row.head = true;
        break;
      case 'tr_close':
        if (row && row.head) header = row.cells;
        else if (row && !hiddenBy) doc.units.push({ kind: 'row', line: row.line, text: row.cells.join(' | '), cells: row.cells, header });
        row = null;
        break;
      case 'inline': {
        const text = inlineText(t, ctx(row ? row.line : blockLine));
        if (row) row.cells.push(text.trim());
        else if (hiddenBy) break;
        else if (blockKind === 'heading') doc.units.push({ kind: blockKind, line: blockLine, text, level: headingLevel });
        else doc.units.push({ kind: blockKind, line: blockLine, text });
        break;
      }
      case 'html_block': {
        const fed = tracker.feed(t.content);
        for (const h of fed.hidden) note(ctx(blockLine), blockLine, h.reason, h.text);
        // Raw HTML is never read as prose: renderers differ in what they show of it.
        const p = hiddenProblem(
          blockLine,
          'raw HTML',
          fed.shown,
          'govbridge does not read raw HTML and renderers differ in what they show of it; write the plan in markdown',
        );
        if (p) doc.hidden.push(p);
        break;
      }
      case 'fence':
        if (hiddenBy) note(ctx(blockLine), blockLine, hiddenBy, `${t.info} ${t.content}`);
        else doc.fences.push({ info: t.info.trim(), content: t.content, line: blockLine + 1 });
        if (!hiddenBy && t.info.split(/\s+/)[0]?.toLowerCase() !== 'govbridge') doc.code.push({ line: blockLine + 1, text: t.content });
        break;
      case 'code_block':
        if (hiddenBy) note(ctx(blockLine), blockLine, hiddenBy, t.content);
        else doc.code.push({ line: blockLine, text: t.content });
        break;
      default:
        break;
    }
  }
  for (const line of unshownLines(sourceLines, covered)) note(ctx(line), line, 'a link-reference definition', sourceLines[line - 1]!);
  return doc;
}
