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
import { identityOf, memo, memosAnswer, type Memo } from '../../cache/memo.js';
import { breakGreedily } from './breaker.js';
import { pairSqueezes } from './compress.js';
import { placeLine } from './justify.js';
import { lineFrame, lineMetrics } from './line-fit.js';
import { segment } from './segment.js';
import { breakTotalFit } from './total-fit.js';
import { keptFaceName, keptResults, writtenAfterLayout } from '../../cache/kept.js';
import type { FontFace, Line, ParagraphOptions, PlacedRun, Span, TextStyle } from './types.js';

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
  const first = spans[0];
  if (!first) return setLines(spans, options);
  let remembered = brokenParagraphs.get(first.style.face);
  if (!remembered) brokenParagraphs.set(first.style.face, (remembered = memo(REMEMBERED_PARAGRAPHS)));
  // Which span each run's style is (the first of those sharing that very style object).
  const spanIndex = new Map(spans.map((span, index) => [span.style, index] as const).reverse());
  const spanOf = (span: { readonly style: TextStyle }): number => spanIndex.get(span.style) ?? 0;
  const settings = [options.width, options.firstLineIndent ?? 0, options.hangingIndent ?? 0, options.align, options.cjkLatinGap ?? false];
  const key = JSON.stringify([spans.map((span) => [spanOf(span), identityOf(span.style.face), span.style.size, span.text]), settings]);
  let computed: Line[] | undefined;
  const broken = remembered(key, () => {
    const diskKey = memosAnswer() ? keptKey(spans, spanOf, settings) : undefined;
    const known = diskKey === undefined ? undefined : keptParagraphs.get(diskKey);
    if (known) return known;
    computed = setLines(spans, options);
    const lines = computed.map((line): KeptLine => ({ ...line, runs: line.runs.map((run) => ({ ...run, style: spanOf(run) })) }));
    if (diskKey !== undefined && lines.every(keepable)) keptParagraphs.set(diskKey, lines);
    return lines;
  });
  // Lines broken for another build or process name styles by their span: each run takes this call's own.
  return computed ?? broken.map((line) => ({ ...line, runs: line.runs.map((run) => ({ ...run, style: spans[run.style]!.style })) }));
}

/** A line as remembered and kept on disk: each run's style given as the index of the span it is the style of. */
interface KeptLine extends Omit<Line, 'runs'> {
  readonly runs: readonly (Omit<PlacedRun, 'style'> & { readonly style: number })[];
}

/** Paragraphs broken by processes before this one (cache/kept.ts): computed by the text engine, this folder. */
const keptParagraphs = writtenAfterLayout(keptResults<readonly KeptLine[]>('paragraphs', ['layout/text']));

/** A paragraph's name among those kept on disk, or undefined when a face of it has no bytes to name it by. */
function keptKey(spans: readonly Span[], spanOf: (span: Span) => number, settings: readonly unknown[]): string | undefined {
  const faces = spans.map((span) => keptFaceName(span.style.face));
  if (faces.some((face) => face === undefined)) return undefined;
  return JSON.stringify([spans.map((span, index) => [spanOf(span), faces[index], span.style.size, span.text]), settings]);
}

/** What a kept run holds: a run with anything else (or a number JSON cannot carry) is not kept. */
const RUN_FIELDS = new Set(['text', 'style', 'x', 'width', 'letterSpacing', 'features']);
const keepable = (line: KeptLine): boolean =>
  Number.isFinite(line.width) && line.runs.every((run) => Object.keys(run).every((field) => RUN_FIELDS.has(field)) && Number.isFinite(run.x) && Number.isFinite(run.width) && Number.isFinite(run.letterSpacing));

/**
 * Paragraphs already broken, per face of their first span, least recently used first out: a
 * report breaks a few thousand (lines, labels, numbers), and a rebuild after an edit breaks again
 * only those the edit changed. Faces stay the same objects between builds (load/fonts.ts).
 */
const REMEMBERED_PARAGRAPHS = 4000;
const brokenParagraphs = new WeakMap<FontFace, Memo<readonly KeptLine[]>>();

function setLines(spans: readonly Span[], options: ParagraphOptions): Line[] {
  const { segments, paired, drafts } = draftLines(spans, options);
  return drafts.map((draft, index) =>
    placeLine(segments, paired, draft, lineFrame(options, index), options.align, index === drafts.length - 1),
  );
}

/** How many lines breakParagraph gives, without placing their glyphs (for fitting text into boxes). */
export function countParagraphLines(spans: readonly Span[], options: ParagraphOptions): number {
  return draftLines(spans, options).drafts.length;
}
