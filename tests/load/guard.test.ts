/**
 * The nesting guard holds for every way YAML nests — block sequences written on one line, block
 * mappings, explicit keys, flow collections after a stray quote or hash — and gives the place; text
 * that only looks nested (quoted brackets, comments, block scalars) passes.
 */
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/load/yaml.js';
import { DiagnosticError, formatDiagnostic } from '../../src/model/diagnostic.js';
import { z } from 'zod';

const DEEP = 100_000;

/** The problems parsing `text` gives, formatted as printed; empty when it parses. */
function problems(text: string): string[] {
  try {
    parseYaml(z.unknown(), text, 'deep.yaml');
  } catch (error) {
    if (error instanceof DiagnosticError) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  return [];
}

describe('the nesting guard', () => {
  const hostile: Record<string, { text: string; at: string }> = {
    'block sequences on one line (- - - …)': { text: `lists:\n  - ${'- '.repeat(DEEP)}x\n`, at: 'deep.yaml:2:' },
    'explicit keys on one line (? ? ? …)': { text: `${'? '.repeat(DEEP)}x\n`, at: 'deep.yaml:1:' },
    'block mappings indented one space a level': { text: Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x\n', at: 'deep.yaml:66:' },
    "flow sequences after a plain scalar with a quote mark ([x', [[[ …)": { text: `a: [x', ${'['.repeat(DEEP)}\n`, at: 'deep.yaml:1:' },
    'flow sequences after a hash inside a plain scalar ([a#[[[ …)': { text: `a: [a#${'['.repeat(DEEP)}\n`, at: 'deep.yaml:1:' },
    'flow mappings': { text: `a: ${'{b: '.repeat(DEEP)}\n`, at: 'deep.yaml:1:' },
  };

  it.each(Object.keys(hostile))('refuses %s with the line, before the parser overflows its stack', (name) => {
    const { text, at } = hostile[name]!;
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(at);
    expect(found[0]).toContain('nested more than 32 levels deep');
  });

  it('lets brackets in quotes, comments and block scalars pass: they are text, not nesting', () => {
    const brackets = '['.repeat(100);
    const text = [`a: "${brackets}"`, `b: '${brackets}'`, `# ${brackets}`, 'c: |', `${' '.repeat(80)}- - - - ${brackets}`, ''].join('\n');
    expect(problems(text)).toEqual([]);
  });
});
