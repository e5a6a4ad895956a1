/**
 * The subnet a line is about, read from its start: "SN51 – Celium", "Subnet 64 (Chutes)",
 * "netuid 7", "Root Subnet", "Subnet-0". Netuids must be ASCII digits: a look-alike letter or a
 * digit from another script is reported, never guessed.
 */
export type Label = { kind: 'subnet'; netuid: number; name: string | null; rest: string } | { kind: 'bad'; message: string };

const ROOT = /^(?:the\s+)?root(?:\s+(?:subnet|network|net|stake|staking))?\b\s*(?:\((?:SN|subnet|netuid)[-\s#]?0\)|\(root\))?/i;
const PREFIX = /^(?:SN|sub-?net|netuid)\s*[-#:]?\s*/i;
const TOKEN = /^[\p{L}\p{Nd}|]+/u;
/** Characters that look like digits: Latin l, I, O, o and Cyrillic З, О, о, б, Ч. */
const LOOKALIKE = /[lIOo|\u0417\u0437\u041e\u043e\u0431\u0427]/u;
const DIGITISH = /[\p{Nd}]/u;
export const MAX_NETUID = 65535;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a netuid token is not plain ASCII digits, or null when it is fine or not a number at all. */
function netuidProblem(token: string, strictPrefix: boolean): string | null {
  const chars = [...token];
  const allNumberLike = chars.every((c) => /[0-9]/.test(c) || DIGITISH.test(c) || LOOKALIKE.test(c));
  const anyDigit = chars.some((c) => DIGITISH.test(c));
  if (!allNumberLike || (!anyDigit && !strictPrefix)) return null;
  const odd = chars.filter((c) => !/[0-9]/.test(c));
  const named = odd.map((c) => `'${c}' (${codePoint(c)})`).join(', ');
  return `netuid "${token}" is not written in ASCII digits: ${named} ${odd.length > 1 ? 'are' : 'is'} not 0-9; write the number with plain digits`;
}

function readName(rest: string): { name: string | null; rest: string } {
  let r = rest.replace(/^\s+/, '');
  const paren = /^\(([^()]{1,80})\)/.exec(r);
  if (paren) {
    const inside = paren[1]!.trim();
    if (!/[\d%τ]/.test(inside)) return { name: inside, rest: r.slice(paren[0].length) };
    return { name: null, rest: r };
  }
  const sep = /^(?:[–—:|]|-(?=\s))\s*/.exec(r);
  if (!sep && !/^\p{L}[^:(]{0,40}[:(]/u.test(r)) return { name: null, rest: r };
  r = r.slice(sep ? sep[0].length : 0);
  // Names are short: looking at a bounded prefix keeps this linear on hostile lines.
  const cut = /^[^(:–—|,=]*?(?=\s*(?:[(:–—|,=]|\s-\s|$))/.exec(r.slice(0, 64));
  const candidate = cut?.[0].trim() ?? '';
  if (/^\p{L}[^(:–—|,=%τ]{0,40}$/u.test(candidate) && !/\bTAO\b/.test(candidate)) {
    return { name: candidate, rest: r.slice(cut![0].length) };
  }
  return { name: null, rest: r };
}

/** Reads the label at the start of `line`; null when the line does not start with a subnet. */
export function readLabel(line: string): Label | null {
  const s = line.replace(/^[\s*_>|#-]+/, '');
  const root = ROOT.exec(s);
  if (root) {
    const { rest } = readName(s.slice(root[0].length));
    return { kind: 'subnet', netuid: 0, name: 'Root', rest };
  }
  const prefix = PREFIX.exec(s);
  if (!prefix) return null;
  const after = s.slice(prefix[0].length);
  const token = TOKEN.exec(after)?.[0];
  if (!token) return null;
  if (!/^\d+$/.test(token)) {
    const problem = netuidProblem(token, /^(?:SN|netuid)/i.test(prefix[0]));
    return problem ? { kind: 'bad', message: problem } : null;
  }
  const netuid = Number(token);
  if (netuid > MAX_NETUID) return { kind: 'bad', message: `netuid ${token} is out of range (0-${MAX_NETUID})` };
  const { name, rest } = readName(after.slice(token.length));
  return { kind: 'subnet', netuid, name: netuid === 0 ? 'Root' : name, rest };
}
