/**
 * The TrueType programs the PDF embeds (FontFile2), made to pass strict checks. fontkit's subsetter,
 * which pdfkit uses, writes every table checksum and head.checkSumAdjustment as zero, leaves tables
 * unpadded (so the next one starts off a 4-byte boundary) and pdfkit gives the stream no /Length1,
 * which ISO 32000-1 Table 127 requires. Renderers do not mind; preflight tools call such fonts damaged.
 */
import { deflateSync } from 'node:zlib';
import type { Font } from 'fontkit';
import type PDFDocument from 'pdfkit';
import { cacheKey, installedVersion, keptOnDisk, ownCode, remembering } from '../../cache/disk.js';
import { fontDigest } from '../../cache/fonts.js';
import { cidFontParts, glyphsUsedBy, type GlyphSubset } from './cid-font.js';
import { fileOf } from './shaping.js';

const HEADER = 12;
const RECORD = 16;
/** Offset of checkSumAdjustment in the head table. */
const CHECKSUM_ADJUSTMENT = 8;
/** What the whole font's checksum must come to once checkSumAdjustment is in (OpenType, head table). */
const CHECKSUM_MAGIC = 0xb1b0afba;

const align4 = (n: number): number => (n + 3) & ~3;

/** The OpenType checksum: the sum of big-endian 32-bit words, the last one padded with zeros. */
export function sfntChecksum(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sum = 0;
  const whole = bytes.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  let tail = 0;
  for (let i = whole; i < bytes.length; i++) tail |= (bytes[i] ?? 0) << (24 - 8 * (i - whole));
  return (sum + (tail >>> 0)) >>> 0;
}

/**
 * The same font with its table directory sorted by tag, each table starting on a 4-byte boundary
 * and padded with zeros, the directory's search fields, every table checksum and
 * head.checkSumAdjustment computed. Table contents are unchanged.
 */
export function validSfnt(font: Uint8Array): Uint8Array {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const count = view.getUint16(4);
  const tables = Array.from({ length: count }, (_, i) => {
    const record = HEADER + i * RECORD;
    const offset = view.getUint32(record + 8);
    return { tag: view.getUint32(record), data: font.subarray(offset, offset + view.getUint32(record + 12)) };
  }).sort((a, b) => a.tag - b.tag);

  const directory = HEADER + count * RECORD;
  const size = tables.reduce((end, table) => end + align4(table.data.length), directory);
  const out = new Uint8Array(size);
  const write = new DataView(out.buffer);
  const power = 2 ** Math.floor(Math.log2(Math.max(1, count)));
  write.setUint32(0, view.getUint32(0)); // sfnt version
  write.setUint16(4, count);
  write.setUint16(6, power * RECORD); // searchRange
  write.setUint16(8, Math.log2(power)); // entrySelector
  write.setUint16(10, count * RECORD - power * RECORD); // rangeShift
  let offset = directory;
  let headOffset = -1;
  tables.forEach(({ tag, data }, i) => {
    out.set(data, offset);
    if (tag === HEAD) {
      headOffset = offset;
      write.setUint32(offset + CHECKSUM_ADJUSTMENT, 0); // the table's checksum is taken with it zeroed
    }
    const record = HEADER + i * RECORD;
    write.setUint32(record, tag);
    write.setUint32(record + 4, sfntChecksum(out.subarray(offset, offset + data.length)));
    write.setUint32(record + 8, offset);
    write.setUint32(record + 12, data.length);
    offset += align4(data.length);
  });
  if (headOffset >= 0) write.setUint32(headOffset + CHECKSUM_ADJUSTMENT, (CHECKSUM_MAGIC - sfntChecksum(out)) >>> 0);
  return out;
}

const HEAD = 0x68656164; // 'head'

type Doc = InstanceType<typeof PDFDocument>;
type Reference = ReturnType<Doc['ref']>;

/** pdfkit's EmbeddedFont, as far as embedding it goes (not in its type definitions). */
interface EmbeddedFont {
  embed(): void;
  toUnicodeCmap(): Reference;
  readonly font: Font;
  /** Its glyph widths by its own codes; the first, .notdef's, is the only one read here. */
  readonly widths: readonly number[];
  /** fontkit's subset: the glyph ids it holds, in the order of their new ids. */
  subset: FontSubset;
}

interface FontSubset extends GlyphSubset {
  encode(): Uint8Array;
  readonly cff?: unknown;
  readonly glyphs: readonly number[];
}

const isEmbeddedTrueType = (font: unknown): font is EmbeddedFont =>
  typeof font === 'object' && font !== null && 'subset' in font && 'embed' in font && (font as EmbeddedFont).subset.cff == null;

/** A FontFile2 stream's contents: the program deflated, and its own length, /Length1. */
interface StoredProgram {
  readonly deflated: Uint8Array;
  readonly length: number;
}

/** Deflated programs kept in this process: up to four faces in the report (both editions embed the same), two in the handout. */
const REMEMBERED_PROGRAMS = 8;
const programs = new Map<string, StoredProgram>();
let programKeyParts: readonly (string | Uint8Array)[] | undefined;

/**
 * Everything a stored program is made from besides the font and its glyphs: fontkit (the subsetter),
 * zlib (the deflater) and this module's own code (validSfnt), so that a change to any of them never
 * reuses a program made before it.
 */
function keyParts(): readonly (string | Uint8Array)[] {
  programKeyParts ??= ['pdf font program', installedVersion('fontkit'), process.versions.zlib ?? '', ...ownCode(['render/pdf/font-program'])];
  return programKeyParts;
}

/** Stored as the program's length (4 bytes, big-endian) and the deflated program. */
function storedProgram(font: EmbeddedFont, encode: () => Uint8Array): StoredProgram {
  const key = cacheKey(...keyParts(), fontDigest(fileOf(font.font)), font.subset.glyphs.join(','));
  const known = remembering() ? programs.get(key) : undefined;
  if (known) {
    // Least recently used first out: the entry moves to the end.
    programs.delete(key);
    programs.set(key, known);
    return known;
  }
  const stored = keptOnDisk('pdf-font-programs', key, () => {
    const program = validSfnt(encode());
    const deflated = deflateSync(program);
    const entry = new Uint8Array(4 + deflated.length);
    new DataView(entry.buffer).setUint32(0, program.length);
    entry.set(deflated, 4);
    return entry;
  });
  const program = { deflated: stored.subarray(4), length: new DataView(stored.buffer, stored.byteOffset, stored.byteLength).getUint32(0) };
  if (!remembering()) return program;
  programs.set(key, program);
  if (programs.size > REMEMBERED_PROGRAMS) programs.delete(programs.keys().next().value!);
  return program;
}

/**
 * Call before `doc.end()`: each TrueType font the document used embeds the glyphs it drew, coded by
 * their own ids (cid-font.ts), and a valid program, with /Length1. pdfkit's `embed` makes the
 * program's stream first and then encodes the subset into it, so the reference made last before
 * encoding is the program's; the CID font's dictionary gets the document's /W and a /CIDToGIDMap
 * stream, and the ToUnicode CMap is the document's. A compressed document's program is deflated
 * once for a font and set of glyphs, kept in this process and on disk (cache/disk.ts): the subset
 * is then not even encoded.
 */
export function embedValidFontPrograms(doc: Doc): void {
  const fonts = new Set(Object.values((doc as unknown as { _fontFamilies: Record<string, unknown> })._fontFamilies));
  for (const font of fonts) {
    if (!isEmbeddedTrueType(font)) continue;
    const embed = font.embed.bind(font);
    font.embed = () => {
      const subset = font.font.createSubset() as unknown as FontSubset;
      const parts = cidFontParts(glyphsUsedBy(font), font.widths[0] ?? 0, subset);
      font.subset = subset;
      const encode = subset.encode.bind(subset);
      const ref = doc.ref;
      let program: (Reference & { compress: boolean }) | undefined;
      doc.ref = (data: Parameters<Doc['ref']>[0]): Reference => {
        program = ref.call(doc, data) as Reference & { compress: boolean };
        const dictionary = data as Record<string, unknown> | undefined;
        if (dictionary?.Subtype === 'CIDFontType2') {
          dictionary.W = parts.widths;
          const cidToGid = ref.call(doc, {});
          cidToGid.end(Buffer.from(parts.cidToGid));
          dictionary.CIDToGIDMap = cidToGid;
        }
        return program;
      };
      font.toUnicodeCmap = (): Reference => {
        const cmap = ref.call(doc, {});
        cmap.end(parts.toUnicode);
        return cmap;
      };
      subset.encode = (): Uint8Array => {
        const stream = program!;
        const data = stream.data as Record<string, unknown>;
        if (!stream.compress) {
          const bytes = validSfnt(encode());
          data.Length1 = bytes.length;
          return bytes;
        }
        const { deflated, length } = storedProgram(font, encode);
        // Already deflated: pdfkit writes it as it is, its dictionary's keys in pdfkit's own order.
        data.Length1 = length;
        data.Length = 0;
        data.Filter = 'FlateDecode';
        stream.compress = false;
        return deflated;
      };
      try {
        embed();
      } finally {
        doc.ref = ref;
      }
    };
  }
}
