/**
 * A slide kept as finished (kept-slides.ts, finished-parts.ts) is finished in the language of the
 * deck's text: a shape without text gets an empty paragraph in it. When an edit gives the deck a
 * language its kept slides were not finished in, they are written and finished again, and the
 * deck is the bytes of a render with nothing kept.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { LaidOutSlide, SlideShape } from '../../../src/model/slides.js';
import { inOwnCacheFolder } from '../../cache-folder.js';
import { renderSlides, textBox } from './decks.js';

inOwnCacheFolder('jianbao-kept-language-');

const band: SlideShape = { kind: 'rect', x: 0, y: 0, w: 13.333, h: 0.4, fill: '1F4E79' };

async function renderedAfresh(slides: readonly LaidOutSlide[]): Promise<Buffer> {
  process.env.JIANBAO_NO_CACHE = '1';
  try {
    return Buffer.from(await renderSlides(slides));
  } finally {
    delete process.env.JIANBAO_NO_CACHE;
  }
}

const firstSlide = async (deck: Uint8Array): Promise<string> => (await JSZip.loadAsync(deck)).file('ppt/slides/slide1.xml')!.async('string');

describe('a kept slide and the deck’s language', () => {
  it('is finished again in the language text brings to a deck that had none', async () => {
    const withoutText: LaidOutSlide[] = [{ shapes: [band], notes: [] }, { shapes: [band], notes: [] }];
    const before = await renderSlides(withoutText);
    expect(await firstSlide(before)).not.toContain('lang=');

    const withText: LaidOutSlide[] = [...withoutText, { shapes: [textBox(0.6, '西部（重庆）科学城签约项目43个')], notes: [] }];
    const after = Buffer.from(await renderSlides(withText));
    expect(await firstSlide(after)).toContain('<a:endParaRPr lang="zh-CN"/>');
    expect(after.equals(await renderedAfresh(withText))).toBe(true);
  }, 120_000);
});
