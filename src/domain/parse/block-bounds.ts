import { isMap, isScalar, visit, type Document } from 'yaml';
import { issue, type ParseIssue } from './issues';

/**
 * Bounds a ```govbridge block before YAML reads it, so that no block can make the parser slow
 * or large: a real block is well under 1 KiB with a few dozen keys and three levels of nesting,
 * even with the largest number of allocations the policy accepts.
 */
export const BLOCK_LIMITS = { bytes: 16 * 1024, keys: 1024, depth: 8 } as const;

/** A "key:" at the start of a line, after "- ", "{" or ",". */
const KEY = /(?:^|[{,\n]|-\s)\s*[^\s:{},[\]#][^:\n{},]*:(?=\s|$)/g;
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,:-])[&*][^\s,[\]{}]/m;

export function blockBoundsProblem(content: string, line: number): ParseIssue | null {
  const where = (message: string) => issue(line, content.split('\n', 1)[0] ?? '', `govbridge block ${message}; it was not read`);
  if (content.length > BLOCK_LIMITS.bytes) return where(`is ${content.length} characters, over the ${BLOCK_LIMITS.bytes}-character limit`);
  let keys = 0;
  KEY.lastIndex = 0;
  while (KEY.exec(content)) if (++keys > BLOCK_LIMITS.keys) return where(`has more than ${BLOCK_LIMITS.keys} keys`);
  let depth = 0;
  let deepest = 0;
  for (const c of content) {
    if (c === '{' || c === '[') deepest = Math.max(deepest, ++depth);
    else if ((c === '}' || c === ']') && depth > 0) depth--;
  }
  const indent = Math.max(0, ...content.split('\n').map((l) => /^[ -]*/.exec(l)![0].length));
  if (deepest > BLOCK_LIMITS.depth || indent > BLOCK_LIMITS.depth * 4)
    return where(`is nested more than ${BLOCK_LIMITS.depth} levels deep`);
  if (ANCHOR_OR_ALIAS.test(content)) return where('uses a YAML anchor or alias (& or *); write every value out');
  return null;
}

/** Keys written twice in one mapping, found with one set per mapping (linear, unlike yaml's own check). */
export function duplicateKeys(doc: Document): { key: string; offset: number | undefined }[] {
  const dups: { key: string; offset: number | undefined }[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(pair.key);
        if (seen.has(key)) dups.push({ key, offset: isScalar(pair.key) ? pair.key.range?.[0] : undefined });
        seen.add(key);
      }
    },
  });
  return dups;
}
