/** The report's named destinations (its contents and outline link to them) form a name tree PDF readers can search. */
import { describe, expect, it } from 'vitest';
import { PdfFile, textString, type PdfValue } from '../../../src/render/pdf/inspect.js';
import { openTestPdf } from './fixture.js';

const NAMES = ['section-2', 'b', 'contents', 'B', 'section-10', 'a', 'section-1.1', 'Z'];

describe('named destinations', () => {
  it('are listed in byte order, as ISO 32000-1 7.9.6 asks of a name tree (a reader finds them by bisection)', async () => {
    const { doc, finish } = openTestPdf('name-tree');
    doc.addPage();
    for (const name of NAMES) doc.addNamedDestination(name, 'XYZ', 0, 0, null as unknown as number);
    const pdf = new PdfFile(await finish());
    const catalog = pdf.dict(pdf.trailer.get('Root'))!;
    const dests = pdf.dict(pdf.dict(catalog.get('Names'))!.get('Dests'))!;
    const entries = pdf.resolve(dests.get('Names')) as PdfValue[];
    const keys = entries.filter((_, i) => i % 2 === 0).map((key) => textString(pdf.resolve(key)));
    // Byte order: capitals before small letters (a locale's collation puts "a" before "B").
    expect(keys).toEqual(['B', 'Z', 'a', 'b', 'contents', 'section-1.1', 'section-10', 'section-2']);
  });
});
