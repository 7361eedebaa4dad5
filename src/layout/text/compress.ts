/**
 * Adjacent punctuation: of two full-width marks side by side, one is set half-width so the blank
 * between them is a half em, not a full one (clreq; JIS X 4051).
 */
import type { Piece } from './segment.js';

/**
 * For each piece, whether it is set half-width because of its neighbour. A mark whose blank is at
 * its end (closing brackets, 。，、) gives it up to the mark after it ("）、", "。」", "，“"); an
 * opening mark after a mark without such a blank gives up its own leading blank ("（“").
 * The first of a pair is half-width only while both stay on one line: at a line end the breaker
 * decides afresh.
 */
export function pairSqueezes(pieces: readonly Piece[]): boolean[] {
  const squeezed = pieces.map(() => false);
  for (let i = 0; i + 1 < pieces.length; i++) {
    const a = pieces[i] as Piece;
    const b = pieces[i + 1] as Piece;
    if (!a.halt || !b.halt || a.space !== '') continue;
    if (blankAtEnd(a)) squeezed[i] = true;
    else if (blankAtStart(b)) squeezed[i + 1] = true;
  }
  return squeezed;
}

/** The glyph stays put under `halt`: its blank half was at the end. */
const blankAtEnd = (p: Piece): boolean => p.halt !== null && p.halt.shift < 0.01;

/** The glyph moves left by the whole saving: its blank half was at the start. */
const blankAtStart = (p: Piece): boolean => p.halt !== null && Math.abs(p.halt.shift - (p.advance - p.halt.advance)) < 0.01;
