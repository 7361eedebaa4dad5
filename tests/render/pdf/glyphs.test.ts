/**
 * Text written as glyphs straight into the content stream (src/render/pdf/glyphs.ts), and shaped
 * texts kept on disk (src/render/pdf/shaping.ts): a file byte for byte the one pdfkit's `doc.text`
 * writes (so the page looks the same and copies out the same: ligatures, half-width marks, kerning,
 * letter spacing), and shapes read back from disk that are fontkit's own.
 */
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import type { FontFace } from '../../../src/layout/text/index.js';
import type { Doc } from '../../../src/render/pdf/document.js';
import { drawGlyphs, type GlyphText } from '../../../src/render/pdf/glyphs.js';
import { keepShapedOnDisk, shaped } from '../../../src/render/pdf/shaping.js';
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

  it('are read back by the next process that opens the font, as fontkit shapes them', () => {
    const first = openFont();
    const shapedFirst = RUNS.map((r) => shaped(first, r.text, r.features));
    keepShapedOnDisk([first]);

    // A font opened anew, as the next build opens it: it finds every text on disk and shapes none.
    const next = openFont();
    const layout = next.layout.bind(next);
    let shapedAgain = 0;
    next.layout = (...args: Parameters<Font['layout']>) => {
      shapedAgain++;
      return layout(...args);
    };
    expect(RUNS.map((r) => shaped(next, r.text, r.features))).toEqual(shapedFirst);
    expect(shapedAgain).toBe(0);
    // A text no build shaped before is shaped.
    shaped(next, '新的文字', []);
    expect(shapedAgain).toBe(1);
  });

  it('are not read with JIANBAO_NO_CACHE', () => {
    const first = openFont();
    shaped(first, RUNS[0].text, RUNS[0].features);
    keepShapedOnDisk([first]);
    process.env.JIANBAO_NO_CACHE = '1';
    try {
      const next = openFont();
      let shapedAgain = 0;
      const layout = next.layout.bind(next);
      next.layout = (...args: Parameters<Font['layout']>) => {
        shapedAgain++;
        return layout(...args);
      };
      shaped(next, RUNS[0].text, RUNS[0].features);
      expect(shapedAgain).toBe(1);
    } finally {
      delete process.env.JIANBAO_NO_CACHE;
    }
  });
});
