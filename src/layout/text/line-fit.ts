/**
 * What both breakers need to rate a candidate line: widths of any stretch of pieces in constant
 * time (prefix sums), where a line may end, and how a line is made to fit (punctuation set
 * half-width) and what that costs.
 */
import type { Piece, Segments } from './segment.js';
import type { ParagraphOptions } from './types.js';

export interface LineDraft {
  /** Index of the line's first piece. */
  readonly first: number;
  /** Index of the line's last piece (inclusive). */
  readonly last: number;
  /** Pieces set half-width to fit the line, on top of the adjacent-punctuation pairs. */
  readonly squeezed: readonly number[];
  /** The line is stretched to the measure (justified text, not before a paragraph end or newline). */
  readonly justified: boolean;
}

export const EPSILON = 1e-6;
/**
 * Cost of setting one mark half-width inside a line, against spacing measured in em per gap:
 * pushing a character down is preferred while it widens each gap by less than this.
 */
const SQUEEZE_COST = 0.05;

/** Left indent and available width of line `index`, in points. */
export function lineFrame(options: ParagraphOptions, index: number): { indent: number; width: number } {
  const indent = (index === 0 ? options.firstLineIndent : options.hangingIndent) ?? 0;
  return { indent, width: options.width - indent };
}

export type Metrics = ReturnType<typeof lineMetrics>;

/** Widths of any stretch of pieces in constant time, from prefix sums. */
export function lineMetrics({ pieces, junctions }: Segments, paired: readonly boolean[]) {
  const n = pieces.length;
  const inner = new Float64Array(n + 1); // advances (pairs squeezed) and typed spaces
  const gaps = new Float64Array(n + 1);
  const stretches = new Int32Array(n + 1);
  const savings = new Float64Array(n + 1); // what halt could still take from marks inside a line
  const marks = new Int32Array(n + 1); // how many marks inside a line halt could narrow
  pieces.forEach((p, k) => {
    const junction = junctions[k];
    const half = p.halt?.advance ?? p.advance;
    inner[k + 1] = (inner[k] ?? 0) + (paired[k] ? half : p.advance) + p.spaceAdvance;
    gaps[k + 1] = (gaps[k] ?? 0) + (junction?.gap ?? 0);
    stretches[k + 1] = (stretches[k] ?? 0) + (junction?.stretch ? 1 : 0);
    savings[k + 1] = (savings[k] ?? 0) + (paired[k] ? 0 : p.advance - half);
    marks[k + 1] = (marks[k] ?? 0) + (!paired[k] && p.advance > half ? 1 : 0);
  });
  const at = (a: Float64Array | Int32Array, k: number): number => a[k] ?? 0;
  const piece = (k: number): Piece => pieces[k] as Piece;
  /** Where a line starting at piece k begins, on the scale natural widths are differences of. */
  const position = (k: number): number => at(inner, k) + at(gaps, k);
  return {
    count: n,
    /** The em of the paragraph's text, the unit spacing is rated in. */
    em: pieces[0]?.style.size ?? 1,
    /** Width of pieces first..last set on one line, with nothing squeezed but the pairs inside it. */
    natural: (first: number, last: number): number => position(last) - position(first) + piece(last).advance,
    /**
     * The last piece a line ending at `last` can start at and still be `width` wide with nothing
     * squeezed, or -1 when no line ending there is that wide. Binary search: natural widths grow
     * as the start moves back.
     */
    lastStartReaching: (last: number, width: number): number => {
      const limit = position(last) + piece(last).advance - width;
      if (position(0) > limit) return -1;
      let [low, high] = [0, last];
      while (low < high) {
        const middle = (low + high + 1) >>> 1;
        if (position(middle) <= limit) low = middle;
        else high = middle - 1;
      }
      return low;
    },
    /** What the line's last piece gives up when set half-width at the line end (a blank at its end or both ends). */
    endSaving: (last: number): number => {
      const p = piece(last);
      return p.halt && p.halt.shift < p.advance - p.halt.advance - EPSILON ? p.advance - p.halt.advance : 0;
    },
    midSaving: (k: number): number => at(savings, k + 1) - at(savings, k),
    savingInside: (first: number, last: number): number => at(savings, last) - at(savings, first),
    marksInside: (first: number, last: number): number => at(marks, last) - at(marks, first),
    /**
     * The last piece `from` in first..last-1 such that setting the marks in from..last-1 half-width
     * saves at least `needed`, or `first` when even all of them do not. Binary search on the prefix sums.
     */
    squeezeFrom: (first: number, last: number, needed: number): number => {
      const limit = at(savings, last) - needed + EPSILON;
      let [low, high] = [first, last - 1];
      while (low < high) {
        const middle = (low + high + 1) >>> 1;
        if (at(savings, middle) <= limit) low = middle;
        else high = middle - 1;
      }
      return low;
    },
    stretches: (first: number, last: number): number => at(stretches, last) - at(stretches, first),
    canEndAfter: (k: number): boolean => k === n - 1 || junctions[k]?.breakable === true || junctions[k]?.forced === true,
    mustEndAfter: (k: number): boolean => k === n - 1 || junctions[k]?.forced === true,
    emergencyAfter: (k: number): number => junctions[k]?.emergency ?? 0,
  };
}

/** The narrowest pieces first..last can be set: every mark on the line half-width. */
export const tightest = (m: Metrics, first: number, last: number): number =>
  m.natural(first, last) - m.savingInside(first, last) - m.endSaving(last);

/** How a line is made to fit: its last mark half-width first, then marks inside from the end. */
interface Fit {
  /** Width still over the measure once squeezed (negative: slack the spacing takes up). */
  readonly over: number;
  readonly endSqueezed: boolean;
  /** Marks inside the line from here to its end that can be squeezed are. */
  readonly from: number;
  /** How many marks inside the line are squeezed. */
  readonly inside: number;
}

function fit(m: Metrics, first: number, last: number, width: number): Fit {
  let over = m.natural(first, last) - width;
  const endSqueezed = over > EPSILON && m.endSaving(last) > 0;
  if (endSqueezed) over -= m.endSaving(last);
  if (over <= EPSILON || first === last) return { over, endSqueezed, from: last, inside: 0 };
  const from = m.squeezeFrom(first, last, over);
  return { over: over - m.savingInside(from, last), endSqueezed, from, inside: m.marksInside(from, last) };
}

/**
 * How much a line disturbs the text: the spacing it adds to each gap, in em (none on a line that
 * ends its paragraph or a forced line), plus a cost for each mark squeezed inside it.
 */
function rate(m: Metrics, fitted: Fit, first: number, last: number): number {
  const gaps = Math.max(1, m.stretches(first, last));
  const spacing = m.mustEndAfter(last) ? 0 : Math.abs(fitted.over) / gaps / m.em;
  return spacing + SQUEEZE_COST * fitted.inside;
}

/** The cost of setting pieces first..last as one line `width` wide (see `rate`). */
export function lineCost(m: Metrics, first: number, last: number, width: number): number {
  const slack = width - m.natural(first, last);
  if (slack < -EPSILON) return rate(m, fit(m, first, last, width), first, last);
  // Nothing to squeeze (most lines): the spacing alone, without working out a fit.
  return m.mustEndAfter(last) ? 0 : slack / Math.max(1, m.stretches(first, last)) / m.em;
}

/** Pieces first..last as a line `width` wide: what it squeezes, whether it is justified, and its cost. */
export function plan(m: Metrics, first: number, last: number, width: number, justify: boolean): { draft: LineDraft; cost: number } {
  const fitted = fit(m, first, last, width);
  const squeezed: number[] = fitted.endSqueezed ? [last] : [];
  for (let k = last - 1; k >= fitted.from; k--) if (m.midSaving(k) > 0) squeezed.push(k);
  const draft = { first, last, squeezed, justified: justify && !m.mustEndAfter(last) };
  return { draft, cost: rate(m, fitted, first, last) };
}
