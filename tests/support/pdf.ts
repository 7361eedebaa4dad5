/** Reads a PDF the way a viewer does (pdf.js): the text of each page, and the outline. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  readonly pages: readonly string[];
  /** Lines of text per page, in reading order, as pdf.js groups them by baseline. */
  readonly lines: readonly (readonly string[])[];
  readonly outline: readonly string[];
  readonly info: Readonly<Record<string, unknown>>;
}

export async function readPdf(data: Uint8Array): Promise<PdfText> {
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  const lines: string[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const byBaseline = new Map<number, { x: number; text: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      const y = Math.round(item.transform[5] as number);
      const row = byBaseline.get(y) ?? [];
      row.push({ x: item.transform[4] as number, text: item.str });
      byBaseline.set(y, row);
    }
    const pageLines = [...byBaseline.entries()]
      .sort(([a], [b]) => b - a)
      .map(([, row]) => row.sort((a, b) => a.x - b.x).map((r) => r.text).join(''));
    lines.push(pageLines);
    pages.push(pageLines.join('\n'));
  }
  const outline = ((await doc.getOutline()) ?? []).flatMap(function walk(item): string[] {
    return [item.title, ...item.items.flatMap(walk)];
  });
  const { info } = (await doc.getMetadata()) as { info: Record<string, unknown> };
  await doc.destroy();
  return { pages, lines, outline, info };
}
