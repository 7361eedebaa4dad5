/**
 * Text drawn as glyphs written straight into the page's content stream. pdfkit's `doc.text` shapes
 * a run three times (its width twice, its glyphs once), scales every position and sends each
 * operator through its line-at-a-time writer; here a run is shaped once (shaping.ts remembers it)
 * and its operators written in one piece. The operators are those of pdfkit's `_fragment`; a
 * glyph's code is its own id, not its id in pdfkit's subset (cid-font.ts), and it enters the
 * font's /W widths and ToUnicode map (the characters a ligature or a `halt` form stands for) as
 * pdfkit's `encode` would enter it: where first drawn.
 */
import type { FontFace } from '../../layout/text/index.js';
import type { Doc } from './document.js';
import { glyphsUsedBy, hex4, type UsedGlyph } from './cid-font.js';
import { pdfNumber } from './pdf-object.js';
import { shaped, shapingStoreOf, type ShapedGlyph } from './shaping.js';

/** pdfkit's EmbeddedFont, as far as drawing glyphs goes (not in its type definitions). */
interface EmbeddedFont {
  readonly id: string;
  ref(): object;
}

/** The part of pdfkit's document text is drawn with (not in its type definitions). */
interface GlyphDoc {
  readonly _font: EmbeddedFont;
  readonly page: { readonly height: number; readonly fonts: Record<string, object> };
  addContent(data: string): unknown;
}

/** Enters the glyph in the font's /W and ToUnicode, on first use. */
function enter(used: Map<number, UsedGlyph>, glyph: ShapedGlyph): void {
  if (!used.has(glyph.id)) used.set(glyph.id, { width: glyph.width, codePoints: glyph.codePoints });
}

/** The glyph's code (its own id, see cid-font.ts), entering it in the font's /W and ToUnicode on first use. */
function codeOf(used: Map<number, UsedGlyph>, glyph: ShapedGlyph): string {
  enter(used, glyph);
  return hex4(glyph.id);
}

export interface GlyphText {
  readonly face: FontFace;
  /** Font size, points. */
  readonly size: number;
  /** Extra space after every glyph, points (PDF `Tc`). */
  readonly letterSpacing: number;
  readonly features: readonly string[];
}

/** The advance of `text` set in `style` in `pdf`, points, letterSpacing left out. */
export function advanceOf(pdf: Doc, text: string, style: Pick<GlyphText, 'face' | 'size' | 'features'>): number {
  return shaped(style.face, text, style.features, shapingStoreOf(pdf)).advance * (style.size / 1000);
}

/** The font `pdf` draws `face` with, named in the resources of the page open: as drawing with it selects it. */
function selectFont(pdf: Doc, face: FontFace): { doc: GlyphDoc; font: EmbeddedFont } {
  const doc = pdf.font(face.key) as unknown as GlyphDoc;
  const font = doc._font;
  doc.page.fonts[font.id] ??= font.ref();
  return { doc, font };
}

/**
 * The glyphs a page drew in one font, in the order first drawn there, flat: for each its id, its
 * width, the count of its code points and the code points (what the font's /W and ToUnicode take).
 */
export type RecordedGlyphs = readonly number[];

/** What drawing `glyphs` (recorded where a page drew them) registers: the font on the page, the glyphs not used before. */
export function registerUsedGlyphs(pdf: Doc, face: FontFace, glyphs: RecordedGlyphs): void {
  const used = glyphsUsedBy(selectFont(pdf, face).font);
  for (let at = 0; at < glyphs.length; at += 3 + glyphs[at + 2]!) {
    const id = glyphs[at]!;
    if (!used.has(id)) used.set(id, { width: glyphs[at + 1]!, codePoints: glyphs.slice(at + 3, at + 3 + glyphs[at + 2]!) });
  }
}

/** Draws `text` with its left end at `left` on `baseline`, in the fill colour set: the glyphs shaping gave it. */
export function drawGlyphs(pdf: Doc, text: string, style: GlyphText, left: number, baseline: number): readonly ShapedGlyph[] {
  if (text === '') return [];
  const { doc, font } = selectFont(pdf.fontSize(style.size), style.face);
  const { page } = doc;
  const { glyphs } = shaped(style.face, text, style.features, shapingStoreOf(pdf));

  const scale = style.size / 1000;
  let x = left;
  const y = page.height - baseline;
  const lines = ['q', `1 0 0 -1 0 ${pdfNumber(page.height)} cm`, 'BT', `1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm`, `/${font.id} ${pdfNumber(style.size)} Tf`];
  if (style.letterSpacing) lines.push(`${pdfNumber(style.letterSpacing)} Tc`);
  const used = glyphsUsedBy(font);
  const codes = glyphs.map((glyph) => codeOf(used, glyph));

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
  return glyphs;
}
