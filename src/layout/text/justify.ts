/**
 * A chosen line → placed runs. The slack of a justified line is shared equally by every gap
 * between pieces (between CJK characters, around Latin words, at spaces); inside a Latin word
 * nothing moves. Consecutive CJK characters become one run drawn with letterSpacing, so a
 * renderer positions runs, not characters.
 */
import type { LineDraft } from './breaker.js';
import { HALT_FEATURES } from './measure.js';
import type { Piece, Segments } from './segment.js';
import type { Line, ParagraphOptions, PlacedRun } from './types.js';

const NO_FEATURES: readonly string[] = [];

interface Frame {
  readonly indent: number;
  readonly width: number;
}

export function placeLine(
  { pieces, junctions }: Segments,
  paired: readonly boolean[],
  draft: LineDraft,
  frame: Frame,
  align: ParagraphOptions['align'],
  isLast: boolean,
): Line {
  const { first, last } = draft;
  const piece = (k: number): Piece => pieces[k] as Piece;
  const halfWidth = (k: number): boolean => (paired[k] === true && k < last) || draft.squeezed.includes(k);
  const advance = (k: number): number => {
    const p = piece(k);
    return halfWidth(k) && p.halt ? p.halt.advance : p.advance;
  };
  /** Typed space and fixed gap after piece k, when it is not the line's last. */
  const after = (k: number): number => piece(k).spaceAdvance + (junctions[k]?.gap ?? 0);
  const stretches = (k: number): boolean => junctions[k]?.stretch === true;

  let natural = advance(last);
  let gaps = 0;
  for (let k = first; k < last; k++) {
    natural += advance(k) + after(k);
    if (stretches(k)) gaps++;
  }
  const slack = frame.width - natural;
  const spacing = draft.justified && gaps > 0 ? slack / gaps : 0;

  // CJK characters join the run before them unless a space, a gap, a style or halt sets them apart.
  const continuesRun = (k: number): boolean => {
    const [a, b] = [piece(k - 1), piece(k)];
    return a.kind === 'char' && b.kind === 'char' && a.space === '' && stretches(k - 1) && junctions[k - 1]?.gap === 0 &&
      halfWidth(k - 1) === halfWidth(k) && sameStyle(a, b);
  };
  const runs: PlacedRun[] = [];
  let x = frame.indent + (align === 'center' ? slack / 2 : 0);
  let group: Piece[] = [];
  let groupX = x;
  let size = 0;
  for (let k = first; k <= last; k++) {
    if (group.length > 0 && !continuesRun(k)) {
      runs.push(toRun(group, groupX, halfWidth(k - 1), spacing, false));
      group = [];
    }
    if (group.length === 0) groupX = x;
    group.push(piece(k));
    size = Math.max(size, piece(k).style.size);
    x += advance(k) + (k < last ? after(k) + (stretches(k) ? spacing : 0) : 0);
  }
  runs.push(toRun(group, groupX, halfWidth(last), spacing, true));
  const end = piece(last);
  return { runs, width: x, size, last: isLast, start: piece(first).start, end: end.start + end.text.length };
}

/**
 * One run. CJK runs carry the line's spacing as letterSpacing (PDF Tc after every character);
 * their width follows pdfkit's rule: the advances plus letterSpacing after all but the last character.
 * A Latin word or doubled mark is a run of its own with its natural spacing.
 */
function toRun(group: readonly Piece[], x: number, halfWidth: boolean, spacing: number, endsLine: boolean): PlacedRun {
  const style = (group[0] as Piece).style;
  const lastIndex = group.length - 1;
  const keepsSpace = (i: number): boolean => !(endsLine && i === lastIndex);
  const text = group.map((p, i) => p.text + (keepsSpace(i) ? p.space : '')).join('');
  const advances = group.reduce(
    (w, p, i) => w + (halfWidth && p.halt ? p.halt.advance : p.advance) + (keepsSpace(i) ? p.spaceAdvance : 0),
    0,
  );
  if ((group[0] as Piece).kind === 'cluster') return { text, style, x, width: advances, letterSpacing: 0, features: NO_FEATURES };
  const count = [...text].length;
  const features = halfWidth ? HALT_FEATURES : NO_FEATURES;
  return { text, style, x, width: advances + spacing * (count - 1), letterSpacing: spacing, features };
}

const sameStyle = (a: Piece, b: Piece): boolean =>
  a.style === b.style || (a.style.face.key === b.style.face.key && a.style.size === b.style.size);
