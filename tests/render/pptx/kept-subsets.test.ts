/**
 * A deck whose characters a build before it embedded already (an edit that brings none, such as a
 * draft number) takes its font subsets from disk without reading the fonts: each CJK font is some
 * 10 MB, read for nothing. The deck is the bytes of a render with nothing kept.
 */
import { describe, expect, it } from 'vitest';
import { bytesDigest } from '../../../src/cache/disk.js';
import type { LaidOutSlide } from '../../../src/model/slides.js';
import type { EmbeddedFamily, FontBytes } from '../../../src/render/pptx/finish.js';
import { inOwnCacheFolder } from '../../cache-folder.js';
import { family, FAMILY, renderSlides, textBox } from './decks.js';

inOwnCacheFolder('jianbao-kept-subsets-');

/** `bytes` as a loaded face gives them: its digest known, the bytes read (counted in `reads`) only when asked. */
function lazily(bytes: Uint8Array, reads: { count: number }): FontBytes {
  const digest = bytesDigest(bytes);
  return {
    digest,
    get data() {
      reads.count += 1;
      return bytes;
    },
  };
}

const deck = (message: string): LaidOutSlide[] => [{ shapes: [textBox(0.6, '西部（重庆）科学城签约项目43个'), textBox(1.6, message)], notes: [] }];

describe('embedding the deck’s fonts', () => {
  it('reads no font when the subsets of the deck’s characters are kept, and writes the same bytes', async () => {
    const reads = { count: 0 };
    const lazyFamily: EmbeddedFamily = { family: FAMILY, regular: lazily(family.regular as Uint8Array, reads), bold: lazily(family.bold as Uint8Array, reads) };
    await renderSlides(deck('为2020线上智博会献礼（第1稿）'), undefined, lazyFamily);
    expect(reads.count).toBeGreaterThan(0);

    reads.count = 0;
    // Another draft number: the same characters (digits are always embedded).
    const edited = await renderSlides(deck('为2020线上智博会献礼（第2稿）'), undefined, lazyFamily);
    expect(reads.count).toBe(0);

    process.env.JIANBAO_NO_CACHE = '1';
    try {
      const afresh = await renderSlides(deck('为2020线上智博会献礼（第2稿）'), undefined, family);
      expect(Buffer.from(edited).equals(Buffer.from(afresh))).toBe(true);
    } finally {
      delete process.env.JIANBAO_NO_CACHE;
    }
  }, 120_000);
});
