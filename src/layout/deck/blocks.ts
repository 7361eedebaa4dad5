/** One block of a content slide: its height at a given text size, and its shapes once placed. */
import { attributionLine, type Block } from '../../model/document.js';
import type { SlideShape, TextParagraph, TextRun } from '../../model/slides.js';
import type { Theme } from '../../model/theme.js';
import { chooseGrid, gridCells, type GridLimits } from '../grid.js';
import { BULLET_INDENT, countLines, INSET, INSET_Y, LINE_SPACING, lineWidth, linesHeight, type DeckFaces } from './measure.js';

/** Text sizes in force on one slide; they step down together when content is too long. */
export interface DeckSizes {
  readonly body: number;
  readonly table: number;
  readonly quote: number;
  readonly caption: number;
  readonly figure: number;
  readonly figureLabel: number;
}

export interface BlockContext {
  readonly faces: DeckFaces;
  readonly sizes: DeckSizes;
  readonly colors: Theme['colors'];
}

/** Table cell margins, inches (what the renderer gives pptxgenjs). */
export const CELL_MARGIN = { x: 0.1, y: 0.05 } as const;
const QUOTE_PAD = 0.3;

export const para = (text: string, size: number, color: string, extra: Partial<TextParagraph> = {}): TextParagraph => ({
  runs: [{ text, color }],
  size,
  align: 'left',
  lineSpacing: size * LINE_SPACING,
  spaceBefore: 0,
  ...extra,
});

/** A paragraph of one bold run. */
export const strong = (text: string, size: number, color: string, extra: Partial<TextParagraph> = {}): TextParagraph => ({
  ...para(text, size, color, extra),
  runs: [{ text, color, bold: true }],
});

/** A lead paragraph (the message a slide exists to state) is set this much larger than body text. */
const LEAD_SCALE = 1.4;
/** Points of a lead paragraph: it steps down with the body when the slide's content is long. */
const leadSize = (sizes: DeckSizes): number => Math.round(sizes.body * LEAD_SCALE);

/** Paragraph heights add up: lines × spacing + space before. */
export function paragraphsHeight(paragraphs: readonly TextParagraph[], width: number, ctx: BlockContext): number {
  return paragraphs.reduce((sum, p) => {
    const face = p.runs.some((r) => r.bold) ? ctx.faces.bold : ctx.faces.regular;
    const text = p.runs.map((r) => r.text).join('');
    const indent = p.bullet ? BULLET_INDENT : 0;
    return sum + linesHeight(countLines(text, face, p.size, width - indent), p.size) + p.spaceBefore / 72;
  }, 2 * INSET_Y);
}

function textParagraphs(block: Block, ctx: BlockContext): TextParagraph[] | undefined {
  const { sizes, colors } = ctx;
  switch (block.kind) {
    case 'paragraph':
      if (block.role === 'note') return [para(block.text, sizes.caption, colors.muted)];
      if (block.role === 'lead') {
        const size = leadSize(sizes);
        return [strong(block.text, size, colors.accent, { align: 'justify' })];
      }
      return [para(block.text, sizes.body, colors.text, { align: 'justify' })];
    case 'list': {
      // A list continued from an earlier slide goes on counting: each item carries its number.
      const start = (block as ListPart).start ?? 1;
      return [
        ...(block.title ? [strong(block.title, sizes.body, colors.accent)] : []),
        ...block.items.map((item, index) =>
          para(item, sizes.body, colors.text, {
            bullet: block.ordered ? 'number' : 'bullet',
            ...(block.ordered && start > 1 ? { number: start + index } : {}),
            spaceBefore: index === 0 && !block.title ? 0 : sizes.body * 0.35,
          }),
        ),
      ];
    }
    case 'facts':
      return block.items.map((fact, index) => ({
        ...para('', sizes.body, colors.text, { spaceBefore: index === 0 ? 0 : sizes.body * 0.4 }),
        runs: [
          { text: `${fact.label}　`, color: colors.muted, bold: true },
          { text: fact.value, color: colors.text },
        ],
      }));
    case 'heading':
      return [strong(block.text, sizes.body, colors.accent)];
    default:
      return undefined;
  }
}

/** A quote of one paragraph this short (characters) is a pull quote: one sentence, read from across the room. */
const PULL_QUOTE_CHARS = 80;
/** Points of a pull quote's sentence, and of its attribution. */
const PULL_QUOTE_SIZE = 32;
const isPullQuote = (block: Extract<Block, { kind: 'quote' }>): boolean => block.paragraphs.length === 1 && [...(block.paragraphs[0] ?? '')].length <= PULL_QUOTE_CHARS;

function quoteParagraphs(block: Extract<Block, { kind: 'quote' }>, ctx: BlockContext): TextParagraph[] {
  const { sizes, colors } = ctx;
  const pull = isPullQuote(block);
  const size = pull ? PULL_QUOTE_SIZE : sizes.quote;
  return [
    ...block.paragraphs.map((text, index) => para(text, size, colors.text, { align: 'justify', spaceBefore: index === 0 ? 0 : size * 0.4 })),
    // The speaker is named once, under the quote's last part.
    ...((block as QuotePart).continues
      ? []
      : [para(attributionLine(block), pull ? sizes.body : sizes.caption, colors.muted, { align: 'right', spaceBefore: size * 0.5 })]),
  ];
}

function tableRowHeights(block: Extract<Block, { kind: 'table' }>, widths: readonly number[], ctx: BlockContext): number[] {
  const rowHeight = (cells: readonly string[], bold: boolean): number =>
    Math.max(...cells.map((cell, i) => linesHeight(countLines(cell, bold ? ctx.faces.bold : ctx.faces.regular, ctx.sizes.table, (widths[i] ?? 1) - 2 * CELL_MARGIN.x + 2 * INSET), ctx.sizes.table))) +
    2 * CELL_MARGIN.y;
  return [rowHeight(block.header, true), ...block.rows.map((row) => rowHeight(row, false))];
}

function columnWidths(block: Extract<Block, { kind: 'table' }>, width: number): number[] {
  const total = block.widths.reduce((a, b) => a + b, 0);
  return block.widths.map((w) => (width * w) / total);
}

/** Gap between figure boxes, across and down, inches. */
const FIGURE_GAP = 0.3;
/** The smallest big number the deck sets, points: still legible from the back of a meeting room. */
export const FIGURE_FLOOR = 32;
/** Five figures go in one row, more four to a row at most. */
const FIGURE_GRID: GridLimits = { oneRow: 5, columns: 4 };
/** A figure's box is no wider than this, inches: one or two figures do not stretch across the slide. */
const FIGURE_BOX_MAX = 4.2;
/** Line spacing of a big number, a multiple of its size. */
const FIGURE_LEADING = 1.15;
/** Space above the number (under the accent bar) and below the label, inches. */
const FIGURE_PAD = { top: 0.28, bottom: 0.22 } as const;

type BigFigure = Extract<Block, { kind: 'figures' }>['items'][number];

/** How a figures block is set: a grid of equal boxes, rows filled from the left. */
interface FigureGrid {
  /** Figures in each row, top row first. */
  readonly rows: readonly number[];
  /** Points: the numbers, and the qualifier, unit and suffix set beside them. */
  readonly size: number;
  readonly unitSize: number;
  readonly boxWidth: number;
  readonly boxHeight: number;
  readonly numberHeight: number;
  /** Height of the whole grid, inches. */
  readonly height: number;
}

/** The units beside a big number: smaller than it, never smaller than the labels. */
const unitSizeFor = (size: number, ctx: BlockContext): number => Math.max(ctx.sizes.figureLabel, Math.min(ctx.sizes.figureLabel + 6, Math.round(size * 0.6)));
const beside = (figure: BigFigure): string => `${figure.unit}${figure.suffix ?? ''}`;

/** Whether every figure's number, with what is set beside it, takes one line of a box `boxWidth` wide at `size`. */
function numbersFit(items: readonly BigFigure[], boxWidth: number, size: number, ctx: BlockContext): boolean {
  // Inside the text insets, with some air either side of the longest number.
  const room = boxWidth - 2 * INSET - 0.3;
  const units = unitSizeFor(size, ctx);
  return items.every((f) => lineWidth(f.value, ctx.faces.bold, size) + lineWidth(`${f.qualifier ?? ''}${beside(f)}`, ctx.faces.bold, units) <= room);
}

/** The largest size from the slide's figure size down to the floor at which every number fits its box; undefined when none does. */
function numberSize(items: readonly BigFigure[], boxWidth: number, ctx: BlockContext): number | undefined {
  const floor = Math.min(FIGURE_FLOOR, ctx.sizes.figure);
  for (let size = ctx.sizes.figure; size >= floor; size -= 2) if (numbersFit(items, boxWidth, size, ctx)) return size;
  return undefined;
}

/**
 * As many side by side as fit the numbers at the floor size or larger (five in one row, else four
 * at most), the rows balanced. A number too long for even the full width is set at the floor size
 * over several lines.
 */
function figureGrid(items: readonly BigFigure[], width: number, ctx: BlockContext): FigureGrid {
  const boxWidthFor = (columns: number): number => Math.min(FIGURE_BOX_MAX, (width - FIGURE_GAP * (columns - 1)) / columns);
  const choice = chooseGrid(items.length, FIGURE_GRID, (columns) => numberSize(items, boxWidthFor(columns), ctx));
  const size = choice.fit ?? Math.min(FIGURE_FLOOR, ctx.sizes.figure);
  const boxWidth = boxWidthFor(choice.columns);
  const { faces, sizes } = ctx;
  const numberLines = Math.max(1, ...items.map((f) => (numbersFit([f], boxWidth, size, ctx) ? 1 : countLines(`${f.qualifier ?? ''}${f.value}${beside(f)}`, faces.bold, size, boxWidth))));
  const labelLines = Math.max(1, ...items.map((f) => countLines(f.label, faces.regular, sizes.figureLabel, boxWidth)));
  const numberHeight = (numberLines * size * FIGURE_LEADING) / 72 + 2 * INSET_Y;
  const boxHeight = FIGURE_PAD.top + numberHeight + linesHeight(labelLines, sizes.figureLabel) + 2 * INSET_Y + FIGURE_PAD.bottom;
  const rows = choice.rows.length;
  return { rows: choice.rows, size, unitSize: unitSizeFor(size, ctx), boxWidth, boxHeight, numberHeight, height: rows * boxHeight + (rows - 1) * FIGURE_GAP };
}

function drawFigures(block: Extract<Block, { kind: 'figures' }>, x: number, y: number, w: number, ctx: BlockContext): SlideShape[] {
  const { colors, sizes } = ctx;
  const grid = figureGrid(block.items, w, ctx);
  const cells = gridCells(grid.rows);
  const accent = (text: string, size?: number): TextRun => ({ text, color: colors.accent, bold: true, ...(size ? { size } : {}) });
  return block.items.flatMap((figure, index): SlideShape[] => {
    const { row, column } = cells[index]!;
    const left = x + column * (grid.boxWidth + FIGURE_GAP);
    const top = y + row * (grid.boxHeight + FIGURE_GAP);
    const numberTop = top + FIGURE_PAD.top;
    const labelTop = numberTop + grid.numberHeight;
    const runs = [
      ...(figure.qualifier ? [accent(figure.qualifier, grid.unitSize)] : []),
      accent(figure.value),
      ...(beside(figure) ? [accent(beside(figure), grid.unitSize)] : []),
    ];
    return [
      { kind: 'rect', x: left, y: top, w: grid.boxWidth, h: grid.boxHeight, fill: colors.panel },
      { kind: 'rect', x: left, y: top, w: grid.boxWidth, h: 0.06, fill: colors.accent },
      {
        kind: 'text', x: left, y: numberTop, w: grid.boxWidth, h: grid.numberHeight, valign: 'bottom',
        paragraphs: [{ runs, size: grid.size, align: 'center', lineSpacing: grid.size * FIGURE_LEADING, spaceBefore: 0 }],
      },
      { kind: 'text', x: left, y: labelTop, w: grid.boxWidth, h: top + grid.boxHeight - FIGURE_PAD.bottom - labelTop, valign: 'top',
        paragraphs: [para(figure.label, sizes.figureLabel, colors.muted, { align: 'center' })] },
    ];
  });
}

const CHART_ROW = 0.55;

export function blockHeight(block: Block, width: number, ctx: BlockContext): number {
  const paragraphs = textParagraphs(block, ctx);
  if (paragraphs) return paragraphsHeight(paragraphs, width, ctx);
  switch (block.kind) {
    case 'quote':
      return paragraphsHeight(quoteParagraphs(block, ctx), width - 2 * QUOTE_PAD, ctx) + 2 * QUOTE_PAD * 0.6;
    case 'table':
      return tableRowHeights(block, columnWidths(block, width), ctx).reduce((a, b) => a + b, 0);
    case 'figures':
      return figureGrid(block.items, width, ctx).height;
    case 'chart':
      return Math.max(3, block.series.labels.length * CHART_ROW + 0.8);
    case 'image': {
      const { height } = pictureSize(block, width);
      return height + (block.caption ? captionHeight(block.caption, width, ctx) : 0);
    }
    default:
      throw new Error(`no deck layout for ${block.kind}`);
  }
}

/** A picture as wide as its column, but no taller than most of a slide's text area; aspect ratio kept. */
const MAX_PICTURE_HEIGHT = 4.2;
function pictureSize(block: Extract<Block, { kind: 'image' }>, width: number): { width: number; height: number } {
  const scale = Math.min(width / block.picture.width, MAX_PICTURE_HEIGHT / block.picture.height);
  return { width: block.picture.width * scale, height: block.picture.height * scale };
}

const captionParagraph = (caption: string, ctx: BlockContext): TextParagraph => para(caption, ctx.sizes.caption, ctx.colors.muted, { align: 'center', spaceBefore: ctx.sizes.caption * 0.4 });
const captionHeight = (caption: string, width: number, ctx: BlockContext): number => paragraphsHeight([captionParagraph(caption, ctx)], width, ctx);

export function drawBlock(block: Block, x: number, y: number, w: number, ctx: BlockContext): SlideShape[] {
  const { colors, sizes } = ctx;
  const h = blockHeight(block, w, ctx);
  const paragraphs = textParagraphs(block, ctx);
  if (paragraphs) return [{ kind: 'text', x, y, w, h, paragraphs, valign: 'top' }];
  switch (block.kind) {
    case 'quote':
      return [
        { kind: 'rect', x, y, w, h, fill: colors.panel },
        { kind: 'rect', x, y, w: 0.06, h, fill: colors.accent },
        { kind: 'text', x: x + QUOTE_PAD, y: y + QUOTE_PAD * 0.6, w: w - 2 * QUOTE_PAD, h: h - 2 * QUOTE_PAD * 0.6, paragraphs: quoteParagraphs(block, ctx), valign: 'top' },
      ];
    case 'table': {
      const widths = columnWidths(block, w);
      return [{ kind: 'table', x, y, w, h, columnWidths: widths, header: block.header, rows: block.rows, rowHeights: tableRowHeights(block, widths, ctx), size: sizes.table, lineSpacing: sizes.table * LINE_SPACING }];
    }
    case 'figures':
      return drawFigures(block, x, y, w, ctx);
    case 'chart':
      return [{ kind: 'chart', x, y, w, h, title: block.title, seriesName: block.series.name, labels: block.series.labels, values: block.series.values, size: sizes.caption }];
    case 'image': {
      const picture = pictureSize(block, w);
      const shapes: SlideShape[] = [
        { kind: 'image', x: x + (w - picture.width) / 2, y, w: picture.width, h: picture.height, data: block.picture.data, format: block.picture.format, alt: block.alt },
      ];
      if (block.caption) shapes.push({ kind: 'text', x, y: y + picture.height, w, h: h - picture.height, paragraphs: [captionParagraph(block.caption, ctx)], valign: 'top' });
      return shapes;
    }
    default:
      throw new Error(`no deck layout for ${block.kind}`);
  }
}

/** Part of a list continued from an earlier slide: the number of its first item. */
type ListPart = Extract<Block, { kind: 'list' }> & { readonly start?: number };
/** Part of a quote continued on the next slide: the speaker is named under the last part only. */
type QuotePart = Extract<Block, { kind: 'quote' }> & { readonly continues?: boolean };

/** How many units (list items, facts, figures, table rows, quote paragraphs) a block may be split between; 1 when it cannot be split. */
export function unitCount(block: Block): number {
  switch (block.kind) {
    case 'list':
    case 'facts':
    case 'figures':
      return block.items.length;
    case 'table':
      return block.rows.length;
    case 'quote':
      return block.paragraphs.length;
    default:
      return 1;
  }
}

const splitItems = <B extends { readonly items: readonly unknown[] }>(block: B, count: number): [B, B] => [
  { ...block, items: block.items.slice(0, count) },
  { ...block, items: block.items.slice(count) },
];

/**
 * The block's first `count` units and the rest, each a block of its own: a list's title and a
 * table's header repeat on the second part, a numbered list counts on.
 */
export function splitBlock(block: Block, count: number): [Block, Block] {
  switch (block.kind) {
    case 'list': {
      const start = (block as ListPart).start ?? 1;
      const rest: ListPart = { ...block, items: block.items.slice(count), start: start + count };
      return [{ ...block, items: block.items.slice(0, count) }, rest];
    }
    case 'facts':
      return splitItems(block, count);
    case 'figures':
      return splitItems(block, count);
    case 'table':
      return [{ ...block, rows: block.rows.slice(0, count) }, { ...block, rows: block.rows.slice(count) }];
    case 'quote': {
      const head: QuotePart = { ...block, paragraphs: block.paragraphs.slice(0, count), continues: true };
      return [head, { ...block, paragraphs: block.paragraphs.slice(count) }];
    }
    default:
      throw new Error(`a ${block.kind} block cannot be split`);
  }
}

/** The text of a block's first unit, to name it in a warning. */
export function firstUnitText(block: Block): string {
  switch (block.kind) {
    case 'list':
      return block.items[0] ?? block.title ?? '';
    case 'facts':
      return block.items[0]?.value ?? '';
    case 'table':
      return (block.rows[0] ?? block.header).find((cell) => cell.trim() !== '') ?? '';
    case 'quote':
      return block.paragraphs[0] ?? '';
    case 'paragraph':
    case 'heading':
      return block.text;
    case 'figures':
      return block.items[0]?.label ?? '';
    case 'chart':
      return block.title;
    default:
      return '';
  }
}
