/**
 * A process that renders decks again (`watch`) remembers the parts it deflated (a build, the whole
 * deck: tests/deck-reuse.test.ts): what it remembers may never change a byte. Each render equals a render with nothing
 * remembered (JIANBAO_NO_CACHE), and a change to any input of the deck changes the deck.
 */
import { describe, expect, it } from 'vitest';
import type { DocumentMeta } from '../../../src/model/document.js';
import type { LaidOutSlide } from '../../../src/model/slides.js';
import { meta, renderSlides, textBox } from './decks.js';

/** Stand-ins for two pictures of the same size: the deck carries their bytes as they are. */
const picture = (fill: number): Uint8Array => new Uint8Array(64).fill(fill);

function slides(pictureBytes: Uint8Array, notes: string): LaidOutSlide[] {
  return [
    { shapes: [textBox(0.6, '西部（重庆）科学城签约项目43个'), { kind: 'image', x: 1, y: 2, w: 4, h: 3, data: pictureBytes, format: 'png', alt: '鸟瞰图' }], notes: [notes] },
    { shapes: [textBox(0.6, '总投资额1012.4亿元')], notes: [] },
  ];
}

async function renderedAfresh(deck: readonly LaidOutSlide[], documentMeta: DocumentMeta): Promise<Buffer> {
  process.env.JIANBAO_NO_CACHE = '1';
  try {
    return Buffer.from(await renderSlides(deck, documentMeta));
  } finally {
    delete process.env.JIANBAO_NO_CACHE;
  }
}

describe('rendering decks again in one process', () => {
  it('writes the bytes of a render with nothing remembered, and a deck of its own for each changed input', async () => {
    const dated: DocumentMeta = { ...meta, date: new Date('2020-09-15T00:00:00Z') };
    const original = { slides: slides(picture(1), '请介绍签约情况'), meta: dated };
    const changes = [
      { slides: slides(picture(2), '请介绍签约情况'), meta: dated },
      { slides: slides(picture(1), '请介绍投资情况'), meta: dated },
      { slides: original.slides, meta: { ...dated, date: new Date('2020-09-16T00:00:00Z') } },
      { slides: original.slides, meta: { ...dated, title: '签约成果' } },
    ];
    const originalAfresh = await renderedAfresh(original.slides, original.meta);
    // Twice the same deck (the second remembered whole), then each change after the original.
    expect(Buffer.from(await renderSlides(original.slides, original.meta)).equals(originalAfresh)).toBe(true);
    expect(Buffer.from(await renderSlides(original.slides, original.meta)).equals(originalAfresh)).toBe(true);
    for (const changed of changes) {
      const rendered = Buffer.from(await renderSlides(changed.slides, changed.meta));
      expect(rendered.equals(originalAfresh)).toBe(false);
      expect(rendered.equals(await renderedAfresh(changed.slides, changed.meta))).toBe(true);
      expect(Buffer.from(await renderSlides(original.slides, original.meta)).equals(originalAfresh)).toBe(true);
    }
  }, 120_000);
});
