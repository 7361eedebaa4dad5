/** Where lines end: kinsoku, unbreakable words and numbers, and how violations are resolved. */
import { describe, expect, it } from 'vitest';
import { breakParagraph, countParagraphLines } from '../../../src/layout/text/index.js';
import type { Line, ParagraphOptions } from '../../../src/layout/text/types.js';
import { LONG_URL, STRESS, articleParagraphs, body, runHolding, violations } from './fixtures.js';

const em = body.size;
const shown = (text: string, lines: readonly Line[]): string[] => lines.map((l) => text.slice(l.start, l.end));
const justify = (width: number, extra: Partial<ParagraphOptions> = {}): ParagraphOptions => ({ width, align: 'justify', ...extra });
const TEN = '一二三四五六七八九十';

describe('kinsoku', () => {
  it('starts no line with a comma where a naive breaker would', () => {
    const text = `${TEN}，${TEN}，${TEN}。`;
    // Ten full-width characters fill a 10 em line; the comma would come next.
    const lines = breakParagraph([{ text, style: body }], justify(10 * em));
    expect(shown(text, lines).every((l) => !l.startsWith('，'))).toBe(true);
    expect(violations(text, lines, 10 * em)).toEqual([]);
  });

  it('starts no line with a full stop where a naive breaker would', () => {
    const text = `${TEN}。${TEN}。`;
    const lines = breakParagraph([{ text, style: body }], justify(10 * em));
    expect(shown(text, lines).every((l) => !l.startsWith('。'))).toBe(true);
    expect(violations(text, lines, 10 * em)).toEqual([]);
  });

  it('ends no line with an opening bracket or quote', () => {
    for (const open of ['（', '“']) {
      const close = open === '（' ? '）' : '”';
      const text = `一二三四五六七八九${open}重庆${close}科学城${TEN}`;
      // Nine characters and the opening mark fill the first 10 em line.
      const lines = breakParagraph([{ text, style: body }], justify(10 * em));
      expect(shown(text, lines).slice(0, -1).every((l) => !l.endsWith(open))).toBe(true);
      expect(violations(text, lines, 10 * em)).toEqual([]);
    }
  });

  it('keeps —— and …… together', () => {
    for (const mark of ['——', '……']) {
      const text = `一二三四五六七八九${mark}十一二三四五六七八九十。`;
      // The first mark of the pair still fits on the 10 em line, the second does not.
      const lines = breakParagraph([{ text, style: body }], justify(10 * em));
      expect(lines.some((l) => text.slice(l.start, l.end).includes(mark))).toBe(true);
      expect(violations(text, lines, 10 * em)).toEqual([]);
    }
  });

  it('breaks before an opening quote and after a closing one, as beside brackets', () => {
    // UAX #14 forbids breaks on both sides of “ ” (class QU); in Chinese they open and close.
    const text = `${TEN}“科学”${TEN}`;
    const lines = breakParagraph([{ text, style: body }], justify(10 * em));
    expect(shown(text, lines)[0]).toBe(TEN);
    const after = `一二三四五六七“八”${TEN}`;
    expect(shown(after, breakParagraph([{ text: after, style: body }], justify(10 * em)))[0]).toBe('一二三四五六七“八”');
  });

  it('pulls a comma up, set half-width at the line end, when that is the smaller change', () => {
    const text = `${TEN}，${TEN}。`;
    const lines = breakParagraph([{ text, style: body }], justify(10.5 * em));
    expect(shown(text, lines)[0]).toBe(`${TEN}，`);
    expect(runHolding(lines[0] as Line, '，')?.features).toEqual(['halt']);
  });

  it('pushes a character down and spreads the slack when nothing can be squeezed', () => {
    const text = `${TEN}，${TEN}。`;
    const lines = breakParagraph([{ text, style: body }], justify(10 * em));
    expect(shown(text, lines)[0]).toBe('一二三四五六七八九');
    expect(lines[0]?.width).toBeCloseTo(10 * em, 2);
    expect(lines[0]?.runs[0]?.letterSpacing).toBeCloseTo(em / 8, 5);
  });
});

describe('words and numbers', () => {
  it('never splits a Latin word, a hyphenated name or a number with its unit', () => {
    const text = '科学城项目IBM Watson Build与CD-MO及V2X和5G，总投资1012.4亿元。';
    // Narrower than about 63 pt a line may hold a lone word, which is left unstretched.
    for (let width = 70; width <= 300; width += 1.5) {
      const lines = breakParagraph([{ text, style: body }], justify(width, { cjkLatinGap: true }));
      expect(violations(text, lines, width), `width ${width}`).toEqual([]);
    }
  });

  it('breaks the mixed-Latin stress paragraph with no rule broken at any width from 100 to 500 pt', () => {
    for (let width = 100; width <= 500; width += 2.5) {
      for (const cjkLatinGap of [true, false]) {
        const lines = breakParagraph([{ text: STRESS, style: body }], justify(width, { cjkLatinGap, firstLineIndent: 2 * em }));
        expect(violations(STRESS, lines, width), `width ${width}, gap ${cjkLatinGap}`).toEqual([]);
      }
    }
  });

  it('breaks every paragraph of the article with no rule broken', () => {
    for (const text of articleParagraphs()) {
      const lines = breakParagraph([{ text, style: body }], justify(453, { firstLineIndent: 2 * em, cjkLatinGap: true }));
      expect(violations(text, lines, 453), text.slice(0, 20)).toEqual([]);
    }
  });
});

describe('words wider than the line', () => {
  it('cuts a URL after / . - ? & only, keeping every line inside the measure and every character', () => {
    const text = `项目详见${LONG_URL}。`;
    const lines = breakParagraph([{ text, style: body }], justify(150));
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.map((l) => l.width).filter((w) => w > 150 + 0.01)).toEqual([]);
    expect(shown(text, lines).join('')).toBe(text);
    for (const line of shown(text, lines).slice(0, -1)) expect(line, line).toMatch(/[/.?&-]$|见$/);
  });

  it('cuts between any characters where no such mark falls inside the line, and counts those lines', () => {
    const token = 'abcdefghij'.repeat(300);
    const lines = breakParagraph([{ text: token, style: body }], justify(200));
    expect(shown(token, lines).join('')).toBe(token);
    expect(lines.map((l) => l.width).filter((w) => w > 200 + 0.01)).toEqual([]);
    // Every line but the last filled to within one letter.
    for (const line of lines.slice(0, -1)) expect(line.width).toBeGreaterThan(200 - em);
    expect(countParagraphLines([{ text: token, style: body }], justify(200))).toBe(lines.length);
    // Each line draws its part of the word as one run.
    expect(lines.every((l) => l.runs.length === 1)).toBe(true);
  });

  it('leaves a word that fits the line whole, moving it to the next line as before', () => {
    const text = `${TEN}${TEN} https://example.com/a/b`;
    const lines = breakParagraph([{ text, style: body }], justify(12 * em));
    expect(shown(text, lines).at(-1)).toBe('https://example.com/a/b');
  });
});

describe('forced breaks and growth', () => {
  it('ends a line at a newline and does not stretch it', () => {
    const text = `科学城\n${TEN}${TEN}`;
    const lines = breakParagraph([{ text, style: body }], justify(10 * em));
    expect(shown(text, lines)[0]).toBe('科学城');
    expect(lines[0]?.width).toBeCloseTo(3 * em, 5);
    expect(lines[0]?.last).toBe(false);
  });

  it('breaks ten copies of the text into ten copies of the lines', () => {
    const text = articleParagraphs().slice(0, 8).join('');
    const once = breakParagraph([{ text, style: body }], justify(453));
    const tenfold = breakParagraph([{ text: `${text}\n`.repeat(10), style: body }], justify(453));
    expect(tenfold.length).toBe(10 * once.length);
    const pattern = (ls: readonly Line[]) => ls.map((l) => `${l.end - l.start}:${l.width.toFixed(3)}`);
    expect(pattern(tenfold.slice(-once.length))).toEqual(pattern(once));
  });
});
