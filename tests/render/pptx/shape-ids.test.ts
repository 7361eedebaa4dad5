/** Every shape on a slide has an id of its own (ECMA-376; PowerPoint repairs a slide where two share one). */
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LaidOutSlide } from '../../../src/model/slides.js';
import { hasValidator, renderSlides, table, textBox, validatePptx } from './decks.js';

const ROWS = [['平安建投大健康产业园', '120亿元'], ['百度阿波罗智能汽车研发中心', '30亿元']];

/** Slides whose tables pptxgenjs numbers onto other shapes' ids: several tables per slide, on later slides. */
const slides: LaidOutSlide[] = [
  { shapes: [textBox(0.5, '封面')], notes: [] },
  { shapes: [textBox(0.5, '概况'), table(1.2, ROWS), textBox(3, '说明')], notes: [] },
  {
    shapes: [textBox(0.5, '签约项目'), table(1.2, ROWS), textBox(2.6, '续表'), table(3.2, ROWS), textBox(4.6, '再续'), table(5.2, ROWS), textBox(6.8, '完')],
    notes: ['三张表'],
  },
];

describe('shape ids', () => {
  let zip: JSZip;
  let deck: Uint8Array;

  beforeAll(async () => {
    deck = await renderSlides(slides);
    zip = await JSZip.loadAsync(deck);
  });

  it('are unique on every slide, tables and their text kept', async () => {
    for (let number = 1; number <= slides.length; number++) {
      const xml = await zip.file(`ppt/slides/slide${number}.xml`)!.async('string');
      const ids = [...xml.matchAll(/<p:cNvPr\s[^>]*?\bid="(\d+)"/g)].map(([, id]) => Number(id));
      expect(new Set(ids).size, `slide ${number}: ids ${ids.join(' ')}`).toBe(ids.length);
      expect(ids.length).toBe(slides[number - 1]!.shapes.length + 1); // + the shape tree itself
    }
    const third = await zip.file('ppt/slides/slide3.xml')!.async('string');
    expect(third.match(/<p:graphicFrame>/g)).toHaveLength(3);
    expect(third.match(/平安建投大健康产业园/g)).toHaveLength(3);
  });

  it.skipIf(!hasValidator)('pass validate-pptx', () => {
    const { findings, summary } = validatePptx(deck);
    expect(findings).toEqual([]);
    expect(summary).toMatch(/ 0 errors$/);
  });
});
