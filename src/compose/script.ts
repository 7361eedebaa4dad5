/**
 * Simplified and Traditional Chinese: the templates are written in Simplified characters and
 * converted (OpenCC, character and phrase tables) for a Traditional-language document, so one set
 * of templates serves zh-CN, zh-TW and zh-HK. Content is never converted: it is printed as written.
 */
import { Converter } from 'opencc-js';
import type { Lang } from '../model/content.js';

type Convert = (text: string) => string;

const converters = new Map<string, Convert>();

function converter(from: 'cn' | 'tw' | 'hk', to: 'cn' | 'tw' | 'hk'): Convert {
  const key = `${from}>${to}`;
  const known = converters.get(key);
  if (known) return known;
  const convert = Converter({ from, to });
  converters.set(key, convert);
  return convert;
}

const traditional: Partial<Record<Lang, 'tw' | 'hk'>> = { 'zh-TW': 'tw', 'zh-HK': 'hk' };

export function isTraditional(lang: Lang): boolean {
  return traditional[lang] !== undefined;
}

/** Template wording (written in Simplified characters) in the document's script. */
export function inScriptOf(lang: Lang, text: string): string {
  const target = traditional[lang];
  return target === undefined ? text : converter('cn', target)(text);
}

/**
 * Which script a text is written in, by its characters that exist in one script only:
 * 'simplified', 'traditional', or undefined when it has none of either (digits, shared characters).
 */
export function scriptOf(text: string): 'simplified' | 'traditional' | undefined {
  const toTraditional = converter('cn', 'tw');
  const toSimplified = converter('tw', 'cn');
  let simplified = 0;
  let traditionalOnly = 0;
  for (const char of new Set(text.match(/\p{Script=Han}/gu) ?? [])) {
    if (toTraditional(char) !== char) simplified++;
    else if (toSimplified(char) !== char) traditionalOnly++;
  }
  if (simplified === traditionalOnly) return undefined;
  return simplified > traditionalOnly ? 'simplified' : 'traditional';
}
