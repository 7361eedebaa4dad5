/**
 * Simplified and Traditional Chinese: the templates are written in Simplified characters and
 * converted (OpenCC, character and phrase tables) for a Traditional-language document, so one set
 * of templates serves zh-CN, zh-TW and zh-HK. Content is never converted: it is printed as written.
 */
import { createRequire } from 'node:module';
import type { Lang } from '../model/content.js';
import { SIMPLIFIED_ONLY, TRADITIONAL_ONLY } from './script-characters.js';

type Convert = (text: string) => string;

/** Simplified → Traditional converters by target; built on first use (building one takes a while). */
const converters = new Map<'tw' | 'hk', Convert>();

function toTraditional(target: 'tw' | 'hk'): Convert {
  const known = converters.get(target);
  if (known) return known;
  // OpenCC's dictionaries take a while to load: only a Traditional document loads them, and only the Simplified → Traditional ones.
  const { Converter } = createRequire(import.meta.url)('opencc-js/cn2t') as typeof import('opencc-js');
  const convert = Converter({ from: 'cn', to: target });
  converters.set(target, convert);
  return convert;
}

const traditional: Partial<Record<Lang, 'tw' | 'hk'>> = { 'zh-TW': 'tw', 'zh-HK': 'hk' };

export function isTraditional(lang: Lang): boolean {
  return traditional[lang] !== undefined;
}

/** Template wording (written in Simplified characters) in the document's script. */
export function inScriptOf(lang: Lang, text: string): string {
  const target = traditional[lang];
  return target === undefined ? text : toTraditional(target)(text);
}

/** The code points of the Han characters of `chars`, sorted: the script a text is written in is told by these alone. */
const hanCodePoints = (chars: string): Uint32Array =>
  Uint32Array.from([...chars].filter((char) => /\p{Script=Han}/u.test(char)), (char) => char.codePointAt(0)!).sort();

/** Whether sorted `codePoints` hold `codePoint` (a binary search). */
function holds(codePoints: Uint32Array, codePoint: number): boolean {
  let low = 0;
  let high = codePoints.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = codePoints[middle]!;
    if (found === codePoint) return true;
    if (found < codePoint) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/**
 * Han characters of one script only (generated from OpenCC's character tables by scripts/script-characters.mjs),
 * made as the module loads: in the start-up snapshot, not in every build's check. Code points, not
 * sets of strings: 28 kB of the snapshot instead of 0.33 MB.
 */
const scriptOnly: { readonly simplified: Uint32Array; readonly traditional: Uint32Array } = {
  simplified: hanCodePoints(SIMPLIFIED_ONLY),
  traditional: hanCodePoints(TRADITIONAL_ONLY),
};

/**
 * Which script texts are written in, by their distinct characters that exist in one script only:
 * 'simplified', 'traditional', or undefined when they have none of either (digits, shared characters).
 * One pass over the characters: cheaper than any lookup of what was found in each text before.
 */
export function scriptOf(...texts: readonly string[]): 'simplified' | 'traditional' | undefined {
  const seen = new Set<string>();
  let simplified = 0;
  let traditionalOnly = 0;
  for (const text of texts) {
    for (const char of text) {
      if (seen.has(char)) continue;
      seen.add(char);
      const codePoint = char.codePointAt(0)!;
      if (holds(scriptOnly.simplified, codePoint)) simplified++;
      if (holds(scriptOnly.traditional, codePoint)) traditionalOnly++;
    }
  }
  if (simplified === traditionalOnly) return undefined;
  return simplified > traditionalOnly ? 'simplified' : 'traditional';
}
