/**
 * Chooses where lines end, greedily, one line at a time (ragged text, and the fallback of the
 * total-fit breaker), with a bounded look at both sides of the point where the line overflows:
 * the last legal break that fits ("push down": the short line is then stretched) and the first
 * legal break beyond it that fits once punctuation on the line is set half-width ("pull up"). The
 * one that disturbs the line less wins. Each piece is looked at a bounded number of times, so time
 * grows linearly with the paragraph.
 */
import { EPSILON, lineFrame, plan, tightest, type LineDraft, type Metrics } from './line-fit.js';
import type { ParagraphOptions } from './types.js';

export function breakGreedily(metrics: Metrics, options: ParagraphOptions): LineDraft[] {
  const drafts: LineDraft[] = [];
  for (let first = 0; first < metrics.count; ) {
    const draft = chooseLine(metrics, first, lineFrame(options, drafts.length).width, options.align === 'justify');
    drafts.push(draft);
    first = draft.last + 1;
  }
  return drafts;
}

function chooseLine(m: Metrics, first: number, width: number, justify: boolean): LineDraft {
  let fit = first - 1;
  let push = -1;
  for (let k = first; k < m.count && m.natural(first, k) <= width + EPSILON; k++) {
    fit = k;
    if (m.canEndAfter(k)) push = k;
    if (m.mustEndAfter(k)) return plan(m, first, k, width, justify).draft;
  }
  // The line overflows inside a word too wide for any line: it is cut here rather than on a line of its own.
  const cut = emergencyCut(m, first, fit);
  if (cut > push) return plan(m, first, cut, width, justify).draft;
  let pull = -1;
  for (let k = fit + 1; k < m.count && tightest(m, first, k) <= width + EPSILON; k++) {
    if (m.canEndAfter(k)) {
      pull = k;
      break;
    }
  }
  const plans = [push, pull].filter((k) => k >= first).map((k) => plan(m, first, k, width, justify));
  const best = plans.reduce<(typeof plans)[number] | undefined>((a, b) => (a && a.cost <= b.cost ? a : b), undefined);
  // No legal break fits: end after the last piece that fits, or set a piece wider than the measure alone.
  return best?.draft ?? plan(m, first, Math.max(fit, first), width, justify).draft;
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
