/**
 * After an edit inside one value, the schema checks that value alone, and asks again every
 * refinement above it (load/yaml.ts, outputWithEdit), rather than validating the whole file: the
 * value must be the one validating the whole file gives, and every problem the one it reports.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { parseYaml } from '../../src/load/yaml.js';
import { Content } from '../../src/model/content.js';
import { DiagnosticError, formatDiagnostic } from '../../src/model/diagnostic.js';

const original = readFileSync(new URL('../../content.yaml', import.meta.url), 'utf8');

function outcome(schema: z.ZodType, text: string, file: string): { value?: unknown; problems?: string[] } {
  try {
    return { value: parseYaml(schema, text, file).value };
  } catch (error) {
    if (error instanceof DiagnosticError) return { problems: error.diagnostics.map(formatDiagnostic) };
    throw error;
  }
}

/** The same text parsed and validated in full, nothing remembered. */
function inFull(schema: z.ZodType, text: string, file: string): { value?: unknown; problems?: string[] } {
  process.env.JIANBAO_NO_CACHE = '1';
  try {
    return outcome(schema, text, file);
  } finally {
    delete process.env.JIANBAO_NO_CACHE;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.JIANBAO_NO_CACHE;
});

describe('validating a file again after an edit inside one value', () => {
  it('does not validate the whole content again for a word of a paragraph, and gives the same content', () => {
    const file = 'revalidate/content.yaml';
    parseYaml(Content, original, file);
    const whole = vi.spyOn(Content, 'safeParse');
    const text = original.replace('是顺应全球科技革命', '是顺应全球科学技术革命');
    const edited = parseYaml(Content, text, file).value;
    expect(whole).not.toHaveBeenCalled();
    whole.mockRestore();
    expect(JSON.stringify(edited)).toBe(JSON.stringify(inFull(Content, text, file).value));
  });

  /** Items whose two names must differ (a refinement of each item), names trimmed, at least one item. */
  const Pairs = z.strictObject({
    title: z.string().trim().min(1),
    pairs: z
      .array(z.strictObject({ left: z.string().trim(), right: z.string(), note: z.string().optional() }).refine((pair) => pair.left !== pair.right, { message: 'the two names must differ' }))
      .min(1),
    checked: z.strictObject({ count: z.number().int() }).superRefine((value, context) => {
      if (value.count > 9) context.addIssue({ code: 'custom', message: 'at most 9' });
    }),
    list: z.array(z.string()).default([]),
  });
  const pairsText = ['title: 标题', 'pairs:', '  - left: 甲', '    right: 乙', '  - left: 丙', '    right: 丁', 'checked:', '  count: 3', 'list:', '  - 一', ''].join('\n');

  it('gives what validating the whole file gives, edit after edit: transforms, refinements above the value, problems', () => {
    const file = 'revalidate/pairs.yaml';
    const edits: [string, string][] = [
      ['left: 甲', 'left: 甲甲'], // an item's value: its refinement asked again, holds
      ['left: 甲甲', 'left: "  甲甲  "'], // quoted now: parsed in full
      ['left: "  甲甲  "', 'left: "  乙  "'], // trimmed, it equals `right`: the refinement's problem
      ['left: "  乙  "', 'left: "  甲  "'],
      ['title: 标题', 'title: 标题二'],
      ['count: 3', 'count: 4'], // under a superRefine: validated in full
      ['count: 4', 'count: 12'], // the superRefine's problem
      ['count: 12', 'count: 5'],
      ['right: 丁', 'right: 丙'], // the second item's refinement fails
      ['right: 丙', 'right: 戊'],
      ['- 一', '- 二'],
    ];
    let text = pairsText;
    expect(outcome(Pairs, text, file)).toEqual(inFull(Pairs, text, file));
    for (const [from, to] of edits) {
      expect(text).toContain(from);
      text = text.replace(from, to);
      const edited = outcome(Pairs, text, file);
      expect(edited).toEqual(inFull(Pairs, text, file));
      expect(JSON.stringify(edited.value)).toBe(JSON.stringify(inFull(Pairs, text, file).value));
    }
  });

  it('asks a refinement above the value again, and reports it broken at its place, as validating in full does', () => {
    const file = 'revalidate/broken.yaml';
    parseYaml(Pairs, pairsText, file);
    const whole = vi.spyOn(Pairs, 'safeParse');
    const holding = pairsText.replace('left: 甲', 'left: 甲甲');
    expect(outcome(Pairs, holding, file).value).toMatchObject({ pairs: [{ left: '甲甲' }, { left: '丙' }] });
    expect(whole).not.toHaveBeenCalled();
    whole.mockRestore();
    const text = pairsText.replace('left: 甲', 'left: 乙');
    const problems = outcome(Pairs, text, file).problems;
    expect(problems).toEqual(inFull(Pairs, text, file).problems);
    expect(problems?.join('\n')).toContain('the two names must differ');
  });
});
