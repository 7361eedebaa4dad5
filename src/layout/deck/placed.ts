/**
 * Laid-out slides → placed marks in points (960 × 540 for the 13.333 × 7.5 in slide), from the
 * top-left: every text broken into lines by jianbao's own text engine with the deck's font at the
 * width PowerPoint wraps at (the box less its insets and the bullet indent), each line on its
 * baseline; table cells, rules and chart bars where the .pptx has them. The preview's SVG and the
 * handout PDF are two drawers of these marks, so both show the deck's own line breaks.
 */
import { contentDigest } from '../../cache/disk.js';
import { keptFaceName, keptResults } from '../../cache/kept.js';
import { memosAnswer } from '../../cache/memo.js';
import type { Theme } from '../../model/theme.js';
import type { LaidOutDeck, LaidOutSlide, SlideShape, TextParagraph, TextRun } from '../../model/slides.js';
import { breakParagraph, type FontFace, type PlacedRun, type Span, type TextStyle } from '../text/index.js';
import { CELL_MARGIN } from './blocks.js';
import { INSET, INSET_Y, paragraphLineTexts, type DeckFaces } from './measure.js';

export const PT_PER_INCH = 72;
/** The gap between a chart's bars as a fraction of a bar's width (pptxgenjs writes PowerPoint's default, `c:gapWidth` 150 %). */
const BAR_GAP_WIDTH = 1.5;
/** Indent pptxgenjs gives bulleted and numbered paragraphs, points. */
const BULLET_INDENT_PT = 27;

const pt = (inches: number): number => inches * PT_PER_INCH;

/** A run on a line, in the colour layout gave its text. */
export interface ColoredRun extends PlacedRun {
  readonly color: string;
}

/** A line of a placed paragraph: runs from `left`, on `baseline`, both relative to the paragraph. */
export interface PlacedLine {
  readonly left: number;
  readonly baseline: number;
  readonly runs: readonly ColoredRun[];
}

/** A paragraph's bullet or number, at the paragraph's left edge on its first baseline. */
export interface PlacedMarker {
  readonly text: string;
  readonly baseline: number;
  readonly face: FontFace;
  readonly size: number;
  readonly color: string;
}

export type PlacedMark =
  /** A paragraph whose top-left corner is at (x, y); `text` is all of it, for finding its source. */
  | {
      readonly kind: 'paragraph';
      readonly x: number;
      readonly y: number;
      readonly text: string;
      readonly lines: readonly PlacedLine[];
      readonly marker?: PlacedMarker;
      /** A table cell's text: its row (0 is the header) and column. */
      readonly cell?: { readonly row: number; readonly column: number };
    }
  /** One line of text that no engine breaks (chart titles, labels, values), anchored at x on its baseline. */
  | { readonly kind: 'label'; readonly x: number; readonly baseline: number; readonly anchor: 'start' | 'middle' | 'end'; readonly text: string; readonly face: FontFace; readonly size: number; readonly color: string }
  | { readonly kind: 'rect'; readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly fill: string }
  /** A horizontal rule from x1 to x2 at y. */
  | { readonly kind: 'rule'; readonly x1: number; readonly x2: number; readonly y: number; readonly color: string; readonly thickness: number }
  | { readonly kind: 'image'; readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly data: Uint8Array; readonly format: 'png' | 'jpeg'; readonly alt: string };

export interface PlacedSlide {
  readonly width: number;
  readonly height: number;
  readonly background: string;
  /** In drawing order; each shape of the slide gives one group, in the slide's order. */
  readonly shapes: readonly (readonly PlacedMark[])[];
}

/** What placing needs: the deck's faces and the theme's colours. */
export interface SlideStyle {
  readonly faces: DeckFaces;
  readonly colors: Theme['colors'];
}

/**
 * Baseline of a line `spacing` points tall whose largest text is `size` points: the font's
 * ascent-to-descent box centred in the line, as PowerPoint sets exact line spacing.
 */
function baselineIn(lineTop: number, spacing: number, face: FontFace, size: number): number {
  const { ascent, descent, unitsPerEm } = face.font;
  const em = (ascent - descent) / unitsPerEm;
  return lineTop + (spacing - em * size) / 2 + (ascent / unitsPerEm) * size;
}

/** A paragraph's lines with its top-left corner at the origin. */
export interface BrokenParagraph {
  readonly lines: readonly PlacedLine[];
  /** Lines it takes (an empty paragraph takes one). */
  readonly count: number;
  /** Baseline of the first line (where a bullet or number goes). */
  readonly firstBaseline: number;
}

/**
 * Paragraphs already broken, per deck font: a preview save changes a few texts, and breaking the
 * others into lines again would cost most of a rebuild's drawing time.
 */
const brokenParagraphs = new WeakMap<FontFace['font'], Map<string, BrokenParagraph>>();
const REMEMBERED_PARAGRAPHS = 5000;

/** A line set alone is never broken again: it is already as wide as the renderer lets it be. */
const UNBROKEN = 1e6;
/** Where a line starts in the room its paragraph leaves it, as a fraction of that room (justified lines start-aligned: they nearly fill it). */
const SHIFT = { left: 0, justify: 0, center: 0.5, right: 1 } as const;

/** The spans of each line: `texts` are the paragraph's lines, in order, as measure.ts breaks them. */
function linesOf(spans: readonly Span[], texts: readonly string[]): Span[][] {
  const whole = spans.map((span) => span.text).join('');
  const slice = (from: number, to: number): Span[] => {
    const out: Span[] = [];
    let at = 0;
    for (const span of spans) {
      const start = Math.max(from, at);
      const end = Math.min(to, at + span.text.length);
      if (start < end) out.push({ text: span.text.slice(start - at, end - at), style: span.style });
      at += span.text.length;
    }
    return out;
  };
  let offset = 0;
  return texts.map((text) => {
    const start = whole.indexOf(text, offset);
    if (text === '' || start < 0) return [];
    offset = start + text.length;
    return slice(start, offset);
  });
}

/** Breaks a paragraph into lines at `width` points, as PowerPoint wraps it: as this process or one before it (kept on disk) broke it, or now. */
export function breakInto(paragraph: TextParagraph, width: number, style: SlideStyle): BrokenParagraph {
  let cache = brokenParagraphs.get(style.faces.regular.font);
  if (!cache) brokenParagraphs.set(style.faces.regular.font, (cache = new Map()));
  const key = JSON.stringify([paragraph, width, style.colors.text]);
  const known = cache.get(key);
  if (known) return known;
  const faceNames = [keptFaceName(style.faces.regular), keptFaceName(style.faces.bold)];
  // A digest: spelt out, the faces' names and the paragraph are half the entry every handout reads.
  const diskKey = memosAnswer() && faceNames.every((name) => name !== undefined) ? contentDigest(JSON.stringify([faceNames, key])) : undefined;
  const kept = diskKey === undefined ? undefined : keptParagraphs.get(diskKey);
  const placed = kept ? restored(kept, style.faces) : brokenNow(paragraph, width, style);
  if (!kept && diskKey !== undefined) {
    const storable = stored(placed, style.faces);
    if (storable) keptParagraphs.set(diskKey, storable);
  }
  if (cache.size >= REMEMBERED_PARAGRAPHS) cache.clear();
  cache.set(key, placed);
  return placed;
}

/**
 * Paragraphs broken by processes before this one (cache/kept.ts): a handout after an edit of one
 * slide breaks only that slide's text again. Written by keepPlacedText, as placing comes after
 * layout has kept its results.
 */
const keptParagraphs = keptResults<StoredParagraph>('deck-placed', ['layout/deck/placed', 'layout/deck/measure', 'layout/text']);

/** Writes the paragraphs broken in this process that were not kept yet, for the next one (once a process, as layout's). */
export function keepPlacedText(): void {
  keptParagraphs.write();
}

/** A broken paragraph as kept on disk: each run's face named by whether it is the bold one. */
interface StoredParagraph extends Omit<BrokenParagraph, 'lines'> {
  readonly lines: readonly (Omit<PlacedLine, 'runs'> & { readonly runs: readonly StoredRun[] })[];
}

interface StoredRun extends Omit<ColoredRun, 'style'> {
  readonly bold: boolean;
  readonly size: number;
}

/** What a placed run holds: one with anything else is not kept (it would not come back as it was). */
const RUN_FIELDS = new Set(['text', 'style', 'x', 'width', 'letterSpacing', 'features', 'color']);

/** The paragraph as kept on disk, or undefined when a run is set in neither of the deck's faces or holds what the entry would not give back. */
function stored(paragraph: BrokenParagraph, faces: DeckFaces): StoredParagraph | undefined {
  const runsOf = (line: PlacedLine): StoredRun[] | undefined => {
    const runs: StoredRun[] = [];
    for (const { style, ...run } of line.runs) {
      const bold = style.face === faces.bold;
      if ((!bold && style.face !== faces.regular) || !Object.keys(run).every((field) => RUN_FIELDS.has(field))) return undefined;
      runs.push({ ...run, bold, size: style.size });
    }
    return runs;
  };
  const lines: StoredParagraph['lines'][number][] = [];
  for (const line of paragraph.lines) {
    const runs = runsOf(line);
    if (!runs) return undefined;
    lines.push({ ...line, runs });
  }
  return { ...paragraph, lines };
}

function restored(paragraph: StoredParagraph, faces: DeckFaces): BrokenParagraph {
  // Fields in the order brokenNow gives them, so a restored paragraph is the same value, spelt alike.
  const runOf = ({ text, bold, size, x, width, letterSpacing, features, color }: StoredRun): ColoredRun => ({ text, style: { face: bold ? faces.bold : faces.regular, size }, x, width, letterSpacing, features, color });
  const lines = paragraph.lines.map(({ left, baseline, runs }): PlacedLine => ({ left, baseline, runs: runs.map(runOf) }));
  return { ...paragraph, lines };
}

function brokenNow(paragraph: TextParagraph, width: number, style: SlideStyle): BrokenParagraph {
  // One style object per run, so each placed run finds its colour (runs of one face and size that
  // the engine joins take the first one's colour: layout never colours inside such a stretch).
  const styled = paragraph.runs
    .filter((run) => run.text !== '')
    .map((run): [TextStyle, TextRun] => [{ face: run.bold ? style.faces.bold : style.faces.regular, size: run.size ?? paragraph.size }, run]);
  const colors = new Map(styled.map(([textStyle, run]) => [textStyle, run.color]));
  const spans: Span[] = styled.map(([textStyle, run]) => ({ text: run.text, style: textStyle }));
  const indent = paragraph.bullet ? BULLET_INDENT_PT : 0;
  // The lines the .pptx will have (measure.ts predicts PowerPoint's breaks), each set on its own.
  const lineSpans = linesOf(spans, paragraphLineTexts(paragraph, style.faces, width / 72 + 2 * INSET));
  // An empty line (a blank line written in the content) keeps its place and draws nothing.
  const lines = lineSpans.flatMap((spansOfLine, index): PlacedLine[] => (spansOfLine.length === 0 ? [] : breakParagraph(spansOfLine, { width: UNBROKEN, align: 'start' })).map((line) => ({
    left: indent + (width - indent - line.width) * SHIFT[paragraph.align],
    baseline: baselineIn(index * paragraph.lineSpacing, paragraph.lineSpacing, line.runs[0]?.style.face ?? style.faces.regular, line.size),
    runs: line.runs.map((run) => ({ ...run, color: colors.get(run.style) ?? style.colors.text })),
  })));
  return { lines, count: Math.max(1, lineSpans.length), firstBaseline: lines[0]?.baseline ?? 0 };
}

const textOf = (paragraph: TextParagraph): string => paragraph.runs.map((run) => run.text).join('');

function placeText(shape: Extract<SlideShape, { kind: 'text' }>, style: SlideStyle): PlacedMark[] {
  const left = pt(shape.x + INSET);
  const width = pt(shape.w - 2 * INSET);
  const broken = shape.paragraphs.map((paragraph) => breakInto(paragraph, width, style));
  const used = shape.paragraphs.reduce((sum, paragraph, index) => sum + paragraph.spaceBefore + (broken[index]?.count ?? 1) * paragraph.lineSpacing, 0);
  const room = pt(shape.h - 2 * INSET_Y);
  let y = pt(shape.y + INSET_Y) + (shape.valign === 'middle' ? (room - used) / 2 : shape.valign === 'bottom' ? room - used : 0);
  let number = 0;
  return shape.paragraphs.map((paragraph, index): PlacedMark => {
    const { lines, count, firstBaseline } = broken[index] as BrokenParagraph;
    number = paragraph.bullet === 'number' ? (paragraph.number ?? number + 1) : 0;
    y += paragraph.spaceBefore;
    const top = y;
    y += count * paragraph.lineSpacing;
    const marker: PlacedMarker | undefined = paragraph.bullet
      ? { text: paragraph.bullet === 'number' ? `${number}.` : '•', baseline: firstBaseline, face: style.faces.regular, size: paragraph.size, color: paragraph.runs[0]?.color ?? style.colors.text }
      : undefined;
    return { kind: 'paragraph', x: left, y: top, text: textOf(paragraph), lines, ...(marker ? { marker } : {}) };
  });
}

/** A table cell's text, in the cell less its margins, centred vertically as the deck's cells are. */
function placeCellText(text: string, at: { row: number; column: number }, shape: Extract<SlideShape, { kind: 'table' }>, cell: { x: number; y: number; w: number; h: number }, style: SlideStyle): PlacedMark[] {
  const width = cell.w - 2 * pt(CELL_MARGIN.x);
  if (text === '' || !(width > 0)) return [];
  const { size, lineSpacing } = shape;
  const paragraph: TextParagraph = { runs: [{ text, bold: at.row === 0, color: style.colors.text }], size, align: 'left', lineSpacing, spaceBefore: 0 };
  const { lines, count } = breakInto(paragraph, width, style);
  return [{ kind: 'paragraph', x: cell.x + pt(CELL_MARGIN.x), y: cell.y + (cell.h - count * lineSpacing) / 2, text, lines, cell: at }];
}

/** The deck's table: header row on the panel colour over an accent rule, each row over a thin rule. */
function placeTable(shape: Extract<SlideShape, { kind: 'table' }>, style: SlideStyle): PlacedMark[] {
  const { colors } = style;
  const marks: PlacedMark[] = [];
  let y = pt(shape.y);
  [shape.header, ...shape.rows].forEach((cells, row) => {
    const header = row === 0;
    const h = pt(shape.rowHeights[row] ?? 0);
    marks.push({ kind: 'rect', x: pt(shape.x), y, w: pt(shape.w), h, fill: header ? colors.panel : colors.background });
    marks.push({ kind: 'rule', x1: pt(shape.x), x2: pt(shape.x + shape.w), y: y + h, color: header ? colors.accent : colors.rule, thickness: header ? 1.5 : 0.75 });
    let x = pt(shape.x);
    cells.forEach((cell, column) => {
      const w = pt(shape.columnWidths[column] ?? 0);
      marks.push(...placeCellText(cell, { row, column }, shape, { x, y, w, h }, style));
      x += w;
    });
    y += h;
  });
  return marks;
}

/** A horizontal bar chart as PowerPoint draws the deck's: title on top, first category on top, values at the bars' ends. */
function placeChart(shape: Extract<SlideShape, { kind: 'chart' }>, style: SlideStyle): PlacedMark[] {
  const { colors, faces } = style;
  const face = faces.regular;
  const x = pt(shape.x);
  const w = pt(shape.w);
  const titleSize = shape.size + 2;
  const labelSize = shape.size + 4;
  const plotTop = pt(shape.y) + titleSize * 2.2;
  const band = (pt(shape.y + shape.h) - plotTop) / Math.max(1, shape.labels.length);
  const labelWidth = Math.min(w * 0.35, Math.max(0, ...shape.labels.map((label) => [...label].length)) * labelSize + 8);
  const barRoom = w - labelWidth - 6 * titleSize;
  const largest = Math.max(0, ...shape.values);
  const marks: PlacedMark[] = [{ kind: 'label', x: x + w / 2, baseline: pt(shape.y) + titleSize * 1.4, anchor: 'middle', text: shape.title, face, size: titleSize, color: colors.muted }];
  shape.labels.forEach((label, index) => {
    const value = shape.values[index] ?? 0;
    const middle = plotTop + band * (index + 0.5);
    const barWidth = largest > 0 ? (barRoom * value) / largest : 0;
    const barHeight = band / (1 + BAR_GAP_WIDTH);
    marks.push(
      { kind: 'label', x: x + labelWidth - 6, baseline: middle + labelSize * 0.35, anchor: 'end', text: label, face, size: labelSize, color: colors.text },
      { kind: 'rect', x: x + labelWidth, y: middle - barHeight / 2, w: barWidth, h: barHeight, fill: colors.accent },
      { kind: 'label', x: x + labelWidth + barWidth + 4, baseline: middle + titleSize * 0.35, anchor: 'start', text: String(value), face, size: titleSize, color: colors.text },
    );
  });
  return marks;
}

function placeShape(shape: SlideShape, style: SlideStyle): PlacedMark[] {
  switch (shape.kind) {
    case 'rect':
      return [{ kind: 'rect', x: pt(shape.x), y: pt(shape.y), w: pt(shape.w), h: pt(shape.h), fill: shape.fill }];
    case 'image':
      return [{ kind: 'image', x: pt(shape.x), y: pt(shape.y), w: pt(shape.w), h: pt(shape.h), data: shape.data, format: shape.format, alt: shape.alt }];
    case 'text':
      return placeText(shape, style);
    case 'table':
      return placeTable(shape, style);
    case 'chart':
      return placeChart(shape, style);
  }
}

export function placeSlide(slide: LaidOutSlide, deck: LaidOutDeck, style: SlideStyle): PlacedSlide {
  return { width: pt(deck.width), height: pt(deck.height), background: style.colors.background, shapes: slide.shapes.map((shape) => placeShape(shape, style)) };
}
