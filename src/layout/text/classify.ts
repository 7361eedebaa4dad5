/**
 * Character classes for Chinese line breaking and spacing (clreq, GB/T 15834, JIS X 4051).
 */

/** Closing brackets and quotes, end-of-clause marks, and marks bound to what precedes them: no line starts with one. */
const NO_START = new Set([...'，。、；：？！）」』”’》〉】〗〕］｝．…‥～·・—,.;:?!)]}%％‰℃｡､｣']);

/** Opening brackets and quotes: no line ends with one. */
const NO_END = new Set([...'（「『“‘《〈【〖〔［｛([{｢']);

/** Marks that are doubled to make one mark ("——", "……") and must not be split. */
const DOUBLED = new Set([...'—…']);

/** Magnitudes, currencies and measure words that stay on the line of the number they follow ("1012.4亿元", "43个"). */
const UNITS = new Set([...'十百千万亿兆元角分个只件项家名人位次倍岁年月日号时秒米吨克亩度户台辆套所强']);

export const noLineStart = (ch: string): boolean => NO_START.has(ch);
export const noLineEnd = (ch: string): boolean => NO_END.has(ch);
export const isDoubled = (ch: string): boolean => DOUBLED.has(ch);
export const isUnit = (ch: string): boolean => UNITS.has(ch);

/** Punctuation whose blank half the font's `halt` feature may remove. */
export const isPunctuation = (ch: string): boolean => NO_START.has(ch) || NO_END.has(ch);

/** Spaces that separate words; a line may break after them and they vanish at a line end. */
export const isSpace = (ch: string): boolean => ch === ' ' || ch === '\t';

export const isNewline = (ch: string): boolean => ch === '\n' || ch === '\u2028' || ch === '\u2029';

/**
 * Latin, Greek, Cyrillic letters, digits and ASCII punctuation: these form words that are shaped
 * as a whole (kerning, ligatures) and keep their natural letter spacing. The middle dot is the
 * Chinese separator (间隔号), so it is set like a CJK mark.
 */
export function isWordChar(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return cp < 0x2000 && cp !== 0xb7 && !isSpace(ch) && !isNewline(ch) && ch !== '\r';
}

const HAN = /\p{Script=Han}/u;
const ALNUM = /[\p{L}\p{N}]/u;

export const isHan = (ch: string): boolean => HAN.test(ch);

/** A letter or digit of a word (where the CJK–Latin gap applies). */
export const isWordAlnum = (ch: string): boolean => isWordChar(ch) && ALNUM.test(ch);

/**
 * UAX #14 gives “ ” ‘ ’ class QU, which forbids a break on either side. Beside a CJK character
 * they open or close like brackets, so a break is allowed before an opening or after a closing one.
 */
export function quoteAllowsBreak(before: string, after: string): boolean {
  return ('“‘'.includes(after) && isCjkContext(before)) || ('”’'.includes(before) && isCjkContext(after));
}

function isCjkContext(ch: string): boolean {
  return (ch.codePointAt(0) ?? 0) >= 0x2e80 || '“”‘’—…·'.includes(ch);
}
