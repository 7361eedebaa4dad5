/**
 * The preflight against PDF/X-4, proved on a corpus: the print edition as built passes, and each
 * copy of it with one rule broken (its bytes edited, or rendered undated) fails with that rule's
 * name and nothing else.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { PdfFile, type PdfDict } from '../../src/render/pdf/inspect.js';
import { preflight } from '../../src/render/pdf/preflight.js';
import { render } from '../render/pdf/fixture.js';
import { printEditionWithPicture } from './editions.js';

let edition: Buffer;
let undated: Buffer;

beforeAll(async () => {
  edition = await printEditionWithPicture(false);
  undated = await render({ print: true, compress: false });
}, 60_000);

const errorsOf = (bytes: Buffer): Diagnostic[] => preflight(bytes, { file: 'briefing-print.pdf', print: true }).filter((d) => d.severity === 'error');

/** The edition with the first `from` replaced by `to`, which must be there (inside a stream, keep its length). */
function edited(from: string | RegExp, to: string): Buffer {
  const text = edition.toString('latin1');
  const changed = text.replace(from, to);
  expect(changed, `${String(from)} is in the edition`).not.toBe(text);
  return Buffer.from(changed, 'latin1');
}

/** The edition with the first match of `pattern` blanked out, keeping every stream's length. */
function blanked(pattern: RegExp): Buffer {
  const match = pattern.exec(edition.toString('latin1'));
  expect(match, `${String(pattern)} is in the edition`).not.toBeNull();
  return edited(pattern, ' '.repeat(match![0].length));
}

/** The edition with four bytes of the output intent's ICC profile overwritten at `offset`. */
function withProfileBytes(offset: number, bytes: string): Buffer {
  const pdf = new PdfFile(edition);
  const intent = pdf.dict((pdf.resolve(pdf.dict(pdf.trailer.get('Root'))!.get('OutputIntents')) as PdfDict[])[0])!;
  const profile = pdf.object(intent.get('DestOutputProfile'))!.stream!;
  const copy = Buffer.from(edition);
  copy.write(bytes, profile.byteOffset - edition.byteOffset + offset, 'latin1');
  return copy;
}

/** A shading painted in DeviceRGB, added to the first page's resources. */
const RGB_SHADING = '/Shading << /Sh9 << /ShadingType 2 /ColorSpace /DeviceRGB /Coords [0 0 1 0] /Function << /FunctionType 2 /Domain [0 1] /C0 [1 0 0] /C1 [0 0 1] /N 1 >> >> >>\n/ProcSet';

const corpus: readonly { readonly rule: string; readonly make: () => Buffer; readonly reported: RegExp }[] = [
  { rule: 'PDF 1.6 or earlier', make: () => edited('%PDF-1.6', '%PDF-1.7'), reported: /^PDF\/X-4: PDF version 1\.7, later than 1\.6$/ },
  { rule: 'no encryption', make: () => edited(/trailer\n<<\n/, 'trailer\n<<\n/Encrypt << /Filter /Standard >>\n'), reported: /^PDF\/X-4: the document is encrypted$/ },
  { rule: 'a file ID', make: () => edited(/\/ID \[/, '/XD ['), reported: /^PDF\/X-4: no file identifier \(ID\) in the trailer$/ },
  { rule: 'a GTS_PDFX output intent', make: () => edited('/S /GTS_PDFX', '/S /GTS_PDFA1'), reported: /^PDF\/X-4: no PDF\/X output intent \(GTS_PDFX\)$/ },
  { rule: 'an output intent profile', make: () => edited('/DestOutputProfile', '/DestOutputProfilX'), reported: /^PDF\/X-4: no output intent profile \(DestOutputProfile\)$/ },
  { rule: 'an output condition identifier', make: () => edited('/OutputConditionIdentifier', '/OutputConditionIdentifieX'), reported: /^PDF\/X-4: the output intent has no OutputConditionIdentifier$/ },
  { rule: 'a CMYK profile', make: () => withProfileBytes(16, 'RGB '), reported: /^PDF\/X-4: the output intent profile is not an ICC CMYK output profile: a RGB profile, not CMYK$/ },
  { rule: 'an output (printer) profile', make: () => withProfileBytes(12, 'mntr'), reported: /not an ICC CMYK output profile: a "mntr" profile, not an output \(prtr\) profile$/ },
  { rule: 'an ICC profile at all', make: () => withProfileBytes(36, 'xxxx'), reported: /not an ICC CMYK output profile: no ICC signature \(acsp\)$/ },
  { rule: 'four components declared', make: () => edited(/\/N 4\n/, '/N 3\n'), reported: /^PDF\/X-4: the output intent profile's stream does not say N 4/ },
  { rule: 'PDF/X-4 named in the XMP', make: () => edited('<pdfxid:GTS_PDFXVersion>PDF/X-4<', '<pdfxid:GTS_PDFXVersion>PDF/X-3<'), reported: /PDF\/X-3/ },
  { rule: 'info and XMP agreeing on the version', make: () => edited('/GTS_PDFXVersion (PDF/X-4)', '/GTS_PDFXVersion (PDF/X-1)'), reported: /^PDF\/X-4: the document info's GTS_PDFXVersion \(PDF\/X-1\) disagrees with the XMP \(PDF\/X-4\)$/ },
  { rule: 'Trapped True or False', make: () => edited('/Trapped /False', '/Trapped /Unknown'), reported: /^PDF\/X-4: Trapped is Unknown, not True or False$/ },
  { rule: 'info and XMP agreeing on Trapped', make: () => edited('<pdf:Trapped>False<', '<pdf:Trapped>True <'), reported: /^PDF\/X-4: the XMP's pdf:Trapped \(True\) disagrees with the document info \(False\)$/ },
  { rule: 'dates', make: () => undated, reported: /^PDF\/X-4: no (creation|modification) date/ },
  { rule: 'info and XMP agreeing on dates', make: () => edited('<xmp:ModifyDate>2020-05-27', '<xmp:ModifyDate>2021-05-27'), reported: /^PDF\/X-4: the XMP's xmp:ModifyDate disagrees with the document info's ModDate$/ },
  { rule: 'a title', make: () => blanked(/<dc:title>.*<\/dc:title>/), reported: /^PDF\/X-4: no title \(dc:title\)$/ },
  { rule: 'a version id', make: () => blanked(/<xmpMM:VersionID>1<\/xmpMM:VersionID>/), reported: /^PDF\/X-4: no xmpMM:VersionID in the XMP$/ },
  { rule: 'a TrimBox on every page', make: () => edited('/TrimBox', '/TrimBoz'), reported: /^no TrimBox: the printer cannot tell where to cut$/ },
  { rule: 'TrimBox or ArtBox, not both', make: () => edited('/TrimBox', '/ArtBox [0 0 10 10]\n/TrimBox'), reported: /^PDF\/X-4: both TrimBox and ArtBox$/ },
  { rule: 'the TrimBox inside the BleedBox', make: () => edited(/\/BleedBox \[[^\]]*\]/, '/BleedBox [40 40 600 800]'), reported: /^PDF\/X-4: the TrimBox extends beyond the BleedBox$/ },
  { rule: 'no DeviceRGB in content', make: () => edited('/DeviceCMYK cs', '/DeviceRGB  cs'), reported: /^RGB colour in a print file: DeviceRGB colour space$/ },
  { rule: 'no RGB operators', make: () => edited(/\n0 0 0 1 scn\n/, '\n0 0 0 rg    \n'), reported: /^RGB colour in a print file: rg operator$/ },
  { rule: 'no DeviceRGB images', make: () => edited(/\/ColorSpace \[\/ICCBased \d+ 0 R\]/, '/ColorSpace /DeviceRGB'), reported: /^RGB colour in a print file: RGB image I\d+$/ },
  { rule: 'no DeviceRGB shadings', make: () => edited('/ProcSet', RGB_SHADING), reported: /^RGB colour in a print file: RGB shading Sh9$/ },
  { rule: 'no DeviceRGB transparency group', make: () => edited('/TrimBox', '/Group << /S /Transparency /CS /DeviceRGB >>\n/TrimBox'), reported: /^RGB colour in a print file: DeviceRGB transparency group$/ },
  { rule: 'every font embedded', make: () => edited('/FontFile2', '/FontFileX'), reported: /^font \S+ is not embedded$/ },
];

describe('PDF/X-4 preflight', () => {
  it('passes the print edition as built, picture and all', () => {
    expect(preflight(edition, { file: 'briefing-print.pdf', print: true })).toEqual([]);
  });

  it.each(corpus)('catches a print edition without $rule, and nothing else', ({ make, reported }) => {
    const errors = errorsOf(make());
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error.message).toMatch(reported);
    for (const error of errors) expect(error.hint).toBeTruthy();
  });
});
