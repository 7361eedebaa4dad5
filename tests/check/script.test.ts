/**
 * The script check (check/script.ts): content written in the other script than document.lang
 * names is a warning at the first value written in it; the images' file names are not wording.
 */
import { describe, expect, it } from 'vitest';
import { checkScript } from '../../src/check/script.js';
import { parseYaml } from '../../src/load/yaml.js';
import { Content } from '../../src/model/content.js';
import { formatDiagnostic } from '../../src/model/diagnostic.js';

function warnings(text: string): string[] {
  const { value, source } = parseYaml(Content, text, 'script/content.yaml');
  return checkScript(value, source).map(formatDiagnostic);
}

/** A small content file: its title, host and image caption as given, in document.lang `lang`. */
const content = (lang: string, { title, host, imagePath = 'aerial.png' }: { title: string; host: string; imagePath?: string }): string =>
  [
    'document:',
    `  title: ${title}`,
    '  author: 招商局',
    `  lang: ${lang}`,
    'event:',
    '  host:',
    `    name: ${host}`,
    '  figures:',
    '    - value: 1',
    '      unit: 元',
    '      label: 合同',
    'images:',
    '  - id: aerial',
    `    path: ${imagePath}`,
    '    caption: 航拍',
    '    alt: 航拍',
    '',
  ].join('\n');

describe('the script check', () => {
  it('finds nothing in content written in the script document.lang names', () => {
    expect(warnings(content('zh-CN', { title: '科学城签约成果', host: '科学城管委会' }))).toEqual([]);
  });

  it('warns at the first value written in Simplified characters in a zh-TW document', () => {
    const found = warnings(content('zh-TW', { title: '科学城签约成果', host: '科學城管委會' }));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('script/content.yaml:2:10');
    expect(found[0]).toContain('the content is written in Simplified characters but document.lang is zh-TW');
  });

  it('warns at the first value written in Traditional characters in a zh-CN document, when they are most', () => {
    const found = warnings(content('zh-CN', { title: '科學城簽約成果', host: '科學城管委會' }));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('script/content.yaml:2:10');
    expect(found[0]).toContain('the content is written in Traditional characters but document.lang is zh-CN');
  });

  it('does not read the images\u2019 file names as wording', () => {
    // Seven characters of Simplified only in the file name, four of Traditional only in the wording.
    expect(warnings(content('zh-TW', { title: '科學城簽約成果', host: '科學城管委會', imagePath: '学签约会鸟图书.png' }))).toEqual([]);
  });
});
