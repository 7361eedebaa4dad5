/**
 * An OPC package (.pptx, .xlsx) as a map of part names to contents, read from and written to ZIP.
 * Writing is deterministic: same parts and date give the same bytes.
 */
import JSZip from 'jszip';

/** Part name (no leading slash) → XML parts as text, everything else as bytes. */
export type Parts = Map<string, string | Uint8Array>;

const CONTENT_TYPES = '[Content_Types].xml';

function isXmlPart(name: string): boolean {
  return name.endsWith('.xml') || name.endsWith('.rels');
}

export async function readParts(zipBytes: Uint8Array): Promise<Parts> {
  const zip = await JSZip.loadAsync(zipBytes);
  const parts: Parts = new Map();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue; // folders are not parts; writing them would only add entries
    parts.set(entry.name, isXmlPart(entry.name) ? await entry.async('string') : await entry.async('uint8array'));
  }
  return parts;
}

function entryOrder(a: string, b: string): number {
  if (a === CONTENT_TYPES || b === CONTENT_TYPES) return a === CONTENT_TYPES ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Writes [Content_Types].xml first (as Office does), then every other part in code-point order. */
export async function writeParts(parts: Parts, date: Date): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const name of [...parts.keys()].sort(entryOrder)) {
    zip.file(name, parts.get(name) ?? '', { date, createFolders: false });
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
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
