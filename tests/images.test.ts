/** Images named in content.yaml appear in both outputs with their aspect ratio kept. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, prepare } from '../src/build.js';
import { has, run } from './render/pdf/fixture.js';
import { readPptx } from './support/pptx.js';

const root = path.resolve(import.meta.dirname, '..');

/** A real PNG of `width` × `height` pixels (an RGB gradient). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    let crc = 0xffffffff;
    for (const byte of body) {
      crc ^= byte;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    }
    const check = Buffer.alloc(4);
    check.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
    return Buffer.concat([length, body, check]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set([(x * 255) / width, (y * 255) / height, 120], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jianbao-images-'));
  cpSync(path.join(root, 'templates'), path.join(dir, 'templates'), { recursive: true });
  mkdirSync(path.join(dir, 'images'));
  writeFileSync(path.join(dir, 'images', 'aerial.png'), png(400, 300));
  const content = readFileSync(path.join(root, 'content.yaml'), 'utf8');
  writeFileSync(
    path.join(dir, 'content.yaml'),
    `${content}\nimages:\n  - id: aerial-view\n    path: images/aerial.png\n    caption: 西部（重庆）科学城鸟瞰图\n    alt: 科学城的鸟瞰全景\n`,
  );
});

describe('images', () => {
  it('places the image in the report with its 4:3 shape, tagged as a figure with its alternative text', async () => {
    const { laidOut } = await prepare({ contentFile: path.join(dir, 'content.yaml') });
    const images = laidOut.report.laidOut().pages.flatMap((page) => page.items.filter((item) => item.kind === 'image'));
    expect(images).toHaveLength(1);
    const image = images[0]!;
    if (image.kind !== 'image') throw new Error('not an image');
    expect(image.width / image.height).toBeCloseTo(4 / 3, 5);
    expect(image.structure?.at(-1)).toMatchObject({ type: 'Figure', alt: '科学城的鸟瞰全景' });
  });

  it('gives the image a slide of its own in the deck, 4:3, with its caption as title and its alternative text', async () => {
    const outDir = path.join(dir, 'out');
    await build({ contentFile: path.join(dir, 'content.yaml'), outDir });
    const { zip, slides } = await readPptx(readFileSync(path.join(outDir, 'briefing.pptx')));
    const index = slides.findIndex((slide) => slide.text.startsWith('西部（重庆）科学城鸟瞰图'));
    expect(index).toBeGreaterThan(0);
    const xml = await zip.file(`ppt/slides/slide${index + 1}.xml`)!.async('string');
    const picture = /<p:pic>[\s\S]*?<\/p:pic>/.exec(xml)?.[0] ?? '';
    expect(picture).toContain('descr="科学城的鸟瞰全景"');
    const [, cx, cy] = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(picture) ?? [];
    expect(Number(cx) / Number(cy)).toBeCloseTo(4 / 3, 2);
    expect(Object.keys(zip.files).some((name) => /^ppt\/media\/.+\.png$/.test(name))).toBe(true);
  }, 60_000);

  it.skipIf(!has('pdfimages'))('draws the image in the handout of the slides on its slide’s page, 4:3', async () => {
    const contentFile = path.join(dir, 'content.yaml');
    const outDir = path.join(dir, 'handout');
    await build({ contentFile, outDir, only: 'slides' });
    const { slides } = (await prepare({ contentFile })).laidOut.deck;
    const page = slides.findIndex((slide) => slide.shapes.some((shape) => shape.kind === 'image')) + 1;
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi …: one picture, as wide per inch as high.
    const rows = run('pdfimages', ['-list', path.join(outDir, 'briefing-slides.pdf')]).trim().split('\n').slice(2).map((row) => row.trim().split(/\s+/));
    expect(rows.map((row) => [Number(row[0]), row[2], row[3], row[4]])).toEqual([[page, 'image', '400', '300']]);
    expect(page).toBeGreaterThan(1);
    expect(rows[0]![12]).toBe(rows[0]![13]);
  }, 60_000);
});
