/** Preflight: it passes both editions as built and catches what a print shop would reject. */
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { A4 } from '../../src/layout/report/report.js';
import type { LaidOutReport, PageItem } from '../../src/model/pages.js';
import { MM, checkImageResolution, effectiveDpi } from '../../src/render/pdf/print.js';
import { preflight } from '../../src/render/pdf/preflight.js';
import { laidOut, render } from '../render/pdf/fixture.js';
import { DATED, png } from './editions.js';

let standard: Buffer;
let print: Buffer;

beforeAll(async () => {
  standard = await render();
  print = await render({ print: true, meta: DATED });
}, 60_000);

function pdfkitFile(draw: (doc: InstanceType<typeof PDFDocument>) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  draw(doc);
  doc.end();
  return done;
}

const page = (items: PageItem[]): LaidOutReport => ({ width: A4.width, height: A4.height, pages: [{ items }], outline: [] });

describe('preflight on the editions as built', () => {
  it('passes the print edition and the standard edition, each as what it is', () => {
    expect(preflight(print, { file: 'briefing-print.pdf', print: true })).toEqual([]);
    expect(preflight(standard, { file: 'briefing.pdf', print: false })).toEqual([]);
    expect(preflight(laidOut().report, { file: 'briefing-print.pdf', print: true })).toEqual([]);
  });

  it('rejects the standard edition as a print file: RGB colour and no trim or bleed boxes', () => {
    const problems = preflight(standard, { file: 'briefing.pdf', print: true });
    expect(problems.some((p) => p.severity === 'error' && p.message.startsWith('no TrimBox'))).toBe(true);
    expect(problems.some((p) => p.severity === 'error' && /RGB colour in a print file: DeviceRGB colour space/.test(p.message))).toBe(true);
    expect(problems.some((p) => /annotation/.test(p.message))).toBe(true);
    expect(problems[0]).toMatchObject({ file: 'briefing.pdf', path: 'page 1', line: 0, column: 0 });
  });
});

describe('preflight on PDF bytes', () => {
  it('reports fonts that are not embedded', async () => {
    const file = await pdfkitFile((doc) => doc.font('Helvetica').text('not embedded', 100, 100));
    expect(preflight(file, { file: 'x.pdf', print: false })).toContainEqual(expect.objectContaining({ severity: 'error', message: 'font Helvetica is not embedded' }));
  });

  it('reports RGB operators in a print file', async () => {
    const file = await pdfkitFile((doc) => doc.rect(10, 10, 50, 50).fill('#ff0000'));
    const problems = preflight(file, { file: 'x.pdf', print: true });
    expect(problems.some((p) => /RGB colour/.test(p.message))).toBe(true);
  });

  it('reports images below 300 dpi as placed, and RGB images in print', async () => {
    // 100 × 100 pixels on 2 × 2 inches: 50 dpi. 600 × 600 pixels on 1 inch: fine.
    const file = await pdfkitFile((doc) => {
      doc.image(png(100, 100), 72, 72, { width: 144, height: 144 });
      doc.image(png(600, 600), 300, 300, { width: 72, height: 72 });
    });
    const problems = preflight(file, { file: 'x.pdf', print: true });
    const resolution = problems.filter((p) => /dpi/.test(p.message));
    expect(resolution).toHaveLength(1);
    expect(resolution[0]!.message).toMatch(/prints at 50 dpi, below 300 dpi/);
    expect(problems.some((p) => /RGB image/.test(p.message))).toBe(true);
  });

  it('says so when the bytes are not a PDF it can read', () => {
    expect(preflight(new Uint8Array([1, 2, 3]), { file: 'x.pdf', print: true })[0]?.severity).toBe('error');
  });
});

describe('preflight on a laid-out report', () => {
  type TextItem = Extract<PageItem, { kind: 'text' }>;
  /** A 20 pt wide run of small text with its baseline at (x, y). */
  const run = ([x, y]: number[]): PageItem => {
    const style = (laidOut().report.pages[2]!.items.find((item) => item.kind === 'text') as TextItem).runs[0]!.style;
    return { kind: 'text', x: x!, y: y!, color: '000000', runs: [{ text: '页码', style, x: 0, width: 20, letterSpacing: 0, features: [] }] };
  };

  it('warns about text inside the 3 mm safety zone', () => {
    const near = preflight(page([run([2 * MM, 100])]), { file: 'r.pdf', print: true });
    expect(near).toHaveLength(1);
    expect(near[0]).toMatchObject({ severity: 'warning', path: 'page 1' });
    expect(near[0]!.message).toMatch(/is 2\.0 mm from the trim, inside the 3 mm safety zone/);
    const bottom = preflight(page([run([100, A4.height - 1 * MM])]), { file: 'r.pdf', print: true });
    expect(bottom[0]!.message).toMatch(/safety zone/);
    expect(preflight(page([run([4 * MM, 100])]), { file: 'r.pdf', print: true })).toEqual([]);
  });

  it('rejects a box that ends at the trim without bleeding, in print', () => {
    const box: PageItem = { kind: 'rect', x: 0, y: 0, width: A4.width, height: 20, fill: '9E1B1B' };
    expect(preflight(page([box]), { file: 'r.pdf', print: true })[0]!.message).toBe('a filled box ends at the left and top and right trim without bleed');
    expect(preflight(page([{ ...box, bleed: ['top', 'left', 'right'] }]), { file: 'r.pdf', print: true })).toEqual([]);
    expect(preflight(page([box]), { file: 'r.pdf', print: false })).toEqual([]);
  });

  it('checks the resolution of the images placed on the pages', () => {
    const image: PageItem = {
      kind: 'image', x: 100, y: 100, width: 144, height: 72, data: new Uint8Array(0), pixelWidth: 400, pixelHeight: 300,
      structure: [{ type: 'Figure', id: 'map', alt: '地图' }],
    };
    const problems = preflight(page([image]), { file: 'r.pdf', print: true });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe('image "地图" prints at 200 dpi, below 300 dpi');
  });
});

describe('image resolution', () => {
  it('takes the lower resolution of the two directions', () => {
    expect(effectiveDpi({ page: 0, name: 'a', widthPt: 72, heightPt: 72, pixelWidth: 600, pixelHeight: 299 })).toBe(299);
  });

  it('warns below 300 dpi only, with the pixels that would do', () => {
    const ok = { page: 1, name: 'ok', widthPt: 72, heightPt: 36, pixelWidth: 300, pixelHeight: 150 };
    const low = { page: 4, name: 'low', widthPt: 144, heightPt: 144, pixelWidth: 500, pixelHeight: 500 };
    const problems = checkImageResolution([ok, low], 'f.pdf');
    expect(problems).toEqual([
      { severity: 'warning', file: 'f.pdf', line: 0, column: 0, path: 'page 5', message: 'image "low" prints at 250 dpi, below 300 dpi', hint: 'give it at least 600 × 600 pixels, or place it smaller' },
    ]);
    expect(checkImageResolution([low], 'f.pdf', 200)).toEqual([]);
  });
});
