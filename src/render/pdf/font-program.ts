/**
 * The TrueType programs the PDF embeds (FontFile2): each face's subset made by our own subsetter
 * (truetype-subset.ts) from the face's bytes, a font file that passes strict checks, with the
 * /Length1 ISO 32000-1 Table 127 requires (pdfkit writes none), and the CID font's glyphs coded by
 * their own ids (cid-font.ts).
 */
import { deflateSync } from 'node:zlib';
import type PDFDocument from 'pdfkit';
import { cacheKey, keptOnDisk, ownCode, remembering } from '../../cache/disk.js';
import { cidFontParts, glyphsUsedBy } from './cid-font.js';
import { PdfFont } from './pdf-font.js';
import type { TrueTypeSubset } from './truetype-subset.js';

type Doc = InstanceType<typeof PDFDocument>;
type Reference = ReturnType<Doc['ref']>;

/** pdfkit's EmbeddedFont of one of our faces, as far as embedding it goes (not in its type definitions). */
interface EmbeddedFont {
  embed(): void;
  toUnicodeCmap(): Reference;
  readonly font: PdfFont;
  /** Its glyph widths by its own codes; the first, .notdef's, is the only one read here. */
  readonly widths: readonly number[];
  /** What its `embed` writes as the font program. */
  subset: { encode(): Uint8Array };
}

const isEmbeddedFace = (font: unknown): font is EmbeddedFont => typeof font === 'object' && font !== null && 'embed' in font && (font as EmbeddedFont).font instanceof PdfFont;

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
 * Everything a stored program is made from besides the font and its glyphs: the subsetter, zlib
 * (the deflater) and this module's own code, so that a change to any of them never reuses a
 * program made before it.
 */
function keyParts(): readonly (string | Uint8Array)[] {
  programKeyParts ??= ['pdf font program', process.versions.zlib ?? '', ...ownCode(['render/pdf/font-program', 'render/pdf/truetype-subset'])];
  return programKeyParts;
}

/** The program deflated. */
function deflatedProgram(subset: TrueTypeSubset): StoredProgram {
  const program = subset.encode();
  return { deflated: deflateSync(program), length: program.length };
}

/** Stored as the program's length (4 bytes, big-endian) and the deflated program. */
function storedProgram(font: PdfFont, subset: TrueTypeSubset): StoredProgram {
  if (!remembering()) return deflatedProgram(subset);
  const key = cacheKey(...keyParts(), font.digest, subset.glyphs.join(','));
  const known = programs.get(key);
  if (known) {
    // Least recently used first out: the entry moves to the end.
    programs.delete(key);
    programs.set(key, known);
    return known;
  }
  const stored = keptOnDisk('pdf-font-programs', key, () => {
    const { deflated, length } = deflatedProgram(subset);
    const entry = new Uint8Array(4 + deflated.length);
    new DataView(entry.buffer).setUint32(0, length);
    entry.set(deflated, 4);
    return entry;
  });
  const program = { deflated: stored.subarray(4), length: new DataView(stored.buffer, stored.byteOffset, stored.byteLength).getUint32(0) };
  programs.set(key, program);
  if (programs.size > REMEMBERED_PROGRAMS) programs.delete(programs.keys().next().value!);
  return program;
}

/**
 * Call before `doc.end()`: each of our faces the document used embeds the glyphs it drew, coded by
 * their own ids (cid-font.ts), as a valid program with /Length1. pdfkit's `embed` makes the
 * program's stream first and then asks its subset for the program, so the reference made last
 * before that is the program's; the CID font's dictionary gets the document's /W and a
 * /CIDToGIDMap stream, and the ToUnicode CMap is the document's. A compressed document's program
 * is deflated once for a font and set of glyphs, kept in this process and on disk
 * (cache/disk.ts): the subset is then not even made.
 */
export function embedValidFontPrograms(doc: Doc): void {
  const fonts = new Set(Object.values((doc as unknown as { _fontFamilies: Record<string, unknown> })._fontFamilies));
  for (const font of fonts) {
    if (!isEmbeddedFace(font)) continue;
    const embed = font.embed.bind(font);
    font.embed = () => {
      const subset = font.font.createSubset();
      const parts = cidFontParts(glyphsUsedBy(font), font.widths[0] ?? 0, subset);
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
      font.subset = {
        encode: (): Uint8Array => {
          const stream = program!;
          const data = stream.data as Record<string, unknown>;
          if (!stream.compress) {
            const bytes = subset.encode();
            data.Length1 = bytes.length;
            return bytes;
          }
          const { deflated, length } = storedProgram(font.font, subset);
          // Already deflated: pdfkit writes it as it is, its dictionary's keys in pdfkit's own order.
          data.Length1 = length;
          data.Length = 0;
          data.Filter = 'FlateDecode';
          stream.compress = false;
          return deflated;
        },
      };
      try {
        embed();
      } finally {
        doc.ref = ref;
      }
    };
  }
}
