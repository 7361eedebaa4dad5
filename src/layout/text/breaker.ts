/**
 * Chooses where lines end. Greedy, one line at a time, with a bounded look at both sides of the
 * point where the line overflows: the last legal break that fits ("push down": the short line is
 * then stretched) and the first legal break beyond it that fits once punctuation on the line is
 * set half-width ("pull up"). The one that disturbs the line less wins. Each piece is looked at a
 * bounded number of times, so time grows linearly with the paragraph.
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

const EPSILON = 1e-6;
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

export function breakLines(segments: Segments, paired: readonly boolean[], options: ParagraphOptions): LineDraft[] {
  const metrics = lineMetrics(segments, paired);
  const em = segments.pieces[0]?.style.size ?? 1;
  const drafts: LineDraft[] = [];
  for (let first = 0; first < segments.pieces.length; ) {
    const draft = chooseLine(metrics, first, lineFrame(options, drafts.length).width, em, options.align === 'justify');
    drafts.push(draft);
    first = draft.last + 1;
  }
  return drafts;
}

type Metrics = ReturnType<typeof lineMetrics>;

/** Widths of any stretch of pieces in constant time, from prefix sums. */
function lineMetrics({ pieces, junctions }: Segments, paired: readonly boolean[]) {
  const n = pieces.length;
  const inner = new Float64Array(n + 1); // advances (pairs squeezed) and typed spaces
  const gaps = new Float64Array(n + 1);
  const stretches = new Int32Array(n + 1);
  const savings = new Float64Array(n + 1); // what halt could still take from marks inside a line
  pieces.forEach((p, k) => {
    const junction = junctions[k];
    const half = p.halt?.advance ?? p.advance;
    inner[k + 1] = (inner[k] ?? 0) + (paired[k] ? half : p.advance) + p.spaceAdvance;
    gaps[k + 1] = (gaps[k] ?? 0) + (junction?.gap ?? 0);
    stretches[k + 1] = (stretches[k] ?? 0) + (junction?.stretch ? 1 : 0);
    savings[k + 1] = (savings[k] ?? 0) + (paired[k] ? 0 : p.advance - half);
  });
  const at = (a: Float64Array | Int32Array, k: number): number => a[k] ?? 0;
  const piece = (k: number): Piece => pieces[k] as Piece;
  return {
    count: n,
    /** Width of pieces first..last set on one line, with nothing squeezed but the pairs inside it. */
    natural: (first: number, last: number): number =>
      at(inner, last) - at(inner, first) + piece(last).advance + at(gaps, last) - at(gaps, first),
    /** What the line's last piece gives up when set half-width at the line end (a blank at its end or both ends). */
    endSaving: (last: number): number => {
      const p = piece(last);
      return p.halt && p.halt.shift < p.advance - p.halt.advance - EPSILON ? p.advance - p.halt.advance : 0;
    },
    midSaving: (k: number): number => at(savings, k + 1) - at(savings, k),
    savingInside: (first: number, last: number): number => at(savings, last) - at(savings, first),
    stretches: (first: number, last: number): number => at(stretches, last) - at(stretches, first),
    canEndAfter: (k: number): boolean => k === n - 1 || junctions[k]?.breakable === true || junctions[k]?.forced === true,
    mustEndAfter: (k: number): boolean => k === n - 1 || junctions[k]?.forced === true,
    emergencyAfter: (k: number): number => junctions[k]?.emergency ?? 0,
  };
}

interface Plan {
  readonly draft: LineDraft;
  readonly cost: number;
}

function chooseLine(m: Metrics, first: number, width: number, em: number, justify: boolean): LineDraft {
  let fit = first - 1;
  let push = -1;
  for (let k = first; k < m.count && m.natural(first, k) <= width + EPSILON; k++) {
    fit = k;
    if (m.canEndAfter(k)) push = k;
    if (m.mustEndAfter(k)) return plan(m, first, k, width, em, justify).draft;
  }
  // The line overflows inside a word too wide for any line: it is cut here rather than on a line of its own.
  const cut = emergencyCut(m, first, fit);
  if (cut > push) return plan(m, first, cut, width, em, justify).draft;
  let pull = -1;
  for (let k = fit + 1; k < m.count && m.natural(first, k) - m.savingInside(first, k) - m.endSaving(k) <= width + EPSILON; k++) {
    if (m.canEndAfter(k)) {
      pull = k;
      break;
    }
  }
  const plans = [push, pull].filter((k) => k >= first).map((k) => plan(m, first, k, width, em, justify));
  const best = plans.reduce<Plan | undefined>((a, b) => (a && a.cost <= b.cost ? a : b), undefined);
  // No legal break fits: end after the last piece that fits, or set a piece wider than the measure alone.
  return best?.draft ?? plan(m, first, Math.max(fit, first), width, em, justify).draft;
}

/** The last cut of rank 1 in first..fit, else of rank 2, else -1 (see Junction.emergency). */
function emergencyCut(m: Metrics, first: number, fit: number): number {
  let anywhere = -1;
  for (let k = fit; k >= first; k--) {
    const rank = m.emergencyAfter(k);
    if (rank === 1) return k;
    if (rank === 2 && anywhere < 0) anywhere = k;
  }
  return anywhere;
}

/** Squeezes what the line needs to fit (its last mark first, then marks inside from the end) and rates the result. */
function plan(m: Metrics, first: number, last: number, width: number, em: number, justify: boolean): Plan {
  let over = m.natural(first, last) - width;
  const squeezed: number[] = [];
  if (over > EPSILON && m.endSaving(last) > 0) {
    squeezed.push(last);
    over -= m.endSaving(last);
  }
  for (let k = last - 1; k >= first && over > EPSILON; k--) {
    if (m.midSaving(k) > 0) {
      squeezed.push(k);
      over -= m.midSaving(k);
    }
  }
  const ends = m.mustEndAfter(last);
  const gaps = Math.max(1, m.stretches(first, last));
  const spacing = ends ? 0 : Math.abs(over) / gaps / em;
  const inside = squeezed.filter((k) => k !== last).length;
  return { draft: { first, last, squeezed, justified: justify && !ends }, cost: spacing + SQUEEZE_COST * inside };
}
