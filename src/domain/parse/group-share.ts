import { TAO_AMOUNT_SOURCE, parsePercent } from '../amount';
import { readValues } from './values';

/**
 * A lead-in that gives the share of the lines after it: "The remaining 25% (221 TAO) will be
 * allocated across selected subnets as follows:". It is checked against those lines like a
 * subtotal, so that a proposal cannot say 25% here and list 30% below without being told.
 */
const AMT = TAO_AMOUNT_SOURCE.replace(/\((?!\?)/g, '(?:');
const SHARE = new RegExp(
  `\\b(?:the\\s+)?(?:remaining|rest\\s+of\\s+the|other|balance\\s+of)\\s+(\\d+(?:\\.\\d+)?\\s*%(?:\\s*\\(\\s*${AMT}\\s*\\)|\\s*[=/,]\\s*${AMT})?)`,
  'i',
);

export interface GroupShare {
  percent: string;
  rao: bigint | null;
  text: string;
}

export function findGroupShare(sentence: string): GroupShare | null {
  const m = SHARE.exec(sentence);
  if (!m) return null;
  const v = readValues(m[1]!, { line: 0, text: '' }, []);
  if (!v || v.percent === null || !parsePercent(v.percent).ok) return null;
  return { percent: v.percent, rao: v.rao, text: m[0] };
}
