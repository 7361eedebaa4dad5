/**
 * An OPC package (.pptx, .xlsx) as a map of part names to contents, read from and written to ZIP.
 * Writing is deterministic: same parts and date give the same bytes.
 */
import { createHash } from 'node:crypto';
import { cacheKey, keptOnDisk, remembering } from '../../cache/disk.js';
import { remembered } from '../../cache/fonts.js';
import { assertWellFormed } from './well-formed.js';
import { DEFLATE_LEVEL, deflated, type Deflated, readZip, writeZip } from './zip.js';

/** Part name (no leading slash) → XML parts as text, everything else as bytes. */
export type Parts = Map<string, string | Uint8Array>;

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
 * Parts of the packages written lately, checked and deflated, by their content: a `watch` rebuild
 * checks, encodes and deflates only the parts an edit changed. Enough for a few decks of a hundred parts.
 */
const recentlyDeflated = remembered<Deflated>(1024);

/** Binary parts at least this large (the embedded fonts) are kept deflated on disk too: deflating one takes ~7 ms. */
const KEPT_ON_DISK_FROM = 64 * 1024;

/** A part as its ZIP entry holds it; XML parts are checked first. Remembered (unless caching is off) by its content. */
function deflatedPart(name: string, part: string | Uint8Array): Deflated {
  if (typeof part === 'string') {
    const compute = (): Deflated => {
      try {
        assertWellFormed(part);
      } catch (error) {
        throw new Error(`pptx: internal error: part ${name} is not well-formed XML: ${(error as Error).message}`);
      }
      return deflated(Buffer.from(part, 'utf8'));
    };
    return remembering() ? recentlyDeflated(`xml ${part}`, compute) : compute();
  }
  if (!remembering()) return deflated(part);
  const digest = createHash('sha256').update(part).digest('hex');
  return recentlyDeflated(`bytes ${digest}`, () => (part.byteLength < KEPT_ON_DISK_FROM ? deflated(part) : deflatedOnDisk(part, digest)));
}

/** zlib's deflate of a large part, kept on disk by its bytes, zlib's version and the level; stored as the CRC-32, then the deflated bytes. */
function deflatedOnDisk(part: Uint8Array, digest: string): Deflated {
  const key = cacheKey('deflated part', process.versions.zlib ?? '', String(DEFLATE_LEVEL), digest);
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

/** Names of the XML parts whose name matches, in code-point order (so results never depend on ZIP order). */
export function xmlPartNames(parts: Parts, pattern: RegExp): string[] {
  return [...parts.keys()].filter((name) => pattern.test(name) && typeof parts.get(name) === 'string').sort();
}
