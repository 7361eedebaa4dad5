/**
 * The TrueType subset a PDF embeds (FontFile2), made from the font's bytes as they are: each glyph's
 * `glyf` bytes copied by `loca` without decoding its outline (a composite glyph's component ids are
 * read and renumbered), and the tables a PDF needs (head, hhea, maxp, hmtx, loca, glyf, and the
 * hinting tables cvt, fpgm, prep) written around them. The same tables, with the same contents,
 * as fontkit's TTFSubset writes (which pdfkit uses), without its decoding every glyph and
 * re-encoding every table. Only the byte ranges it needs are asked for: the table directory, the
 * small tables, loca, hmtx and the glyphs used, so a font on disk need not be read whole.
 */
import type { GlyphSubset } from './cid-font.js';

/** Bytes of a font at positions in it: its file read at those offsets, or its bytes in memory. */
export interface FontBytes {
  /** The bytes at each [offset, length], in order. */
  read(ranges: readonly (readonly [number, number])[]): Uint8Array[];
}

/** A font's bytes already in memory. */
export const bytesInMemory = (font: Uint8Array): FontBytes => ({
  read: (ranges) => ranges.map(([offset, length]) => font.subarray(offset, offset + length)),
});

const tagNumber = (tag: string): number => Buffer.from(tag, 'latin1').readUInt32BE(0);
const TAG = {
  head: tagNumber('head'),
  hhea: tagNumber('hhea'),
  maxp: tagNumber('maxp'),
  hmtx: tagNumber('hmtx'),
  loca: tagNumber('loca'),
  glyf: tagNumber('glyf'),
  cvt: tagNumber('cvt '),
  fpgm: tagNumber('fpgm'),
  prep: tagNumber('prep'),
};
/** Copied as they are: the hinting program and its values. */
const HINTING = [TAG.cvt, TAG.fpgm, TAG.prep];

/** Offsets of the fields written here (OpenType's head, hhea and maxp tables). */
const HEAD_INDEX_TO_LOC_FORMAT = 50;
const HHEA_NUMBER_OF_METRICS = 34;
const MAXP_NUM_GLYPHS = 4;

/** Composite glyph flags (OpenType glyf table). */
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/** Glyphs closer than this in `glyf` are read in one piece: one read costs more than this many bytes more. */
const READ_GAP = 4096;

const viewOf = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A table of an sfnt, by its tag (as a big-endian number) and contents. */
export interface SfntTable {
  readonly tag: number;
  readonly data: Uint8Array;
}

const HEADER = 12;
const RECORD = 16;
/** Offset of checkSumAdjustment in the head table. */
const CHECKSUM_ADJUSTMENT = 8;
/** What the whole font's checksum must come to once checkSumAdjustment is in (OpenType, head table). */
const CHECKSUM_MAGIC = 0xb1b0afba;
/** The sfnt version fontkit's subsetter writes (Apple's tag for TrueType outlines), kept so programs stay the bytes they were. */
const SFNT_VERSION = 0x74727565; // 'true'

const align4 = (n: number): number => (n + 3) & ~3;

/** The OpenType checksum: the sum of big-endian 32-bit words, the last one padded with zeros. */
export function sfntChecksum(bytes: Uint8Array): number {
  const view = viewOf(bytes);
  let sum = 0;
  const whole = bytes.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  let tail = 0;
  for (let i = whole; i < bytes.length; i++) tail |= (bytes[i] ?? 0) << (24 - 8 * (i - whole));
  return (sum + (tail >>> 0)) >>> 0;
}

/**
 * A font file of `tables`, made to pass strict checks (fontkit's subsetter wrote every checksum as
 * zero and left tables unpadded, which preflight tools call damaged): its table directory sorted
 * by tag, each table starting on a 4-byte boundary and padded with zeros, the directory's search
 * fields, every table checksum and head.checkSumAdjustment computed. Table contents are unchanged.
 */
export function sfntOf(unsorted: readonly SfntTable[]): Uint8Array {
  const tables = [...unsorted].sort((a, b) => a.tag - b.tag);
  const count = tables.length;
  const directory = HEADER + count * RECORD;
  const size = tables.reduce((end, table) => end + align4(table.data.length), directory);
  const out = new Uint8Array(size);
  const write = new DataView(out.buffer);
  const power = 2 ** Math.floor(Math.log2(Math.max(1, count)));
  write.setUint32(0, SFNT_VERSION);
  write.setUint16(4, count);
  write.setUint16(6, power * RECORD); // searchRange
  write.setUint16(8, Math.log2(power)); // entrySelector
  write.setUint16(10, count * RECORD - power * RECORD); // rangeShift
  let offset = directory;
  let headOffset = -1;
  // The font's checksum is the directory's plus its tables' (each padded with zeros to whole words).
  let tablesSum = 0;
  tables.forEach(({ tag, data }, i) => {
    out.set(data, offset);
    if (tag === TAG.head) {
      headOffset = offset;
      write.setUint32(offset + CHECKSUM_ADJUSTMENT, 0); // the table's checksum is taken with it zeroed
    }
    const checksum = sfntChecksum(out.subarray(offset, offset + data.length));
    tablesSum = (tablesSum + checksum) >>> 0;
    const record = HEADER + i * RECORD;
    write.setUint32(record, tag);
    write.setUint32(record + 4, checksum);
    write.setUint32(record + 8, offset);
    write.setUint32(record + 12, data.length);
    offset += align4(data.length);
  });
  const fontSum = (sfntChecksum(out.subarray(0, directory)) + tablesSum) >>> 0;
  if (headOffset >= 0) write.setUint32(headOffset + CHECKSUM_ADJUSTMENT, (CHECKSUM_MAGIC - fontSum) >>> 0);
  return out;
}

/** What the subset needs of the font, read once. */
interface FontTables {
  readonly directory: ReadonlyMap<number, { readonly offset: number; readonly length: number }>;
  readonly head: Uint8Array;
  readonly hhea: Uint8Array;
  readonly maxp: Uint8Array;
  readonly hmtx: DataView;
  readonly loca: DataView;
  readonly longOffsets: boolean;
  readonly numberOfMetrics: number;
  readonly hinting: readonly SfntTable[];
}

function readTables(bytes: FontBytes): FontTables {
  const [header] = bytes.read([[0, 12]]);
  const count = viewOf(header!).getUint16(4);
  const [records] = bytes.read([[12, 16 * count]]);
  const recordView = viewOf(records!);
  const directory = new Map<number, { offset: number; length: number }>();
  for (let i = 0; i < count; i++) directory.set(recordView.getUint32(16 * i), { offset: recordView.getUint32(16 * i + 8), length: recordView.getUint32(16 * i + 12) });
  const range = (tag: number): readonly [number, number] => {
    const table = directory.get(tag);
    if (!table) throw new Error(`the font has no ${tagName(tag)} table`);
    return [table.offset, table.length];
  };
  const hintingTags = HINTING.filter((tag) => directory.has(tag));
  const [head, hhea, maxp, hmtx, loca, ...hinting] = bytes.read([range(TAG.head), range(TAG.hhea), range(TAG.maxp), range(TAG.hmtx), range(TAG.loca), ...hintingTags.map(range)]);
  return {
    directory,
    head: head!,
    hhea: hhea!,
    maxp: maxp!,
    hmtx: viewOf(hmtx!),
    loca: viewOf(loca!),
    longOffsets: viewOf(head!).getInt16(HEAD_INDEX_TO_LOC_FORMAT) === 1,
    numberOfMetrics: viewOf(hhea!).getUint16(HHEA_NUMBER_OF_METRICS),
    hinting: hintingTags.map((tag, i) => ({ tag, data: hinting[i]! })),
  };
}

const tagName = (tag: number): string => String.fromCharCode(tag >>> 24, (tag >>> 16) & 0xff, (tag >>> 8) & 0xff, tag & 0xff);

/**
 * A subset of a TrueType font: glyphs included get new ids in the order included (.notdef first),
 * the components of composite glyphs after them, as they are met. `encode` writes it as a font
 * file (sfntOf).
 */
export class TrueTypeSubset implements GlyphSubset {
  /** The font's glyph ids, in the order of their new ids. */
  readonly glyphs: number[] = [];
  private readonly newIds = new Map<number, number>();

  constructor(private readonly bytes: FontBytes) {
    this.includeGlyph(0);
  }

  includeGlyph(glyphId: number): number {
    let newId = this.newIds.get(glyphId);
    if (newId === undefined) {
      newId = this.glyphs.push(glyphId) - 1;
      this.newIds.set(glyphId, newId);
    }
    return newId;
  }

  /** The subset's font file. */
  encode(): Uint8Array {
    return sfntOf(this.tables());
  }

  /** The subset's tables: contents as fontkit's TTFSubset writes them. */
  private tables(): SfntTable[] {
    const font = readTables(this.bytes);
    const glyfOffset = font.directory.get(TAG.glyf)?.offset;
    if (glyfOffset === undefined) throw new Error('the font has no glyf table');
    const locaAt = (id: number): number => (font.longOffsets ? font.loca.getUint32(4 * id) : 2 * font.loca.getUint16(2 * id));
    const outlines = new Map<number, Uint8Array>();
    const readOutlines = (ids: readonly number[]): void => {
      const spans: { start: number; end: number; ids: number[] }[] = [];
      for (const id of [...ids].sort((a, b) => a - b)) {
        const start = locaAt(id);
        const end = locaAt(id + 1);
        const last = spans[spans.length - 1];
        if (last && start >= last.end && start - last.end <= READ_GAP) {
          last.end = Math.max(last.end, end);
          last.ids.push(id);
        } else spans.push({ start, end, ids: [id] });
      }
      const read = this.bytes.read(spans.map(({ start, end }) => [glyfOffset + start, end - start]));
      spans.forEach((span, i) => {
        for (const id of span.ids) outlines.set(id, read[i]!.subarray(locaAt(id) - span.start, locaAt(id + 1) - span.start));
      });
    };
    readOutlines(this.glyphs);

    const glyphData: Uint8Array[] = [];
    // Not a for-of over a copy: components add glyphs to the end as they are met.
    for (let i = 0; i < this.glyphs.length; i++) {
      const id = this.glyphs[i]!;
      if (!outlines.has(id)) readOutlines([id]);
      glyphData.push(this.renumberComponents(outlines.get(id)!));
    }

    const count = this.glyphs.length;
    const loca = new DataView(new ArrayBuffer((count + 1) * (font.longOffsets ? 4 : 2)));
    const hmtx = new DataView(new ArrayBuffer(count * 4));
    let offset = 0;
    const lastAdvance = font.hmtx.getUint16(4 * (font.numberOfMetrics - 1));
    this.glyphs.forEach((id, newId) => {
      if (font.longOffsets) loca.setUint32(4 * newId, offset);
      else loca.setUint16(2 * newId, offset / 2);
      offset += glyphData[newId]!.length;
      // Glyphs past the last full metric share its advance and have their own left side bearing.
      const full = id < font.numberOfMetrics;
      hmtx.setUint16(4 * newId, full ? font.hmtx.getUint16(4 * id) : lastAdvance);
      hmtx.setInt16(4 * newId + 2, full ? font.hmtx.getInt16(4 * id + 2) : font.hmtx.getInt16(4 * font.numberOfMetrics + 2 * (id - font.numberOfMetrics)));
    });
    if (font.longOffsets) loca.setUint32(4 * count, offset);
    else loca.setUint16(2 * count, offset / 2);

    const glyf = new Uint8Array(offset);
    let at = 0;
    for (const data of glyphData) {
      glyf.set(data, at);
      at += data.length;
    }
    const withField = (table: Uint8Array, fieldOffset: number, value: number): Uint8Array => {
      const copy = new Uint8Array(table);
      viewOf(copy).setUint16(fieldOffset, value);
      return copy;
    };
    return [
      { tag: TAG.head, data: font.head },
      { tag: TAG.hhea, data: withField(font.hhea, HHEA_NUMBER_OF_METRICS, count) },
      { tag: TAG.loca, data: new Uint8Array(loca.buffer) },
      { tag: TAG.maxp, data: withField(font.maxp, MAXP_NUM_GLYPHS, count) },
      ...font.hinting,
      { tag: TAG.glyf, data: glyf },
      { tag: TAG.hmtx, data: new Uint8Array(hmtx.buffer) },
    ];
  }

  /** A composite glyph's bytes with its components' ids replaced by their ids in the subset (including them); a simple glyph's as they are. */
  private renumberComponents(outline: Uint8Array): Uint8Array {
    if (outline.length === 0 || viewOf(outline).getInt16(0) >= 0) return outline;
    const copy = new Uint8Array(outline);
    const view = viewOf(copy);
    let position = 10; // after numberOfContours and the bounding box
    for (;;) {
      const flags = view.getUint16(position);
      view.setUint16(position + 2, this.includeGlyph(view.getUint16(position + 2)));
      position += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
      if (flags & WE_HAVE_A_SCALE) position += 2;
      else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) position += 4;
      else if (flags & WE_HAVE_A_TWO_BY_TWO) position += 8;
      if (!(flags & MORE_COMPONENTS)) return copy;
    }
  }
}
