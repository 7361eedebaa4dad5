/**
 * The TrueType programs the PDF embeds (FontFile2): each face's subset made by our own subsetter
 * (truetype-subset.ts) from the face's bytes, a font file that passes strict checks, with the
 * /Length1 ISO 32000-1 Table 127 requires (pdfkit writes none), and the CID font's glyphs coded by
 * their own ids (cid-font.ts).
 */
import { deflateSync } from 'node:zlib';
import type PDFDocument from 'pdfkit';
import { cacheKey, keptOnDisk, ownCode, packRecords, remembering, unpackRecords } from '../../cache/disk.js';
import { memo } from '../../cache/memo.js';
import { cidWidths, drawnCids, glyphsUsedBy, includeInSubset, mappedGlyphsKey, toUnicodeCmap, type UsedGlyph } from './cid-font.js';
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
const programs = memo<StoredProgram>(REMEMBERED_PROGRAMS);

/** What every entry these stores keep is made with: zlib (the deflater) and this module's code, with `what` and its own makers. */
const codeKeyParts = (what: string, makers: readonly string[]): readonly (string | Uint8Array)[] => [what, process.versions.zlib ?? '', ...ownCode(['render/pdf/font-program', ...makers])];

/**
 * Everything a stored program is made from besides the font and its glyphs: the subsetter, zlib
 * and this module's own code, so that a change to any of them never reuses a program made before it.
 */
let programKeyParts: readonly (string | Uint8Array)[] | undefined;
const programKey = (font: PdfFont, subset: TrueTypeSubset): string =>
  cacheKey(...(programKeyParts ??= codeKeyParts('pdf font program', ['render/pdf/truetype-subset'])), font.digest, subset.glyphs.join(','));

/** The program deflated. */
function deflatedProgram(subset: TrueTypeSubset): StoredProgram {
  const program = subset.encode();
  return { deflated: deflateSync(program), length: program.length };
}

/** Stored as the program's length (4 bytes, big-endian) and the deflated program. */
function storedProgram(font: PdfFont, subset: TrueTypeSubset): StoredProgram {
  if (!remembering()) return deflatedProgram(subset);
  const key = programKey(font, subset);
  return programs(key, () => {
    const stored = keptOnDisk('pdf-font-programs', key, () => {
      const { deflated, length } = deflatedProgram(subset);
      const entry = new Uint8Array(4 + deflated.length);
      new DataView(entry.buffer).setUint32(0, length);
      entry.set(deflated, 4);
      return entry;
    });
    return { deflated: stored.subarray(4), length: new DataView(stored.buffer, stored.byteOffset, stored.byteLength).getUint32(0) };
  });
}

/** A CID font's streams that map its CIDs, deflated: the /CIDToGIDMap and the ToUnicode CMap. */
interface DeflatedMaps {
  readonly cidToGid: Uint8Array;
  readonly toUnicode: Uint8Array;
}

/** Maps kept in this process: a few faces' in a report and a handout, and the build before's. */
const REMEMBERED_MAPS = 8;
const maps = memo<DeflatedMaps>(REMEMBERED_MAPS);
let mapKeyParts: readonly (string | Uint8Array)[] | undefined;

/**
 * The font's map streams deflated, as pdfkit would write them (a string as its bytes and a
 * newline): kept in this process and on disk by the glyphs they map and their characters, so
 * that a build drawing the glyphs of a build before neither makes nor deflates them.
 */
function deflatedMaps(used: ReadonlyMap<number, UsedGlyph>, cids: readonly number[], cidToGid: Uint8Array): DeflatedMaps {
  // The /CIDToGIDMap holds the subset's numbering of the glyphs, which truetype-subset gives.
  const key = cacheKey(...(mapKeyParts ??= codeKeyParts('pdf font maps', ['render/pdf/cid-font', 'render/pdf/truetype-subset'])), mappedGlyphsKey(used, cids));
  return maps(key, () => {
    const kept = keptOnDisk('pdf-font-maps', key, () =>
      packRecords([[deflateSync(cidToGid), deflateSync(Buffer.from(`${toUnicodeCmap(used, cids)}\n`, 'latin1'))]], 2),
    );
    const [[deflatedCidToGid, deflatedToUnicode]] = unpackRecords(Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength), 2) as [[Buffer, Buffer]];
    return { cidToGid: deflatedCidToGid, toUnicode: deflatedToUnicode };
  });
}

/** Ends `stream` (pdfkit's, deflating) with bytes deflated already, its dictionary as pdfkit's deflating would write it (/Length, then /Filter). */
function endDeflated(stream: Reference, deflated: Uint8Array): void {
  stream.compress = false;
  Object.assign(stream.data, { Length: 0, Filter: 'FlateDecode' });
  stream.end(Buffer.from(deflated.buffer, deflated.byteOffset, deflated.byteLength));
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
      const used = glyphsUsedBy(font);
      const cids = drawnCids(used);
      const cidToGid = includeInSubset(cids, subset);
      // A document deflating its streams (and caching) gets the maps deflated as kept; others make them.
      const deflated = doc.compress && remembering() ? deflatedMaps(used, cids, cidToGid) : undefined;
      const ref = doc.ref;
      let program: (Reference & { compress: boolean }) | undefined;
      doc.ref = (data: Parameters<Doc['ref']>[0]): Reference => {
        program = ref.call(doc, data) as Reference & { compress: boolean };
        const dictionary = data as Record<string, unknown> | undefined;
        if (dictionary?.Subtype === 'CIDFontType2') {
          dictionary.W = cidWidths(used, cids, font.widths[0] ?? 0);
          const map = ref.call(doc, {});
          if (deflated) endDeflated(map, deflated.cidToGid);
          else map.end(Buffer.from(cidToGid));
          dictionary.CIDToGIDMap = map;
        }
        return program;
      };
      font.toUnicodeCmap = (): Reference => {
        const cmap = ref.call(doc, {});
        if (deflated) endDeflated(cmap, deflated.toUnicode);
        else cmap.end(toUnicodeCmap(used, cids));
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
