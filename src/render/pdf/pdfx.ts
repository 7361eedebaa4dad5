/**
 * PDF/X-4 (ISO 15930-7) for the print edition: the FOGRA39 output profile it embeds, the images it
 * makes device-independent, and the document-level rules its preflight checks on the written bytes.
 *
 * Images: pdfkit places RGB pictures as DeviceRGB, which PDF/X-4 forbids under a CMYK output
 * intent. We tag them ICC-based sRGB instead (the same vetted sRGB2014 profile as the standard
 * edition's output intent) rather than converting them to CMYK: a conversion through the FOGRA39
 * tables needs a colour management module we would have to write, and PDF/X-4 exists so that the
 * print shop's RIP converts device-independent colour with its own rendering intent and press data.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import { PdfFile, nameOf, textString, type PdfDict, type PdfValue } from './inspect.js';
import { srgbProfile } from './pdfa.js';

export const PDFX_VERSION = 'PDF/X-4';
/** PDF/X-4 is built on PDF 1.6: a later header is a file a PDF/X-4 workflow need not accept. */
export const PDFX_PDF_VERSION = '1.6';

const FOGRA39 = 'FOGRA39';

/**
 * The CMYK output profile of FOGRA39 (coated paper, sheet-fed offset), made from Fogra's
 * characterisation data by Argyll (profiles/make-fogra39.sh, licence in profiles/). It ships with
 * the package, like the templates: `../../../profiles` from dist/render/pdf (and src/render/pdf).
 */
export function fogra39Profile(): Buffer {
  cachedProfile ??= readFileSync(path.join(PACKAGE_ROOT, 'profiles', 'FOGRA39L.icc'));
  return cachedProfile;
}
let cachedProfile: Buffer | undefined;

/** The profile that characterises a printing condition, where we have one (only FOGRA39). */
export function outputProfileFor(identifier: string): Buffer | undefined {
  return identifier === FOGRA39 ? fogra39Profile() : undefined;
}

/** What an ICC profile says about itself in its header and tag table (ICC.1, 7.2 and 7.3). */
export interface IccHeader {
  /** e.g. `2.2`. */
  readonly version: string;
  /** `prtr` for an output (printer) profile, `mntr` for a display, … */
  readonly deviceClass: string;
  /** The device side: `CMYK`, `RGB`, `GRAY`, … (trailing spaces dropped). */
  readonly colorSpace: string;
  /** The profile connection space: `Lab` or `XYZ`. */
  readonly connectionSpace: string;
  readonly tags: ReadonlySet<string>;
}

const ascii = (bytes: Uint8Array, at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4)).trimEnd();

/** Reads an ICC profile's header, or says what makes the bytes no ICC profile. */
export function readIccHeader(bytes: Uint8Array): IccHeader | string {
  if (bytes.length < 132) return `${bytes.length} bytes, too short for an ICC profile`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (ascii(bytes, 36) !== 'acsp') return 'no ICC signature (acsp)';
  if (view.getUint32(0) !== bytes.length) return `its header says ${view.getUint32(0)} bytes, the stream holds ${bytes.length}`;
  const count = view.getUint32(128);
  if (132 + 12 * count > bytes.length) return 'its tag table runs past the end';
  const tags = new Set<string>();
  for (let i = 0; i < count; i++) tags.add(ascii(bytes, 132 + 12 * i));
  return {
    version: `${bytes[8]}.${bytes[9]! >> 4}`,
    deviceClass: ascii(bytes, 12),
    colorSpace: ascii(bytes, 16),
    connectionSpace: ascii(bytes, 20),
    tags,
  };
}

/** Why a profile cannot be a PDF/X output intent for CMYK, or undefined when it can. */
export function cmykOutputProfileProblem(bytes: Uint8Array): string | undefined {
  const header = readIccHeader(bytes);
  if (typeof header === 'string') return header;
  if (!['2', '4'].includes(header.version.split('.')[0]!)) return `ICC version ${header.version}, not 2 or 4`;
  if (header.deviceClass !== 'prtr') return `a "${header.deviceClass}" profile, not an output (prtr) profile`;
  if (header.colorSpace !== 'CMYK') return `a ${header.colorSpace} profile, not CMYK`;
  // Colorimetric conversion both ways: device to PCS (A2B0) and PCS to device (B2A0).
  const missing = ['A2B0', 'B2A0'].filter((tag) => !header.tags.has(tag));
  if (missing.length > 0) return `no ${missing.join(' and ')} table`;
  return undefined;
}

interface Reference {
  data: Record<string, unknown>;
  end(chunk?: Uint8Array): void;
}
interface RefInternals {
  ref(data?: object): Reference;
}

/**
 * Makes every RGB image (and RGB palette) that pdfkit embeds ICC-based sRGB, just before its
 * dictionary is written. Grey and CMYK images stay as they are: both are allowed under a CMYK
 * output intent.
 */
export function placeRgbImagesAsSrgb(doc: object): void {
  const internals = doc as unknown as RefInternals;
  const ref = internals.ref.bind(doc);
  let srgb: Reference | undefined;
  const iccSrgb = (): unknown[] => {
    if (!srgb) {
      srgb = ref({ N: 3 });
      srgb.end(srgbProfile());
    }
    return ['ICCBased', srgb];
  };
  const independent = (space: unknown): unknown => {
    if (space === 'DeviceRGB') return iccSrgb();
    if (Array.isArray(space) && space[0] === 'Indexed' && space[1] === 'DeviceRGB') return ['Indexed', iccSrgb(), ...space.slice(2)];
    return space;
  };
  internals.ref = (data?: object): Reference => {
    const reference = ref(data);
    if ((data as { Subtype?: unknown } | undefined)?.Subtype !== 'Image') return reference;
    const end = reference.end.bind(reference);
    reference.end = (chunk?: Uint8Array): void => {
      reference.data.ColorSpace = independent(reference.data.ColorSpace);
      end(chunk);
    };
    return reference;
  };
}

interface InfoInternals {
  info: Record<string, unknown>;
}

/**
 * Has pdfkit write the document information dictionary with its values in place. pdfkit writes
 * each value as an indirect object of its own (`/Trapped 21 0 R`), which PDF allows but which
 * press preflights reading GTS_PDFXVersion and Trapped as plain values may not follow. Call it
 * once the info entries are final.
 */
export function writeInfoDirectly(doc: object): void {
  const internals = doc as unknown as InfoInternals;
  const entries = internals.info;
  // pdfkit's end() makes one indirect object per entry of `info`: it finds none, and the dictionary
  // it then ends gets the values themselves.
  internals.info = {};
  let info: Reference | undefined;
  Object.defineProperty(doc, '_info', {
    configurable: true,
    get: () => info,
    set: (reference: Reference) => {
      const end = reference.end.bind(reference);
      reference.end = (chunk?: Uint8Array): void => {
        for (const [key, value] of Object.entries(entries)) reference.data[key] = typeof value === 'string' ? new String(value) : value;
        end(chunk);
      };
      info = reference;
    },
  });
}

const fail = (file: string, message: string, hint: string): Diagnostic => ({ severity: 'error', file, line: 0, column: 0, path: '', message: `PDF/X-4: ${message}`, hint });

/** The text of an XMP property written as an element (`<ns:Name>value</ns:Name>`) or an attribute. */
function xmpProperty(xmp: string, name: string): string | undefined {
  const element = new RegExp(`<${name}>(?:\\s*<rdf:(?:Alt|Seq|Bag)>\\s*<rdf:li[^>]*>)?([^<]*)<`).exec(xmp);
  const attribute = new RegExp(`\\s${name}="([^"]*)"`).exec(xmp);
  const raw = element?.[1] ?? attribute?.[1];
  return raw?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&').trim();
}

/** `D:20200527080000Z` (or with an offset) → the instant, so it can be compared with XMP's form. */
function pdfDate(value: string | undefined): number | undefined {
  const match = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Z+-])(\d{2})?'?(\d{2})?'?)?/.exec(value ?? '');
  if (!match) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone, zh = '00', zm = '00'] = match;
  const offset = zone === '+' || zone === '-' ? (zone === '+' ? 1 : -1) * (Number(zh) * 60 + Number(zm)) : 0;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offset * 60_000;
}

/**
 * The document-level rules of PDF/X-4, each failure named as a print shop's preflight names it:
 * version, encryption, file ID, output intent and its profile, identification in the XMP and the
 * info dictionary, Trapped, dates and title. Page boxes, colour and fonts are checked page by page
 * in preflight.ts.
 */
export function checkPdfxDocument(pdf: PdfFile, file: string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const header = /^%PDF-(\d\.\d)/.exec(Buffer.from(pdf.bytes.subarray(0, 16)).toString('latin1'))?.[1];
  if (!header || Number(header) > Number(PDFX_PDF_VERSION)) problems.push(fail(file, `PDF version ${header ?? 'unknown'}, later than 1.6`, 'save the file as PDF 1.6 (Acrobat 7) or earlier'));
  if (pdf.trailer.has('Encrypt')) problems.push(fail(file, 'the document is encrypted', 'a press cannot work with a protected file: save it without security'));
  if (!Array.isArray(pdf.resolve(pdf.trailer.get('ID')))) problems.push(fail(file, 'no file identifier (ID) in the trailer', 'write the file with a document ID'));

  const catalog = pdf.dict(pdf.trailer.get('Root')) ?? new Map<string, PdfValue>();
  problems.push(...checkOutputIntent(pdf, catalog, file));

  const info = pdf.dict(pdf.trailer.get('Info')) ?? new Map<string, PdfValue>();
  const infoText = (key: string): string | undefined => textString(pdf.resolve(info.get(key)));
  const metadata = pdf.object(catalog.get('Metadata'));
  if (!metadata) {
    problems.push(fail(file, 'no XMP metadata', 'PDF/X-4 identifies itself in the document\'s XMP metadata'));
    return problems;
  }
  const xmp = Buffer.from(pdf.decode(metadata)).toString('utf8');

  const version = xmpProperty(xmp, 'pdfxid:GTS_PDFXVersion');
  if (version !== PDFX_VERSION) problems.push(fail(file, version ? `the XMP names ${version}, not ${PDFX_VERSION}` : 'no PDF/X version in the XMP (pdfxid:GTS_PDFXVersion)', 'a PDF/X-4 file says so in its XMP'));
  const infoVersion = infoText('GTS_PDFXVersion');
  if (infoVersion !== undefined && infoVersion !== version) problems.push(fail(file, `the document info's GTS_PDFXVersion (${infoVersion}) disagrees with the XMP (${version ?? 'none'})`, 'the two must name the same version'));

  const trapped = nameOf(pdf.resolve(info.get('Trapped')));
  if (trapped !== 'True' && trapped !== 'False') problems.push(fail(file, `Trapped is ${trapped ?? 'missing'}, not True or False`, 'say whether the file has been trapped'));
  else if (xmpProperty(xmp, 'pdf:Trapped') !== trapped) problems.push(fail(file, `the XMP's pdf:Trapped (${xmpProperty(xmp, 'pdf:Trapped') ?? 'none'}) disagrees with the document info (${trapped})`, 'the two must agree'));

  for (const [key, property] of [['CreationDate', 'xmp:CreateDate'], ['ModDate', 'xmp:ModifyDate']] as const) {
    const inInfo = pdfDate(infoText(key));
    const inXmp = xmpProperty(xmp, property);
    if (inInfo === undefined || inXmp === undefined) problems.push(fail(file, `no ${key === 'CreationDate' ? 'creation' : 'modification'} date (${key}, ${property})`, 'date the document: document.date in content.yaml or SOURCE_DATE_EPOCH'));
    else if (Date.parse(inXmp) !== inInfo) problems.push(fail(file, `the XMP's ${property} disagrees with the document info's ${key}`, 'the two must be the same instant'));
  }
  if (!xmpProperty(xmp, 'dc:title')) problems.push(fail(file, 'no title (dc:title)', 'give the document a title'));
  for (const property of ['xmpMM:DocumentID', 'xmpMM:VersionID', 'xmpMM:RenditionClass']) {
    if (!xmpProperty(xmp, property)) problems.push(fail(file, `no ${property} in the XMP`, 'PDF/X-4 files carry their document ID, version and rendition class'));
  }
  return problems;
}

function checkOutputIntent(pdf: PdfFile, catalog: PdfDict, file: string): Diagnostic[] {
  const intents = pdf.resolve(catalog.get('OutputIntents'));
  const pdfx = (Array.isArray(intents) ? intents : []).map((intent) => pdf.dict(intent)).filter((intent): intent is PdfDict => nameOf(intent?.get('S')) === 'GTS_PDFX');
  if (pdfx.length !== 1) return [fail(file, pdfx.length === 0 ? 'no PDF/X output intent (GTS_PDFX)' : `${pdfx.length} PDF/X output intents, not one`, 'name the printing condition the file is made for, with its ICC profile')];
  const intent = pdfx[0]!;
  const problems: Diagnostic[] = [];
  if (!textString(pdf.resolve(intent.get('OutputConditionIdentifier')))) problems.push(fail(file, 'the output intent has no OutputConditionIdentifier', 'name the printing condition, e.g. FOGRA39'));
  const profile = pdf.object(intent.get('DestOutputProfile'));
  if (!profile) {
    problems.push(fail(file, 'no output intent profile (DestOutputProfile)', 'embed the ICC profile of the printing condition'));
    return problems;
  }
  const bytes = pdf.decode(profile);
  const problem = cmykOutputProfileProblem(bytes);
  if (problem) problems.push(fail(file, `the output intent profile is not an ICC CMYK output profile: ${problem}`, 'embed the CMYK profile of the printing condition (FOGRA39 for coated offset)'));
  else if (pdf.resolve((profile.value as PdfDict).get('N')) !== 4) problems.push(fail(file, 'the output intent profile\'s stream does not say N 4 (four components)', 'the profile stream must declare its CMYK components'));
  return problems;
}
