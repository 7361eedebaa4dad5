/** Justified paragraphs are broken as a whole: no runt (孤字) on a last line, no rule broken for it. */
import { describe, expect, it } from 'vitest';
import { breakParagraph } from '../../../src/layout/text/index.js';
import type { Line, ParagraphOptions } from '../../../src/layout/text/types.js';
import { STRESS, articleParagraphs, body, violations } from './fixtures.js';

const em = body.size;
const PUNCTUATION = /[，。、；：？！）」』”’》〉】〗〕］｝．…‥～·・—（「『“‘《〈【〖〔［｛,.;:?!()"'\s]/gu;
const letters = (text: string): number => text.replace(PUNCTUATION, '').length;

/** The paragraph's last line when it holds one character besides punctuation (and is not its only line). */
function runt(text: string, lines: readonly Line[]): string | undefined {
  const last = lines.at(-1);
  if (!last || lines.length < 2) return undefined;
  const shown = text.slice(last.start, last.end);
  return letters(shown) <= 1 ? shown : undefined;
}

const report = (width: number, extra: Partial<ParagraphOptions> = {}): ParagraphOptions => ({
  width,
  align: 'justify',
  firstLineIndent: 2 * em,
  cjkLatinGap: true,
  ...extra,
});

describe('total-fit line breaking', () => {
  it('ends no paragraph of the article on a single character, at the report’s measure and at others', () => {
    const runts: string[] = [];
    for (let width = 243; width <= 453; width += 30) {
      for (const text of articleParagraphs()) {
        const lines = breakParagraph([{ text, style: body }], report(width));
        expect(violations(text, lines, width), `${width}: ${text.slice(0, 12)}`).toEqual([]);
        const found = runt(text, lines);
        if (found) runts.push(`${width} pt: …${found}`);
      }
    }
    expect(runts).toEqual([]);
  }, 60_000);

  it('moves a character down or pulls the last one up rather than leave it alone', () => {
    // At 453 pt, set a line at a time, these end on «户。», «力。», «能”。» and «去。».
    const ends = ['户。', '力。', '能”。', '去。'];
    const paragraphs = articleParagraphs().filter((text) => ends.some((end) => text.endsWith(end)));
    expect(paragraphs.length).toBeGreaterThanOrEqual(4);
    for (const text of paragraphs) {
      const lines = breakParagraph([{ text, style: body }], report(453));
      expect(runt(text, lines), text.slice(0, 12)).toBeUndefined();
      expect(violations(text, lines, 453)).toEqual([]);
    }
  });

  it('keeps a mixed-Latin paragraph free of runts at any width from 100 to 500 pt', () => {
    const runts: string[] = [];
    for (let width = 100; width <= 500; width += 2.5) {
      const lines = breakParagraph([{ text: STRESS, style: body }], report(width));
      const found = runt(STRESS, lines);
      if (found) runts.push(`${width} pt: …${found}`);
    }
    expect(runts).toEqual([]);
  });

  it('treats a line before a newline as a paragraph end', () => {
    const text = `${'一二三四五六七八九十'.repeat(2)}科。\n${'一二三四五六七八九十'.repeat(2)}学。`;
    const lines = breakParagraph([{ text, style: body }], report(10 * em, { firstLineIndent: 0 }));
    const beforeNewline = lines.findIndex((line) => text[line.end] === '\n');
    expect(letters(text.slice(lines[beforeNewline]!.start, lines[beforeNewline]!.end))).toBeGreaterThan(1);
    expect(runt(text, lines)).toBeUndefined();
    expect(violations(text, lines, 10 * em)).toEqual([]);
  });
});
