/**
 * The document's XMP metadata, written by us: pdfkit's own does not escape `&` or `<` and needs a
 * creation date even when the document has none.
 */
import type { DocumentMeta } from '../../model/document.js';

export const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const isoSeconds = (date: Date): string => `${date.toISOString().split('.')[0]}Z`;

/** The rdf:Description elements (pdfkit wraps them in the xpacket, x:xmpmeta and rdf:RDF). */
export function xmpDescriptions(meta: DocumentMeta, producer: string, creator: string): string {
  const e = escapeXml;
  const dates = meta.date ? `<xmp:CreateDate>${isoSeconds(meta.date)}</xmp:CreateDate><xmp:ModifyDate>${isoSeconds(meta.date)}</xmp:ModifyDate>` : '';
  return [
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">${dates}<xmp:CreatorTool>${e(creator)}</xmp:CreatorTool></rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${e(meta.title)}</rdf:li></rdf:Alt></dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${e(meta.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${e(meta.subject)}</rdf:li></rdf:Alt></dc:description>`,
    `<dc:language><rdf:Bag><rdf:li>${e(meta.lang)}</rdf:li></rdf:Bag></dc:language>`,
    `</rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>${e(producer)}</pdf:Producer><pdf:Keywords>${e(meta.keywords.join(', '))}</pdf:Keywords></rdf:Description>`,
  ].join('\n');
}
