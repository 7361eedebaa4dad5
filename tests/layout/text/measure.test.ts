/** Measuring with the real fonts: kerning, ligatures and halt are measured as pdfkit draws them. */
import { describe, expect, it } from 'vitest';
import { ascentOf, measureText } from '../../../src/layout/text/index.js';
import { body, sans, sansBold } from './fixtures.js';

describe('measureText', () => {
  it('measures an ideograph as one em', () => {
    expect(measureText('中', body)).toBeCloseTo(10.5, 9);
    expect(measureText('中文', { face: sansBold, size: 12 })).toBeCloseTo(24, 9);
  });

  it('applies kerning inside a Latin word', () => {
    const pair = measureText('AV', body);
    expect(pair).toBeLessThan(measureText('A', body) + measureText('V', body));
    expect(pair).toBeCloseTo((body.face.font.layout('AV').advanceWidth * 10.5) / 1000, 9);
  });

  it('measures —— as the one glyph the font draws for it', () => {
    expect(measureText('——', body)).toBeLessThan(2 * measureText('—', body));
  });

  it('measures a mark under halt at half an em', () => {
    expect(measureText('，', body, ['halt'])).toBeCloseTo(5.25, 9);
    expect(measureText('（', { face: sans, size: 20 }, ['halt'])).toBeCloseTo(10, 9);
  });

  it('gives the ascent pdfkit places text by', () => {
    expect(ascentOf(body)).toBeCloseTo((body.face.font.ascent / body.face.font.unitsPerEm) * 10.5, 9);
  });
});
