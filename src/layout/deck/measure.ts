/**
 * Measuring slide text with the real font. PowerPoint and WPS wrap text themselves with slightly
 * different metrics, so boxes are measured narrower than they are drawn (SAFETY) and given
 * exact line spacing, which all three applications honour the same way.
 */
import type { TextParagraph } from '../../model/slides.js';
import { countParagraphLines, measureText } from '../text/index.js';
import type { FontFace, Span } from '../text/types.js';

/** Fraction of a box's width text is measured against. */
const SAFETY = 0.92;
/** Line spacing as a multiple of the font size. */
export const LINE_SPACING = 1.3;
/** Text box inset on each side, inches (pptxgenjs default is 0.1 in). */
export const INSET = 0.1;
/** Text box inset at the top and at the bottom, inches (what the renderer gives pptxgenjs: 3.6 pt). */
export const INSET_Y = 0.05;
/** Indent of bulleted and numbered text, inches (pptxgenjs sets 27 pt; measured wider to be safe). */
export const BULLET_INDENT = 0.45;

export interface DeckFaces {
  readonly regular: FontFace;
  readonly bold: FontFace;
}

/**
 * Line counts already measured, per font: the deck tries every text at several sizes and widths,
 * and the same texts recur (titles of continued slides, table cells, the parts of a split list).
 * Keyed by the fontkit font, which `watch` rebuilds reuse (load/fonts.ts), so they reuse this too.
 */
const counted = new WeakMap<FontFace['font'], Map<string, number>>();

/** Lines a paragraph takes in a box `width` inches wide at `size` pt. */
export function countLines(text: string, face: FontFace, size: number, width: number): number {
  if (text === '') return 1;
  let cache = counted.get(face.font);
  if (!cache) counted.set(face.font, (cache = new Map()));
  const key = `${size}|${width}|${text}`;
  let lines = cache.get(key);
  if (lines === undefined) {
    lines = countParagraphLines([{ text, style: { face, size } }], { width: measureOf(width), align: 'start' });
    cache.set(key, lines);
  }
  return lines;
}

/** The measure text is broken against in a box `width` inches wide, points. */
const measureOf = (width: number): number => (width - 2 * INSET) * 72 * SAFETY;

/**
 * Lines a laid-out paragraph takes in a text box `width` inches wide, each run in its own face
 * and size (a check of what layout decided: layout measures a paragraph in one face, the bold
 * one when any run is bold, which never gives fewer lines).
 */
export function paragraphLines(paragraph: TextParagraph, faces: DeckFaces, width: number): number {
  const spans: Span[] = paragraph.runs
    .filter((run) => run.text !== '')
    .map((run) => ({ text: run.text, style: { face: run.bold ? faces.bold : faces.regular, size: run.size ?? paragraph.size } }));
  const measure = measureOf(width - (paragraph.bullet ? BULLET_INDENT : 0));
  return spans.length === 0 ? 1 : countParagraphLines(spans, { width: measure, align: 'start' });
}

/** Height in inches a laid-out text box needs: its paragraphs' lines at their spacing, space before and insets. */
export function paragraphsNeed(paragraphs: readonly TextParagraph[], faces: DeckFaces, width: number): number {
  return paragraphs.reduce((sum, p) => sum + (paragraphLines(p, faces, width) * p.lineSpacing + p.spaceBefore) / 72, 2 * INSET_Y);
}

/** Width in inches of `text` set on one line at `size` pt, with the safety margin. */
export function lineWidth(text: string, face: FontFace, size: number): number {
  return measureText(text, { face, size }) / 72 / SAFETY;
}

/** Height in inches of `lines` lines at `size` pt. */
export function linesHeight(lines: number, size: number): number {
  return (lines * size * LINE_SPACING) / 72;
}
