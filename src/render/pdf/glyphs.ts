/**
 * Text drawn as glyphs written straight into the page's content stream. pdfkit's `doc.text` shapes
 * a run three times (its width twice, its glyphs once), scales every position and sends each
 * operator through its line-at-a-time writer; here a run is shaped once (shaping.ts remembers it)
 * and its operators written in one piece. The operators are those of pdfkit's `_fragment`, and each glyph enters pdfkit's
 * subset, /W widths and ToUnicode map (the characters a ligature or a `halt` form stands for) as
 * its `encode` enters them, so the file is byte for byte the one `doc.text` wrote.
 */
import type { FontFace } from '../../layout/text/index.js';
import type { Doc } from './document.js';
import { shaped, type ShapedGlyph } from './shaping.js';

/** pdfkit's EmbeddedFont, as far as drawing glyphs goes (not in its type definitions). */
interface EmbeddedFont {
  readonly id: string;
  readonly subset: { includeGlyph(glyphId: number): number };
  readonly widths: (number | undefined)[];
  readonly unicode: (readonly number[] | undefined)[];
  ref(): object;
}

/** The part of pdfkit's document text is drawn with (not in its type definitions). */
interface GlyphDoc {
  readonly _font: EmbeddedFont;
  readonly page: { readonly height: number; readonly fonts: Record<string, object> };
  addContent(data: string): unknown;
}

/** Each font's glyphs in the document, by glyph id: the four hex digits of its id in the subset. */
const codesByFont = new WeakMap<EmbeddedFont, Map<number, string>>();

/** The glyph's code in the font's subset, entering it in the subset, /W and ToUnicode on first use. */
function codeOf(font: EmbeddedFont, glyph: ShapedGlyph): string {
  let codes = codesByFont.get(font);
  if (!codes) codesByFont.set(font, (codes = new Map()));
  let code = codes.get(glyph.id);
  if (code === undefined) {
    const cid = font.subset.includeGlyph(glyph.id);
    font.widths[cid] ??= glyph.width;
    font.unicode[cid] ??= glyph.codePoints;
    code = `0000${cid.toString(16)}`.slice(-4);
    codes.set(glyph.id, code);
  }
  return code;
}

/** How pdfkit writes a number into a content stream: at most six decimals. */
const pdfNumber = (n: number): number => Math.round(n * 1e6) / 1e6;

export interface GlyphText {
  readonly face: FontFace;
  /** Font size, points. */
  readonly size: number;
  /** Extra space after every glyph, points (PDF `Tc`). */
  readonly letterSpacing: number;
  readonly features: readonly string[];
}

/** The advance of `text` set in `style`, points, letterSpacing left out. */
export function advanceOf(text: string, style: Pick<GlyphText, 'face' | 'size' | 'features'>): number {
  return shaped(style.face.font, text, style.features).advance * (style.size / 1000);
}

/** Draws `text` with its left end at `left` on `baseline`, in the fill colour set. */
export function drawGlyphs(pdf: Doc, text: string, style: GlyphText, left: number, baseline: number): void {
  if (text === '') return;
  const doc = pdf.font(style.face.key).fontSize(style.size) as unknown as GlyphDoc;
  const font = doc._font;
  const { page } = doc;
  page.fonts[font.id] ??= font.ref();
  const { glyphs } = shaped(style.face.font, text, style.features);

  const scale = style.size / 1000;
  let x = left;
  const y = page.height - baseline;
  const lines = ['q', `1 0 0 -1 0 ${pdfNumber(page.height)} cm`, 'BT', `1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm`, `/${font.id} ${pdfNumber(style.size)} Tf`];
  if (style.letterSpacing) lines.push(`${pdfNumber(style.letterSpacing)} Tc`);
  const codes = glyphs.map((glyph) => codeOf(font, glyph));

  // A TJ array of glyph strings, each followed by the adjustment to its last glyph's advance that
  // shaping made (kerning, halt); a glyph shaping moves off the pen gets a text matrix of its own.
  const segments: string[] = [];
  let last = 0;
  let hadOffset = false;
  const addSegment = (end: number): void => {
    if (last < end) {
      const glyph = glyphs[end - 1]!;
      segments.push(`<${codes.slice(last, end).join('')}> ${pdfNumber(-(glyph.xAdvance - glyph.width))}`);
    }
    last = end;
  };
  const flush = (end: number): void => {
    addSegment(end);
    if (segments.length > 0) {
      lines.push(`[${segments.join(' ')}] TJ`);
      segments.length = 0;
    }
  };
  glyphs.forEach((glyph, i) => {
    if (glyph.xOffset || glyph.yOffset) {
      flush(i);
      lines.push(`1 0 0 1 ${pdfNumber(x + glyph.xOffset * scale)} ${pdfNumber(y + glyph.yOffset * scale)} Tm`);
      flush(i + 1);
      hadOffset = true;
    } else {
      if (hadOffset) {
        lines.push(`1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm`);
        hadOffset = false;
      }
      if (glyph.xAdvance - glyph.width !== 0) addSegment(i + 1);
    }
    x += glyph.xAdvance * scale;
  });
  flush(glyphs.length);
  lines.push('ET', 'Q');
  doc.addContent(lines.join('\n'));
}
