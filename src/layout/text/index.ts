/**
 * The text engine: styled spans → justified lines of placed runs, following Chinese typesetting
 * rules (clreq, GB/T 15834, JIS X 4051). Pure: renderers draw what it decides.
 *
 * Stages: segment (pieces and break opportunities, UAX #14 refined for Chinese) → compress
 * (adjacent punctuation) → where lines end (total-fit for justified text, greedy for ragged text,
 * which is also how PowerPoint breaks the deck's lines) → justify (runs, positions, letterSpacing).
 *
 * Renderer contract (pdfkit): for each line at baseline `y`, for each run,
 *   doc.font(run.style.face.key).fontSize(run.style.size)
 *      .text(run.text, left + run.x, y - ascentOf(run.style),
 *            { lineBreak: false, characterSpacing: run.letterSpacing, features: [...run.features] })
 */
import { breakGreedily } from './breaker.js';
import { pairSqueezes } from './compress.js';
import { placeLine } from './justify.js';
import { lineFrame, lineMetrics } from './line-fit.js';
import { segment } from './segment.js';
import { breakTotalFit } from './total-fit.js';
import type { Line, ParagraphOptions, Span } from './types.js';

export type { FontFace, Line, ParagraphOptions, PlacedRun, Span, TextStyle } from './types.js';
export { ascentOf, measureText } from './measure.js';

/** Where a paragraph's lines end: every stage of breakParagraph but placing the glyphs. */
function draftLines(spans: readonly Span[], options: ParagraphOptions) {
  if (!(options.width > 0)) throw new RangeError(`paragraph width must be positive, got ${options.width}`);
  const narrowest = Math.min(lineFrame(options, 0).width, lineFrame(options, 1).width);
  const segments = segment(spans, options.cjkLatinGap ?? false, narrowest);
  const paired = pairSqueezes(segments.pieces);
  const metrics = lineMetrics(segments, paired);
  const drafts = (options.align === 'justify' ? breakTotalFit(segments, metrics, options) : undefined) ?? breakGreedily(metrics, options);
  return { segments, paired, drafts };
}

/** Breaks one paragraph into lines. Newlines in the text force a line break (that line is not justified). */
export function breakParagraph(spans: readonly Span[], options: ParagraphOptions): Line[] {
  const { segments, paired, drafts } = draftLines(spans, options);
  return drafts.map((draft, index) =>
    placeLine(segments, paired, draft, lineFrame(options, index), options.align, index === drafts.length - 1),
  );
}

/** How many lines breakParagraph gives, without placing their glyphs (for fitting text into boxes). */
export function countParagraphLines(spans: readonly Span[], options: ParagraphOptions): number {
  return draftLines(spans, options).drafts.length;
}
