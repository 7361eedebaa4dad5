/** Justification, indents and alignment: what a reader sees at the edges of the column. */
import { describe, expect, it } from 'vitest';
import { breakParagraph } from '../../../src/layout/text/index.js';
import type { Line } from '../../../src/layout/text/types.js';
import { MEASURE, STRESS, articleParagraphs, body } from './fixtures.js';

const em = body.size;
const WORDS = ['IBM', 'Watson ', 'Build', 'CD-MO', 'V2X', '5G', '1012.4'];

describe('justification', () => {
  it('sets every line but a paragraph’s last flush with the right edge', () => {
    for (const text of articleParagraphs()) {
      const lines = breakParagraph([{ text, style: body }], { width: MEASURE, align: 'justify', firstLineIndent: 2 * em, cjkLatinGap: true });
      for (const line of lines.slice(0, -1)) expect(Math.abs(line.width - MEASURE)).toBeLessThanOrEqual(0.01);
      expect(lines.at(-1)?.width).toBeLessThanOrEqual(MEASURE + 0.01);
    }
  });

  it('spreads the slack between characters, not only at spaces', () => {
    const text = articleParagraphs()[2] ?? '';
    const lines = breakParagraph([{ text, style: body }], { width: MEASURE, align: 'justify' });
    const spaced = lines.slice(0, -1).filter((l) => l.runs.some((r) => r.letterSpacing > 0));
    expect(spaced.length).toBeGreaterThan(lines.length / 2);
    for (const line of spaced) {
      // One spacing per line: every CJK run of the line carries the same letterSpacing.
      const cjk = line.runs.filter((r) => !/[A-Za-z0-9]/.test(r.text));
      expect(new Set(cjk.map((r) => r.letterSpacing.toFixed(9))).size).toBe(1);
    }
  });

  it('keeps Latin words and numbers at their natural spacing, each in a run of its own', () => {
    for (let width = 100; width <= 500; width += 10) {
      const lines = breakParagraph([{ text: STRESS, style: body }], { width, align: 'justify', cjkLatinGap: true });
      const latin = lines.flatMap((l) => l.runs).filter((r) => /[A-Za-z0-9]/.test(r.text));
      expect(latin.map((r) => r.text.trimEnd())).toEqual(WORDS.map((w) => w.trimEnd()));
      for (const run of latin) expect(run.letterSpacing).toBe(0);
    }
  });

  it('leaves a paragraph’s last line and a line before a newline unstretched', () => {
    const text = '科学城将紧紧围绕总体定位。\n打通产学研创新链、产业链、价值链，构建产学研深度融合的创新体系。';
    const lines = breakParagraph([{ text, style: body }], { width: 10 * em, align: 'justify' });
    const unstretched = (l: Line | undefined) => l?.runs.every((r) => r.letterSpacing === 0);
    expect(text.slice(lines[1]?.start, lines[1]?.end)).toBe('定位。');
    expect(unstretched(lines[1])).toBe(true);
    expect(unstretched(lines.at(-1))).toBe(true);
    expect(lines.at(-1)?.last).toBe(true);
  });
});

describe('indents and alignment', () => {
  const text = articleParagraphs()[4] ?? '';

  it('indents the first line by 2 em and still meets the right edge', () => {
    const lines = breakParagraph([{ text, style: body }], { width: MEASURE, align: 'justify', firstLineIndent: 2 * em });
    expect(lines[0]?.runs[0]?.x).toBe(2 * em);
    expect(lines[0]?.width).toBeCloseTo(MEASURE, 2);
    expect(lines[1]?.runs[0]?.x).toBe(0);
  });

  it('indents every line but the first by the hanging indent', () => {
    const lines = breakParagraph([{ text, style: body }], { width: MEASURE, align: 'justify', hangingIndent: 2 * em });
    expect(lines[0]?.runs[0]?.x).toBe(0);
    for (const line of lines.slice(1)) expect(line.runs[0]?.x).toBe(2 * em);
    for (const line of lines.slice(0, -1)) expect(line.width).toBeCloseTo(MEASURE, 2);
  });

  it('centres lines without spacing them out', () => {
    const lines = breakParagraph([{ text: '世界500强眼中的科学城', style: body }], { width: MEASURE, align: 'center' });
    expect(lines).toHaveLength(1);
    const line = lines[0] as Line;
    const left = line.runs[0]?.x ?? 0;
    expect(left).toBeCloseTo(MEASURE - line.width, 5);
    expect(line.runs.every((r) => r.letterSpacing === 0)).toBe(true);
  });

  it('sets start-aligned text ragged, at natural spacing', () => {
    const lines = breakParagraph([{ text, style: body }], { width: MEASURE, align: 'start' });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.flatMap((l) => l.runs).every((r) => r.letterSpacing === 0)).toBe(true);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(MEASURE + 0.01);
  });
});
