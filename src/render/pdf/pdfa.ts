/**
 * PDF/A-2b for the standard edition, done by us rather than by pdfkit's `subset: 'PDF/A-2b'`.
 *
 * What that option does in pdfkit 0.20.2: it appends pdfaid:part/conformance to pdfkit's XMP and
 * adds an sRGB output intent (GTS_PDFA1) with the ICC's sRGB profile it ships; for PDF/A-1 only it
 * also writes a CIDSet per font. What it leaves wrong: its XMP is unescaped and lacks ModifyDate
 * (see xmp.ts), and it needs a creation date. We replace the XMP anyway, so the pdfaid goes into
 * ours, and the output intent is written here with the same vetted profile, so one function writes
 * the output intents of both editions. No CIDSet: PDF/A-2 does not require one (and a wrong one is
 * an error), and pdfkit's subsets are re-encoded with consecutive glyph ids anyway.
 *
 * The rest of PDF/A-2b holds by construction and is tested: PDF 1.7 header with a binary comment,
 * trailer ID, every font embedded (TrueType subsets, a CIDToGIDMap stream: cid-font.ts), no
 * transparency (we never set opacity, so no ExtGState, no SMask, no page Group), no encryption, no
 * JavaScript, link annotations with the print flag and no appearance colour.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The sRGB profile pdfkit ships (js/data/sRGB_IEC61966_2_1.icc): the International Color
 * Consortium's sRGB2014.icc, ICC v2, 3024 bytes, "Copyright International Color Consortium, 2015".
 * The ICC lets anyone use, copy and distribute it unchanged (embedding in a PDF is such a use).
 * pdfkit is an npm dependency already; `exports` hides its data folder, so we find it from its main file.
 */
export function srgbProfile(): Buffer {
  cached ??= readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('pdfkit')), 'data', 'sRGB_IEC61966_2_1.icc'));
  return cached;
}
let cached: Buffer | undefined;

export const SRGB = {
  identifier: 'sRGB IEC61966-2.1',
  info: 'sRGB IEC61966-2.1 (ICC sRGB2014.icc)',
  registry: 'http://www.color.org',
} as const;

export interface OutputIntent {
  /** GTS_PDFA1 (PDF/A) or GTS_PDFX (print). */
  readonly subtype: 'GTS_PDFA1' | 'GTS_PDFX';
  readonly identifier: string;
  readonly info: string;
  readonly registry?: string;
  /** The characterisation profile; may be left out when `identifier` names a condition in the ICC registry. */
  readonly profile?: { readonly data: Buffer; readonly components: 1 | 3 | 4 };
}

interface Internals {
  _root: { data: Record<string, unknown> };
  ref(data: object): { data: Record<string, unknown>; write(chunk: Uint8Array): void; end(chunk?: Uint8Array): void };
}

/** Declares the colour characteristics of the device the document is meant for (ISO 32000-1, 14.11.5). */
export function addOutputIntent(doc: object, intent: OutputIntent): void {
  const internals = doc as unknown as Internals;
  const dictionary: Record<string, unknown> = {
    Type: 'OutputIntent',
    S: intent.subtype,
    OutputConditionIdentifier: new String(intent.identifier),
    Info: new String(intent.info),
    ...(intent.registry ? { RegistryName: new String(intent.registry) } : {}),
  };
  if (intent.profile) {
    const profile = internals.ref({ N: intent.profile.components });
    profile.end(intent.profile.data);
    dictionary.DestOutputProfile = profile;
  }
  const ref = internals.ref(dictionary);
  ref.end();
  internals._root.data.OutputIntents = [ref];
}

/** The standard edition's output intent: sRGB, which gives its DeviceRGB colours their meaning. */
export function addSrgbOutputIntent(doc: object): void {
  addOutputIntent(doc, { subtype: 'GTS_PDFA1', identifier: SRGB.identifier, info: SRGB.info, registry: SRGB.registry, profile: { data: srgbProfile(), components: 3 } });
}
