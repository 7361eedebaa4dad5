/** The print edition: what a print shop checks before it makes plates. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { COVER_BAND, A4 } from '../../src/layout/report/report.js';
import { PdfFile, PdfName, PdfRef, nameOf, operations, textString, type PdfValue } from '../../src/render/pdf/inspect.js';
import { MM, extendIntoBleed, printGeometry, printerMarks } from '../../src/render/pdf/print.js';
import { expectCleanAndEmbedded, has, laidOut, render, run, tempFile } from '../render/pdf/fixture.js';
import { DATED } from './editions.js';

const BLEED = 3 * MM;
const close = (a: number, b: number): boolean => Math.abs(a - b) < 0.01;

let raw: Buffer;
let compressed: Buffer;
let pdf: PdfFile;

beforeAll(async () => {
  raw = await render({ print: true, compress: false, meta: DATED });
  compressed = await render({ print: true, meta: DATED });
  pdf = new PdfFile(raw);
}, 60_000);

describe('page boxes', () => {
  it('trims every page to A4, with 3 mm of bleed on each side and room for marks beyond it', () => {
    const pages = pdf.pages();
    expect(pages).toHaveLength(laidOut().report.pages.length);
    for (const page of pages) {
      const [tx1, ty1, tx2, ty2] = page.trimBox as number[] as [number, number, number, number];
      const [bx1, by1, bx2, by2] = page.bleedBox as number[] as [number, number, number, number];
      const [mx1, my1, mx2, my2] = page.mediaBox as number[] as [number, number, number, number];
      expect(close(tx2 - tx1, A4.width) && close(ty2 - ty1, A4.height)).toBe(true);
      for (const gap of [tx1 - bx1, ty1 - by1, bx2 - tx2, by2 - ty2]) expect(close(gap, BLEED)).toBe(true);
      // Crop marks need at least 2 mm clear of the bleed plus their length: 10 mm beyond the trim.
      for (const gap of [bx1 - mx1, by1 - my1, mx2 - bx2, my2 - by2]) expect(gap).toBeGreaterThanOrEqual(7 * MM);
    }
  });

  it('shows the same boxes to pdfinfo -box', () => {
    if (!has('pdfinfo')) return;
    const info = run('pdfinfo', ['-box', '-f', '1', '-l', '1', tempFile(compressed)]);
    const box = (name: string): number[] => new RegExp(`${name}:\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`).exec(info)!.slice(1).map(Number);
    const trim = box('TrimBox');
    const bleed = box('BleedBox');
    expect(trim[2]! - trim[0]!).toBeCloseTo(595.28, 1);
    expect(trim[3]! - trim[1]!).toBeCloseTo(841.89, 1);
    expect(trim[0]! - bleed[0]!).toBeCloseTo(8.5, 1);
    expect(bleed[2]! - trim[2]!).toBeCloseTo(8.5, 1);
  });
});

describe('colour', () => {
  it('has no RGB colour operators or colour spaces in any content stream', () => {
    for (const page of pdf.pages()) {
      for (const { operator, operands } of operations(page.content)) {
        expect(['rg', 'RG']).not.toContain(operator);
        if (operator === 'cs' || operator === 'CS') expect(['DeviceCMYK', 'CS0']).toContain(nameOf(operands[0]));
        if (operator === 'sc' || operator === 'scn' || operator === 'SC' || operator === 'SCN') expect([1, 4]).toContain(operands.length);
      }
    }
    expect(raw.toString('latin1')).not.toContain('/DeviceRGB');
  });

  it('has none either after qpdf expands the compressed file', () => {
    if (!has('qpdf')) return;
    const expanded = tempFile(Buffer.alloc(0), 'expanded.pdf');
    run('qpdf', ['--qdf', '--object-streams=disable', tempFile(compressed), expanded]);
    const text = readFileSync(expanded).toString('latin1');
    expect(text).not.toMatch(/\s(rg|RG)\s/);
    expect(text).not.toContain('/DeviceRGB');
    expect(text).toContain('/DeviceCMYK cs');
  });

  it('prints text in pure black ink (100 K, no rich black) and uses only the theme\'s CMYK', () => {
    const { project } = laidOut();
    const allowed = new Set(Object.values(project.theme.print!.cmyk).map((cmyk) => cmyk.map((v) => v / 100).join(' ')));
    const textFills = new Map<string, number>();
    for (const page of pdf.pages()) {
      let fill = '';
      for (const { operator, operands } of operations(page.content)) {
        if (operator === 'scn' && operands.length === 4) {
          fill = operands.join(' ');
          expect(allowed).toContain(fill);
          const [c, m, y, k] = operands as number[];
          if (k! >= 0.9) expect([c, m, y]).toEqual([0, 0, 0]);
        }
        if (operator === 'TJ' || operator === 'Tj') textFills.set(fill, (textFills.get(fill) ?? 0) + 1);
      }
    }
    const [mostUsed] = [...textFills.entries()].sort((a, b) => b[1] - a[1])[0]!;
    expect(mostUsed).toBe('0 0 0 1');
  });
});

describe('marks and bleed', () => {
  const geometry = printGeometry(A4.width, A4.height, 3);

  it('puts every crop and registration mark outside the bleed and inside the sheet', () => {
    const [bx1, by1, bx2, by2] = [geometry.margin - BLEED, geometry.margin - BLEED, geometry.margin + A4.width + BLEED, geometry.margin + A4.height + BLEED];
    const outsideBleed = (x: number, y: number): boolean => x < bx1 - 1 || x > bx2 + 1 || y < by1 - 1 || y > by2 + 1;
    const onSheet = (x: number, y: number): boolean => x >= 0 && y >= 0 && x <= geometry.media.width && y <= geometry.media.height;
    const marks = printerMarks(geometry);
    expect(marks.lines).toHaveLength(8);
    expect(marks.targets).toHaveLength(4);
    for (const [x1, y1, x2, y2] of marks.lines) {
      expect(outsideBleed(x1, y1) && outsideBleed(x2, y2)).toBe(true);
      expect(onSheet(x1, y1) && onSheet(x2, y2)).toBe(true);
    }
    for (const t of marks.targets) {
      for (const [x, y] of [[t.x - t.radius, t.y], [t.x + t.radius, t.y], [t.x, t.y - t.radius], [t.x, t.y + t.radius]] as const) {
        expect(outsideBleed(x, y)).toBe(true);
        expect(onSheet(x, y)).toBe(true);
      }
    }
  });

  it('draws the marks in registration colour, as printer\'s-mark artifacts', () => {
    const text = raw.toString('latin1');
    expect(text).toMatch(/\[\/Separation \/All \/DeviceCMYK/);
    expect(text.match(/\/Artifact <<\/Type \/Page>> BDC/g)).toHaveLength(pdf.pages().length);
  });

  it('runs the cover\'s band into the bleed on the three edges it touches', () => {
    const band = laidOut().report.pages[0]!.items.find((item) => item.kind === 'rect' && item.bleed);
    expect(band).toMatchObject({ x: 0, y: 0, width: A4.width, height: COVER_BAND, bleed: ['top', 'left', 'right'] });
    const box = { x: 0, y: 0, width: A4.width, height: COVER_BAND };
    expect(extendIntoBleed(box, ['top', 'left', 'right'], BLEED)).toEqual({ x: -BLEED, y: -BLEED, width: A4.width + 2 * BLEED, height: COVER_BAND + BLEED });
  });

  it('shows the band in the bleed and nothing beyond it (rendered by pdftoppm)', () => {
    if (!has('pdftoppm')) return;
    const ppm = readPpm(Buffer.from(run('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', tempFile(compressed)], undefined, 'latin1'), 'latin1'));
    const m = geometry.margin;
    const pixel = (x: number, y: number): number[] => ppm.pixel(Math.round(x), Math.round(y));
    const isRed = ([r, g, b]: number[]): boolean => r! > 100 && g! < 80 && b! < 80;
    const isWhite = ([r, g, b]: number[]): boolean => r! > 240 && g! > 240 && b! > 240;
    expect(isRed(pixel(m + A4.width / 2, m + COVER_BAND / 2))).toBe(true); // inside the trim
    expect(isRed(pixel(m + A4.width / 2, m - BLEED / 2))).toBe(true); // in the bleed above
    expect(isRed(pixel(m - BLEED / 2, m + COVER_BAND / 2))).toBe(true); // in the bleed on the left
    expect(isWhite(pixel(m + A4.width / 2 + 40, m - BLEED - 3))).toBe(true); // beyond the bleed
    expect(isWhite(pixel(m + A4.width / 2, m + COVER_BAND + 3))).toBe(true); // below the band
  });
});

describe('the file', () => {
  it('is clean for qpdf and embeds every font', () => {
    expectCleanAndEmbedded(compressed);
  });

  it('carries no annotations but keeps its bookmarks and structure', () => {
    for (const page of pdf.pages()) expect(page.dict.has('Annots')).toBe(false);
    const catalog = pdf.dict(pdf.trailer.get('Root'))!;
    expect(pdf.dict(catalog.get('Outlines'))?.get('First')).toBeInstanceOf(PdfRef);
    expect(pdf.dict(catalog.get('StructTreeRoot'))).toBeDefined();
    expect(textString(pdf.resolve(pdf.dict(pdf.trailer.get('Info'))!.get('Title')))).toBe(laidOut().meta.title);
  });

  it('opens bookmarks at the trim, not at the sheet corner', () => {
    const catalog = pdf.dict(pdf.trailer.get('Root'))!;
    const first = pdf.dict(pdf.dict(catalog.get('Outlines'))!.get('First'))!;
    const [, , left, top] = first.get('Dest') as [PdfRef, PdfName, number, number];
    expect(left).toBeCloseTo(printGeometry(A4.width, A4.height, 3).margin, 3);
    expect(top).toBeCloseTo(printGeometry(A4.width, A4.height, 3).margin + A4.height, 3);
  });
});

describe('named destinations', () => {
  it('point at the sections where they are on the sheet, past the slug', () => {
    const catalog = pdf.dict(pdf.trailer.get('Root'))!;
    const dests = pdf.dict(pdf.dict(catalog.get('Names'))!.get('Dests'))!;
    const names = pdf.resolve(dests.get('Names')) as PdfValue[];
    const at = names.findIndex((name) => name === 'section-1');
    const [, , , top] = pdf.resolve(names[at + 1]) as [PdfRef, PdfName, number, number];
    const { report } = laidOut();
    const anchor = report.pages.flatMap((p) => p.items).find((item) => item.kind === 'anchor' && item.name === 'section-1')!;
    const geometry = printGeometry(A4.width, A4.height, 3);
    expect(top).toBeCloseTo(geometry.media.height - geometry.margin - (anchor as { y: number }).y, 3);
  });
});

/** A binary PPM (P6) as pdftoppm writes it. */
function readPpm(data: Buffer): { pixel(x: number, y: number): number[] } {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 40).toString('latin1'))!;
  const width = Number(header[1]);
  const offset = header[0].length;
  return { pixel: (x, y) => [...data.subarray(offset + (y * width + x) * 3, offset + (y * width + x) * 3 + 3)] };
}
