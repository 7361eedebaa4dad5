/**
 * Text written as glyphs straight into the content stream (src/render/pdf/glyphs.ts), and shaped
 * texts kept on disk (src/render/pdf/shaping.ts): a file byte for byte the one pdfkit's `doc.text`
 * writes (so the page looks the same and copies out the same: ligatures, half-width marks, kerning,
 * letter spacing), and shapes read back from disk that are fontkit's own.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FontFace } from '../../../src/layout/text/index.js';
import { openPdf, type Doc } from '../../../src/render/pdf/document.js';
import { drawGlyphs, type GlyphText } from '../../../src/render/pdf/glyphs.js';
import { keepShapedOnDisk, shaped } from '../../../src/render/pdf/shaping.js';
import { has, run, tempFile } from './fixture.js';

const require = createRequire(import.meta.url);
const openFont = (): Font => fontkit.openSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')) as Font;

/** Runs that exercise every path: a ligature (one glyph for ——), halt (a mark moved off the pen), letter spacing, Latin kerning. */
const RUNS = [
  { text: '招商签约——成果', features: [], letterSpacing: 0 },
  { text: '」，「', features: ['halt'], letterSpacing: 0 },
  { text: '西部科学城', features: [], letterSpacing: 1.25 },
  { text: 'AVATAR Wi-Fi 2020', features: [], letterSpacing: 0 },
] as const;

/** A one-page PDF with RUNS drawn one below the other by `draw`, uncompressed. */
async function pdfOf(face: FontFace, draw: (doc: Doc, text: string, style: GlyphText, left: number, baseline: number) => void): Promise<Buffer> {
  const { doc, finish } = openPdf({
    meta: { title: 'glyphs', author: 'jianbao', subject: '', keywords: [], lang: 'zh-CN', date: new Date(Date.UTC(2020, 8, 15)) },
    identity: 'glyphs',
    edition: 'test',
    size: [595, 842],
    pdfVersion: '1.7',
    compress: false,
    faces: [face],
  });
  doc.addPage();
  RUNS.forEach((runToDraw, index) => draw(doc, runToDraw.text, { face, size: 14, letterSpacing: runToDraw.letterSpacing, features: runToDraw.features }, 72.5, 100 + 30 * index));
  return finish();
}

describe('text drawn as glyphs', () => {
  const face: FontFace = { key: 'sans', font: openFont() };

  it("is byte for byte what pdfkit's doc.text writes", async () => {
    const withText = await pdfOf(face, (doc, text, style, left, baseline) => {
      doc.font(style.face.key).fontSize(style.size);
      doc.text(text, left, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: style.letterSpacing, features: [...style.features] as PDFKit.Mixins.OpenTypeFeatures[] });
    });
    const withGlyphs = await pdfOf(face, drawGlyphs);
    // The content stream has the halt mark's own text matrix and the spacing's Tc.
    expect(withGlyphs.toString('latin1')).toMatch(/1 0 0 1 [\d.]+ [\d.]+ Tm\n\[<[0-9a-f]{4}> -?[\d.]+\] TJ/);
    expect(withGlyphs.toString('latin1')).toContain('1.25 Tc');
    expect(withGlyphs.equals(withText)).toBe(true);
  });

  it.skipIf(!has('pdftotext'))('copies out as written, the ligature and the half-width marks included', async () => {
    // pdftotext puts a mark that has a text matrix of its own on a line of its own: whitespace aside.
    const squash = (text: string): string => text.replace(/\s+/g, '');
    const text = run('pdftotext', ['-raw', tempFile(await pdfOf(face, drawGlyphs)), '-']);
    expect(squash(text)).toBe(squash(RUNS.map((r) => r.text).join('')));
  });
});

describe('shaped texts kept on disk', () => {
  let previous: string | undefined;
  beforeEach(() => {
    previous = process.env.JIANBAO_CACHE_DIR;
    process.env.JIANBAO_CACHE_DIR = mkdtempSync(path.join(tmpdir(), 'jianbao-shaping-'));
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.JIANBAO_CACHE_DIR;
    else process.env.JIANBAO_CACHE_DIR = previous;
  });

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
