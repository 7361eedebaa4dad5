/** One block of a content slide: its height at a given text size, and its shapes once placed. */
import type { Block } from '../../model/document.js';
import type { SlideShape, TextParagraph } from '../../model/slides.js';
import type { Theme } from '../../model/theme.js';
import { countLines, INSET, LINE_SPACING, lineWidth, linesHeight, type DeckFaces } from './measure.js';

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

/** Indent of bulleted text, inches. */
const BULLET_INDENT = 0.45;
/** Table cell margins, inches (what the renderer gives pptxgenjs). */
export const CELL_MARGIN = { x: 0.1, y: 0.05 } as const;
const QUOTE_PAD = 0.3;

const para = (text: string, size: number, color: string, extra: Partial<TextParagraph> = {}): TextParagraph => ({
  runs: [{ text, color }],
  size,
  align: 'left',
  lineSpacing: size * LINE_SPACING,
  spaceBefore: 0,
  ...extra,
});

/** Paragraph heights add up: lines × spacing + space before. */
function paragraphsHeight(paragraphs: readonly TextParagraph[], width: number, ctx: BlockContext): number {
  return paragraphs.reduce((sum, p) => {
    const face = p.runs.some((r) => r.bold) ? ctx.faces.bold : ctx.faces.regular;
    const text = p.runs.map((r) => r.text).join('');
    const indent = p.bullet ? BULLET_INDENT : 0;
    return sum + linesHeight(countLines(text, face, p.size, width - indent), p.size) + p.spaceBefore / 72;
  }, 2 * 0.05);
}

function textParagraphs(block: Block, ctx: BlockContext): TextParagraph[] | undefined {
  const { sizes, colors } = ctx;
  switch (block.kind) {
    case 'paragraph':
      return block.role === 'note'
        ? [para(block.text, sizes.caption, colors.muted)]
        : [para(block.text, sizes.body, colors.text, { align: 'justify' })];
    case 'list':
      return [
        ...(block.title ? [{ ...para(block.title, sizes.body, colors.accent), runs: [{ text: block.title, color: colors.accent, bold: true }] }] : []),
        ...block.items.map((item, index) =>
          para(item, sizes.body, colors.text, { bullet: block.ordered ? 'number' : 'bullet', spaceBefore: index === 0 && !block.title ? 0 : sizes.body * 0.35 }),
        ),
      ];
    case 'facts':
      return block.items.map((fact, index) => ({
        ...para('', sizes.body, colors.text, { spaceBefore: index === 0 ? 0 : sizes.body * 0.4 }),
        runs: [
          { text: `${fact.label}　`, color: colors.muted, bold: true },
          { text: fact.value, color: colors.text },
        ],
      }));
    case 'heading':
      return [{ ...para(block.text, sizes.body, colors.accent), runs: [{ text: block.text, color: colors.accent, bold: true }] }];
    default:
      return undefined;
  }
}

function quoteParagraphs(block: Extract<Block, { kind: 'quote' }>, ctx: BlockContext): TextParagraph[] {
  const { sizes, colors } = ctx;
  return [
    ...block.paragraphs.map((text, index) => para(text, sizes.quote, colors.text, { align: 'justify', spaceBefore: index === 0 ? 0 : sizes.quote * 0.4 })),
    para(`—— ${block.speaker}　${block.organisation}${block.title}`, sizes.caption, colors.muted, { align: 'right', spaceBefore: sizes.quote * 0.5 }),
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

const FIGURE_GAP = 0.3;
const figureBoxWidth = (count: number, width: number): number => (width - FIGURE_GAP * (count - 1)) / Math.max(1, count);
/** The units beside a big number are set this much larger than the labels. */
const unitSize = (ctx: BlockContext): number => ctx.sizes.figureLabel + 6;

/** The largest size up to the theme's at which every number with its unit fits its box on one line. */
function figureSize(block: Extract<Block, { kind: 'figures' }>, width: number, ctx: BlockContext): number {
  const room = figureBoxWidth(block.items.length, width) - 2 * INSET - 0.3;
  const units = (f: (typeof block.items)[number]): number => lineWidth(`${f.qualifier ?? ''}${f.unit}`, ctx.faces.bold, unitSize(ctx)) + 0.1;
  let size = ctx.sizes.figure;
  while (size > ctx.sizes.figureLabel && block.items.some((f) => lineWidth(f.value, ctx.faces.bold, size) + units(f) > room)) size -= 2;
  return size;
}

const figureHeight = (size: number, ctx: BlockContext): number => ((size + ctx.sizes.figureLabel) * 1.6) / 72 + 0.3;
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
      return figureHeight(ctx.sizes.figure, ctx);
    case 'chart':
      return Math.max(3, block.series.labels.length * CHART_ROW + 0.8);
    default:
      throw new Error(`no deck layout for ${block.kind}`);
  }
}

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
      return [{ kind: 'table', x, y, w, h, columnWidths: widths, header: block.header, rows: block.rows, rowHeights: tableRowHeights(block, widths, ctx), size: sizes.table }];
    }
    case 'figures': {
      const boxWidth = figureBoxWidth(block.items.length, w);
      const size = figureSize(block, w, ctx);
      return block.items.flatMap((figure, index): SlideShape[] => {
        const left = x + index * (boxWidth + FIGURE_GAP);
        const numberHeight = (ctx.sizes.figure * 1.25) / 72;
        return [
          { kind: 'rect', x: left, y, w: boxWidth, h, fill: colors.panel },
          { kind: 'rect', x: left, y, w: boxWidth, h: 0.06, fill: colors.accent },
          {
            kind: 'text', x: left, y: y + 0.2, w: boxWidth, h: numberHeight, valign: 'bottom',
            paragraphs: [{
              runs: [
                ...(figure.qualifier ? [{ text: figure.qualifier, color: colors.accent, bold: true, size: unitSize(ctx) }] : []),
                { text: figure.value, color: colors.accent, bold: true },
                ...(figure.unit ? [{ text: figure.unit, color: colors.accent, bold: true, size: unitSize(ctx) }] : []),
              ],
              size, align: 'center', lineSpacing: size * 1.15, spaceBefore: 0,
            }],
          },
          { kind: 'text', x: left, y: y + 0.2 + numberHeight, w: boxWidth, h: h - 0.3 - numberHeight, valign: 'top',
            paragraphs: [para(figure.label, sizes.figureLabel, colors.muted, { align: 'center' })] },
        ];
      });
    }
    case 'chart':
      return [{ kind: 'chart', x, y, w, h, title: block.title, seriesName: block.series.name, labels: block.series.labels, values: block.series.values, size: sizes.caption }];
    default:
      throw new Error(`no deck layout for ${block.kind}`);
  }
}

/** Splits a block into parts no taller than `limit` inches; undefined when it cannot be split. */
export function splitBlock(block: Block, width: number, limit: number, ctx: BlockContext): Block[] | undefined {
  const chunks = <T,>(items: readonly T[], make: (part: readonly T[]) => Block): Block[] | undefined => {
    const parts: Block[] = [];
    let current: T[] = [];
    for (const item of items) {
      const attempt = [...current, item];
      if (current.length > 0 && blockHeight(make(attempt), width, ctx) > limit) {
        parts.push(make(current));
        current = [item];
      } else current = attempt;
    }
    if (current.length > 0) parts.push(make(current));
    return parts.every((part) => blockHeight(part, width, ctx) <= limit) ? parts : undefined;
  };
  switch (block.kind) {
    case 'list':
      return chunks(block.items, (items) => ({ ...block, items }));
    case 'facts':
      return chunks(block.items, (items) => ({ ...block, items }));
    case 'table':
      return chunks(block.rows, (rows) => ({ ...block, rows }));
    case 'quote':
      return chunks(block.paragraphs, (paragraphs) => ({ ...block, paragraphs }));
    default:
      return undefined;
  }
}
