/**
 * Faces embedded without their font files read whole (src/render/pdf/pdf-font.ts): once a build
 * has kept a face's facts, a document whose glyphs are known (a page drawn by an earlier build)
 * embeds the very font objects a document drawing them writes, asking the face only for a few
 * ranges of its file, never for its opened font or its bytes.
 */
import { appendFileSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FontFace } from '../../../src/layout/text/index.js';
import type { LoadedFace } from '../../../src/load/fonts.js';
import { loadProject } from '../../../src/load/project.js';
import { fileIdentity, readRanges } from '../../../src/load/read.js';
import { glyphsUsedBy, type UsedGlyph } from '../../../src/render/pdf/cid-font.js';
import type { Doc } from '../../../src/render/pdf/document.js';
import { drawGlyphs } from '../../../src/render/pdf/glyphs.js';
import { PdfFile, PdfName, type PdfValue } from '../../../src/render/pdf/inspect.js';
import { has, openTestPdf, root, run, tempFile } from './fixture.js';

const TEXTS = ['西部科学城招商签约——成果', '「重庆」，AVATAR Wi-Fi 2020', '数字经济，産業'];

/** pdfkit's font for `face` in `doc`, as drawing with it selects it. */
const embeddedFont = (doc: Doc, face: FontFace): object => (doc.font(face.key) as unknown as { _font: object })._font;

/** Each Type0 font of a PDF with everything it refers to (its CID font, descriptor, program, maps), streams decoded: nothing of where the objects are. */
function fontObjects(bytes: Buffer): string[] {
  const pdf = new PdfFile(bytes);
  const described = (value: PdfValue | undefined): unknown => {
    const object = pdf.object(value);
    if (object?.stream) return { dictionary: described(object.value), data: Buffer.from(pdf.decode(object)).toString('base64') };
    const resolved = pdf.resolve(value);
    if (resolved instanceof PdfName) return `/${resolved.name}`;
    if (Array.isArray(resolved)) return resolved.map(described);
    if (resolved instanceof Map) return Object.fromEntries([...resolved].filter(([key]) => key !== 'Length').map(([key, entry]) => [key, described(entry)]));
    return resolved;
  };
  return [...pdf.objects.values()].filter(({ value }) => value instanceof Map && value.get('Subtype') instanceof PdfName && (value.get('Subtype') as PdfName).name === 'Type0').map(({ value }) => JSON.stringify(described(value)));
}

/** The face as a build that has not opened it sees it: asking for its font or bytes fails, ranges of its file are counted. */
function unopened(face: LoadedFace): { readonly face: FontFace; readonly bytesRead: () => number } {
  let read = 0;
  const refuse = (what: string): never => {
    throw new Error(`${face.key}: its ${what} asked for`);
  };
  const known = {
    key: face.key,
    digest: face.digest,
    opened: false,
    get font(): never {
      return refuse('font');
    },
    get data(): never {
      return refuse('bytes');
    },
    readRanges: (ranges: readonly (readonly [number, number])[]): Uint8Array[] => {
      for (const [, length] of ranges) read += length;
      return face.readRanges(ranges);
    },
  };
  return { face: known as unknown as FontFace, bytesRead: () => read };
}

describe('faces embedded from their kept facts', () => {
  it('writes the same font objects without opening a font or reading a file whole', async () => {
    const project = loadProject({ contentFile: path.join(root, 'content.yaml') });
    const faces = [project.fonts.sans.regular, project.fonts.serif.bold];

    // A build that draws the texts: its faces' facts are kept, and which glyphs each drew.
    const drawn = openTestPdf('known glyphs', faces);
    drawn.doc.addPage();
    const used = new Map<string, Map<number, UsedGlyph>>();
    faces.forEach((face, index) => {
      TEXTS.forEach((text, line) => drawGlyphs(drawn.doc, text, { face, size: 12, letterSpacing: 0, features: [] }, 72, 100 + 40 * index + 12 * line));
      used.set(face.key, glyphsUsedBy(embeddedFont(drawn.doc, face)));
    });
    const drawnBytes = await drawn.finish();

    // A build that knows them: the glyphs entered as a page drawn before enters them.
    const unopenedFaces = faces.map(unopened);
    const known = openTestPdf('known glyphs', unopenedFaces.map(({ face }) => face));
    known.doc.addPage();
    for (const { face } of unopenedFaces) {
      const font = embeddedFont(known.doc, face) as { id: string; ref(): object };
      (known.doc.page as unknown as { fonts: Record<string, object> }).fonts[font.id] = font.ref();
      for (const [id, glyph] of used.get(face.key)!) glyphsUsedBy(font).set(id, glyph);
    }
    const knownBytes = await known.finish();

    expect(fontObjects(drawnBytes)).toHaveLength(faces.length);
    expect(fontObjects(knownBytes)).toEqual(fontObjects(drawnBytes));
    const fileSizes = faces.map((face) => face.data.length);
    unopenedFaces.forEach(({ bytesRead }, index) => {
      expect(bytesRead()).toBeGreaterThan(0);
      expect(bytesRead()).toBeLessThan(fileSizes[index]! / 20);
    });
    if (has('qpdf')) expect(run('qpdf', ['--check', tempFile(knownBytes)])).toContain('No syntax or stream encoding errors');
  }, 60_000);

  it('reads ranges of a file in place, and refuses a file changed since', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-ranges-')), 'font.ttf');
    const whole = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251));
    writeFileSync(file, whole);
    const identity = fileIdentity(statSync(file, { bigint: true }));
    const ranges = [
      [0, 12],
      [whole.length - 100, 100],
      [33_333, 4096],
    ] as const;
    expect(readRanges(file, identity, ranges).map((bytes) => bytes.toString('hex'))).toEqual(ranges.map(([offset, length]) => whole.subarray(offset, offset + length).toString('hex')));
    appendFileSync(file, 'more');
    expect(() => readRanges(file, identity, ranges)).toThrow(/changed/);
  });
});
