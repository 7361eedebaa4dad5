/**
 * An OPC package (.pptx, .xlsx) as a map of part names to contents, read from and written to ZIP.
 * Writing is deterministic: same parts and date give the same bytes.
 */
import { cacheKey, contentDigest, keptOnDisk, remembering } from '../../cache/disk.js';
import { keptResults, type KeptResults } from '../../cache/kept.js';
import { memosAnswer } from '../../cache/memo.js';
import type { FontUse } from './embed-fonts.js';
import type { Languages } from './finished-parts.js';
import { assertWellFormed } from './well-formed.js';
import { DEFLATE_LEVEL, deflated, type Deflated, readZip, writeZip } from './zip.js';

/**
 * A part whose ZIP entry is made already, kept by a build before this one (finished-parts.ts,
 * embed-fonts.ts): no pass edits it again. It carries what the steps that read the whole deck
 * read of its text.
 */
export interface FinishedPart {
  readonly entry: Deflated;
  /** What embedFonts found in it (an XML part under ppt/). */
  readonly fontUse?: FontUse;
  /** How many of its runs are marked with each language (a slide). */
  readonly languages?: Languages;
}

/** Part name (no leading slash) → XML parts as text, everything else as bytes, or either as its entry when finished. */
export type Parts = Map<string, string | Uint8Array | FinishedPart>;

/** Whether a part is an entry made already. */
export const isFinished = (part: string | Uint8Array | FinishedPart): part is FinishedPart => typeof part !== 'string' && !(part instanceof Uint8Array);

const CONTENT_TYPES = '[Content_Types].xml';

/** ZIP entries need some date; this one (the earliest a ZIP can hold) says "none". */
export const NO_DATE = new Date('1980-01-01T00:00:00Z');

/** Whether a part is kept as text: XML and relationship parts are. */
export function isXmlPart(name: string): boolean {
  return name.endsWith('.xml') || name.endsWith('.rels');
}

export function readParts(zipBytes: Uint8Array): Parts {
  const decoder = new TextDecoder();
  return new Map(readZip(zipBytes).map(({ name, data }) => [name, isXmlPart(name) ? decoder.decode(data) : data]));
}

function entryOrder(a: string, b: string): number {
  if (a === CONTENT_TYPES || b === CONTENT_TYPES) return a === CONTENT_TYPES ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Writes [Content_Types].xml first (as Office does), then every other part in code-point order.
 * Throws rather than write an XML part that is not well-formed: an internal error, never the user's.
 */
export function writeParts(parts: Parts, date: Date): Uint8Array {
  const entries = [...parts.keys()].sort(entryOrder).map((name) => ({ name, data: deflatedPart(name, parts.get(name) ?? '') }));
  return writeZip(entries, date);
}

/**
 * Work done on parts, remembered from the last time each was seen (unless caching is off): by what
 * the work is and the part's name, the content it was done on and its result. A `watch` rebuild
 * redoes the work only on the parts an edit changed. Comparing a part with its last content costs
 * far less than hashing it (as a key of a map of contents would).
 */
export class PartWork<R> {
  private readonly last = new Map<string, { readonly content: string | Uint8Array; readonly result: R }>();

  /** `compute`'s result, done again only when `content` differs from what `key` last had. */
  result(key: string, content: string | Uint8Array, compute: () => R): R {
    if (!remembering()) return compute();
    const known = this.last.get(key);
    if (known !== undefined && sameContent(known.content, content)) return known.result;
    const result = compute();
    this.last.set(key, { content, result });
    return result;
  }
}

function sameContent(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** Parts as their ZIP entries hold them: checked and deflated once for each content. */
const deflatedParts = new PartWork<Deflated>();

/** Binary parts at least this large (the embedded fonts) are kept deflated in entries of their own: deflating one takes ~7 ms. */
const KEPT_ON_DISK_FROM = 64 * 1024;

/** Deflated parts kept at most, the most recently made: some dozens a deck, the most of them unchanged by an edit. */
const KEPT_DEFLATED_PARTS = 400;

let keptDeflated: KeptResults<string> | undefined;
/**
 * The smaller parts' ZIP entries, for the next process, by the digest of each part: deflated and
 * checked by zlib at our level (zip.ts) and by well-formed.ts; each as storableDeflated's bytes in
 * base64. The store is appended to (cache/kept.ts). The parts of slides, notes and charts are kept
 * finished whole instead (finished-parts.ts): this store holds the deck's other parts and the
 * charts' workbooks', which an edit of the slides' text seldom changes.
 */
const keptDeflatedParts = (): KeptResults<string> =>
  (keptDeflated ??= keptResults<string>('deflated-small-parts', ['render/pptx/well-formed', 'render/pptx/zip'], [process.versions.zlib ?? '', String(DEFLATE_LEVEL)], KEPT_DEFLATED_PARTS));

/**
 * The digests of texts of parts this process has seen, by text: a part whose text a build in this
 * process hashed is known by its digest without hashing it again. Forgotten when it grows past a
 * few decks' parts (the texts are the parts of the decks rendered last).
 */
const digests = new Map<string, string>();
const REMEMBERED_DIGESTS = 4000;

/** The SHA-256 of a part's text (contentDigest), hashed only when not known; a build without memos remembers none. */
export function textDigest(text: string): string {
  if (!memosAnswer()) return contentDigest(text);
  let digest = digests.get(text);
  if (digest === undefined) {
    if (digests.size >= REMEMBERED_DIGESTS) digests.clear();
    digests.set(text, (digest = contentDigest(text)));
  }
  return digest;
}

/** A part as its ZIP entry holds it; XML parts are checked first. */
function deflatedPart(name: string, part: string | Uint8Array | FinishedPart): Deflated {
  if (isFinished(part)) return part.entry;
  if (typeof part !== 'string' && part.byteLength >= KEPT_ON_DISK_FROM) return deflatedParts.result(name, part, () => deflatedOnDisk(part));
  return deflatedParts.result(name, part, () => {
    const digest = typeof part === 'string' ? textDigest(part) : contentDigest(part);
    const kept = keptDeflatedParts().get(digest);
    if (kept !== undefined) return storedDeflated(Buffer.from(kept, 'base64'));
    const data = typeof part === 'string' ? checkedXml(name, part) : part;
    const made = deflated(data);
    keptDeflatedParts().set(digest, storableDeflated(made).toString('base64'));
    return made;
  });
}

/** The entry of XML part `name`, checked and deflated now (remembered in this process, not kept on disk): for a part kept finished whole. */
export function xmlEntry(name: string, xml: string): Deflated {
  return deflatedParts.result(name, xml, () => deflated(checkedXml(name, xml)));
}

/** The UTF-8 bytes of an XML part; throws rather than write one that is not well-formed: an internal error, never the user's. */
function checkedXml(name: string, xml: string): Uint8Array {
  try {
    assertWellFormed(xml);
  } catch (error) {
    throw new Error(`pptx: internal error: part ${name} is not well-formed XML: ${(error as Error).message}`);
  }
  return Buffer.from(xml, 'utf8');
}

/** A deflated part as kept: its CRC-32 and size (4 bytes each, little-endian), then the deflated bytes. */
export function storableDeflated({ compressed, crc, size }: Deflated): Buffer {
  const stored = Buffer.alloc(8 + compressed.byteLength);
  stored.writeUInt32LE(crc, 0);
  stored.writeUInt32LE(size, 4);
  stored.set(compressed, 8);
  return stored;
}

export function storedDeflated(stored: Uint8Array): Deflated {
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  return { crc: view.getUint32(0, true), size: view.getUint32(4, true), compressed: stored.subarray(8) };
}

/** Keeps the parts this process deflated on disk, for the next process: once a process (cache/kept.ts), when a deck is written. */
export function keepDeflatedParts(): void {
  keptDeflated?.write();
}

/** zlib's deflate of a large part, kept on disk by its bytes, zlib's version and the level; stored as the CRC-32, then the deflated bytes. */
function deflatedOnDisk(part: Uint8Array): Deflated {
  const key = cacheKey('deflated part', process.versions.zlib ?? '', String(DEFLATE_LEVEL), part);
  const kept = keptOnDisk('deflated-parts', key, () => {
    const { compressed, crc } = deflated(part);
    const stored = Buffer.alloc(4 + compressed.byteLength);
    stored.writeUInt32LE(crc, 0);
    stored.set(compressed, 4);
    return stored;
  });
  const view = new DataView(kept.buffer, kept.byteOffset, kept.byteLength);
  return { crc: view.getUint32(0, true), compressed: kept.subarray(4), size: part.byteLength };
}

/** The text of an XML part that must exist. */
export function xmlPart(parts: Parts, name: string): string {
  const part = parts.get(name);
  if (typeof part !== 'string') throw new Error(`pptx: missing XML part ${name}`);
  return part;
}

/** What the finishing passes made of each part. */
const editedParts = new PartWork<string>();

/**
 * Rewrites every XML part whose name matches `pattern` with `edit`, but those finished already.
 * `pass` names the edit and everything it depends on besides the part's name and text (a family, a
 * language): a part whose text is what the pass last saw in this process gets what it made of it then.
 */
export function editXmlParts(parts: Parts, pattern: RegExp, pass: string, edit: (xml: string, name: string) => string): void {
  for (const name of xmlPartNames(parts, pattern)) {
    const xml = xmlPart(parts, name);
    const edited = editedParts.result(`${pass}\u0000${name}`, xml, () => edit(xml, name));
    if (edited !== xml) parts.set(name, edited);
  }
}

/** Names of the parts whose name matches and whose part `holds`, in code-point order (so results never depend on ZIP order). */
const partNames = (parts: Parts, pattern: RegExp, holds: (part: string | Uint8Array | FinishedPart) => boolean): string[] =>
  [...parts.keys()].filter((name) => pattern.test(name) && holds(parts.get(name)!)).sort();

/** Names of the XML parts whose name matches, as text (not finished). */
export const xmlPartNames = (parts: Parts, pattern: RegExp): string[] => partNames(parts, pattern, (part) => typeof part === 'string');

/** Names of the parts whose name matches that are text or finished (not bytes). */
export const textOrFinishedPartNames = (parts: Parts, pattern: RegExp): string[] => partNames(parts, pattern, (part) => !(part instanceof Uint8Array));
