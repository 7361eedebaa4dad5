/**
 * load: a TrueType font file made ready for fontkit without reading it whole. Shaping and measuring
 * read a font's small tables (cmap, GSUB, GPOS, hmtx…: under half a MB of a 10–15 MB CJK font)
 * and, with the advances taken from hmtx (cache/fonts.ts), no outline; the outlines (glyf) are
 * nearly all of the file. fontkit gets a buffer of the file's size holding its directory, and zeros
 * (pages the system never touches) where each table's bytes are read in before fontkit first reads
 * them. fontkit reads a table only from the stream `_getTableStream` hands it (what it decodes of
 * it later too), and the glyf table only through a glyph: glyph objects are made only in getGlyph
 * and _getBaseGlyph, and a TrueType glyph reads glyf only in its _getCBox (its box) and _decode
 * (its outline; a composite's parts are glyphs got by getGlyph, and a fontkit subset copies a
 * glyph's bytes after decoding it). So a glyph's bytes are read in by those two, alone.
 *
 * The buffer is not the font's bytes: what needs those (a subset, a digest) reads the file
 * (load/fonts.ts), and the buffer is known by the file's digest (cache/disk.ts knownDigest).
 */
import type { Font } from 'fontkit';
import { readRangesInto, UnreadableFile } from './read.js';

/** A glyph's header (contour count and box), which fontkit reads at its offset even for a glyph without an outline. */
const GLYPH_HEADER_BYTES = 10;
const TABLE_RECORD_BYTES = 16;
const DIRECTORY_OFFSET = 12;
/** What a TrueType font (not a collection, WOFF or CFF font) starts with: 1.0, or Apple's 'true'. */
const TRUETYPE_VERSIONS = new Set([0x00010000, 0x74727565]);

type Range = readonly [offset: number, length: number];

/** What fontkit keeps inside a TrueType font and its glyphs, used below (not in its type definitions). */
interface FontReading {
  readonly loca: { readonly offsets: ArrayLike<number> };
  _getTableStream(tag: string): unknown;
  getGlyph(id: number, codePoints?: number[]): GlyphReading | null;
  _getBaseGlyph(id: number, codePoints?: number[]): GlyphReading | null;
}
interface GlyphReading {
  _getCBox(...args: unknown[]): unknown;
  _decode(...args: unknown[]): unknown;
}

export interface SparseFont {
  /** The file's size, its directory in place: what fontkit opens. */
  readonly bytes: Buffer;
  /** Makes `font`, opened from `bytes`, read each table and each glyph in before it first reads them. */
  readOnDemand(font: Font): void;
}

/**
 * `file` (of `size` bytes, still with `identity`) as a sparse buffer, or undefined for a file this
 * does not serve, to be read whole: not a single TrueType font, or a variable one (fontkit makes
 * its variations from the buffer alone).
 */
export function sparseFont(file: string, identity: string, size: number): SparseFont | undefined {
  const bytes = Buffer.alloc(size);
  const readIn = (ranges: readonly Range[]): void =>
    readRangesInto(
      file,
      identity,
      bytes,
      // Clipped to the file, where a whole read would end too.
      ranges.filter(([offset]) => offset < size).map(([offset, length]) => [offset, Math.min(length, size - offset)]),
    );
  readIn([[0, DIRECTORY_OFFSET]]);
  if (!TRUETYPE_VERSIONS.has(bytes.readUInt32BE(0))) return undefined;
  const tableCount = bytes.readUInt16BE(4);
  readIn([[DIRECTORY_OFFSET, tableCount * TABLE_RECORD_BYTES]]);
  const tables = new Map<string, Range>();
  for (let record = DIRECTORY_OFFSET; record < DIRECTORY_OFFSET + tableCount * TABLE_RECORD_BYTES; record += TABLE_RECORD_BYTES) {
    tables.set(bytes.toString('latin1', record, record + 4), [bytes.readUInt32BE(record + 8), bytes.readUInt32BE(record + 12)]);
  }
  const glyf = tables.get('glyf');
  if (!glyf || !tables.has('loca') || tables.has('fvar')) return undefined;

  const readOnDemand = (font: Font): void => {
    const internals = font as unknown as FontReading;
    /** Reads in the middle of fontkit's work, where nothing names the font: its file is named in what they throw. */
    const readInNamed = (ranges: readonly Range[]): void => {
      try {
        readIn(ranges);
      } catch (error) {
        throw error instanceof UnreadableFile ? new Error(`font ${file} ${error.message}`) : error;
      }
    };
    const tablesRead = new Set<string>(['glyf']);
    const tableStream = internals._getTableStream.bind(font);
    internals._getTableStream = (tag) => {
      const range = tables.get(tag);
      if (range && !tablesRead.has(tag)) {
        readInNamed([range]);
        tablesRead.add(tag);
      }
      return tableStream(tag);
    };
    const glyphsRead = new Set<number>();
    /** The glyph's span of glyf, and at least its header (which fontkit reads even for a glyph without an outline), read in once. */
    const readGlyph = (id: number): void => {
      if (glyphsRead.has(id)) return;
      const { offsets } = internals.loca;
      const start = offsets[id];
      if (start !== undefined) readInNamed([[glyf[0] + start, Math.max(offsets[id + 1] ?? start, start + GLYPH_HEADER_BYTES) - start]]);
      glyphsRead.add(id);
    };
    const prepared = new WeakSet<GlyphReading>();
    for (const making of ['getGlyph', '_getBaseGlyph'] as const) {
      const make = internals[making].bind(font);
      internals[making] = (id, codePoints) => {
        const glyph = make(id, codePoints);
        if (glyph && !prepared.has(glyph)) {
          prepared.add(glyph);
          for (const reading of ['_getCBox', '_decode'] as const) {
            const own = glyph[reading].bind(glyph);
            glyph[reading] = (...args) => {
              readGlyph(id);
              return own(...args);
            };
          }
        }
        return glyph;
      };
    }
  };
  return { bytes, readOnDemand };
}
