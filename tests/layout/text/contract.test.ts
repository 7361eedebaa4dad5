/**
 * The renderer contract, checked against pdfkit itself: each run drawn with
 * `characterSpacing: run.letterSpacing, features: run.features` is as wide as the engine says,
 * and runs sit in order without overlapping.
 */
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { breakParagraph } from '../../../src/layout/text/index.js';
import { LONG_URL, MEASURE, SERIF_PATH, STRESS, articleParagraphs, body } from './fixtures.js';

describe('renderer contract', () => {
  it('matches pdfkit’s width of every run of the article', () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    doc.registerFont(body.face.key, SERIF_PATH);
    doc.font(body.face.key).fontSize(body.size);
    const options = { width: MEASURE, align: 'justify' as const, firstLineIndent: 2 * body.size, cjkLatinGap: true };
    let runs = 0;
    // Words too wide for a line are cut, and each line's part drawn as one run.
    for (const text of [...articleParagraphs(), STRESS, `项目详见${LONG_URL}。`, 'abcdefghij'.repeat(100)]) {
      for (const line of breakParagraph([{ text, style: body }], options)) {
        line.runs.forEach((run, i) => {
          const features = [...run.features] as PDFKit.Mixins.OpenTypeFeatures[];
          const drawn = doc.widthOfString(run.text, { characterSpacing: run.letterSpacing, features });
          expect(Math.abs(drawn - run.width), run.text).toBeLessThanOrEqual(0.01);
          const next = line.runs[i + 1];
          if (next) expect(run.x + run.width).toBeLessThanOrEqual(next.x + 0.01);
          else expect(run.x + run.width).toBeCloseTo(line.width, 6);
          runs++;
        });
      }
    }
    expect(runs).toBeGreaterThan(300);
  });
});
