/**
 * Measuring slide text with the real font. PowerPoint and WPS wrap text themselves with slightly
 * different metrics, so boxes are measured narrower than they are drawn (SAFETY) and given
 * exact line spacing, which all three applications honour the same way.
 */
import { breakParagraph, measureText } from '../text/index.js';
import type { FontFace } from '../text/types.js';

/** Fraction of a box's width text is measured against. */
const SAFETY = 0.92;
/** Line spacing as a multiple of the font size. */
export const LINE_SPACING = 1.3;
/** Text box inset on each side, inches (pptxgenjs default is 0.1 in). */
export const INSET = 0.1;

export interface DeckFaces {
  readonly regular: FontFace;
  readonly bold: FontFace;
}

/** Lines a paragraph takes in a box `width` inches wide at `size` pt. */
export function countLines(text: string, face: FontFace, size: number, width: number): number {
  const measure = (width - 2 * INSET) * 72 * SAFETY;
  if (text === '') return 1;
  return breakParagraph([{ text, style: { face, size } }], { width: measure, align: 'start' }).length;
}

/** Width in inches of `text` set on one line at `size` pt, with the safety margin. */
export function lineWidth(text: string, face: FontFace, size: number): number {
  return measureText(text, { face, size }) / 72 / SAFETY;
}

/** Height in inches of `lines` lines at `size` pt. */
export function linesHeight(lines: number, size: number): number {
  return (lines * size * LINE_SPACING) / 72;
}
