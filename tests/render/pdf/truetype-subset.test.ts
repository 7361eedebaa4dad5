/**
 * The TrueType subset the PDFs embed (src/render/pdf/truetype-subset.ts): the font fontkit's
 * subsetter made (pdfkit's), byte for byte once made strict, with each glyph's outline the
 * original's bytes, read from a few ranges of the file rather than all of it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { bytesInMemory, sfntOf, TrueTypeSubset, type FontBytes, type SfntTable } from '../../../src/render/pdf/truetype-subset.js';

const require = createRequire(import.meta.url);
const NOTO = ['noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf', 'noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf', 'noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', 'noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'].map((file) =>
  require.resolve(`@expo-google-fonts/${file}`),
);
/** A Latin font with composite glyphs (accented letters made of a base and a mark) and hinting tables, where the system has it. */
const LIBERATION = '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf';

/** The tables of an sfnt font file. */
function tablesOf(font: Uint8Array): SfntTable[] {
  const view = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
  return Array.from({ length: view.readUInt16BE(4) }, (_, i) => {
    const record = 12 + 16 * i;
    const offset = view.readUInt32BE(record + 8);
    return { tag: view.readUInt32BE(record), data: font.subarray(offset, offset + view.readUInt32BE(record + 12)) };
  });
}

/** fontkit's subset of `glyphs`, made strict as the PDFs' programs were before (same tables, aligned, checksums). */
function fontkitSubset(font: Font, glyphs: readonly number[]): Uint8Array {
  const subset = font.createSubset() as unknown as { includeGlyph(id: number): number; encode(): Uint8Array };
  for (const id of glyphs) subset.includeGlyph(id);
  return sfntOf(tablesOf(subset.encode()));
}

function ourSubset(bytes: FontBytes, glyphs: readonly number[]): { program: Uint8Array; order: readonly number[] } {
  const subset = new TrueTypeSubset(bytes);
  for (const id of glyphs) subset.includeGlyph(id);
  return { program: subset.encode(), order: subset.glyphs };
}

/** The outline bytes of glyph `id` of an sfnt, by its loca. */
function outlineOf(font: Font, id: number): Buffer {
  const internals = font as unknown as { loca: { offsets: number[] }; directory: { tables: { glyf: { offset: number } } }; stream: { buffer: Uint8Array } };
  const { offsets } = internals.loca;
  const start = internals.directory.tables.glyf.offset + offsets[id]!;
  return Buffer.from(internals.stream.buffer.subarray(start, start + offsets[id + 1]! - offsets[id]!));
}

/** Spread glyph ids of `font`, in no order, with some past its last full horizontal metric where it has such glyphs. */
function someGlyphs(font: Font, count: number): number[] {
  const ids = new Set<number>();
  for (let i = 1; ids.size < count; i++) ids.add((i * 7919) % font.numGlyphs);
  ids.add(font.numGlyphs - 1);
  return [...ids];
}

describe('TrueType subset', () => {
  it.each(NOTO)('is fontkit’s subset byte for byte, strict: %s', (file) => {
    const data = readFileSync(file);
    const font = fontkit.create(data) as Font;
    for (const glyphs of [[], [1, 2, 3], someGlyphs(font, 600)]) {
      expect(Buffer.from(ourSubset(bytesInMemory(data), glyphs).program).equals(Buffer.from(fontkitSubset(font, glyphs)))).toBe(true);
    }
  });

  it('holds exactly the glyphs asked for, their outlines the original bytes, and parses with fontkit', () => {
    const data = readFileSync(NOTO[2]!);
    const font = fontkit.create(data) as Font;
    const glyphs = someGlyphs(font, 200);
    const { program, order } = ourSubset(bytesInMemory(data), glyphs);
    const subset = fontkit.create(Buffer.from(program)) as Font;
    expect(subset.numGlyphs).toBe(glyphs.length + 1);
    expect([...order].sort((a, b) => a - b)).toEqual([0, ...glyphs].sort((a, b) => a - b));
    order.forEach((id, newId) => {
      expect(outlineOf(subset, newId).equals(outlineOf(font, id))).toBe(true);
      expect(subset.getGlyph(newId).advanceWidth).toBe(font.getGlyph(id).advanceWidth);
    });
  });

  it('reads only the ranges it needs of a font file', () => {
    const data = readFileSync(NOTO[0]!);
    let read = 0;
    const counted: FontBytes = {
      read: (ranges) => {
        for (const [, length] of ranges) read += length;
        return bytesInMemory(data).read(ranges);
      },
    };
    const font = fontkit.create(data) as Font;
    const glyphs = someGlyphs(font, 300);
    expect(Buffer.from(ourSubset(counted, glyphs).program).equals(Buffer.from(fontkitSubset(font, glyphs)))).toBe(true);
    expect(read).toBeLessThan(data.length / 10);
  });

  it.skipIf(!existsSync(LIBERATION))('includes the components of composite glyphs, renumbered, as fontkit does', () => {
    const data = readFileSync(LIBERATION);
    const font = fontkit.create(data) as Font;
    const composites = ['Á', 'ç', 'Ü'].map((character) => font.glyphForCodePoint(character.codePointAt(0)!).id);
    const { program, order } = ourSubset(bytesInMemory(data), composites);
    expect(Buffer.from(program).equals(Buffer.from(fontkitSubset(font, composites)))).toBe(true);
    expect(order.length).toBeGreaterThan(composites.length + 1);
    const subset = fontkit.create(Buffer.from(program)) as Font;
    composites.forEach((id, index) => expect(subset.getGlyph(index + 1).path.toSVG()).toBe(font.getGlyph(id).path.toSVG()));
  });
});
