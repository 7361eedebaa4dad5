/** load: the theme's fonts, from the project folder or an installed npm package, opened with fontkit. */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { cacheKey, installedVersion, knownDigest, ownCode, readCached, remembering, writeCached } from '../cache/disk.js';
import { fontDigest, rememberFontWork, type DigestedFont } from '../cache/fonts.js';
import { DiagnosticError } from '../model/diagnostic.js';
import type { FontRole, Theme } from '../model/theme.js';
import type { FontFace } from '../layout/text/types.js';
import { fileIdentity, readBounded, readRanges as readRangesInPlace, readRangesInto, realPathInside, UnreadableFile } from './read.js';

/**
 * A face as loaded: bytes for embedding, a fontkit font for measuring, both read on first use (a
 * build whose work is all kept on disk reads no font; a font whose digest is known reads only the
 * pieces of the file fontkit reads, sparseFont), and the digest of the bytes that names it
 * in the keys of that work (cache/fonts.ts, fontDigest), known without reading them.
 */
export interface LoadedFace extends FontFace, DigestedFont {
  readonly digest: string;
  readonly family: string;
  readonly bold: boolean;
  readonly data: Buffer;
  readonly file: string;
  /** Whether the font has a glyph for the code point (fontkit's hasGlyphForCodePoint), answered without opening it. */
  hasGlyph(codePoint: number): boolean;
  /** The bytes at each [offset, length]: from `data` once read, else read from the file in place. */
  readRanges(ranges: readonly (readonly [number, number])[]): Uint8Array[];
  /** Whether `font` was opened (what was shaped with it is then worth keeping). */
  readonly opened: boolean;
}

export type FontSet = Readonly<Record<FontRole, { readonly regular: LoadedFace; readonly bold: LoadedFace }>>;

const require = createRequire(import.meta.url);

/** CJK fonts are 10–20 MB; larger is not a font anyone embeds. */
const MAX_FONT_BYTES = 64 * 1024 * 1024;

/**
 * `fonts/X.ttf` and `./X.ttf` are project files; anything else is an npm package path, looked up
 * from the project first, then from jianbao's own installation.
 */
export function resolveFontPath(spec: string, projectDir: string): string {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('fonts/')) return path.resolve(projectDir, spec);
  try {
    return require.resolve(spec, { paths: [projectDir] });
  } catch {
    return require.resolve(spec);
  }
}

/**
 * What loading checks of a font file (its family, whether it may be embedded) and the digest of its
 * bytes: kept on disk by the file's identity, so that a build need not read a font to know them.
 */
interface FontFacts {
  readonly digest: string;
  readonly family: string;
  readonly embeddable: boolean;
  /** The code points with a glyph, as ranges: first and last of each, in order (a CJK font has a few hundred). */
  readonly covered: readonly number[];
}

/** A font file in one state (its identity), read and opened when first asked for. */
interface FontFile extends Omit<FontFacts, 'covered'>, Pick<LoadedFace, 'readRanges' | 'opened'> {
  readonly data: Buffer;
  readonly font: Font;
  hasGlyph(codePoint: number): boolean;
}

/** The code points `font` has a glyph for, as FontFacts.covered: its cmap's characters that map to a glyph. */
function coverageOf(font: Font): number[] {
  const ranges: number[] = [];
  for (const codePoint of [...new Set(font.characterSet)].sort((a, b) => a - b)) {
    if (!font.hasGlyphForCodePoint(codePoint)) continue;
    if (ranges.length > 0 && ranges[ranges.length - 1] === codePoint - 1) ranges[ranges.length - 1] = codePoint;
    else ranges.push(codePoint, codePoint);
  }
  return ranges;
}

/** Whether `codePoint` is in `covered` (coverageOf): a binary search over the ranges. */
function isCovered(covered: readonly number[], codePoint: number): boolean {
  let low = 0;
  let high = covered.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < covered[2 * middle]!) high = middle - 1;
    else if (codePoint > covered[2 * middle + 1]!) low = middle + 1;
    else return true;
  }
  return false;
}

/**
 * Font files looked at in this process, by path and identity: `watch` rebuilds reuse them, and with
 * them every measurement already cached on the fontkit objects.
 */
const opened = new Map<string, FontFile>();

/**
 * A file changed less than this long ago may still change within the same timestamp (filesystems
 * keep times to a jiffy, a second, FAT to two): its facts are not kept, as ccache does not trust a
 * file newer than the compilation.
 */
const SETTLED_NS = 2_000_000_000n;

/** What makes a font's facts besides the file, hashed once a process. */
let makers: string | undefined;
const factsKey = (real: string, identity: string): string =>
  cacheKey((makers ??= cacheKey('font facts', installedVersion('fontkit'), ...ownCode(['load/fonts']))), real, identity);

/**
 * Project fonts must stay in the project folder and package fonts in the node_modules folders the
 * project or jianbao resolve packages from, symlinks followed: a theme cannot embed any other file.
 */
function fontFolders(projectDir: string): readonly string[] {
  const projectRequire = createRequire(path.join(projectDir, 'content.yaml'));
  return [projectDir, ...(projectRequire.resolve.paths('font-package') ?? []), ...(require.resolve.paths('font-package') ?? [])];
}

function fontFile(file: string, projectDir: string): FontFile {
  const real = realPathInside(file, { folders: fontFolders(projectDir), name: 'the project folder and the installed font packages' });
  const stat = statSync(real, { bigint: true });
  const identity = fileIdentity(stat);
  // With JIANBAO_NO_CACHE every build opens its fonts afresh and nothing is remembered between or within builds.
  const known = remembering() ? opened.get(`${real}|${identity}`) : undefined;
  if (known) return known;
  let data: Buffer | undefined;
  let font: Font | undefined;
  /** The digest of the bytes, when kept facts tell it: the bytes, once read, are not hashed again. */
  let digest: string | undefined;
  const read = (): Buffer => {
    if (data) return data;
    // Read only as the identity was: a font replaced since would not be the font its facts and digest name.
    data = readBounded(real, { limit: MAX_FONT_BYTES, kind: 'fonts', identity });
    if (digest !== undefined) knownDigest(data, digest);
    return data;
  };
  // With its digest known and its bytes not read, the font reads only what fontkit reads of the file.
  const open = (): Font => (font ??= (digest !== undefined && data === undefined ? openedInPlace(real, identity, stat.size, digest) : undefined) ?? openedFont(read()));
  const readRanges = (ranges: readonly (readonly [number, number])[]): Uint8Array[] =>
    data ? ranges.map(([offset, length]) => data!.subarray(offset, offset + length)) : readRangesInPlace(real, identity, ranges);
  const checked = (): Pick<FontFacts, 'family' | 'embeddable'> => ({ family: open().familyName, embeddable: !open()['OS/2'].fsType.noEmbedding });
  /** The file as a build sees it: what was checked of it, and its bytes and font, read and opened on first use. */
  const fileWith = (checks: Pick<FontFacts, 'family' | 'embeddable'>, hasGlyph: (codePoint: number) => boolean): FontFile => ({
    ...checks,
    get digest() {
      return (digest ??= fontDigest(read()));
    },
    get data() {
      return read();
    },
    get font() {
      return open();
    },
    get opened() {
      return font !== undefined;
    },
    hasGlyph,
    readRanges,
  });
  // Without a cache nothing names the font (its bytes are not hashed) and the font answers for its glyphs itself.
  if (!remembering()) return fileWith(checked(), (codePoint) => open().hasGlyphForCodePoint(codePoint));
  const key = factsKey(real, identity);
  const kept = readCached('font-facts', key);
  let facts: FontFacts;
  if (kept) {
    facts = JSON.parse(kept.toString('utf8')) as FontFacts;
  } else {
    facts = { digest: fontDigest(read()), ...checked(), covered: coverageOf(open()) };
    const changed = stat.mtimeNs > stat.ctimeNs ? stat.mtimeNs : stat.ctimeNs;
    if (BigInt(Date.now()) * 1_000_000n - changed > SETTLED_NS) writeCached('font-facts', key, Buffer.from(JSON.stringify(facts), 'utf8'));
  }
  digest = facts.digest;
  const { covered, family, embeddable } = facts;
  const loaded = fileWith({ family, embeddable }, (codePoint) => isCovered(covered, codePoint));
  if (opened.size >= 8) opened.clear(); // earlier versions of fonts edited under `watch`
  opened.set(`${real}|${identity}`, loaded);
  return loaded;
}

/**
 * The font of a file whose digest is known, opened without reading the file whole (undefined for
 * a font that must be read whole). Shaping and measuring read a font's small tables (cmap, GSUB,
 * GPOS, hmtx…: under half a MB of a 10–15 MB CJK font) and, with the advances taken from hmtx
 * (cache/fonts.ts), no outline; the outlines (glyf) are nearly all of the file. fontkit gets a
 * buffer of the file's size holding its directory, and zeros (pages the system never touches)
 * where each table's bytes are read in before fontkit first reads them (sparseFont). fontkit reads a table only from the stream `_getTableStream` hands it (what it decodes of
 * it later too), and the glyf table only through a glyph: glyph objects are made only in getGlyph
 * and _getBaseGlyph, and a TrueType glyph reads glyf only in its _getCBox (its box) and _decode
 * (its outline; a composite's parts are glyphs got by getGlyph, and a fontkit subset copies a
 * glyph's bytes after decoding it). So a glyph's bytes are read in by those two, alone.
 *
 * The buffer is not the font's bytes: what needs those (a subset, a digest) reads the file
 * (fileWith above), and the buffer is known by the file's digest (cache/disk.ts knownDigest).
 *
 * Here, not in a module of its own: the keys of what is kept of the font's work (shaped texts,
 * render/pdf/shaping.ts; the deck's layout, cache/deck.ts) name this module's code.
 */
function openedInPlace(file: string, identity: string, size: bigint, digest: string): Font | undefined {
  if (size > BigInt(MAX_FONT_BYTES)) return undefined; // refused by reading it, with the message for that
  const sparse = sparseFont(file, identity, Number(size));
  if (!sparse) return undefined;
  // Whatever names the font by fontkit's buffer names it by the file's digest, never by those zeros.
  knownDigest(sparse.bytes, digest);
  return openedFont(sparse.bytes, sparse.readOnDemand);
}

/**
 * `data` opened with fontkit, ready for shaping (and with what it shapes remembered, where caching
 * is on); `prepare` is given the font before anything else uses it.
 */
function openedFont(data: Buffer, prepare?: (font: Font) => void): Font {
  const font = fontkit.create(data);
  if ('fonts' in font) throw new Error('a font collection; give a single TrueType font');
  // The PDF codes glyphs by their ids through a CIDToGIDMap, which only TrueType CID fonts have.
  if (!('glyf' in (font as unknown as { directory: { tables: object } }).directory.tables)) throw new Error('CFF outlines (an OpenType .otf); give a TrueType font');
  prepare?.(font);
  locaFromBytes(font);
  glyphsKeepTheirCharacters(font);
  const layout = font.layout.bind(font);
  font.layout = (...args: Parameters<Font['layout']>) => {
    prepareShaping(font);
    return layout(...args);
  };
  if (remembering()) rememberFontWork(font);
  return font;
}

const shapingPrepared = new WeakSet<Font>();

/**
 * What a font jianbao opened needs before its first shaping decodes its lookups (and with them
 * their coverage tables): jianbao's decoders for those (decodeCoverageFast). Shaping through the
 * font's `layout` does it; code calling fontkit's own layout (cli/warm-up.ts) calls it first.
 */
export function prepareShaping(font: Font): void {
  if (shapingPrepared.has(font)) return;
  shapingPrepared.add(font);
  decodeCoverageFast(font);
}

/**
 * A restructure type, as fontkit builds its tables of them (not in any type definitions): a number
 * (`fn` names its reader), a struct (`fields`), a versioned struct (`versions`, its version read
 * by `type`), an array (`type` of its items, `length` naming the field that counts them), or a
 * pointer (`type` of what it points at).
 */
interface TableType {
  readonly fn?: string;
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly versions?: Readonly<Record<string, unknown>>;
  readonly type?: unknown;
  readonly length?: unknown;
  decode(stream: TableStream, ...rest: unknown[]): unknown;
}
/** restructure's DecodeStream: the font's bytes, read from `pos` on. */
interface TableStream {
  readonly buffer: Uint8Array;
  pos: number;
}

/**
 * A table's layout as a string: its fields, their order and types, each array's count field, as
 * restructure would decode it. Lazy arrays (decoded on access, into an object with `get`) and
 * anything else not written out here show as `?`: a table holding one is not the table below.
 */
function layoutOf(type: unknown): string {
  if (typeof type !== 'object' || type === null) return '?';
  const { fn, fields, versions, type: inner, length, decode } = type as TableType;
  const entries = (record: object): string => `{${Object.entries(record).map(([name, field]) => `${name}:${layoutOf(field)}`).join(',')}}`;
  if (typeof fn === 'string') return fn;
  if (versions) return `${layoutOf(inner)}${entries(versions)}`;
  // A version's fields: a plain object of types.
  if (typeof decode !== 'function') return entries(type);
  if (fields) return entries(fields);
  // An array (not a lazy one: its class's parent, restructure's Base, decodes nothing).
  const parentClass = Object.getPrototypeOf(Object.getPrototypeOf(type)) as object;
  if (typeof length === 'string' && !Object.hasOwn(parentClass, 'decode')) return `${layoutOf(inner)}[${length}]`;
  return '?';
}

const U16 = 'UInt16BE';
/** OpenType's coverage table as fontkit 2 declares it: glyph ids, or ranges of them. */
const COVERAGE_LAYOUT = `${U16}{1:{glyphCount:${U16},glyphs:${U16}[glyphCount]},2:{rangeCount:${U16},rangeRecords:{start:${U16},end:${U16},startCoverageIndex:${U16}}[rangeCount]}}`;
/** OpenType's class definition table as fontkit 2 declares it: classes of consecutive glyphs, or of ranges. */
const CLASS_DEF_LAYOUT = `${U16}{1:{startGlyph:${U16},glyphCount:${U16},classValueArray:${U16}[glyphCount]},2:{classRangeCount:${U16},classRangeRecord:{start:${U16},end:${U16},class:${U16}}[classRangeCount]}}`;

/** A coverage or class definition table read from `bytes` at `at`, and where it ends; undefined for one restructure must decode (it throws for it). */
type FastDecoder = (bytes: Uint8Array, at: number) => { readonly value: object; readonly end: number } | undefined;

const uint16At = (bytes: Uint8Array, at: number): number => (bytes[at]! << 8) | bytes[at + 1]!;

/** `count` uint16s from `at`. */
function uint16sAt(bytes: Uint8Array, at: number, count: number): number[] {
  const values = new Array<number>(count);
  for (let index = 0; index < count; index++) values[index] = uint16At(bytes, at + 2 * index);
  return values;
}

/** `count` records of three uint16s from `at`, each made by `record`. */
function triplesAt<R>(bytes: Uint8Array, at: number, count: number, record: (first: number, second: number, third: number) => R): R[] {
  const records = new Array<R>(count);
  for (let index = 0, offset = at; index < count; index++, offset += 6) {
    records[index] = record(uint16At(bytes, offset), uint16At(bytes, offset + 2), uint16At(bytes, offset + 4));
  }
  return records;
}

/** The fields restructure gives, in its order (what fontkit reads: versions, counts, glyphs, ranges). */
const coverageFrom: FastDecoder = (bytes, at) => {
  if (at + 4 > bytes.length) return undefined;
  const version = uint16At(bytes, at);
  const count = uint16At(bytes, at + 2);
  const end = at + 4 + count * (version === 1 ? 2 : 6);
  if (end > bytes.length) return undefined;
  if (version === 1) return { value: { version, glyphCount: count, glyphs: uint16sAt(bytes, at + 4, count) }, end };
  if (version === 2) return { value: { version, rangeCount: count, rangeRecords: triplesAt(bytes, at + 4, count, (first, last, startCoverageIndex) => ({ start: first, end: last, startCoverageIndex })) }, end };
  return undefined;
};

const classDefFrom: FastDecoder = (bytes, at) => {
  if (at + 6 > bytes.length) return undefined;
  const version = uint16At(bytes, at);
  if (version === 1) {
    const glyphCount = uint16At(bytes, at + 4);
    const end = at + 6 + 2 * glyphCount;
    if (end > bytes.length) return undefined;
    return { value: { version, startGlyph: uint16At(bytes, at + 2), glyphCount, classValueArray: uint16sAt(bytes, at + 6, glyphCount) }, end };
  }
  const classRangeCount = uint16At(bytes, at + 2);
  const end = at + 4 + 6 * classRangeCount;
  if (version !== 2 || end > bytes.length) return undefined;
  return { value: { version, classRangeCount, classRangeRecord: triplesAt(bytes, at + 4, classRangeCount, (first, last, glyphClass) => ({ start: first, end: last, class: glyphClass })) }, end };
};

/** The streams of the fonts jianbao opened: only their tables are decoded by the decoders below. */
const streamsDecodedFast = new WeakSet<object>();

/**
 * Coverage and class definition tables of `font`'s GSUB, GPOS and GDEF decoded from the bytes
 * directly. fontkit decodes them with restructure, which makes each of their records an object
 * with hidden properties of its own (restructure's bookkeeping: its parent, its offsets): a CJK
 * font's kerning lookup has some thousand such records, and decoding it was most of the first
 * shaping of a process (10–17 ms of a cold build). Decoded here into the very fields restructure
 * gives (the test compares every such table of real fonts), without that bookkeeping, which
 * nothing reads of these tables: they point at nothing, and fontkit's shaping reads their fields.
 *
 * fontkit's table types are not exported; they are found through the font's lookup lists, and a
 * type is given the decoder only when its layout is the one the decoder reads (COVERAGE_LAYOUT,
 * CLASS_DEF_LAYOUT). Other fonts fontkit opens (pdfkit's) keep restructure's decoding.
 */
function decodeCoverageFast(font: Font): void {
  const internals = font as unknown as { readonly stream: object; readonly GSUB?: LookupTables; readonly GPOS?: LookupTables };
  streamsDecodedFast.add(internals.stream);
  const visit = (type: unknown): void => {
    if (typeof type !== 'object' || type === null || typesVisited.has(type) || typesFound.size === 2) return;
    typesVisited.add(type);
    const tableType = type as TableType;
    // A version's fields are a plain object of types.
    if (typeof tableType.decode !== 'function') return Object.values(type).forEach(visit);
    // Both tables have two versions (a lookup subtable's versions hold pointers, where layoutOf stops).
    const layout = tableType.versions && Object.keys(tableType.versions).join() === '1,2' ? layoutOf(type) : undefined;
    const fast = layout === COVERAGE_LAYOUT ? coverageFrom : layout === CLASS_DEF_LAYOUT ? classDefFrom : undefined;
    if (fast) {
      typesFound.add(layout!);
      return decodeWith(tableType, fast);
    }
    [tableType.type, ...Object.values(tableType.fields ?? {}), ...Object.values(tableType.versions ?? {})].forEach(visit);
  };
  // A lookup list is a lazy array of pointers to lookups; its items' type holds every subtable's.
  for (const tables of [internals.GSUB, internals.GPOS]) visit(tables?.lookupList?.type);
}

/** The types looked through, and the layouts given a decoder, once a process: the fonts fontkit opens share its types. */
const typesVisited = new WeakSet<object>();
const typesFound = new Set<string>();

/** A GSUB or GPOS table as fontkit decodes it: its lookup list, whose `type` is the lookups'. */
interface LookupTables {
  readonly lookupList?: { readonly type?: unknown };
}

/** `type` decodes the tables of jianbao's fonts with `fast`, others as it did. */
function decodeWith(type: TableType, fast: FastDecoder): void {
  const decode = type.decode.bind(type);
  (type as { decode: TableType['decode'] }).decode = (stream, ...rest) => {
    const decoded = streamsDecodedFast.has(stream) ? fast(stream.buffer, stream.pos) : undefined;
    if (!decoded) return decode(stream, ...rest);
    stream.pos = decoded.end;
    return decoded.value;
  };
}

/** What fontkit keeps inside a TrueType font, used by locaFromBytes (not in its type definitions). */
interface TableDirectory {
  readonly directory: { readonly tables: Readonly<Record<string, { readonly offset: number; readonly length: number } | undefined>> };
  readonly _tables: Record<string, unknown>;
  readonly head: { readonly indexToLocFormat: number };
  readonly stream: TableStream;
  _getTableStream(tag: string): TableStream | null;
}

/**
 * `loca` (where each glyph's outline is in glyf) read from the bytes directly when fontkit first
 * asks for it. fontkit decodes it with restructure, number by number: a CJK font's 65,536 offsets
 * took 12–14 ms, paid by the first glyph whose outline or box is read (a PDF font subset, a build
 * adding characters). Read here into what fontkit's decoding gives: the table's version (head's
 * indexToLocFormat), its offsets (of the short format, doubled, and then marked `_processed`, as
 * fontkit's `process` does), each entry read as restructure reads it, to the table's end. A table
 * read otherwise (another format, empty, running past the file) is left to fontkit.
 */
function locaFromBytes(font: Font): void {
  const internals = font as unknown as TableDirectory;
  const entry = internals.directory.tables.loca;
  // A WOFF font's tables are compressed, a WOFF2 font's loca rebuilt: fontkit reads them.
  if (!entry || font.type !== 'TTF') return;
  const decodedByFontkit = (): unknown => {
    delete internals._tables.loca;
    return (font as unknown as { readonly loca: unknown }).loca;
  };
  Object.defineProperty(internals._tables, 'loca', {
    configurable: true,
    enumerable: true,
    get: (): unknown => {
      const version = internals.head.indexToLocFormat;
      const entrySize = version === 0 ? 2 : 4;
      const count = Math.ceil(entry.length / entrySize);
      const { pos } = internals.stream;
      const stream = internals._getTableStream('loca'); // with the table read in, for a font read in place
      internals.stream.pos = pos;
      const bytes = stream === internals.stream ? stream.buffer : undefined;
      // (restructure reads an empty table's entries to the end of the file)
      if ((version !== 0 && version !== 1) || !bytes || count === 0 || entry.offset + count * entrySize > bytes.length) return decodedByFontkit();
      const offsets = new Array<number>(count);
      const view = new DataView(bytes.buffer, bytes.byteOffset + entry.offset, count * entrySize);
      for (let index = 0; index < count; index++) offsets[index] = version === 0 ? view.getUint16(2 * index) << 1 : view.getUint32(4 * index);
      const loca = version === 0 ? { version, offsets, _processed: true } : { version, offsets };
      Object.defineProperty(internals._tables, 'loca', { configurable: true, enumerable: true, writable: true, value: loca });
      return loca;
    },
  });
}

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

interface SparseFont {
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
function sparseFont(file: string, identity: string, size: number): SparseFont | undefined {
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

/**
 * fontkit keeps one glyph object per glyph id, with the characters of the lookup that made it
 * first, and shaping hands out those objects. A subset being encoded looks glyphs up by id alone:
 * kept, such a glyph would stand for no character in every text shaped with the font afterwards
 * (the handout drawn beside the report, the next build under `watch`, a text whose neighbours
 * were shaped by an earlier process), and drop out of the PDF's ToUnicode map, so the text would
 * not copy out. Lookups by id alone are answered without keeping the glyph they make.
 */
function glyphsKeepTheirCharacters(font: Font): void {
  const kept = (font as unknown as { readonly _glyphs: Record<number, unknown> })._glyphs;
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id: number, codePoints?: number[]) => {
    if ((codePoints !== undefined && codePoints.length > 0) || kept[id] !== undefined) return getGlyph(id, codePoints);
    const glyph = getGlyph(id, codePoints);
    delete kept[id];
    return glyph;
  };
}

/** The faces made of each font file: a rebuild gets the very objects it had, and what layout remembers by them (cache/memo.ts). */
const faces = new WeakMap<FontFile, Map<string, LoadedFace>>();

function faceOf(loaded: FontFile, key: string, bold: boolean, file: string, unreadable: (error: unknown) => DiagnosticError): LoadedFace {
  const made = (): LoadedFace => ({
    key,
    family: loaded.family,
    bold,
    file,
    get digest() {
      return loaded.digest;
    },
    get font() {
      return opening(() => loaded.font);
    },
    get data() {
      return opening(() => loaded.data);
    },
    hasGlyph: (codePoint) => opening(() => loaded.hasGlyph(codePoint)),
    readRanges: (ranges) => opening(() => loaded.readRanges(ranges)),
    get opened() {
      return loaded.opened;
    },
  });
  /** A font read on first use may be gone or changed by then: said as a problem of the theme's font, not a crash. */
  const opening = <T>(use: () => T): T => {
    try {
      return use();
    } catch (error) {
      throw unreadable(error);
    }
  };
  if (!remembering()) return made();
  let byKey = faces.get(loaded);
  if (!byKey) faces.set(loaded, (byKey = new Map()));
  const known = byKey.get(`${key}|${file}`);
  if (known) return known;
  const face = made();
  byKey.set(`${key}|${file}`, face);
  return face;
}

export function loadFonts(theme: Theme, projectDir: string, themeFile: string): FontSet {
  const load = (role: FontRole, weight: 'regular' | 'bold'): LoadedFace => {
    const spec = theme.fonts[role][weight];
    const where = { severity: 'error' as const, file: themeFile, line: 0, column: 0, path: `fonts.${role}.${weight}` };
    const unreadable = (error: unknown): DiagnosticError => {
      const message = error instanceof UnreadableFile ? `font "${spec}" ${error.message}` : `cannot load font "${spec}": ${(error as Error).message}`;
      return new DiagnosticError([{ ...where, message }]);
    };
    let file: string;
    let loaded: FontFile;
    try {
      file = resolveFontPath(spec, projectDir);
      loaded = fontFile(file, projectDir);
    } catch (error) {
      throw unreadable(error);
    }
    if (loaded.family !== theme.fonts[role].family) {
      throw new DiagnosticError([{ ...where, message: `"${spec}" is family "${loaded.family}", the theme says "${theme.fonts[role].family}"` }]);
    }
    if (!loaded.embeddable) {
      throw new DiagnosticError([{ ...where, message: `"${spec}" does not allow embedding (OS/2 fsType restricted licence)` }]);
    }
    return faceOf(loaded, `${role}-${weight}`, weight === 'bold', file, unreadable);
  };
  return {
    sans: { regular: load('sans', 'regular'), bold: load('sans', 'bold') },
    serif: { regular: load('serif', 'regular'), bold: load('serif', 'bold') },
  };
}
