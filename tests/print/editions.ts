/** What the print tests share: a dated print edition (PDF/X needs dates), one with a picture placed, and test images. */
import { crc32, deflateSync } from 'node:zlib';
import type { PageItem } from '../../src/model/pages.js';
import { printSetup } from '../../src/render/pdf/print.js';
import { renderPdf } from '../../src/render/pdf/render.js';
import { laidOut } from '../render/pdf/fixture.js';

/** 2020-05-27, the day the article reported the signing. */
export const DATED = { date: new Date('2020-05-27T00:00:00Z') } as const;

/** A small RGB PNG, made here so the test needs no image file. */
export function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width * 3 + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** The repository's report as a print edition, with an RGB picture placed on its first page. */
export function printEditionWithPicture(compress: boolean): Promise<Buffer> {
  const { project, report, meta } = laidOut();
  const picture: PageItem = {
    kind: 'image', x: 100, y: 400, width: 144, height: 108, data: png(600, 450), pixelWidth: 600, pixelHeight: 450,
    structure: [{ type: 'Figure', id: 'picture', alt: '鸟瞰图' }],
  };
  const [cover, ...rest] = report.pages;
  return renderPdf({ ...report, pages: [{ ...cover!, items: [...cover!.items, picture] }, ...rest] }, project.fonts, {
    meta: { ...meta, ...DATED },
    identity: 'test',
    compress,
    print: printSetup(project.theme),
  });
}
