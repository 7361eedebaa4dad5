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

/** Han characters: the script a text is written in is told by these alone. */
const han = (chars: string): string[] => [...chars].filter((char) => /\p{Script=Han}/u.test(char));

/**
 * Han characters of one script only (generated from OpenCC's character tables by scripts/script-characters.mjs),
 * made as the module loads: in the start-up snapshot, not in every build's check.
 */
const scriptOnly: { readonly simplified: ReadonlySet<string>; readonly traditional: ReadonlySet<string> } = {
  simplified: new Set(han(SIMPLIFIED_ONLY)),
  traditional: new Set(han(TRADITIONAL_ONLY)),
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
      if (scriptOnly.simplified.has(char)) simplified++;
      if (scriptOnly.traditional.has(char)) traditionalOnly++;
    }
  }
  if (simplified === traditionalOnly) return undefined;
  return simplified > traditionalOnly ? 'simplified' : 'traditional';
}
