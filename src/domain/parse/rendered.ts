import { issue, type ParseIssue } from './issues';
import { planFactIn } from './plan-like';
import { skeleton } from './unicode';

/**
 * What a voter does not see on Snapshot. Raw HTML, HTML comments, link-reference definitions,
 * image alt text and link titles are never read as prose; the content of elements that
 * renderers hide (<script>, <style>, <template>, <noscript>, a closed <details> apart from its
 * <summary>, the `hidden` attribute, hiding inline styles) is not read either. Renderers differ
 * (some escape raw HTML and show it as text, a stock CommonMark renderer passes it through), so when any such
 * construct holds text that could state part of a plan, the proposal is refused: no hidden
 * construct can add, remove or change a plan fact, whatever the renderer does with it.
 */

/** Elements whose content is never shown as text. */
const NEVER_SHOWN = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'title',
  'head',
  'textarea',
  'select',
  'dialog',
  'svg',
  'math',
]);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const HIDING_STYLE =
  /display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|opacity\s*:\s*0*(?:\.0*)?(?![.\d])|font-size\s*:\s*0|(?:max-)?(?:height|width)\s*:\s*0|clip|text-indent|color\s*:\s*(?:transparent|white|#fff)|position\s*:|transform|overflow\s*:\s*hidden/i;
/** Attributes whose text is not shown as part of the page (alt text shows only when an image fails). */
const TEXT_ATTRS = /\b(?:alt|title|aria-label|value|content|label|placeholder|data-[\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const TAG = /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

/** Why an opening tag hides its content ("<div hidden>"), or null. */
export function hidingReason(name: string, attrs: string): string | null {
  const n = name.toLowerCase();
  if (NEVER_SHOWN.has(n)) return `<${n}>`;
  if (n === 'details' && !/\bopen\b/i.test(attrs)) return 'a closed <details>';
  if (/(?:^|\s)hidden(?:\s|=|$|\/)/i.test(attrs)) return `<${n} hidden>`;
  if (/\bcolor\s*=\s*["']?(?:white|transparent|#fff(?:fff)?\b)/i.test(attrs)) return `<${n} color=…> (invisible text)`;
  const style = /\bstyle\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attrs);
  if (style && HIDING_STYLE.test(style[1] ?? style[2] ?? '')) return `<${n} style="${(style[1] ?? style[2])!.trim().slice(0, 40)}">`;
  return null;
}

const MAX_OPEN = 64;

interface Open {
  name: string;
  reason: string | null;
  depth: number;
}

/**
 * Follows hiding elements across the HTML pieces of a body (an html_block may open a <details>
 * that a later block closes, with markdown in between).
 */
export class HiddenTracker {
  private readonly stack: Open[] = [];
  private cached: string | null = null;

  /** Why text here is hidden, or null when it is shown. */
  get reason(): string | null {
    return this.cached;
  }

  /** Recomputed on every open or close only; the stack is bounded by MAX_OPEN. */
  private compute(): string | null {
    let reason: string | null = null;
    for (let i = 0; i < this.stack.length; i++) {
      const o = this.stack[i]!;
      if (o.name === 'summary' && this.stack[i - 1]?.name === 'details') reason = this.outer(i - 1);
      else if (o.reason) reason = o.reason;
    }
    return reason;
  }

  private outer(upTo: number): string | null {
    let r: string | null = null;
    for (let i = 0; i < upTo; i++) r = this.stack[i]!.reason ?? r;
    return r;
  }

  /**
   * Reads one piece of raw HTML; returns the text it would show when rendered as HTML and the
   * text it hides (comments, attributes, content of hiding elements), each with its reason.
   */
  feed(html: string): { shown: string; hidden: { reason: string; text: string }[] } {
    const hidden: { reason: string; text: string }[] = [];
    let shown = '';
    let last = 0;
    const emit = (text: string) => {
      if (!text) return;
      const r = this.reason;
      if (r) hidden.push({ reason: r, text });
      else shown += text;
    };
    TAG.lastIndex = 0;
    for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
      emit(html.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[0].startsWith('<!--')) {
        hidden.push({ reason: 'an HTML comment', text: m[0].slice(4).replace(/-->$/, '') });
        continue;
      }
      const [, close, rawName, attrs = ''] = m;
      const name = rawName!.toLowerCase();
      for (const a of attrs.matchAll(TEXT_ATTRS)) hidden.push({ reason: `an attribute of <${name}>`, text: a[1] ?? a[2] ?? a[3] ?? '' });
      if (close) this.close(name);
      else if (!VOID.has(name) && !/\/\s*$/.test(attrs)) this.open(name, attrs);
    }
    emit(html.slice(last));
    return { shown, hidden };
  }

  private open(name: string, attrs: string): void {
    const reason = hidingReason(name, attrs);
    const top = this.stack[this.stack.length - 1];
    if (top && top.name === name && reason === null) {
      top.depth++;
      return;
    }
    if (reason === null && name !== 'summary' && name !== 'details') return;
    // Past MAX_OPEN unclosed elements everything after is treated as hidden, which only refuses more.
    if (this.stack.length >= MAX_OPEN) this.stack[this.stack.length - 1] = { name, reason: reason ?? 'deeply nested HTML', depth: 0 };
    else this.stack.push({ name, reason, depth: 0 });
    this.cached = this.compute();
  }

  private close(name: string): void {
    const top = this.stack[this.stack.length - 1];
    if (!top || top.name !== name) return;
    if (top.depth > 0) top.depth--;
    else this.stack.pop();
    this.cached = this.compute();
  }
}

/** An error when hidden text could state part of a plan; nothing when it is harmless. */
const HIDDEN_TAIL =
  'but voters do not see it (renderers hide it); govbridge refuses plans that hidden text could change — move it into visible prose or remove it';

export function hiddenProblem(line: number, reason: string, text: string, tail = HIDDEN_TAIL): ParseIssue | null {
  const fact = planFactIn(skeleton(text));
  if (fact === null) return null;
  const shown = text.replace(/\s+/g, ' ').trim();
  return issue(line, shown, `${reason} holds text that states ${fact}, ${tail}`);
}

/** Lines that markdown consumed without showing them: link-reference definitions. */
export function unshownLines(source: string[], covered: Uint8Array): number[] {
  const out: number[] = [];
  source.forEach((text, i) => {
    // Not covered by any leaf block and not just list or quote markers.
    if (!covered[i] && !/^[\s>*+-]*(?:\d+[.)])?[\s>]*$/.test(text)) out.push(i + 1);
  });
  return out;
}
