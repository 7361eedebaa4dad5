/**
 * An OPC package (.pptx, .xlsx) as a map of part names to contents, read from and written to ZIP.
 * Writing is deterministic: same parts and date give the same bytes.
 */
import { assertWellFormed } from './well-formed.js';
import { readZip, writeZip } from './zip.js';

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
  const encoder = new TextEncoder();
  const entries = [...parts.keys()].sort(entryOrder).map((name) => {
    const part = parts.get(name) ?? '';
    if (typeof part !== 'string') return { name, data: part };
    try {
      assertWellFormed(part);
    } catch (error) {
      throw new Error(`pptx: internal error: part ${name} is not well-formed XML: ${(error as Error).message}`);
    }
    return { name, data: encoder.encode(part) };
  });
  return writeZip(entries, date);
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
