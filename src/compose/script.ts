/**
 * Simplified and Traditional Chinese: the templates are written in Simplified characters and
 * converted (OpenCC, character and phrase tables) for a Traditional-language document, so one set
 * of templates serves zh-CN, zh-TW and zh-HK. Content is never converted: it is printed as written.
 */
import { Converter, Locale } from 'opencc-js';
import type { Lang } from '../model/content.js';

type Convert = (text: string) => string;

/** Simplified → Traditional converters by target; built on first use (building one takes a while). */
const converters = new Map<'tw' | 'hk', Convert>();

function toTraditional(target: 'tw' | 'hk'): Convert {
  const known = converters.get(target);
  if (known) return known;
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

/** Characters of one script only: the keys of OpenCC's character tables that convert to another character. */
let scriptOnly: { simplified: ReadonlySet<string>; traditional: ReadonlySet<string> } | undefined;

function charactersChangedBy(groups: readonly (readonly (string | object)[])[]): Set<string> {
  const changed = new Set<string>();
  for (const dictionary of groups.flat()) {
    // Character tables only ("签 簽|…"); the phrase tables are much larger and add no character.
    if (typeof dictionary !== 'string' || [...dictionary.slice(0, dictionary.indexOf(' '))].length !== 1) continue;
    for (const entry of dictionary.split('|')) {
      const [from, to] = entry.split(' ');
      if (from && to && to !== from) changed.add(from);
    }
  }
  return changed;
}

/**
 * Which script a text is written in, by its characters that exist in one script only:
 * 'simplified', 'traditional', or undefined when it has none of either (digits, shared characters).
 */
export function scriptOf(text: string): 'simplified' | 'traditional' | undefined {
  scriptOnly ??= { simplified: charactersChangedBy(Locale.from.cn ?? []), traditional: charactersChangedBy(Locale.to.cn ?? []) };
  let simplified = 0;
  let traditionalOnly = 0;
  for (const char of new Set(text.match(/\p{Script=Han}/gu) ?? [])) {
    if (scriptOnly.simplified.has(char)) simplified++;
    else if (scriptOnly.traditional.has(char)) traditionalOnly++;
  }
  if (simplified === traditionalOnly) return undefined;
  return simplified > traditionalOnly ? 'simplified' : 'traditional';
}
