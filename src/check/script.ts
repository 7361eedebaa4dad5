/**
 * check: content written in one script while `document.lang` names the other (Traditional text in
 * a zh-CN document, Simplified in zh-TW/zh-HK) — a warning at the first such value, since the
 * templates' wording and the fonts follow `lang`.
 */
import { isTraditional, scriptOf } from '../compose/script.js';
import type { Content } from '../model/content.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { PathKey, YamlSource } from '../load/yaml.js';

/** Every string in the content, with its path. */
function* strings(value: unknown, path: PathKey[] = []): Generator<{ text: string; path: PathKey[] }> {
  if (typeof value === 'string') yield { text: value, path };
  else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* strings(item, [...path, index]);
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key]);
}

/** Every string in the content, without its path: all a check that finds nothing needs. */
function texts(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) texts(item, into);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) texts(item, into);
  return into;
}

/** The content but its images' file names, which are no wording. */
const worded = (content: Content): unknown => ({ ...content, images: content.images.map(({ path: _file, ...image }) => image) });

export function checkScript(content: Content, source: YamlSource): Diagnostic[] {
  const { lang } = content.document;
  const expected = isTraditional(lang) ? 'traditional' : 'simplified';
  const wording = worded(content);
  if (scriptOf(...texts(wording)) !== (expected === 'traditional' ? 'simplified' : 'traditional')) return [];
  const all = [...strings(wording)];
  const first = all.find(({ text }) => scriptOf(text) !== undefined && scriptOf(text) !== expected);
  if (!first) return [];
  const other = expected === 'traditional' ? 'Simplified' : 'Traditional';
  return [
    {
      severity: 'warning',
      file: source.file,
      ...source.at(first.path),
      path: first.path.join('.'),
      message: `the content is written in ${other} characters but document.lang is ${lang}`,
      hint: expected === 'traditional' ? 'set document.lang: zh-CN' : 'set document.lang: zh-TW or zh-HK',
    },
  ];
}
