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

/** Characters of one script only (generated from OpenCC's character tables by scripts/script-characters.mjs). */
let scriptOnly: { simplified: ReadonlySet<string>; traditional: ReadonlySet<string> } | undefined;

/**
 * Which script a text is written in, by its characters that exist in one script only:
 * 'simplified', 'traditional', or undefined when it has none of either (digits, shared characters).
 */
export function scriptOf(text: string): 'simplified' | 'traditional' | undefined {
  scriptOnly ??= { simplified: new Set(SIMPLIFIED_ONLY), traditional: new Set(TRADITIONAL_ONLY) };
  let simplified = 0;
  let traditionalOnly = 0;
  for (const char of new Set(text.match(/\p{Script=Han}/gu) ?? [])) {
    if (scriptOnly.simplified.has(char)) simplified++;
    else if (scriptOnly.traditional.has(char)) traditionalOnly++;
  }
  if (simplified === traditionalOnly) return undefined;
  return simplified > traditionalOnly ? 'simplified' : 'traditional';
}
