/**
 * A pdfkit document as every PDF jianbao writes starts: its metadata cleaned of what XML cannot
 * carry, dated only when the build has a date, its file ID derived from the input (and the
 * edition), the given faces registered, and its bytes collected with subset tags derived from the
 * subsets (subset-tags.ts). The report's editions and the slides' handout open theirs here, and
 * draw the text engine's runs the same way.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { FontFace, PlacedRun } from '../../layout/text/index.js';
import type { DocumentMeta } from '../../model/document.js';
import { deflateRemembered } from './deflate.js';
import { embedValidFontPrograms } from './font-program.js';
import { drawGlyphs, type GlyphText } from './glyphs.js';
import { pdfFontOf } from './pdf-font.js';
import type { PageRecipe } from './recipe.js';
import { keepShapedOnDisk, keepShapesOf } from './shaping.js';
import { retagSubsets } from './subset-tags.js';
import { xmlSafe } from './xmp.js';

export type Doc = InstanceType<typeof PDFDocument>;

export const PRODUCER = 'jianbao (pdfkit)';
export const CREATOR = 'jianbao';

export interface PdfStart {
  readonly meta: DocumentMeta;
  /** Seed of the document ID, so the same input gives the same bytes. */
  readonly identity: string;
  /** Which file of that input this is (`standard`, `print`, `slides`): each gets its own ID. */
  readonly edition: string;
  /** Size of the first and default page, points. */
  readonly size: readonly [number, number];
  readonly pdfVersion: '1.6' | '1.7';
  readonly compress: boolean;
  /** Entries of the document information dictionary besides the metadata's. */
  readonly info?: Readonly<Record<string, unknown>>;
  readonly faces: readonly FontFace[];
}

export interface OpenedPdf {
  readonly doc: Doc;
  /** The metadata as the document carries it (what XML cannot carry dropped): the XMP must say the same. */
  readonly meta: DocumentMeta;
  /** Ends the document once everything is drawn: its fonts embedded with valid programs, and the file's bytes. */
  finish(): Promise<Buffer>;
}

export function openPdf(start: PdfStart): OpenedPdf {
  // What XML cannot carry is dropped from the info dictionary too, so that it and the XMP agree.
  const meta: DocumentMeta = {
    ...start.meta,
    title: xmlSafe(start.meta.title),
    author: xmlSafe(start.meta.author),
    subject: xmlSafe(start.meta.subject),
    keywords: start.meta.keywords.map(xmlSafe),
  };
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: [...start.size],
    margin: 0,
    pdfVersion: start.pdfVersion,
    lang: meta.lang,
    tagged: true,
    displayTitle: true,
    compress: start.compress,
    // No default font: pdfkit would parse Helvetica's metrics for every document, which draws none.
    font: null as unknown as string,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Keywords: meta.keywords.join(', '),
      Creator: CREATOR,
      Producer: PRODUCER,
      ...(meta.date ? { CreationDate: meta.date, ModDate: meta.date } : {}),
      ...start.info,
    },
  });
  deflateRemembered(doc);
  inByteOrder(doc);
  // pdfkit stamps the clock as CreationDate when given none; a document without a date carries none.
  if (!meta.date) delete (doc.info as { CreationDate?: Date }).CreationDate;
  // pdfkit derives the file ID from the clock; derive it from the input (and the edition) instead.
  (doc as unknown as { _id: Buffer })._id = createHash('md5').update(start.identity).update(`:${start.edition}`).digest();
  // pdfkit takes an object with fontkit's names for a font too (its types do not say so): a face
  // whose numbers are known is embedded without its file being read whole (pdf-font.ts).
  for (const face of start.faces) doc.registerFont(face.key, pdfFontOf(face) as unknown as Buffer);
  const bytes = new Promise<Buffer>((resolve) => collectBytes(doc, resolve)).then((file) => retagSubsets(file, start.identity));
  const shapes = keepShapesOf(doc, start.edition, start.faces);
  const finish = (): Promise<Buffer> => {
    if (shapes) keepShapedOnDisk(shapes);
    embedValidFontPrograms(doc);
    doc.end();
    return bytes;
  };
  return { doc, meta, finish };
}

/** pdfkit's document as the stream of its bytes (not in its type definitions). */
interface ByteStream {
  /** Writes one piece of the file: bytes as they are, a string as its UTF-16 units' low bytes and a newline. */
  _write(data: Uint8Array | string): void;
  /** Where the next piece goes in the file (the cross-reference table's offsets). */
  _offset: number;
  /** Readable's: pdfkit pushes each piece, and null once the file is whole. */
  push(chunk: Uint8Array | null): boolean;
  read(): Buffer | null;
}

/**
 * Collects the file's pieces as pdfkit writes them, and hands over its bytes when it ends. pdfkit
 * writes a file in thousands of pieces (three or more for each object), and sending each through
 * its Readable stream (push, and later a 'data' event) costs more than making it; it turns each
 * string into bytes one unit at a time in JavaScript. Here the strings written one after another
 * are joined and turned into bytes at once by Buffer's latin1: the same low bytes.
 */
function collectBytes(doc: Doc, done: (file: Buffer) => void): void {
  const stream = doc as unknown as ByteStream;
  // What pdfkit wrote while it was made (the header) waits in the stream's buffer.
  const pieces: Uint8Array[] = [stream.read() ?? Buffer.alloc(0)];
  let text = '';
  const addText = (): void => {
    if (text === '') return;
    pieces.push(Buffer.from(text, 'latin1'));
    text = '';
  };
  stream._write = (data) => {
    if (data instanceof Uint8Array) {
      addText();
      pieces.push(data);
      stream._offset += data.length;
    } else {
      const line = `${data}\n`;
      text += line;
      // One byte a UTF-16 unit.
      stream._offset += line.length;
    }
  };
  stream.push = (chunk) => {
    addText();
    if (chunk === null) done(Buffer.concat(pieces));
    else pieces.push(chunk);
    return true;
  };
}

/**
 * Named destinations sorted as ISO 32000-1 (7.9.6) orders a name tree's keys: by their bytes.
 * pdfkit sorts them with localeCompare, a locale's collation, which differs from byte order (it
 * puts "a" before "B") and makes a fresh process build ICU's collator, ~25 ms, to sort a few dozen.
 */
function inByteOrder(doc: Doc): void {
  const names = (doc as unknown as { _root: { data: { Names: { data: { Dests: { _compareKeys(a: string, b: string): number } } } } } })._root.data.Names.data.Dests;
  names._compareKeys = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
}

/** Draws `text` as drawGlyphs does, writing down in the page's `recipe` the font and glyphs it registers. */
export function drawGlyphsRecorded(doc: Doc, recipe: PageRecipe, text: string, style: GlyphText, left: number, baseline: number): void {
  // Empty text selects no font.
  if (text === '') return;
  recipe.glyphs(style.face, drawGlyphs(doc, text, style, left, baseline));
}

/** A run from the text engine at `left + run.x` on `baseline`, in the fill colour set, its glyphs as measured (and written down in `recipe`). */
export function drawRunRecorded(doc: Doc, recipe: PageRecipe, run: PlacedRun, left: number, baseline: number): void {
  drawGlyphsRecorded(doc, recipe, run.text, { face: run.style.face, size: run.style.size, letterSpacing: run.letterSpacing, features: run.features }, left + run.x, baseline);
}
