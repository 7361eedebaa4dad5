/**
 * The structure tree written flat at the document's end (src/render/pdf/structure-tree.ts): no
 * element ended by pdfkit's recursive `end()`, and the file byte for byte the one pdfkit's own
 * `endMarkings` writes.
 */
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { render } from './fixture.js';

interface Endable {
  end(): void;
}

/** pdfkit's PDFStructureElement's prototype (pdfkit does not export the class). */
const elementPrototype = Object.getPrototypeOf(new PDFDocument({ tagged: true, autoFirstPage: false }).struct('P')) as Endable;

/** The report rendered, and how many structure elements pdfkit's `end()` was called on meanwhile. */
async function renderCountingEnds(print: boolean): Promise<{ file: Buffer; ends: number }> {
  const end = elementPrototype.end;
  let ends = 0;
  elementPrototype.end = function (this: Endable) {
    ends++;
    end.call(this);
  };
  try {
    return { file: await render({ print, compress: false }), ends };
  } finally {
    elementPrototype.end = end;
  }
}

/** `make` run with pdfkit's own `endMarkings`: a document's own (the flat writer) is not taken. */
async function withPdfkitsEndMarkings<T>(make: () => Promise<T>): Promise<T> {
  const documentPrototype = PDFDocument.prototype as unknown as { endMarkings: () => void };
  const own = documentPrototype.endMarkings;
  Object.defineProperty(documentPrototype, 'endMarkings', { configurable: true, get: () => own, set: () => undefined });
  try {
    return await make();
  } finally {
    Object.defineProperty(documentPrototype, 'endMarkings', { value: own, writable: true, enumerable: true, configurable: true });
  }
}

describe('the structure tree', () => {
  it.each([
    ['standard', false],
    ['print', true],
  ])('%s edition: written without ending its elements one by one, byte for byte as pdfkit writes it', async (_edition, print) => {
    const flat = await renderCountingEnds(print);
    const pdfkits = await withPdfkitsEndMarkings(() => renderCountingEnds(print));
    expect(flat.file.equals(pdfkits.file)).toBe(true);
    // pdfkit ends every element (hundreds); the flat writer none but the links, which the tagger ends on their pages.
    expect(pdfkits.ends).toBeGreaterThan(300);
    expect(flat.ends).toBeLessThan(pdfkits.ends / 5);
  }, 60_000);
});
