/** Adjacent punctuation: one of a pair is set half-width with the font's halt feature. */
import { describe, expect, it } from 'vitest';
import { breakParagraph } from '../../../src/layout/text/index.js';
import type { Line, PlacedRun } from '../../../src/layout/text/types.js';
import { body } from './fixtures.js';

const em = body.size;
const layout = (text: string): Line => breakParagraph([{ text, style: body }], { width: 400, align: 'start' })[0] as Line;
const runOf = (line: Line, ch: string): PlacedRun | undefined => line.runs.find((r) => r.text.includes(ch));

describe('adjacent punctuation', () => {
  it('sets ） half-width before 、', () => {
    const line = layout('西部（重庆）、科学城');
    const close = runOf(line, '）');
    expect(close?.text).toBe('）');
    expect(close?.features).toEqual(['halt']);
    expect(close?.width).toBeCloseTo(em / 2, 6);
    expect(runOf(line, '、')?.x).toBeCloseTo((close?.x ?? 0) + em / 2, 6);
    expect(runOf(line, '、')?.features).toEqual([]);
    expect(line.width).toBeCloseTo(9.5 * em, 6);
  });

  it('sets 。 half-width before 」 and ， before “', () => {
    expect(runOf(layout('他说「好。」然后'), '。')?.features).toEqual(['halt']);
    expect(runOf(layout('他说「好。」然后'), '」')?.features).toEqual([]);
    expect(runOf(layout('紧扣，“五个科学”'), '，')?.features).toEqual(['halt']);
    expect(runOf(layout('紧扣，“五个科学”'), '“')?.features).toEqual([]);
  });

  it('sets the second of two opening brackets half-width', () => {
    const line = layout('西部（（重庆');
    expect(line.runs.filter((r) => r.features.length > 0).map((r) => r.text)).toEqual(['（']);
    expect(line.width).toBeCloseTo(5.5 * em, 6);
  });

  it('leaves lone punctuation full width', () => {
    const line = layout('西部，重庆。');
    expect(line.runs.every((r) => r.features.length === 0)).toBe(true);
    expect(line.width).toBeCloseTo(6 * em, 6);
  });
});
