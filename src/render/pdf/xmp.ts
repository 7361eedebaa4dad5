/**
 * The document's XMP metadata packet, written by us in place of pdfkit's. pdfkit 0.20.2's own
 * (`_addInfo`) puts title, author, subject and keywords into the XML unescaped (a title with `&` or
 * `<` gives a malformed packet), writes no xmp:ModifyDate although the info dictionary has ModDate,
 * needs a creation date even when the document has none (it crashes without one), and adds a
 * `length` key counting characters, not bytes, to the stream dictionary.
 *
 * Every entry here mirrors one of the document information dictionary (PDF/A-2 requires the two to
 * agree): Title = dc:title, Author = dc:creator, Subject = dc:description, Keywords = pdf:Keywords,
 * Creator = xmp:CreatorTool, Producer = pdf:Producer, CreationDate = xmp:CreateDate,
 * ModDate = xmp:ModifyDate, Trapped = pdf:Trapped, GTS_PDFXVersion = pdfxid:GTS_PDFXVersion. Dates appear in both or in neither.
 *
 * Dates: a document is dated by `document.date` in content.yaml, else by SOURCE_DATE_EPOCH (see
 * build.ts); both dates are that one instant. Without either, the file carries no date at all, in
 * the info dictionary or the XMP, and is still PDF/A-2b: ISO 19005-2 requires no dates, only that
 * the info dictionary and the XMP agree where either has one. We do not fall back to the clock
 * (the same input would stop giving the same bytes) nor to an invented epoch (an archive would
 * record a false creation date).
 */
import type { DocumentMeta } from '../../model/document.js';

/**
 * Text without the characters XML 1.0 cannot carry even escaped (control characters, lone
 * surrogates). The info dictionary gets the same text, so the two still agree.
 */
export const xmlSafe = (text: string): string =>
  text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');

/** Escapes text for XML content and attributes. */
export const escapeXml = (text: string): string =>
  xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** `2020-05-27T08:00:00Z`: XMP's form of the instant pdfkit writes as `D:20200527080000Z`. */
export const xmpDate = (date: Date): string => `${date.toISOString().split('.')[0]}Z`;

export interface XmpOptions {
  readonly meta: DocumentMeta;
  readonly producer: string;
  readonly creator: string;
  /** PDF/A identification, e.g. part 2, conformance B. */
  readonly pdfa?: { readonly part: number; readonly conformance: 'A' | 'B' | 'U' };
  /** Mirrors the info dictionary's Trapped (print files say whether they are trapped). */
  readonly trapped?: 'True' | 'False';
  /** PDF/X identification (mirrors the info dictionary's GTS_PDFXVersion), with the ids PDF/X-4 asks for. */
  readonly pdfx?: { readonly version: string; readonly documentId: string; readonly instanceId: string };
}

/** The whole packet, from `<?xpacket begin` to `<?xpacket end`. */
export function xmpPacket(options: XmpOptions): string {
  const { meta } = options;
  const e = escapeXml;
  const dates = meta.date ? [`<xmp:CreateDate>${xmpDate(meta.date)}</xmp:CreateDate>`, `<xmp:ModifyDate>${xmpDate(meta.date)}</xmp:ModifyDate>`] : [];
  // The metadata is as old as the document: written once, with it.
  const metadataDate = meta.date && options.pdfx ? [`<xmp:MetadataDate>${xmpDate(meta.date)}</xmp:MetadataDate>`] : [];
  const description = (ns: string, body: readonly string[]): string => [`<rdf:Description rdf:about="" ${ns}>`, ...body.map((line) => `  ${line}`), `</rdf:Description>`].join('\n');
  const descriptions = [
    description('xmlns:xmp="http://ns.adobe.com/xap/1.0/"', [...dates, ...metadataDate, `<xmp:CreatorTool>${e(options.creator)}</xmp:CreatorTool>`]),
    description('xmlns:dc="http://purl.org/dc/elements/1.1/"', [
      `<dc:format>application/pdf</dc:format>`,
      `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${e(meta.title)}</rdf:li></rdf:Alt></dc:title>`,
      `<dc:creator><rdf:Seq><rdf:li>${e(meta.author)}</rdf:li></rdf:Seq></dc:creator>`,
      `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${e(meta.subject)}</rdf:li></rdf:Alt></dc:description>`,
      `<dc:language><rdf:Bag><rdf:li>${e(meta.lang)}</rdf:li></rdf:Bag></dc:language>`,
    ]),
    description('xmlns:pdf="http://ns.adobe.com/pdf/1.3/"', [
      `<pdf:Producer>${e(options.producer)}</pdf:Producer>`,
      `<pdf:Keywords>${e(meta.keywords.join(', '))}</pdf:Keywords>`,
      ...(options.trapped ? [`<pdf:Trapped>${options.trapped}</pdf:Trapped>`] : []),
    ]),
    ...(options.pdfa
      ? [
          description('xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"', [
            `<pdfaid:part>${options.pdfa.part}</pdfaid:part>`,
            `<pdfaid:conformance>${options.pdfa.conformance}</pdfaid:conformance>`,
          ]),
        ]
      : []),
    ...(options.pdfx
      ? [
          description('xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"', [`<pdfxid:GTS_PDFXVersion>${e(options.pdfx.version)}</pdfxid:GTS_PDFXVersion>`]),
          description('xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"', [
            `<xmpMM:DocumentID>${e(options.pdfx.documentId)}</xmpMM:DocumentID>`,
            `<xmpMM:InstanceID>${e(options.pdfx.instanceId)}</xmpMM:InstanceID>`,
            `<xmpMM:VersionID>1</xmpMM:VersionID>`,
            `<xmpMM:RenditionClass>default</xmpMM:RenditionClass>`,
          ]),
        ]
      : []),
  ];
  return [
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">`,
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    ...descriptions,
    `</rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="w"?>`,
  ].join('\n');
}

interface MetadataInternals {
  _root: { data: Record<string, unknown> };
  ref(data: object): { compress: boolean; write(chunk: Uint8Array): void; end(): void };
  endMetadata: () => void;
}

/**
 * Replaces pdfkit's metadata step (run by `doc.end()`) with our packet: an uncompressed
 * /Type /Metadata /Subtype /XML stream, as PDF/A wants, referenced from the catalog.
 */
export function installXmp(doc: object, options: XmpOptions): void {
  const internals = doc as unknown as MetadataInternals;
  internals.endMetadata = () => {
    const stream = internals.ref({ Type: 'Metadata', Subtype: 'XML' });
    stream.compress = false;
    stream.write(new TextEncoder().encode(xmpPacket(options)));
    stream.end();
    internals._root.data.Metadata = stream;
  };
}
