/**
 * Total-fit line breaking for justified text (after Knuth and Plass): the breaks of the whole
 * paragraph are chosen together, by dynamic programming over its break opportunities, so that the
 * sum of the lines' costs is least. A line costs the square of what it disturbs (spacing added to
 * each gap, marks squeezed inside it: see line-fit.ts), so slack is spread over many lines rather
 * than piled on one, and a last line holding a single character besides punctuation (a runt, 孤字)
 * costs as much as a line spread by a fifth of an em at every gap. Kinsoku are hard constraints:
 * lines end only at legal breaks.
 *
 * Time is linear in the paragraph: a line ending at a break looks back only over the pieces that
 * could share a line with it (and never further than MAX_LOOK_BACK pieces).
 */
import { isPunctuation } from './classify.js';
import { EPSILON, lineCost, lineFrame, plan, tightest, type LineDraft, type Metrics } from './line-fit.js';
import type { Piece, Segments } from './segment.js';
import type { ParagraphOptions } from './types.js';

/** What a runt costs, in the units of a line's cost (squared em per gap). */
const RUNT_COST = 0.2 ** 2;
/** Pieces a line is looked back over at most (a line of zero-width pieces would otherwise be unbounded). */
const MAX_LOOK_BACK = 400;
/**
 * How far short of the measure a line that does not end its paragraph is first allowed to be, in
 * em: looser lines are only tried when the paragraph cannot be set without them (a long word).
 */
const LOOSEST = 3;

/**
 * The lines of a justified paragraph, or undefined when the paragraph cannot be set with legal
 * breaks only (a piece or an unbreakable run wider than the measure, a word cut for being too
 * wide): the greedy breaker sets those.
 */
export function breakTotalFit({ pieces, junctions }: Segments, m: Metrics, options: ParagraphOptions): LineDraft[] | undefined {
  if (junctions.some((junction) => junction.emergency > 0)) return undefined;
  const letters = (k: number): number => {
    let count = 0;
    for (const ch of (pieces[k] as Piece).text) if (!isPunctuation(ch)) count++;
    return count;
  };
  return solve(m, options, letters, LOOSEST * m.em) ?? solve(m, options, letters, Infinity);
}

/**
 * The least-cost breaks, lines that do not end a paragraph being at most `loosest` short of the
 * measure. `letters(k)`: the characters of piece k that are not punctuation (what makes a runt).
 */
function solve(m: Metrics, options: ParagraphOptions, letters: (k: number) => number, loosest: number): LineDraft[] | undefined {
  const n = m.count;
  const widths = [lineFrame(options, 0).width, lineFrame(options, 1).width] as const;
  const widthFrom = (first: number): number => widths[first === 0 ? 0 : 1];
  // total[k + 1]: least cost of setting pieces 0..k with a line ending after piece k; start[k]: that line's first piece.
  const total = new Float64Array(n + 1).fill(Infinity);
  const start = new Int32Array(n).fill(-1);
  total[0] = 0;
  let opening = 0; // the first piece after the last newline: no line spans a forced break
  for (let last = 0; last < n; opening = m.mustEndAfter(last) ? last + 1 : opening, last++) {
    if (!m.canEndAfter(last)) continue;
    const ends = m.mustEndAfter(last);
    // Shorter lines are looser than allowed: start looking back where a line gets wide enough
    // (the paragraph's first line, indented, by its own measure).
    const reaching = m.lastStartReaching(last, widths[1] - loosest);
    const firstLineReaches = reaching < 0 && m.natural(0, last) >= widths[0] - loosest;
    const from = ends || loosest === Infinity ? last : firstLineReaches ? 0 : reaching;
    let lettersOnLine = 0; // counted on a paragraph's last line only, where a runt can be
    for (let first = from; first >= opening && last - first < MAX_LOOK_BACK; first--) {
      const width = widthFrom(first);
      if (tightest(m, first, last) > width + EPSILON) break;
      if (ends && lettersOnLine < 2) lettersOnLine += letters(first);
      const opens = first === opening; // the line starts the paragraph or follows a newline
      if (!opens && !m.canEndAfter(first - 1)) continue;
      const runt = ends && !opens && lettersOnLine <= 1;
      const cost = (total[first] ?? Infinity) + lineCost(m, first, last, width) ** 2 + (runt ? RUNT_COST : 0);
      if (cost < (total[last + 1] ?? Infinity)) {
        total[last + 1] = cost;
        start[last] = first;
      }
    }
  }
  if (!Number.isFinite(total[n] ?? Infinity)) return undefined;
  const drafts: LineDraft[] = [];
  for (let last = n - 1; last >= 0; ) {
    const first = start[last] ?? 0;
    drafts.push(plan(m, first, last, widthFrom(first), true).draft);
    last = first - 1;
  }
  return drafts.reverse();
}
