import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/load/yaml.js';
import { Content } from '../../src/model/content.js';
import { DiagnosticError, formatDiagnostic } from '../../src/model/diagnostic.js';

const source = readFileSync(new URL('../../content.yaml', import.meta.url), 'utf8');

/** The repository's content with one line replaced; returns the messages the loader prints. */
function problems(edit: (lines: string[]) => void): string[] {
  const lines = source.split('\n');
  edit(lines);
  try {
    parseYaml(Content, lines.join('\n'), 'content.yaml').value;
  } catch (error) {
    if (error instanceof DiagnosticError) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  return [];
}

function problemsWithHints(edit: (lines: string[]) => void): string[] {
  const lines = source.split('\n');
  edit(lines);
  try {
    parseYaml(Content, lines.join('\n'), 'content.yaml');
  } catch (error) {
    if (error instanceof DiagnosticError) return error.diagnostics.flatMap((d) => (d.hint ? [d.hint] : []));
  }
  return [];
}

const lineOf = (pattern: RegExp): number => source.split('\n').findIndex((line) => pattern.test(line));

describe('loading content.yaml', () => {
  it('reads the article: 11 named projects, 6 quotes, 43 projects signed', () => {
    const content = parseYaml(Content, source, 'content.yaml').value;
    expect(content.projects).toHaveLength(11);
    expect(content.quotes).toHaveLength(6);
    expect(content.signing.total).toEqual({ value: 43, unit: '个' });
    expect(content.quotes.map((q) => q.speaker).sort()).toEqual(['曹子玮', '江建清', '李大鹏', '潘东', '王福敏', '鲁贵卿'].sort());
  });

  it('points at the line and column of a value of the wrong type', () => {
    const index = lineOf(/^\s+unit: 亿元/);
    const found = problems((lines) => {
      lines[index] = lines[index]!.replace('unit: 亿元', 'unit: [亿元]');
    });
    expect(found).toHaveLength(1);
    const column = source.split('\n')[index]!.indexOf('unit:') + 'unit: '.length + 1;
    expect(found[0]).toMatch(new RegExp(`^content\\.yaml:${index + 1}:${column}  event\\.figures\\.\\d+\\.unit  expected string, found a list`));
  });

  it('names an unknown key where it is written', () => {
    const index = lineOf(/^\s+investor: 平安建设投资有限公司/);
    const found = problems((lines) => {
      lines[index] = lines[index]!.replace('investor:', 'investr:');
    });
    expect(found.some((f) => f.startsWith(`content.yaml:${index + 1}:5  projects.0.investr  unknown key "investr"`))).toBe(true);
    expect(problemsWithHints((lines) => (lines[index] = lines[index]!.replace('investor:', 'investr:')))).toContain('did you mean "investor"?');
  });

  it('reports every problem in one run, not just the first', () => {
    const found = problems((lines) => {
      lines[lineOf(/^\s+speaker: 鲁贵卿/)] = '    speaker: ""';
      lines[lineOf(/^\s+speaker: 潘东/)] = '    speaker: 42';
    });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/quotes\.\d+\.speaker  must not be empty/);
    expect(found[1]).toMatch(/quotes\.\d+\.speaker  expected string/);
  });

  it('gives the line of a YAML syntax error, with no stack trace', () => {
    const index = lineOf(/^\s+speaker: 鲁贵卿/);
    const found = problems((lines) => {
      lines[index] = '    speaker: "鲁贵卿';
    });
    expect(found[0]).toMatch(new RegExp(`^content\\.yaml:${index + 1}:\\d+  `));
    expect(found.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('refuses YAML aliases, so a small file cannot expand into a huge one', () => {
    const bomb = 'a: &a ["x","x"]\nb: [*a,*a,*a]\n';
    expect(() => parseYaml(Content, bomb, 'bomb.yaml')).toThrow(DiagnosticError);
  });
});
