/**
 * Simplified and Traditional Chinese: the templates are written in Simplified characters and
 * converted (OpenCC, character and phrase tables) for a Traditional-language document, so one set
 * of templates serves zh-CN, zh-TW and zh-HK. Content is never converted: it is printed as written.
 */
import { createRequire } from 'node:module';
import { keptResults, writtenAfterLayout } from '../cache/kept.js';
import { memo } from '../cache/memo.js';
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

/**
 * Characters of one script only (generated from OpenCC's character tables by scripts/script-characters.mjs),
 * made as the module loads: in the start-up snapshot, not in every build's check.
 */
const scriptOnly: { readonly simplified: ReadonlySet<string>; readonly traditional: ReadonlySet<string> } = {
  simplified: new Set(SIMPLIFIED_ONLY),
  traditional: new Set(TRADITIONAL_ONLY),
};

interface OneScript {
  readonly simplified: readonly string[];
  readonly traditional: readonly string[];
}

/** A text's distinct characters that exist in one script only, remembered between builds: content is checked build after build. */
const REMEMBERED_TEXTS = 8000;
const oneScriptCharacters = memo<OneScript>(REMEMBERED_TEXTS);

/** The same, found by processes before this one (cache/kept.ts): a build after an edit looks only at the edited text. */
const keptOneScript = writtenAfterLayout(keptResults<OneScript>('one-script-characters', ['compose/script', 'compose/script-characters']));

function scriptOnlyIn(text: string): OneScript {
  return oneScriptCharacters(text, () => {
    const known = keptOneScript.get(text);
    if (known) return known;
    const han = [...new Set(text.match(/\p{Script=Han}/gu) ?? [])];
    const found = { simplified: han.filter((char) => scriptOnly.simplified.has(char)), traditional: han.filter((char) => scriptOnly.traditional.has(char)) };
    keptOneScript.set(text, found);
    return found;
  });
}

/**
 * Which script texts are written in, by their distinct characters that exist in one script only:
 * 'simplified', 'traditional', or undefined when they have none of either (digits, shared characters).
 */
export function scriptOf(...texts: readonly string[]): 'simplified' | 'traditional' | undefined {
  const simplified = new Set<string>();
  const traditionalOnly = new Set<string>();
  for (const text of texts) {
    const found = scriptOnlyIn(text);
    for (const char of found.simplified) simplified.add(char);
    for (const char of found.traditional) traditionalOnly.add(char);
  }
  if (simplified.size === traditionalOnly.size) return undefined;
  return simplified.size > traditionalOnly.size ? 'simplified' : 'traditional';
}
