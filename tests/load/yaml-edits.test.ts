/**
 * An edit inside one value (a word of a paragraph, a figure's value) is parsed alone and put in
 * place of the old value (load/yaml.ts, reparsed): what comes out must be what parsing the whole
 * file gives, value for value and place for place, edit after edit.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseYaml, type YamlSource } from '../../src/load/yaml.js';
import { places } from './places.js';
import { Content } from '../../src/model/content.js';
import { DiagnosticError, formatDiagnostic } from '../../src/model/diagnostic.js';

const original = readFileSync(new URL('../../content.yaml', import.meta.url), 'utf8');

/** What a build reads of a parse: the value, or the problems as printed. */
function outcome(text: string, file: string): { value?: unknown; source?: YamlSource; problems?: string[] } {
  try {
    return parseYaml(Content, text, file);
  } catch (error) {
    if (error instanceof DiagnosticError) return { problems: error.diagnostics.map(formatDiagnostic) };
    throw error;
  }
}

/** The same text parsed in full, nothing remembered. */
function parsedInFull(text: string, file: string): ReturnType<typeof outcome> {
  process.env.JIANBAO_NO_CACHE = '1';
  try {
    return outcome(text, file);
  } finally {
    delete process.env.JIANBAO_NO_CACHE;
  }
}

function expectSameAsInFull(text: string, file: string): void {
  const edited = outcome(text, file);
  const full = parsedInFull(text, file);
  expect(edited.problems).toEqual(full.problems);
  expect(edited.value).toEqual(full.value);
  if (edited.source && full.source) {
    expect(edited.source.text).toBe(text);
    expect(places(edited.source)).toEqual(places(full.source));
  }
}

afterEach(() => {
  delete process.env.JIANBAO_NO_CACHE;
});

describe('parsing a file again after an edit inside one value', () => {
  it('gives what parsing it in full gives, edit after edit', () => {
    const file = 'edits/content.yaml';
    const edits: [string, string][] = [
      ['是顺应全球科技革命', '是顺应全球科学革命'], // a word of a paragraph, longer lines after it moved
      ['value: 1012.4', 'value: 1012.45'], // a figure's value, one character longer
      ['lang: zh-CN', 'lang: zh-XX'], // a value the schema refuses: the problem at its place
      ['lang: zh-XX', 'lang: zh-CN'],
      ['title: 西部（重庆）科学城2020线上智博会招商签约成果', 'title: 西部科学城'], // shorter, early in the file
      ['value: 43\n', 'value: 44\n'],
      ['value: 44\n', 'value: 4x4\n'], // a number that becomes a string: parsed in full
      ['value: 4x4\n', 'value: 43\n'],
      ['name: 2020线上中国国际智能产业博览会', 'name: "2020线上中国国际智能产业博览会"'], // quoted now: parsed in full
      ['name: "2020线上中国国际智能产业博览会"', 'name: "2020线上\\u4E2D国国际智能产业博览会"'], // inside the quotes
      ['slogan: 科学之城、创新高地', 'slogan: 科学之城、创新高地 # a comment'], // a comment: parsed in full
      ['slogan: 科学之城、创新高地 # a comment', 'slogan: 科学之城、创新高地: 不'], // a mapping now: a problem
      ['slogan: 科学之城、创新高地: 不', 'slogan: 科学之城'],
      // Plain text that stays a string without the parser, and text only the parser can tell.
      ['slogan: 科学之城', 'slogan: 科学 City 之城'],
      ['slogan: 科学 City 之城', 'slogan: 科学 City 之城 '], // a trailing space is not the value's
      ['slogan: 科学 City 之城 ', 'slogan: 科学\t之城'],
      ['slogan: 科学\t之城', 'slogan: 科学之城:'], // a key now: a problem
      ['slogan: 科学之城:', 'slogan: - 科学之城'], // a list now: a problem
      ['slogan: - 科学之城', 'slogan: 2020'], // a number now: a problem
      ['slogan: 2020', 'slogan: 2020年'],
      ['slogan: 2020年', 'slogan: 2020 true'],
      ['slogan: 2020 true', 'slogan: 2020年#1'],
      ['slogan: 2020年#1', 'slogan: 2020年 #1'], // a comment
      ['slogan: 2020年 #1', 'slogan: 科学之城'],
    ];
    let text = original;
    expectSameAsInFull(text, file);
    for (const [from, to] of edits) {
      expect(text).toContain(from);
      text = text.replace(from, to);
      expectSameAsInFull(text, file);
    }
  }, 30_000); // fourteen full parses to compare with: over vitest's 5 s when the machine is busy

  it('gives what parsing it in full gives after edits on a few lines at once, edit after edit', () => {
    const file = 'edits/lines.yaml';
    const edits: [string, string][][] = [
      [['是顺应全球科技革命', '是顺应全球科学革命'], ['value: 1012.4', 'value: 1012.45'], ['value: 43\n', 'value: 44\n']], // three values, each read alone
      [['value: 1012.45', 'value: 1012.4'], ['lang: zh-CN', 'lang: zh-XX']], // a value the schema refuses: the problem at its place
      [['lang: zh-XX', 'lang: zh-CN'], ['value: 44\n', 'value: 4x4\n']], // a number that becomes a string: parsed in full
      [['value: 4x4\n', 'value: 43\n'], ['title: 西部（重庆）科学城2020线上智博会招商签约成果', 'title: 西部科学城']],
      [['title: 西部科学城', 'title: 西部科学城 # a comment'], ['是顺应全球科学革命', '是顺应全球科技革命']], // a comment: parsed in full
    ];
    let text = original;
    expectSameAsInFull(text, file);
    for (const lines of edits) {
      for (const [from, to] of lines) {
        expect(text).toContain(from);
        text = text.replace(from, to);
      }
      expectSameAsInFull(text, file);
    }
  }, 30_000);

  it('puts the edited value in the content and leaves every other one as it was', () => {
    const file = 'edits/values.yaml';
    const before = parseYaml(Content, original, file).value;
    const after = parseYaml(Content, original.replace('value: 1012.4', 'value: 1012.5'), file).value;
    expect(after.event.figures.find((figure) => figure.id === 'total-investment')?.value).toBe(1012.5);
    expect({ ...after, event: { ...after.event, figures: before.event.figures } }).toEqual(before);
  });
});
