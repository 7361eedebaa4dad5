/**
 * A face as the PDF's font dictionaries see it. pdfkit's EmbeddedFont reads a handful of numbers
 * from a fontkit font (its name, metrics, bounding box, style flags) and, to embed it, its subset;
 * a fontkit font is the whole file read and parsed, 10–17 MB for a CJK face. Here those numbers
 * are kept on disk per font file (by its digest) and the subset is made from the byte ranges it
 * needs (truetype-subset.ts), so a face whose texts are all shaped already (shaping.ts) is
 * embedded without its file being read whole, or parsed.
 */
import type { Font } from 'fontkit';
import { cacheKey, installedVersion, keptOnDisk, ownCode, remembering } from '../../cache/disk.js';
import { fontDigest } from '../../cache/fonts.js';
import type { FontFace } from '../../layout/text/index.js';
import { fileOf } from './shaping.js';
import { bytesInMemory, TrueTypeSubset, type FontBytes } from './truetype-subset.js';

/** What pdfkit's EmbeddedFont reads of a fontkit font to write the font's dictionaries, in font units and fontkit's names. */
interface DictionaryFacts {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly xHeight: number;
  readonly capHeight: number;
  readonly italicAngle: number;
  readonly bbox: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number };
  readonly 'OS/2': { readonly sFamilyClass: number };
  readonly post: { readonly isFixedPitch: boolean };
  readonly head: { readonly macStyle: { readonly italic: boolean } };
  /** .notdef's advance (what `getGlyph(0)` gives without the font). */
  readonly notdefAdvance: number;
}

function factsOf(font: Font): DictionaryFacts {
  const { bbox } = font;
  const internals = font as unknown as { 'OS/2'?: { sFamilyClass?: number }; post: { isFixedPitch: number }; head: { macStyle: { italic: boolean } } };
  return {
    postscriptName: font.postscriptName,
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    lineGap: font.lineGap,
    xHeight: font.xHeight,
    capHeight: font.capHeight,
    italicAngle: font.italicAngle,
    bbox: { minX: bbox.minX, minY: bbox.minY, maxX: bbox.maxX, maxY: bbox.maxY },
    'OS/2': { sFamilyClass: internals['OS/2']?.sFamilyClass ?? 0 },
    post: { isFixedPitch: Boolean(internals.post.isFixedPitch) },
    head: { macStyle: { italic: internals.head.macStyle.italic } },
    notdefAdvance: font.getGlyph(0).advanceWidth,
  };
}

/** A face whose file can be read in pieces (a loaded face, load/fonts.ts). */
interface RangeReadable {
  readRanges(ranges: readonly (readonly [number, number])[]): Uint8Array[];
}
const readsRanges = (face: FontFace): face is FontFace & RangeReadable => typeof (face as Partial<RangeReadable>).readRanges === 'function';

/** The digest of the face's bytes: known without reading them for a loaded face. */
const digestOf = (face: FontFace): string => face.digest ?? fontDigest(fileOf(face.font));

let factKeyParts: readonly (string | Uint8Array)[] | undefined;
const factsKey = (digest: string): string =>
  cacheKey(...(factKeyParts ??= ['pdf font facts', installedVersion('fontkit'), ...ownCode(['render/pdf/pdf-font'])]), digest);

/** The face's facts: kept on disk by its digest, worked out from the opened font when no build kept them (or caching is off). */
function dictionaryFacts(face: FontFace): DictionaryFacts {
  if (!remembering()) return factsOf(face.font);
  const kept = keptOnDisk('pdf-font-facts', factsKey(digestOf(face)), () => Buffer.from(JSON.stringify(factsOf(face.font)), 'utf8'));
  return JSON.parse(Buffer.from(kept).toString('utf8')) as DictionaryFacts;
}

// A PdfFont carries the facts as its own fields, under the names pdfkit reads (declaration merging).
export interface PdfFont extends DictionaryFacts {}
/**
 * The face as pdfkit takes a font (what `PDFFontFactory.open` and EmbeddedFont read of a fontkit
 * font, with fontkit's names): its facts, its subsets made from its bytes, and shaping, which only
 * pdfkit's own text functions ask for, by the face's opened font.
 */
export class PdfFont {
  constructor(readonly face: FontFace) {
    Object.assign(this, dictionaryFacts(face));
  }

  /** What pdfkit compares when two registered fonts have the same name: the same digest is the same file. */
  get _tables(): { readonly head: { readonly checkSumAdjustment: string } } {
    return { head: { checkSumAdjustment: this.digest } };
  }

  /** The digest of its bytes, which names it in the keys of the cache. */
  get digest(): string {
    return digestOf(this.face);
  }

  /** The face's bytes: read from its file in pieces unless they are in memory. */
  get bytes(): FontBytes {
    const { face } = this;
    return readsRanges(face) ? { read: (ranges) => face.readRanges(ranges) } : bytesInMemory(face.data ?? fileOf(face.font));
  }

  createSubset(): TrueTypeSubset {
    return new TrueTypeSubset(this.bytes);
  }

  getGlyph(id: number): { readonly advanceWidth: number } {
    return id === 0 ? { advanceWidth: this.notdefAdvance } : this.face.font.getGlyph(id);
  }

  layout(...args: Parameters<Font['layout']>): ReturnType<Font['layout']> {
    return this.face.font.layout(...args);
  }
}

/** The face's PdfFont, one per face in a process where caching is on (its facts then read once). */
const pdfFonts = new WeakMap<FontFace, PdfFont>();
export function pdfFontOf(face: FontFace): PdfFont {
  if (!remembering()) return new PdfFont(face);
  let font = pdfFonts.get(face);
  if (!font) pdfFonts.set(face, (font = new PdfFont(face)));
  return font;
}
