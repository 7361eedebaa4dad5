/** The standard edition is PDF/A-2b: what ISO 19005-2 asks of a file like ours, checked on the bytes. */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PdfFile, PdfName, PdfRef, nameOf, textString, type PdfDict, type PdfValue } from '../../../src/render/pdf/inspect.js';
import { srgbProfile } from '../../../src/render/pdf/pdfa.js';
import { escapeXml, xmpPacket } from '../../../src/render/pdf/xmp.js';
import { expectCleanAndEmbedded, has, laidOut, render, run } from './fixture.js';

const unescape = (xml: string): string => xml.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

interface Parts {
  readonly pdf: PdfFile;
  readonly catalog: PdfDict;
  readonly info: Record<string, string | undefined>;
  readonly xmp: string;
  readonly metadataStream: PdfDict;
}

function parts(bytes: Buffer): Parts {
  const pdf = new PdfFile(bytes);
  const catalog = pdf.dict(pdf.trailer.get('Root'))!;
  const infoDict = pdf.dict(pdf.trailer.get('Info'))!;
  const info: Record<string, string | undefined> = {};
  for (const [key, value] of infoDict) {
    const resolved = pdf.resolve(value);
    info[key] = resolved instanceof PdfName ? resolved.name : textString(resolved);
  }
  const metadata = pdf.object(catalog.get('Metadata'))!;
  return { pdf, catalog, info, xmp: Buffer.from(pdf.decode(metadata)).toString('utf8'), metadataStream: metadata.value as PdfDict };
}

/** The value of one XMP property, unescaped; for rdf:Alt/Seq/Bag the first item. */
function xmpValue(xmp: string, property: string): string | undefined {
  const match = new RegExp(`<${property}>(?:<rdf:(?:Alt|Seq|Bag)><rdf:li(?: xml:lang="x-default")?>)?([^<]*)<`).exec(xmp);
  return match ? unescape(match[1]!) : undefined;
}

/** `D:20200527080000Z` → `2020-05-27T08:00:00Z` */
const isoFromPdfDate = (date: string): string => {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(date)!;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
};

/** Each info entry and its XMP twin must be equal (ISO 19005-2, 6.6.2.3.1 via 6.6.3 of part 1). */
function expectInfoMatchesXmp({ info, xmp }: Parts): void {
  expect(xmpValue(xmp, 'dc:title')).toBe(info.Title);
  expect(xmpValue(xmp, 'dc:creator')).toBe(info.Author);
  expect(xmpValue(xmp, 'dc:description')).toBe(info.Subject);
  expect(xmpValue(xmp, 'pdf:Keywords')).toBe(info.Keywords);
  expect(xmpValue(xmp, 'xmp:CreatorTool')).toBe(info.Creator);
  expect(xmpValue(xmp, 'pdf:Producer')).toBe(info.Producer);
  expect(xmpValue(xmp, 'xmp:CreateDate')).toBe(info.CreationDate && isoFromPdfDate(info.CreationDate));
  expect(xmpValue(xmp, 'xmp:ModifyDate')).toBe(info.ModDate && isoFromPdfDate(info.ModDate));
}

let bytes: Buffer;
let standard: Parts;

beforeAll(async () => {
  bytes = await render();
  standard = parts(bytes);
}, 60_000);

describe('the standard edition as PDF/A-2b', () => {
  it('is PDF 1.7 with a binary comment and a file ID', () => {
    expect(bytes.subarray(0, 9).toString('latin1')).toBe('%PDF-1.7\n');
    expect([...bytes.subarray(10, 14)].every((b) => b > 127)).toBe(true);
    const id = standard.pdf.trailer.get('ID');
    expect(Array.isArray(id) && id.length === 2 && id[0] === id[1]).toBe(true);
  });

  it('identifies itself as PDF/A-2b in its XMP', () => {
    expect(xmpValue(standard.xmp, 'pdfaid:part')).toBe('2');
    expect(xmpValue(standard.xmp, 'pdfaid:conformance')).toBe('B');
  });

  it('has XMP that matches the info dictionary entry by entry, without dates when the document has none', () => {
    expectInfoMatchesXmp(standard);
    expect(standard.info.Title).toBe(laidOut().meta.title);
    expect(standard.info.CreationDate).toBeUndefined();
    expect(standard.xmp).not.toContain('xmp:CreateDate');
  });

  it('carries creation and modification dates in both places when the document has a date', async () => {
    const dated = parts(await render({ meta: { date: new Date('2020-05-27T08:00:00Z') } }));
    expect(dated.info.CreationDate).toBe('D:20200527080000Z');
    expect(dated.info.ModDate).toBe('D:20200527080000Z');
    // pdfkit writes no xmp:ModifyDate; ours does.
    expect(xmpValue(dated.xmp, 'xmp:ModifyDate')).toBe('2020-05-27T08:00:00Z');
    expectInfoMatchesXmp(dated);
  });

  it('keeps its XMP well-formed whatever the content says (& < > " and control characters)', async () => {
    const title = 'R&D <新> "区" > 科学城\u0007';
    const odd = parts(await render({ meta: { title, author: 'A & B', keywords: ['<x>', 'y&z'] } }));
    expect(odd.info.Title).toBe('R&D <新> "区" > 科学城');
    expectInfoMatchesXmp(odd);
    expect(odd.xmp).toContain('R&amp;D &lt;新&gt; &quot;区&quot; &gt; 科学城<');
    // An XML parser reads the same title back (pdf.js's, and xmllint's where installed).
    const doc = await getDocument({ data: new Uint8Array(odd.pdf.bytes), isEvalSupported: false }).promise;
    const { metadata } = (await doc.getMetadata()) as { metadata: { get(name: string): unknown } | null };
    expect(metadata?.get('dc:title')).toBe('R&D <新> "区" > 科学城');
    await doc.destroy();
    if (has('xmllint')) expect(() => run('xmllint', ['--noout', '-'], Buffer.from(odd.xmp))).not.toThrow();
  });

  it('writes the metadata stream uncompressed, with no stray keys', () => {
    expect(nameOf(standard.metadataStream.get('Type'))).toBe('Metadata');
    expect(nameOf(standard.metadataStream.get('Subtype'))).toBe('XML');
    expect(standard.metadataStream.has('Filter')).toBe(false);
    expect(standard.metadataStream.has('length')).toBe(false); // pdfkit adds a character count under this key
    expect(standard.xmp.startsWith('<?xpacket begin="\uFEFF"')).toBe(true);
  });

  it('has an sRGB output intent with the ICC profile embedded', () => {
    const intents = standard.pdf.resolve(standard.catalog.get('OutputIntents')) as PdfValue[];
    expect(intents).toHaveLength(1);
    const intent = standard.pdf.dict(intents[0])!;
    expect(nameOf(intent.get('S'))).toBe('GTS_PDFA1');
    expect(intent.get('OutputConditionIdentifier')).toBe('sRGB IEC61966-2.1');
    const profile = standard.pdf.object(intent.get('DestOutputProfile'))!;
    expect((profile.value as PdfDict).get('N')).toBe(3);
    const data = Buffer.from(standard.pdf.decode(profile));
    expect(createHash('sha256').update(data).digest('hex')).toBe(createHash('sha256').update(srgbProfile()).digest('hex'));
    // The ICC's own sRGB2014 profile (v2, display class, RGB data, XYZ connection space).
    expect(data.subarray(36, 40).toString('latin1')).toBe('acsp');
    expect(data.subarray(12, 24).toString('latin1')).toBe('mntrRGB XYZ ');
    expect(data[8]).toBe(2);
    expect(data.toString('latin1')).toContain('Copyright International Color Consortium');
  });

  it('embeds every font, as TrueType subsets whose CIDToGIDMap stream takes each CID to its own glyph in the subset, and no CIDSet', () => {
    let descendants = 0;
    for (const object of standard.pdf.objects.values()) {
      const dict = object.value;
      if (!(dict instanceof Map) || nameOf(dict.get('Type')) !== 'Font' || nameOf(dict.get('Subtype')) === 'Type0') continue;
      descendants++;
      expect(nameOf(dict.get('Subtype'))).toBe('CIDFontType2');
      const descriptor = standard.pdf.dict(dict.get('FontDescriptor'))!;
      expect(descriptor.get('FontFile2')).toBeInstanceOf(PdfRef);
      expect(descriptor.has('CIDSet')).toBe(false);
      // Every CID /W lists (runs: first CID, [widths]) has a glyph of its own in the subset, and nothing else has one.
      const map = Buffer.from(standard.pdf.decode(standard.pdf.object(dict.get('CIDToGIDMap'))!));
      const runs = standard.pdf.resolve(dict.get('W')) as PdfValue[];
      const cids: number[] = [];
      for (let i = 0; i < runs.length; i += 2) (runs[i + 1] as PdfValue[]).forEach((_, k) => cids.push((runs[i] as number) + k));
      const glyphs = Array.from({ length: map.length / 2 }, (_, cid) => map.readUInt16BE(2 * cid));
      expect(glyphs.filter((glyph, cid) => glyph !== 0 || cid === 0).length).toBe(cids.length);
      expect(new Set(cids.map((cid) => glyphs[cid])).size).toBe(cids.length);
      expect(cids.every((cid) => cid === 0 || glyphs[cid]! > 0)).toBe(true);
    }
    expect(descendants).toBe(3);
  });

  it('uses nothing PDF/A-2 forbids: no transparency, encryption, JavaScript or actions other than GoTo', () => {
    const raw = bytes.toString('latin1');
    for (const forbidden of ['/SMask', '/Group', '/CA ', '/ca ', '/Encrypt', '/JavaScript', '/JS ', '/Launch', '/URI', '/EmbeddedFiles', '/AA ']) expect(raw).not.toContain(forbidden);
    const annotations = [...standard.pdf.objects.values()].map((o) => o.value).filter((v): v is PdfDict => v instanceof Map && nameOf(v.get('Type')) === 'Annot');
    expect(annotations.length).toBeGreaterThan(0);
    for (const annotation of annotations) {
      expect(nameOf(annotation.get('Subtype'))).toBe('Link');
      expect(annotation.get('F')).toBe(4); // printable
      expect(nameOf(standard.pdf.dict(annotation.get('A'))?.get('S'))).toBe('GoTo');
    }
  });

  it('is clean for qpdf, and pdffonts finds every font embedded', () => {
    expectCleanAndEmbedded(bytes);
  });

  it('gives the same bytes for the same input', async () => {
    expect(createHash('sha256').update(await render()).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('the XMP writer', () => {
  it('escapes markup and drops what XML cannot carry', () => {
    expect(escapeXml('a&b<c>"d"\u0000\u001F\uD800e')).toBe('a&amp;b&lt;c&gt;&quot;d&quot;e');
    expect(escapeXml('𠀀')).toBe('𠀀');
  });

  it('writes pdfaid only when asked, and Trapped for print files', () => {
    const meta = { title: 't', author: 'a', subject: 's', keywords: [], lang: 'zh-CN' };
    expect(xmpPacket({ meta, producer: 'p', creator: 'c' })).not.toContain('pdfaid');
    expect(xmpPacket({ meta, producer: 'p', creator: 'c', trapped: 'False' })).toContain('<pdf:Trapped>False</pdf:Trapped>');
  });
});
