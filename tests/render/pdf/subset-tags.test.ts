import { expect, it } from 'vitest';
import { retagSubsets } from '../../../src/render/pdf/subset-tags.js';

const pdf = Buffer.from('/FontName /CZZZZZ+NotoSansSC-Bold\n/BaseFont /CZZZZZ+NotoSansSC-Bold\n/BaseFont /DZZZZZ+NotoSerifSC-Regular\n', 'latin1');
const tags = (out: Buffer): string[] => [...out.toString('latin1').matchAll(/\/(?:BaseFont|FontName) \/([A-Z]{6})\+/g)].map((m) => m[1]!);

it('derives subset tags from the content: stable for the same input, different for another, offsets unchanged', () => {
  const first = retagSubsets(pdf, 'content A');
  expect(first.length).toBe(pdf.length);
  const [fontName, baseFont, serif] = tags(first);
  expect(fontName).toBe(baseFont);
  expect(serif).not.toBe(baseFont);
  expect(tags(first)).not.toContain('CZZZZZ');
  expect(retagSubsets(pdf, 'content A').equals(first)).toBe(true);
  expect(tags(retagSubsets(pdf, 'content B'))[0]).not.toBe(fontName);
});
