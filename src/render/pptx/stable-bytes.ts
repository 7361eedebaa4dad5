/**
 * Removes what makes two builds of the same deck differ: pptxgenjs stamps the current time into
 * docProps/core.xml (its own and the chart workbooks'), into every ZIP entry, and draws random GUIDs
 * for text fields and sections.
 */
import { createHash } from 'node:crypto';
import { editXmlParts, type Parts, readParts, writeParts } from './opc-package.js';

const CORE_PROPERTIES = 'docProps/core.xml';
const GUID = /\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}/;
const RANDOM_GUID_ATTRIBUTE = new RegExp(`(<(?:a:fld|p14:section)\\s[^>]*?\\bid=")${GUID.source}"`, 'g');

/** Sets the document's created/modified dates to `date`, or removes them when there is none. */
export function stampCoreProperties(parts: Parts, date: Date | undefined): void {
  const core = parts.get(CORE_PROPERTIES);
  if (typeof core !== 'string') return;
  const stamp = date === undefined ? undefined : w3cdtf(date);
  const dates = /(\s*)<dcterms:(created|modified)(\s[^>]*)?>[^<]*<\/dcterms:\2>/g;
  parts.set(
    CORE_PROPERTIES,
    core.replace(dates, (_all, space: string, which: string, attributes: string | undefined) =>
      stamp === undefined ? '' : `${space}<dcterms:${which}${attributes ?? ''}>${stamp}</dcterms:${which}>`,
    ),
  );
}

/** `2024-03-05T08:00:00Z`; W3CDTF (dcterms:created) has four-digit years, so 0000–9999 only. */
function w3cdtf(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new Error(`pptx: ${Number.isNaN(year) ? 'an invalid date' : `year ${year}`} cannot be a document date (years 0000–9999 only)`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Replaces the GUIDs pptxgenjs draws at random with ones derived from the part name and position. */
export function replaceRandomGuids(parts: Parts): void {
  editXmlParts(parts, /^ppt\/.*\.xml$/, 'stable GUIDs', (xml, name) => {
    let ordinal = 0;
    return xml.replace(RANDOM_GUID_ATTRIBUTE, (_all, prefix: string) => `${prefix}${derivedGuid(`${name}#${ordinal++}`)}"`);
  });
}

function derivedGuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex').toUpperCase();
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`;
}

/** Rewrites embedded Office packages (the chart workbooks) with the same date rules. */
export async function stabiliseEmbeddedPackages(parts: Parts, date: Date | undefined, zipDate: Date): Promise<void> {
  for (const name of [...parts.keys()].filter((part) => /^ppt\/embeddings\/.*\.(?:xlsx|xlsm|docx|pptx)$/.test(part)).sort()) {
    const bytes = parts.get(name);
    if (!(bytes instanceof Uint8Array)) continue;
    const embedded = readParts(bytes);
    stampCoreProperties(embedded, date);
    parts.set(name, writeParts(embedded, zipDate));
  }
}
