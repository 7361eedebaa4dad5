/**
 * A chosen line → placed runs. The slack of a justified line is shared equally by every gap
 * between pieces (between CJK characters, around Latin words, at spaces); inside a Latin word
 * nothing moves. Consecutive CJK characters become one run drawn with letterSpacing, so a
 * renderer positions runs, not characters.
 */
import type { LineDraft } from './line-fit.js';
import { HALT_FEATURES, measureText } from './measure.js';
import type { Junction, Piece, Segments } from './segment.js';
import type { Line, ParagraphOptions, PlacedRun } from './types.js';

const NO_FEATURES: readonly string[] = [];

interface Frame {
  readonly indent: number;
  readonly width: number;
}

export function placeLine(
  segments: Segments,
  paired: readonly boolean[],
  draft: LineDraft,
  frame: Frame,
  align: ParagraphOptions['align'],
  isLast: boolean,
): Line {
  const { junctions } = segments;
  const units = joinFragments(segments, draft.first, draft.last);
  const lastUnit = units.length - 1;
  const unit = (u: number): Unit => units[u] as Unit;
  const piece = (u: number): Piece => unit(u).piece;
  const halfWidth = (u: number): boolean => {
    const { first } = unit(u);
    return (paired[first] === true && u < lastUnit) || draft.squeezed.includes(first);
  };
  const advance = (u: number): number => {
    const p = piece(u);
    return halfWidth(u) && p.halt ? p.halt.advance : p.advance;
  };
  /** The junction after unit u. */
  const junction = (u: number): Junction | undefined => junctions[unit(u).last];
  /** Typed space and fixed gap after unit u, when it is not the line's last. */
  const after = (u: number): number => piece(u).spaceAdvance + (junction(u)?.gap ?? 0);
  const stretches = (u: number): boolean => junction(u)?.stretch === true;

  let natural = advance(lastUnit);
  let gaps = 0;
  for (let u = 0; u < lastUnit; u++) {
    natural += advance(u) + after(u);
    if (stretches(u)) gaps++;
  }
  const slack = frame.width - natural;
  const spacing = draft.justified && gaps > 0 ? slack / gaps : 0;

  // CJK characters join the run before them unless a space, a gap, a style or halt sets them apart.
  const continuesRun = (u: number): boolean => {
    const [a, b] = [piece(u - 1), piece(u)];
    return a.kind === 'char' && b.kind === 'char' && a.space === '' && stretches(u - 1) && junction(u - 1)?.gap === 0 &&
      halfWidth(u - 1) === halfWidth(u) && sameStyle(a, b);
  };
  const runs: PlacedRun[] = [];
  let x = frame.indent + (align === 'center' ? slack / 2 : 0);
  let group: Piece[] = [];
  let groupX = x;
  let size = 0;
  for (let u = 0; u <= lastUnit; u++) {
    if (group.length > 0 && !continuesRun(u)) {
      runs.push(toRun(group, groupX, halfWidth(u - 1), spacing, false));
      group = [];
    }
    if (group.length === 0) groupX = x;
    group.push(piece(u));
    size = Math.max(size, piece(u).style.size);
    x += advance(u) + (u < lastUnit ? after(u) + (stretches(u) ? spacing : 0) : 0);
  }
  runs.push(toRun(group, groupX, halfWidth(lastUnit), spacing, true));
  const end = piece(lastUnit);
  return { runs, width: x, size, last: isLast, start: piece(0).start, end: end.start + end.text.length };
}

/** A piece of the line, or fragments of one cut word (pieces first..last) joined again. */
interface Unit {
  readonly piece: Piece;
  readonly first: number;
  readonly last: number;
}

/**
 * The line's pieces, with the fragments of a word cut for being too wide (segment.ts) that stay
 * on this line joined again: shaped and drawn as one run, not a run per character.
 */
function joinFragments({ pieces, junctions }: Segments, first: number, last: number): Unit[] {
  const units: Unit[] = [];
  for (let k = first; k <= last; k++) {
    let end = k;
    while (end < last && (junctions[end]?.emergency ?? 0) > 0) end++;
    const p = pieces[k] as Piece;
    if (end === k) {
      units.push({ piece: p, first: k, last: k });
      continue;
    }
    const tail = pieces[end] as Piece;
    const text = pieces.slice(k, end + 1).map((fragment) => fragment.text).join('');
    const advance = measureText(text, p.style);
    const spaceAdvance = tail.space === '' ? 0 : measureText(text + tail.space, p.style) - advance;
    units.push({ piece: { ...p, text, space: tail.space, advance, spaceAdvance }, first: k, last: end });
    k = end;
  }
  return units;
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
