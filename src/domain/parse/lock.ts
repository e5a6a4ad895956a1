/**
 * The lock and the rules for changing a plan, as proposers phrase them: "locked in for 2 months",
 * "frozen until the end of the DCA window", "cannot be modified for 8 weeks", "No changes for
 * 30 days except via an emergency proposal", "held for the full two months; only an emergency
 * vote may alter it". These are safety terms: a sentence that speaks of them and cannot be read
 * must stop the plan, because a lock that silently vanishes lets any later vote change the plan.
 */

/** Words that say the plan may not be changed; a duration nearest to one of them is the lock's. */
const STRONG = [
  /\block(?:ed|s|ing|-?up|-?in)?\b/,
  /\bfr(?:ozen|eezes?|eezing)\b/,
  /\bno\s+(?:interim\s+|further\s+|additional\s+|other\s+|new\s+)?(?:governance\s+)?(?:votes?|voting)\b/,
  // "No changes for 30 days" speaks of the plan; "No changes to the fee structure" does not.
  /\bno\s+(?:interim\s+|further\s+|additional\s+|other\s+|new\s+)?(?:changes?|modifications?|amendments?|alterations?)\b(?=\s*(?:$|[:.;,!)]|(?:for|until|till|during|while|before|except|unless|or)\b|to\s+(?:the|this|our)\s+(?:plan|allocation|strategy|proposal|split)\b|(?:may|can|will|shall)\s+be\s+made\b))/,
  /\b(?:cannot|can\s*not|can't|may\s+not|must\s+not|will\s+not|won't|shall\s+not)\s+be\s+(?:modified|changed|altered|amended|revised|edited|touched|reallocated)\b/,
  /\b(?:changeable|modifiable|alterable|amendable)\s+only\b|\bonly\s+(?:be\s+)?(?:changed|modified|altered|amended)\b/,
  /\bonly\s+an?\s+(?:passed\s+)?emergency\s+(?:proposal|vote)\s+(?:may|can|could|shall|will)\s+(?:alter|change|modify|amend)\b/,
  /\b(?:unchangeable|immutable|irrevocable)\b|\bfixed\s+for\b/,
];
/** "held for" is about the lock only beside a strong word ("held for two months; only an emergency vote may alter it"). */
const WEAK = /\b(?:held|kept|maintained)\s+(?:fixed\s+|unchanged\s+|as\s+is\s+)?for\b/;

const STRONG_ALL = new RegExp(STRONG.map((r) => r.source).join('|'), 'gi');
const WEAK_ALL = new RegExp(WEAK.source, 'gi');

/** The lock lasts exactly as long as the DCA. */
const TO_DCA_END = new RegExp(
  [
    /\b(?:until|till|to|through|up\s+to)\s+the\s+end\s+of\s+the\s+(?:DCA|dollar[- ]cost[- ]averaging|purchases?|buying|execution|deployment)(?:\s+(?:window|period|schedule|phase|programme|program))?\b/,
    /\bfor\s+the\s+(?:full\s+|whole\s+|entire\s+)?(?:duration|length|course)\s+of\s+the\s+(?:DCA|execution|purchases|schedule|deployment)\b/,
    /\bfor\s+the\s+(?:full|whole|entire)\s+(?:DCA|execution|deployment)(?:\s+(?:window|period|schedule))?\b/,
    /\buntil\s+the\s+(?:DCA|execution|deployment)\s+(?:ends|is\s+(?:complete|completed|finished|done|over)|completes|finishes)\b/,
    /\bwhile\s+the\s+DCA\s+runs\b|\bduring\s+(?:the\s+)?(?:DCA|execution)\b/,
  ]
    .map((r) => r.source)
    .join('|'),
  'i',
);
/** docs/design.md §3.3: "no interim votes" with no duration means for as long as the DCA runs. */
const LEGACY_IMPLIED = /\bno\s+(?:interim|further|additional)\s+(?:governance\s+)?votes?\b/i;

/** Exceptions that match govbridge's one emergency route (a passed ```govbridge emergency proposal). */
const EMERGENCY_EXCEPTION = new RegExp(
  [
    /\b(?:except|unless|save|other\s+than)\s+(?:(?:via|through|by|with|in|for)\s+)?(?:a|an)\s+(?:passed\s+|successful\s+)?emergency\s+(?:proposal|vote)s?\b/,
    /\b(?:only|solely)\s+(?:by|via|through|with)\s+(?:a|an)\s+(?:passed\s+)?emergency\s+(?:proposal|vote)\b/,
    /\bonly\s+an?\s+(?:passed\s+)?emergency\s+(?:proposal|vote)\s+(?:may|can|could|shall|will)\s+(?:alter|change|modify|amend|halt|cancel|pause)\b/,
    /\b(?:changeable|modifiable|alterable|amendable)\s+only\s+(?:by|via|through|with)\s+(?:a|an)\s+(?:passed\s+)?emergency\s+(?:proposal|vote)\b/,
  ]
    .map((r) => r.source)
    .join('|'),
  'i',
);
const EMERGENCY = /\bemergenc(?:y|ies)\b/i;
const CHEAP =
  /lock|froz|freez|chang|modif|alter|amend|vote|voting|emergenc|immutable|irrevocable|fixed|held|kept|maintained|revis|edit|touch|realloc/i;

export interface LockReading {
  /** Where in the sentence the lock is spoken of (sorted), for attributing durations. */
  at: number[];
  /** The sentence says the lock lasts until the DCA ends. */
  toDcaEnd: boolean;
  /** "No interim votes" without a duration: the lock lasts as long as the DCA (docs/design.md §3.3). */
  legacyImplied: boolean;
  /** The sentence speaks of an emergency in a way that is not govbridge's emergency route. */
  emergencyUnread: boolean;
  /** The sentence says there is no lock ("No lock.", "Lock: none"): read as `lock: null`. */
  denied: boolean;
}

const NONE: LockReading = { at: [], toDcaEnd: false, legacyImplied: false, emergencyUnread: false, denied: false };
/** A sentence that denies a lock and says nothing else about one. */
const NO_LOCK =
  /^\W*(?:there\s+is\s+)?(?:no|without\s+an?)\s+lock(?:-?up)?(?:\s+period)?\W*$|^\W*lock(?:-?up)?(?:\s+period)?\s*[:=–—-]\s*(?:none|no(?:ne)?|n\/a)\W*$|^\W*(?:the\s+)?(?:plan|allocation|strategy)\s+is\s+not\s+locked\W*$/i;

function positions(re: RegExp, s: string): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m.index);
  return out;
}

/** Reads what one sentence says about the lock and the change rules. */
export function readLock(sentence: string): LockReading {
  if (!CHEAP.test(sentence)) return NONE;
  if (NO_LOCK.test(sentence.trim())) return { ...NONE, denied: true };
  const strong = positions(STRONG_ALL, sentence);
  const at = strong.length > 0 ? [...strong, ...positions(WEAK_ALL, sentence)].sort((a, b) => a - b) : [];
  const toDcaEnd = at.length > 0 && TO_DCA_END.test(sentence);
  const legacyImplied = at.length > 0 && LEGACY_IMPLIED.test(sentence);
  const emergencyUnread = EMERGENCY.test(sentence) && !EMERGENCY_EXCEPTION.test(sentence);
  return { at, toDcaEnd, legacyImplied, emergencyUnread, denied: false };
}

export const LOCK_HINT = 'write "locked for 2 months" or "locked until the end of the DCA"';
export const EMERGENCY_HINT =
  'govbridge knows one emergency rule: a passed proposal with a ```govbridge block of kind: emergency may halt, resume or cancel a locked plan; write "except via an emergency proposal" or remove the sentence';
