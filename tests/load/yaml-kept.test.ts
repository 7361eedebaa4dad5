/**
 * The last parse of a file is kept on disk (load/yaml.ts): a fresh process finds an unchanged file
 * there without parsing it, and parses an edit inside one value alone, as `watch` does. What comes
 * out must be what parsing the whole file gives: the value, and every place a diagnostic names.
 * Each "process" below is a fresh copy of the modules (vi.resetModules), with nothing in memory.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { inOwnCacheFolder } from '../cache-folder.js';
import type { YamlSource } from '../../src/load/yaml.js';
import { places } from './places.js';

/** Every text the YAML parser is given: the whole file, or one value parsed alone. */
const parsedTexts = vi.hoisted((): string[] => []);
vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  return {
    ...yaml,
    parseDocument: (...args: Parameters<typeof yaml.parseDocument>) => {
      parsedTexts.push(args[0]);
      return yaml.parseDocument(...args);
    },
  };
});

const original = readFileSync(new URL('../../content.yaml', import.meta.url), 'utf8');
const file = 'kept/content.yaml';

interface Outcome {
  readonly value?: unknown;
  readonly source?: YamlSource;
  readonly problems?: string[];
}

/** `text` parsed by a process of its own, which keeps its parse as a build does. */
async function inFreshProcess(text: string): Promise<Outcome> {
  vi.resetModules();
  const { parseYaml } = await import('../../src/load/yaml.js');
  const { Content } = await import('../../src/model/content.js');
  const { DiagnosticError, formatDiagnostic } = await import('../../src/model/diagnostic.js');
  parsedTexts.length = 0;
  try {
    return parseYaml(Content, text, file, 'content');
  } catch (error) {
    if (error instanceof DiagnosticError) return { problems: error.diagnostics.map(formatDiagnostic) };
    throw error;
  }
}

/** The same text parsed in full, nothing remembered or kept. */
async function parsedInFull(text: string): Promise<Outcome> {
  process.env.JIANBAO_NO_CACHE = '1';
  try {
    return await inFreshProcess(text);
  } finally {
    delete process.env.JIANBAO_NO_CACHE;
  }
}

async function expectSameAsInFull(edited: Outcome, text: string): Promise<void> {
  const full = await parsedInFull(text);
  expect(edited.problems).toEqual(full.problems);
  expect(edited.value).toEqual(full.value);
  if (edited.source && full.source) {
    expect(edited.source.text).toBe(text);
    expect(places(edited.source)).toEqual(places(full.source));
  }
}

inOwnCacheFolder('jianbao-kept-parse-');

describe('a fresh process after the file was parsed by another', () => {
  const edited = original.replace('是顺应全球科技革命', '是顺应全球科学技术革命');

  it('reads an edit inside one sentence without the parser, and tells every place a full parse tells', async () => {
    await inFreshProcess(original);
    const outcome = await inFreshProcess(edited);
    // A paragraph of Chinese text is a string as written: no document was built, not even of the paragraph.
    expect(parsedTexts).toEqual([]);
    await expectSameAsInFull(outcome, edited);
  }, 60_000);

  it('parses an edit inside one value alone where the value needs the parser, and tells every place a full parse tells', async () => {
    await inFreshProcess(original);
    const text = original.replace('value: 1012.4', 'value: 1012.45');
    const outcome = await inFreshProcess(text);
    expect(parsedTexts).toEqual(['1012.45']);
    await expectSameAsInFull(outcome, text);
  }, 60_000);

  it('reads edits on a few lines, each inside one value, a value at a time, and tells every place a full parse tells', async () => {
    await inFreshProcess(original);
    const text = original.replace('是顺应全球科技革命', '是顺应全球科学技术革命').replace('value: 1012.4', 'value: 1012.45').replace('lang: zh-CN', 'lang: zh-HK');
    const outcome = await inFreshProcess(text);
    // The language and the figure are parsed alone, the file is not: the sentence is a string as written.
    expect(parsedTexts).toEqual(['zh-HK', '1012.45']);
    await expectSameAsInFull(outcome, text);
  }, 60_000);

  it('parses the whole file again when one of the lines edited is not edited inside a value, and places the problem another brings', async () => {
    await inFreshProcess(original);
    const text = original.replace('value: 1012.4', 'value: 1012.45').replace('lang: zh-CN', 'lang: zh-XX  # 简体');
    const outcome = await inFreshProcess(text);
    expect(parsedTexts).toContain(text);
    expect(outcome.problems).toHaveLength(1);
    await expectSameAsInFull(outcome, text);
  }, 60_000);

  it('reads a file unchanged since the last parse without parsing it', async () => {
    await inFreshProcess(edited);
    const outcome = await inFreshProcess(edited);
    expect(parsedTexts).toEqual([]);
    await expectSameAsInFull(outcome, edited);
  }, 60_000);

  it('gives the value a later parse in the same process gives, key for key', async () => {
    await inFreshProcess(original);
    const first = await inFreshProcess(edited);
    const { parseYaml } = await import('../../src/load/yaml.js');
    const { Content } = await import('../../src/model/content.js');
    // The same process again, as `watch` runs: zod's compiled fast path now (load/yaml.ts, validated).
    const later = parseYaml(Content, edited, file, 'content');
    expect(JSON.stringify(first.value)).toBe(JSON.stringify(later.value));
  }, 60_000);

  it('parses the whole file again when an edit is not inside one value', async () => {
    await inFreshProcess(original);
    const text = original.replace('\n  lang: zh-CN', '\n  # 简体\n  lang: zh-CN');
    const outcome = await inFreshProcess(text);
    expect(parsedTexts[0]).toBe(text);
    await expectSameAsInFull(outcome, text);
  }, 60_000);

  it('places a problem the edit brings at its file, line and column', async () => {
    await inFreshProcess(original);
    const text = original.replace('lang: zh-CN', 'lang: zh-XX');
    const outcome = await inFreshProcess(text);
    const line = text.slice(0, text.indexOf('lang: zh-XX')).split('\n').length;
    const column = text.split('\n')[line - 1]!.indexOf('zh-XX') + 1;
    expect(outcome.problems).toHaveLength(1);
    expect(outcome.problems![0]).toContain(`${file}:${line}:${column}`);
    await expectSameAsInFull(outcome, text);
  }, 60_000);

  it('places an unknown key an edit brings where it is written', async () => {
    await inFreshProcess(original);
    const text = original.replace('lang: zh-CN', 'language: zh-CN');
    const outcome = await inFreshProcess(text);
    const line = text.slice(0, text.indexOf('language: zh-CN')).split('\n').length;
    expect(outcome.problems?.join('\n')).toContain(`${file}:${line}:`);
    await expectSameAsInFull(outcome, text);
  }, 60_000);
});
