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
import type { Segments } from './segment.js';
import type { ParagraphOptions } from './types.js';

/** What a runt costs, in the units of a line's cost (squared em per gap). */
const RUNT_COST = 0.2 ** 2;
/** Pieces a line is looked back over at most (a line of zero-width pieces would otherwise be unbounded). */
const MAX_LOOK_BACK = 400;

/**
 * The lines of a justified paragraph, or undefined when the paragraph cannot be set with legal
 * breaks only (a piece or an unbreakable run wider than the measure, a word cut for being too
 * wide): the greedy breaker sets those.
 */
export function breakTotalFit({ pieces, junctions }: Segments, m: Metrics, options: ParagraphOptions): LineDraft[] | undefined {
  const n = m.count;
  if (junctions.some((junction) => junction.emergency > 0)) return undefined;
  // letters[k]: characters of pieces before k that are not punctuation (what makes a last line a runt).
  const letters = new Int32Array(n + 1);
  pieces.forEach((p, k) => {
    letters[k + 1] = (letters[k] ?? 0) + [...p.text].filter((ch) => !isPunctuation(ch)).length;
  });
  // total[k + 1]: least cost of setting pieces 0..k with a line ending after piece k; start[k]: that line's first piece.
  const total = new Float64Array(n + 1).fill(Infinity);
  const start = new Int32Array(n).fill(-1);
  total[0] = 0;
  for (let last = 0; last < n; last++) {
    if (!m.canEndAfter(last)) continue;
    const ends = m.mustEndAfter(last);
    for (let first = last; first >= 0 && last - first < MAX_LOOK_BACK; first--) {
      const width = lineFrame(options, first === 0 ? 0 : 1).width;
      if (tightest(m, first, last) > width + EPSILON) break;
      const opens = first === 0 || m.mustEndAfter(first - 1); // the line starts the paragraph or follows a newline
      if (opens || m.canEndAfter(first - 1)) {
        const runt = ends && !opens && (letters[last + 1] ?? 0) - (letters[first] ?? 0) <= 1;
        const cost = (total[first] ?? Infinity) + lineCost(m, first, last, width) ** 2 + (runt ? RUNT_COST : 0);
        if (cost < (total[last + 1] ?? Infinity)) {
          total[last + 1] = cost;
          start[last] = first;
        }
      }
      if (opens) break; // no line spans a forced break
    }
  }
  if (!Number.isFinite(total[n] ?? Infinity)) return undefined;
  const drafts: LineDraft[] = [];
  for (let last = n - 1; last >= 0; ) {
    const first = start[last] ?? 0;
    drafts.push(plan(m, first, last, lineFrame(options, first === 0 ? 0 : 1).width, true).draft);
    last = first - 1;
  }
  return drafts.reverse();
}
