/**
 * The print edition read back as a print shop's preflight reads it, rule by rule of PDF/X-4
 * (ISO 15930-7), without going through our own preflight: the output intent and its profile,
 * identification and metadata, boxes, the colour of everything painted, fonts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfFile, PdfName, PdfRef, nameOf, operations, textString, type PdfDict, type PdfValue } from '../../src/render/pdf/inspect.js';
import { srgbProfile } from '../../src/render/pdf/pdfa.js';
import { expectCleanAndEmbedded, has, root, run, tempFile } from '../render/pdf/fixture.js';
import { printEditionWithPicture } from './editions.js';

let raw: Buffer;
let compressed: Buffer;
let pdf: PdfFile;
let catalog: PdfDict;
let info: PdfDict;
let xmp: string;

beforeAll(async () => {
  raw = await printEditionWithPicture(false);
  compressed = await printEditionWithPicture(true);
  pdf = new PdfFile(raw);
  catalog = pdf.dict(pdf.trailer.get('Root'))!;
  info = pdf.dict(pdf.trailer.get('Info'))!;
  xmp = Buffer.from(pdf.decode(pdf.object(catalog.get('Metadata'))!)).toString('utf8');
}, 60_000);

const ascii = (bytes: Uint8Array, at: number): string => Buffer.from(bytes.subarray(at, at + 4)).toString('latin1');

describe('the output intent', () => {
  it('is one GTS_PDFX intent naming FOGRA39 in the ICC registry', () => {
    const intents = pdf.resolve(catalog.get('OutputIntents')) as PdfValue[];
    expect(intents).toHaveLength(1);
    const intent = pdf.dict(intents[0])!;
    expect(nameOf(intent.get('S'))).toBe('GTS_PDFX');
    expect(intent.get('OutputConditionIdentifier')).toBe('FOGRA39');
    expect(intent.get('RegistryName')).toBe('http://www.color.org');
    expect(intent.get('Info')).toMatch(/FOGRA39/);
  });

  it('embeds a profile that parses as an ICC CMYK output profile: the repository\'s FOGRA39L.icc', () => {
    const intent = pdf.dict((pdf.resolve(catalog.get('OutputIntents')) as PdfValue[])[0])!;
    const stream = pdf.object(intent.get('DestOutputProfile'))!;
    expect((stream.value as PdfDict).get('N')).toBe(4);
    const icc = pdf.decode(stream);
    expect(Buffer.compare(Buffer.from(icc), readFileSync(path.join(root, 'profiles', 'FOGRA39L.icc')))).toBe(0);
    // ICC.1 header: size, version, device class, colour space, connection space, signature.
    expect(new DataView(icc.buffer, icc.byteOffset).getUint32(0)).toBe(icc.length);
    expect(icc[8]).toBe(2);
    expect([ascii(icc, 12), ascii(icc, 16), ascii(icc, 20), ascii(icc, 36)]).toEqual(['prtr', 'CMYK', 'Lab ', 'acsp']);
    const view = new DataView(icc.buffer, icc.byteOffset);
    const tags = Array.from({ length: view.getUint32(128) }, (_, i) => ascii(icc, 132 + 12 * i));
    expect(tags).toEqual(expect.arrayContaining(['desc', 'A2B0', 'B2A0', 'A2B1', 'B2A1', 'gamt']));
    expect(Buffer.from(icc).toString('latin1')).toContain('FOGRA39L (from icc-profiles-free)');
  });

  it('is accepted by Argyll\'s iccdump as a CMYK output profile, where Argyll is installed', () => {
    if (!has('iccdump')) return;
    const dump = run('iccdump', ['-v', '1', path.join(root, 'profiles', 'FOGRA39L.icc')]);
    expect(dump).toMatch(/Device Class = Output/);
    expect(dump).toMatch(/Color Space {2}= CMYK/);
  });
});

describe('identification and metadata', () => {
  it('is PDF 1.6, unencrypted, with a file ID', () => {
    expect(raw.subarray(0, 8).toString('latin1')).toBe('%PDF-1.6');
    expect(pdf.trailer.has('Encrypt')).toBe(false);
    expect(pdf.resolve(pdf.trailer.get('ID'))).toHaveLength(2);
  });

  it('says PDF/X-4 in the info dictionary and the XMP, with plain values press tools read', () => {
    // Direct values, not `/GTS_PDFXVersion 15 0 R` as pdfkit writes info entries.
    expect(info.get('GTS_PDFXVersion')).toBe('PDF/X-4');
    expect(info.get('Trapped')).toEqual(new PdfName('False'));
    expect(xmp).toContain('<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>');
    expect(xmp).toContain('xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"');
    expect(xmp).toContain('<pdf:Trapped>False</pdf:Trapped>');
    expect(xmp).not.toContain('pdfaid');
  });

  it('has XMP that agrees with the info dictionary: title, dates, and the ids PDF/X-4 asks for', () => {
    expect(info.get('CreationDate')).toBe('D:20200527000000Z');
    expect(info.get('ModDate')).toBe('D:20200527000000Z');
    expect(xmp).toContain('<xmp:CreateDate>2020-05-27T00:00:00Z</xmp:CreateDate>');
    expect(xmp).toContain('<xmp:ModifyDate>2020-05-27T00:00:00Z</xmp:ModifyDate>');
    expect(xmp).toContain('<xmp:MetadataDate>2020-05-27T00:00:00Z</xmp:MetadataDate>');
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${textString(info.get('Title'))}</rdf:li>`);
    expect(xmp).toMatch(/<xmpMM:DocumentID>uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/xmpMM:DocumentID>/);
    expect(xmp).toContain('<xmpMM:VersionID>1</xmpMM:VersionID>');
    expect(xmp).toContain('<xmpMM:RenditionClass>default</xmpMM:RenditionClass>');
    if (has('xmllint')) expect(() => run('xmllint', ['--noout', '-'], Buffer.from(xmp))).not.toThrow();
  });

  it('shows poppler the same identification', () => {
    if (!has('pdfinfo')) return;
    const file = tempFile(compressed);
    expect(run('pdfinfo', ['-custom', file])).toMatch(/GTS_PDFXVersion:\s+PDF\/X-4/);
    expect(run('pdfinfo', ['-meta', file])).toContain('<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>');
  });
});

describe('boxes', () => {
  it('gives every page a TrimBox inside its BleedBox inside its MediaBox, and no ArtBox', () => {
    const pages = pdf.pages();
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      const [t, b, m] = [page.trimBox!, page.bleedBox!, page.mediaBox] as [number, number, number, number][];
      expect(page.dict.has('ArtBox')).toBe(false);
      expect(b![0]! <= t![0]! && b![1]! <= t![1]! && b![2]! >= t![2]! && b![3]! >= t![3]!).toBe(true);
      expect(m![0]! <= b![0]! && m![1]! <= b![1]! && m![2]! >= b![2]! && m![3]! >= b![3]!).toBe(true);
    }
  });
});

describe('colour', () => {
  const deviceIndependentOrCmyk = (space: PdfValue | undefined): boolean => {
    const value = pdf.resolve(space);
    const name = nameOf(value);
    if (name) return ['DeviceCMYK', 'DeviceGray'].includes(name);
    const [family, base, alternate] = value as [PdfName, PdfValue, PdfValue];
    if (family.name === 'ICCBased') return true;
    if (family.name === 'Indexed') return deviceIndependentOrCmyk(base);
    if (family.name === 'Separation') return deviceIndependentOrCmyk(alternate);
    return false;
  };

  it('paints every content stream in DeviceCMYK or registration colour, with no RGB operator', () => {
    for (const page of pdf.pages()) {
      const spaces = pdf.dict(page.resources.get('ColorSpace')) ?? new Map<string, PdfValue>();
      for (const { operator, operands } of operations(page.content)) {
        expect(['rg', 'RG', 'sh']).not.toContain(operator);
        if (operator === 'cs' || operator === 'CS') {
          const name = nameOf(operands[0])!;
          expect(deviceIndependentOrCmyk(spaces.get(name) ?? operands[0])).toBe(true);
        }
      }
    }
  });

  it('places the RGB picture as ICC-based sRGB, with the sRGB profile', () => {
    const images = [...pdf.objects.values()].filter((object) => object.value instanceof Map && nameOf(object.value.get('Subtype')) === 'Image');
    expect(images).toHaveLength(1);
    for (const image of images) expect(deviceIndependentOrCmyk((image.value as PdfDict).get('ColorSpace'))).toBe(true);
    const [family, profile] = pdf.resolve((images[0]!.value as PdfDict).get('ColorSpace')) as [PdfName, PdfRef];
    expect(family.name).toBe('ICCBased');
    expect((pdf.dict(profile)!).get('N')).toBe(3);
    expect(Buffer.compare(Buffer.from(pdf.decode(pdf.object(profile)!)), srgbProfile())).toBe(0);
    if (has('pdfimages')) expect(run('pdfimages', ['-list', tempFile(compressed)])).toMatch(/image\s+600\s+450\s+icc\s+3/);
  });

  it('has no shading, and no DeviceRGB anywhere in the file', () => {
    const shadings = [...pdf.objects.values()].filter((object) => object.value instanceof Map && object.value.has('ShadingType'));
    expect(shadings).toEqual([]);
    expect(raw.toString('latin1')).not.toContain('/DeviceRGB');
  });
});

describe('reproducibility', () => {
  it('gives the same bytes for the same input, profile, ids and all', async () => {
    expect(Buffer.compare(await printEditionWithPicture(true), compressed)).toBe(0);
  });
});

describe('fonts', () => {
  it('embeds every font, for qpdf, pdffonts and the file\'s own font descriptors', () => {
    expectCleanAndEmbedded(compressed);
    const descriptors = [...pdf.objects.values()].filter((object) => object.value instanceof Map && nameOf(object.value.get('Type')) === 'FontDescriptor');
    expect(descriptors.length).toBeGreaterThan(0);
    for (const descriptor of descriptors) expect((descriptor.value as PdfDict).get('FontFile2')).toBeInstanceOf(PdfRef);
  });
});
