/** Pieces and the gaps between them: the quarter em between Chinese and Latin. */
import { describe, expect, it } from 'vitest';
import { breakParagraph, measureText } from '../../../src/layout/text/index.js';
import type { Line } from '../../../src/layout/text/types.js';
import { body, sansBold } from './fixtures.js';

const em = body.size;
const xOf = (line: Line | undefined, text: string) => line?.runs.find((r) => r.text.startsWith(text))?.x;

describe('CJK–Latin gap', () => {
  it('puts a quarter em between 中 and a Latin letter when enabled', () => {
    const [line] = breakParagraph([{ text: '中A中', style: body }], { width: 200, align: 'start', cjkLatinGap: true });
    expect(xOf(line, 'A')).toBeCloseTo(em + em / 4, 6);
    expect(xOf(line, '中')).toBe(0);
    expect(line?.width).toBeCloseTo(2 * em + measureText('A', body) + em / 2, 6);
  });

  it('puts no gap there when disabled', () => {
    const [line] = breakParagraph([{ text: '中A中', style: body }], { width: 200, align: 'start', cjkLatinGap: false });
    expect(xOf(line, 'A')).toBeCloseTo(em, 6);
  });

  it('adds no gap where a space is typed or next to punctuation', () => {
    const [line] = breakParagraph([{ text: '世界 500 强，5G。', style: body }], { width: 300, align: 'start', cjkLatinGap: true });
    const space = measureText(' ', body);
    expect(xOf(line, '500')).toBeCloseTo(2 * em + space, 6);
    expect(xOf(line, '5G')).toBeCloseTo((xOf(line, '强') ?? 0) + 2 * em, 6);
  });

  it('keeps the gap inside a number with its unit', () => {
    const [line] = breakParagraph([{ text: '超1012.4亿元', style: body }], { width: 300, align: 'start', cjkLatinGap: true });
    const number = measureText('1012.4', body);
    expect(xOf(line, '1012.4')).toBeCloseTo(em + em / 4, 6);
    expect(xOf(line, '亿')).toBeCloseTo(em + em / 4 + number + em / 4, 6);
  });
});

describe('styled spans', () => {
  it('splits runs where the style changes, keeps a word whole across it, and reports the largest size', () => {
    const bold = { face: sansBold, size: 14 };
    const spans = [{ text: '科学城', style: body }, { text: 'IBM', style: bold }, { text: 'Watson重庆项目将打造集办公、展示', style: body }];
    const lines = breakParagraph(spans, { width: 100, align: 'justify', cjkLatinGap: true });
    const first = lines[0] as Line;
    expect(first.runs.map((r) => [r.text, r.style.face.key])).toEqual([['科学城', 'serif'], ['IBM', 'sans-bold'], ['Watson', 'serif']]);
    // No gap and no spacing inside the word "IBMWatson".
    const [ibm, watson] = [first.runs[1], first.runs[2]];
    expect(watson?.x).toBeCloseTo((ibm?.x ?? 0) + measureText('IBM', bold), 6);
    expect(first.size).toBe(14);
    expect(lines[1]?.size).toBe(10.5);
  });
});
