/**
 * Text written as glyphs straight into the content stream (src/render/pdf/glyphs.ts), and shaped
 * texts kept on disk (src/render/pdf/shaping.ts): a file byte for byte the one pdfkit's `doc.text`
 * writes (so the page looks the same and copies out the same: ligatures, half-width marks, kerning,
 * letter spacing), and shapes read back from disk that are fontkit's own.
 */
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { describe, expect, it, vi } from 'vitest';
import type { FontFace } from '../../../src/layout/text/index.js';
import type { Doc } from '../../../src/render/pdf/document.js';
import { drawGlyphs, type GlyphText } from '../../../src/render/pdf/glyphs.js';
import { fileOf } from '../../../src/render/pdf/shaping.js';
import { inOwnCacheFolder } from '../../cache-folder.js';
import { has, openTestPdf, run, tempFile } from './fixture.js';

const require = createRequire(import.meta.url);
const openFont = (): Font => fontkit.openSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')) as Font;

/** Runs that exercise every path: a ligature (one glyph for ——), halt (a mark moved off the pen), letter spacing, Latin kerning. */
const RUNS = [
  { text: '招商签约——成果', features: [], letterSpacing: 0 },
  { text: '」，「', features: ['halt'], letterSpacing: 0 },
  { text: '西部科学城', features: [], letterSpacing: 1.25 },
  { text: 'AVATAR Wi-Fi 2020', features: [], letterSpacing: 0 },
] as const;

const openDocument = (face: FontFace): ReturnType<typeof openTestPdf> => openTestPdf('glyphs', [face]);

type Draw = (doc: Doc, text: string, style: GlyphText, left: number, baseline: number) => void;

/** RUNS drawn one below the other by `draw` on the page open in `doc`. */
function drawRuns(doc: Doc, face: FontFace, draw: Draw, runs: readonly (typeof RUNS)[number][] = RUNS): void {
  runs.forEach((runToDraw, index) => draw(doc, runToDraw.text, { face, size: 14, letterSpacing: runToDraw.letterSpacing, features: runToDraw.features }, 72.5, 100 + 30 * index));
}

/** A one-page PDF with RUNS drawn by `draw`, uncompressed. */
async function pdfOf(face: FontFace, draw: Draw): Promise<Buffer> {
  const { doc, finish } = openDocument(face);
  doc.addPage();
  drawRuns(doc, face, draw);
  return finish();
}

/** The operators drawn so far on the page open in `doc` (an uncompressed document's stream, not yet written). */
const contentOf = (doc: Doc): string => Buffer.concat((doc.page as unknown as { content: { buffer: Uint8Array[] } }).content.buffer).toString('latin1');

/** The glyph strings of a content stream (`<0012003a>`) rewritten by `recode`, four hex digits a glyph. */
const recoded = (content: string, recode: (code: number) => number): string =>
  content.replace(/<([0-9a-f]+)>/g, (_, hex: string) => `<${hex.replace(/[0-9a-f]{4}/g, (code) => `000${recode(parseInt(code, 16)).toString(16)}`.slice(-4))}>`);

describe('text drawn as glyphs', () => {
  const face: FontFace = { key: 'sans', font: openFont() };

  it("draws the operators pdfkit's doc.text draws, each glyph coded by its own id in the font", () => {
    const withText = openDocument(face).doc;
    withText.addPage();
    drawRuns(withText, face, (doc, text, style, left, baseline) => {
      doc.font(style.face.key).fontSize(style.size);
      doc.text(text, left, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: style.letterSpacing, features: [...style.features] as PDFKit.Mixins.OpenTypeFeatures[] });
    });
    // pdfkit codes a glyph by its id in its subset: the glyph ids in the order first drawn.
    const subset = (withText as unknown as { _font: { subset: { glyphs: readonly number[] } } })._font.subset.glyphs;
    const withGlyphs = openDocument(face).doc;
    withGlyphs.addPage();
    drawRuns(withGlyphs, face, drawGlyphs);
    const content = contentOf(withGlyphs);
    // The content stream has the halt mark's own text matrix and the spacing's Tc.
    expect(content).toMatch(/1 0 0 1 [\d.]+ [\d.]+ Tm\n\[<[0-9a-f]{4}> -?[\d.]+\] TJ/);
    expect(content).toContain('1.25 Tc');
    expect(content).toBe(recoded(contentOf(withText), (code) => subset[code]!));
  });

  it('codes a glyph the same whatever the document drew before it', () => {
    const alone = openDocument(face).doc;
    alone.addPage();
    drawRuns(alone, face, drawGlyphs, [RUNS[2]]);
    const afterOthers = openDocument(face).doc;
    afterOthers.addPage();
    drawRuns(afterOthers, face, drawGlyphs, [RUNS[0], RUNS[3]]);
    afterOthers.addPage();
    drawRuns(afterOthers, face, drawGlyphs, [RUNS[2]]);
    expect(contentOf(afterOthers)).toBe(contentOf(alone));
  });

  it.skipIf(!has('pdftotext'))('copies out as written, the ligature and the half-width marks included', async () => {
    // pdftotext puts a mark that has a text matrix of its own on a line of its own: whitespace aside.
    const squash = (text: string): string => text.replace(/\s+/g, '');
    const text = run('pdftotext', ['-raw', tempFile(await pdfOf(face, drawGlyphs)), '-']);
    expect(squash(text)).toBe(squash(RUNS.map((r) => r.text).join('')));
  });
});

describe('shaped texts kept on disk', () => {
  inOwnCacheFolder('jianbao-shaping-', 'each');

  /** shaping.ts as a new process loads it: nothing remembered, its stores read afresh. */
  const newProcess = async (): Promise<typeof import('../../../src/render/pdf/shaping.js')> => {
    vi.resetModules();
    return import('../../../src/render/pdf/shaping.js');
  };

  /** A face of a font opened anew, as the next build opens it, counting the texts it shapes. */
  const countingFace = (): { face: FontFace; shapedTexts: () => number } => {
    const font = openFont();
    const layout = font.layout.bind(font);
    let count = 0;
    font.layout = (...args: Parameters<Font['layout']>) => {
      count++;
      return layout(...args);
    };
    return { face: { key: 'sans', font, data: fileOf(font) }, shapedTexts: () => count };
  };

  it('are read back by the next process that draws the same kind of document, as fontkit shapes them', async () => {
    const first = await newProcess();
    const { face } = countingFace();
    const store = first.keepShapesOf({}, 'report', [face])!;
    const shapedFirst = RUNS.map((r) => first.shaped(face, r.text, r.features, store));
    first.keepShapedOnDisk(store);

    // The next process finds every text on disk and shapes none.
    const next = await newProcess();
    const again = countingFace();
    const nextStore = next.keepShapesOf({}, 'report', [again.face])!;
    expect(RUNS.map((r) => next.shaped(again.face, r.text, r.features, nextStore))).toEqual(shapedFirst);
    expect(again.shapedTexts()).toBe(0);
    // A text no build shaped before is shaped.
    next.shaped(again.face, '新的文字', [], nextStore);
    expect(again.shapedTexts()).toBe(1);
  });

  it('keep a text one kind of document shaped for the other kinds that draw it', async () => {
    const first = await newProcess();
    const { face } = countingFace();
    const report = first.keepShapesOf({}, 'report', [face])!;
    const slides = first.keepShapesOf({}, 'slides', [face])!;
    first.shaped(face, RUNS[0].text, RUNS[0].features, report);
    // Remembered in the process: the slides' store gets it all the same.
    first.shaped(face, RUNS[0].text, RUNS[0].features, slides);
    first.keepShapedOnDisk(slides);

    const next = await newProcess();
    const again = countingFace();
    next.shaped(again.face, RUNS[0].text, RUNS[0].features, next.keepShapesOf({}, 'slides', [again.face]));
    expect(again.shapedTexts()).toBe(0);
  });

  it('are not read with JIANBAO_NO_CACHE', async () => {
    const first = await newProcess();
    const { face } = countingFace();
    const store = first.keepShapesOf({}, 'report', [face])!;
    first.shaped(face, RUNS[0].text, RUNS[0].features, store);
    first.keepShapedOnDisk(store);
    process.env.JIANBAO_NO_CACHE = '1';
    const next = await newProcess();
    const again = countingFace();
    next.shaped(again.face, RUNS[0].text, RUNS[0].features, next.keepShapesOf({}, 'report', [again.face]));
    expect(again.shapedTexts()).toBe(1);
  });
});
