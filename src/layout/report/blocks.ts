/** Report blocks → slices for the paginator: every line, row and panel measured with the real fonts. */
import { attributionLine, type Block } from '../../model/document.js';
import type { PageItem, StructureNode, StructurePath, StructureType } from '../../model/pages.js';
import { breakParagraph, measureText } from '../text/index.js';
import type { Line, ParagraphOptions, TextStyle } from '../text/types.js';
import { chooseGrid, gridCells, type GridLimits } from '../grid.js';
import type { Slice } from './flow.js';
import type { ReportStyles } from './style.js';

/** Where the ideographic em box sits: its top is this far above the baseline, as a fraction of the size. */
const EM_BOX_ASCENT = 0.88;

export interface Frame {
  readonly x: number;
  readonly width: number;
}

export interface TextBox {
  readonly lines: readonly Line[];
  readonly lineHeight: number;
  readonly height: number;
}

export function setText(text: string, style: TextStyle, options: ParagraphOptions, lineHeight: number): TextBox {
  const lines = breakParagraph([{ text, style }], options);
  const step = style.size * lineHeight;
  return { lines, lineHeight: step, height: lines.length * step };
}

/** The text item for one line, its em box centred in a line of height `step` starting at `top`. */
export function lineItem(line: Line, x: number, top: number, step: number, color: string, structure?: StructurePath): PageItem {
  return { kind: 'text', x, y: lineBaseline(top, step, line.size), runs: line.runs, color, ...(structure ? { structure } : {}) };
}

/** Where a block sits in the structure tree, and the prefix of its elements' ids. */
export interface Place {
  readonly parent: StructurePath;
  readonly key: string;
}

/** The path of a new element `type` under `parent`. */
export const child = (parent: StructurePath, type: StructureType, id: string, extra: Omit<StructureNode, 'type' | 'id'> = {}): StructurePath => [
  ...parent,
  { type, id, ...extra },
];

/** Baseline of text of `size` whose em box is centred in a line of height `step` starting at `top`. */
export function lineBaseline(top: number, step: number, size: number): number {
  return top + (step - size) / 2 + EM_BOX_ASCENT * size;
}

/** A paragraph as one slice per line; the first two and last two lines keep together. */
function lineSlices(box: TextBox, x: number, color: string, spaceBefore: number, structure: StructurePath, decorate?: (height: number) => PageItem[]): Slice[] {
  const count = box.lines.length;
  return box.lines.map((line, index) => ({
    height: box.lineHeight,
    items: [...(decorate?.(box.lineHeight) ?? []), lineItem(line, x, 0, box.lineHeight, color, structure)],
    spaceBefore: index === 0 ? spaceBefore : 0,
    keepWithNext: count > 1 && (index === 0 || index === count - 2),
  }));
}

/**
 * A block as slices for the paginator. Its text carries its structure element under `at.parent`
 * (P, H2, L/LI/Lbl/LBody, BlockQuote, Table/TR/TH/TD, Figure); panels and rules are artifacts.
 */
export function layoutBlock(block: Block, frame: Frame, styles: ReportStyles, at: Place): Slice[] {
  const { colors } = styles;
  const { parent, key } = at;
  const body = styles.body;
  const em = body.size;
  const justify = (width: number, extra: Partial<ParagraphOptions> = {}): ParagraphOptions => ({
    width,
    align: 'justify',
    cjkLatinGap: styles.cjkLatinGap,
    ...extra,
  });
  const paragraphGap = em * 0.4;

  switch (block.kind) {
    case 'paragraph': {
      const box = setText(block.text, body, justify(frame.width, { firstLineIndent: 2 * em }), styles.lineHeight);
      return lineSlices(box, frame.x, block.role === 'note' ? colors.muted : colors.text, paragraphGap, child(parent, 'P', key));
    }
    case 'heading': {
      const style = block.level === 2 ? styles.h2 : styles.h3;
      const box = setText(block.text, style, { width: frame.width - em, align: 'start' }, 1.5);
      const type = block.level === 1 ? 'H1' : block.level === 2 ? 'H2' : 'H3';
      const slices = lineSlices(box, frame.x + (block.level === 2 ? em * 0.9 : 0), colors.text, em * 1.4, child(parent, type, key));
      const marker: PageItem = { kind: 'rect', x: frame.x, y: (box.lineHeight - style.size) / 2, width: 3, height: style.size, fill: colors.accent };
      const headed = block.level === 2 && slices[0] ? [{ ...slices[0], items: [marker, ...slices[0].items] }, ...slices.slice(1)] : slices;
      return headed.map((slice) => ({ ...slice, keepWithNext: true }));
    }
    case 'list': {
      const slices: Slice[] = [];
      if (block.title) slices.push(...layoutBlock({ kind: 'heading', level: 3, text: block.title }, frame, styles, { parent, key: `${key}.title` }));
      const indent = 2.5 * em;
      const list = child(parent, 'L', key);
      block.items.forEach((item, index) => {
        const box = setText(item, body, justify(frame.width - indent), styles.lineHeight);
        const marker = block.ordered ? `${index + 1}.` : '•';
        const listItem = child(list, 'LI', `${key}.${index + 1}`);
        const itemSlices = lineSlices(box, frame.x + indent, colors.text, index === 0 ? paragraphGap : em * 0.2, child(listItem, 'LBody', `${key}.${index + 1}.body`));
        const first = itemSlices[0];
        if (first) {
          const markerLine = breakParagraph([{ text: marker, style: body }], { width: indent, align: 'start' })[0];
          // Right-aligned before the text, so that 10. and 1. end at the same place and never touch it.
          // The label comes before the body: drawing order is reading order within an element.
          const markerX = frame.x + indent - 0.4 * em - measureText(marker, body);
          const label = markerLine && lineItem(markerLine, markerX, 0, box.lineHeight, colors.accent, child(listItem, 'Lbl', `${key}.${index + 1}.label`));
          if (label) itemSlices[0] = { ...first, items: [label, ...first.items] };
        }
        slices.push(...itemSlices);
      });
      return slices;
    }
    case 'quote': {
      const pad = em * 1.2;
      const inner = frame.width - 2 * pad;
      const panel = (height: number): PageItem[] => [
        { kind: 'rect', x: frame.x, y: 0, width: frame.width, height, fill: colors.panel },
        { kind: 'rect', x: frame.x, y: 0, width: 3, height, fill: colors.accent },
      ];
      const padding = (keep: boolean): Slice => ({ height: pad * 0.6, items: panel(pad * 0.6), spaceBefore: 0, keepWithNext: keep });
      const slices: Slice[] = [{ ...padding(true), spaceBefore: paragraphGap * 2 }];
      const quote = child(parent, 'BlockQuote', key);
      block.paragraphs.forEach((text, index) => {
        const box = setText(text, styles.quote, justify(inner, { firstLineIndent: 2 * styles.quote.size }), styles.lineHeight);
        const lines = lineSlices(box, frame.x + pad, colors.text, 0, child(quote, 'P', `${key}.${index + 1}`), panel);
        if (index > 0) slices.push({ height: paragraphGap, items: panel(paragraphGap), spaceBefore: 0, keepWithNext: false });
        slices.push(...lines);
      });
      const attribution = attributionLine(block);
      const small = styles.small;
      const byline = setText(attribution, small, { width: inner, align: 'start' }, 1.8);
      const shiftRight = inner - (byline.lines[0]?.width ?? 0);
      const bylineSlices = lineSlices(byline, frame.x + pad + Math.max(0, shiftRight), colors.muted, 0, child(quote, 'P', `${key}.byline`), panel);
      slices[slices.length - 1] = { ...slices[slices.length - 1]!, keepWithNext: true };
      slices.push(...bylineSlices, padding(false));
      return slices;
    }
    case 'facts': {
      const widest = Math.max(...block.items.map((fact) => measureText(fact.label, styles.smallBold)));
      const labelWidth = Math.min(widest, 8 * styles.smallBold.size) + em;
      // Label and value pairs: a table of rows, each headed by its label.
      const table = child(parent, 'Table', key);
      return block.items.map((fact, index) => {
        const label = setText(fact.label, styles.smallBold, { width: labelWidth, align: 'start' }, styles.lineHeight * (body.size / styles.smallBold.size));
        const value = setText(fact.value, body, justify(frame.width - labelWidth), styles.lineHeight);
        const row = child(table, 'TR', `${key}.${index + 1}`);
        const th = child(row, 'TH', `${key}.${index + 1}.label`, { scope: 'Row' });
        const td = child(row, 'TD', `${key}.${index + 1}.value`);
        const items: PageItem[] = [
          ...label.lines.map((line, i) => lineItem(line, frame.x, i * value.lineHeight, value.lineHeight, colors.muted, th)),
          ...value.lines.map((line, i) => lineItem(line, frame.x + labelWidth, i * value.lineHeight, value.lineHeight, colors.text, td)),
        ];
        return { height: Math.max(label.height, value.height), items, spaceBefore: index === 0 ? paragraphGap : em * 0.15, keepWithNext: index < block.items.length - 1 && block.items.length <= 8 };
      });
    }
    case 'figures':
      return figureSlices(block, frame, styles, at);
    case 'table':
      return tableSlices(block, frame, styles, at);
    case 'image': {
      // As wide as the column, but never taller than about half a page; the aspect ratio is kept.
      const scale = Math.min(frame.width / block.picture.width, (styles.body.size * 28) / block.picture.height);
      const width = block.picture.width * scale;
      const height = block.picture.height * scale;
      const figure = child(parent, 'Figure', key, { alt: block.alt });
      const items: PageItem[] = [{ kind: 'image', x: frame.x + (frame.width - width) / 2, y: 0, width, height, data: block.picture.data, pixelWidth: block.picture.width, pixelHeight: block.picture.height, structure: figure }];
      const slices: Slice[] = [{ height, items, spaceBefore: paragraphGap * 2, keepWithNext: block.caption !== '' }];
      if (block.caption) {
        const caption = setText(block.caption, styles.small, { width: frame.width, align: 'center' }, 2);
        slices.push(...lineSlices(caption, frame.x, colors.muted, 0, child(parent, 'Caption', `${key}.caption`)));
      }
      return slices;
    }
    case 'chart': {
      const title = layoutBlock({ kind: 'heading', level: 3, text: block.title }, frame, styles, { parent, key: `${key}.title` });
      const values = block.series.labels.map((label, index) => `${label} ${block.series.values[index] ?? 0}${block.unit}`);
      // Bars and their labels are one figure; its replacement text reads out every value.
      const figure = child(parent, 'Figure', key, { alt: `${block.title}：${values.join('；')}` });
      const labelWidth = Math.max(...block.series.labels.map((label) => measureText(label, styles.small))) + em;
      const max = Math.max(1, ...block.series.values);
      const barArea = frame.width - labelWidth - 4 * em;
      const row = styles.small.size * 2.2;
      const bars = block.series.labels.map((label, index): Slice => {
        const value = block.series.values[index] ?? 0;
        const width = (barArea * value) / max;
        const baseline = row / 2 + styles.small.size * 0.35;
        return {
          height: row,
          spaceBefore: 0,
          keepWithNext: index < block.series.labels.length - 1,
          items: [
            runItem(label, styles.small, frame.x + labelWidth - em - measureText(label, styles.small), baseline, colors.text, figure),
            { kind: 'rect', x: frame.x + labelWidth, y: row * 0.2, width, height: row * 0.6, fill: colors.accent, structure: figure },
            runItem(`${value}${block.unit}`, styles.smallBold, frame.x + labelWidth + width + em * 0.4, baseline, colors.text, figure),
          ],
        };
      });
      return [...title, ...bars];
    }
  }
}

/** The smallest big number the report sets, points. */
export const REPORT_FIGURE_FLOOR = 14;
/** Five figures go in one row of the A4 column, more four to a row at most. */
const REPORT_FIGURE_GRID: GridLimits = { oneRow: 5, columns: 4 };
/** Space between a big number and the smaller text beside it, points. */
const UNIT_GAP = 2;

type BigFigure = Extract<Block, { kind: 'figures' }>['items'][number];

/**
 * A big number as set: the qualifier (近, 超) in the number's run, so that the text copies out as
 * printed (超70%: viewers read a smaller word before a larger one as a line of its own); unit and
 * suffix after it, in the unit's size (亿元以上).
 */
const besideNumber = (figure: BigFigure): { number: string; after: string } => ({ number: `${figure.qualifier ?? ''}${figure.value}`, after: `${figure.unit}${figure.suffix ?? ''}` });

/**
 * Key figures as a grid of equal boxes: as many side by side as let every number with its unit
 * fit its box at the floor size or larger, rows balanced (6 → 3 + 3, 12 → 4 × 3), the numbers at
 * the largest size that fits. Each row is a slice, so a long grid breaks between rows.
 */
function figureSlices(block: Extract<Block, { kind: 'figures' }>, frame: Frame, styles: ReportStyles, at: Place): Slice[] {
  const { colors } = styles;
  const em = styles.body.size;
  const gap = em;
  const pad = em * 0.6;
  const unitStyle = styles.h3;
  // The unit is set beside the number in the unit's style, a small gap apart.
  const besideWidth = (text: string): number => (text ? measureText(text, unitStyle) + UNIT_GAP : 0);
  const widthAt = (size: number, figure: BigFigure): number => {
    const { number, after } = besideNumber(figure);
    return measureText(number, { ...styles.figure, size }) + besideWidth(after);
  };
  const sizeFor = (boxWidth: number): number | undefined => {
    for (let size = styles.figure.size; size >= REPORT_FIGURE_FLOOR; size -= 1) if (block.items.every((f) => widthAt(size, f) <= boxWidth - 2 * pad)) return size;
    return undefined;
  };
  const boxWidthFor = (columns: number): number => (frame.width - gap * (columns - 1)) / columns;
  const grid = chooseGrid(block.items.length, REPORT_FIGURE_GRID, (columns) => sizeFor(boxWidthFor(columns)));
  const size = grid.fit ?? REPORT_FIGURE_FLOOR;
  const boxWidth = boxWidthFor(grid.columns);
  const cells = gridCells(grid.rows);
  const numberStyle = { ...styles.figure, size };
  // A label that would wrap is set a little smaller first: a wrapped label often leaves one character alone.
  const labelAt = (text: string, size: number): TextBox => setText(text, { ...styles.small, size }, { width: boxWidth - 2 * pad, align: 'center' }, 1.5);
  const labels = block.items.map((figure) => {
    const natural = labelAt(figure.label, styles.small.size);
    const smaller = natural.lines.length > 1 ? labelAt(figure.label, styles.small.size * 0.85) : natural;
    return smaller.lines.length === 1 ? smaller : natural;
  });
  const labelHeight = Math.max(...labels.map((label) => label.height));
  const numberTop = pad + 3;
  const baseline = numberTop + size * EM_BOX_ASCENT;
  const labelTop = numberTop + size * 1.25;
  const height = labelTop + labelHeight + pad;
  const rows: PageItem[][] = grid.rows.map(() => []);
  block.items.forEach((figure, index) => {
    const { row, column } = cells[index]!;
    const x = frame.x + column * (boxWidth + gap);
    const { number, after } = besideNumber(figure);
    const figureNode = child(at.parent, 'Figure', `${at.key}.${index + 1}`, { alt: `${figure.label}：${number}${after}` });
    const numberLeft = x + (boxWidth - widthAt(size, figure)) / 2;
    const label = labels[index]!;
    rows[row]!.push(
      { kind: 'rect', x, y: 0, width: boxWidth, height, fill: colors.panel },
      { kind: 'rect', x, y: 0, width: boxWidth, height: 3, fill: colors.accent },
      runItem(number, numberStyle, numberLeft, baseline, colors.accent, figureNode),
      ...(after ? [runItem(after, unitStyle, numberLeft + measureText(number, numberStyle) + UNIT_GAP, baseline, colors.accent, figureNode)] : []),
      ...label.lines.map((line, i) => lineItem(line, x + pad, labelTop + i * label.lineHeight, label.lineHeight, colors.muted, figureNode)),
    );
  });
  return rows.map((items, index) => ({ height, items, spaceBefore: index === 0 ? em * 0.8 : gap, keepWithNext: false }));
}

/** One run of text at a baseline, without line breaking (numbers, labels). */
export function runItem(text: string, style: TextStyle, x: number, baseline: number, color: string, structure?: StructurePath): PageItem {
  const line = breakParagraph([{ text, style }], { width: 1e6, align: 'start' })[0];
  return { kind: 'text', x, y: baseline, runs: line?.runs ?? [], color, ...(structure ? { structure } : {}) };
}

function tableSlices(block: Extract<Block, { kind: 'table' }>, frame: Frame, styles: ReportStyles, at: Place): Slice[] {
  const { colors } = styles;
  const table = child(at.parent, 'Table', at.key);
  let rowNumber = 0;
  const total = block.widths.reduce((a, b) => a + b, 0);
  const widths = block.widths.map((w) => (frame.width * w) / total);
  const pad = styles.small.size * 0.6;
  const row = (cells: readonly string[], style: TextStyle, header: boolean): Slice => {
    const step = style.size * 1.6;
    const tr = child(table, 'TR', `${at.key}.${++rowNumber}`);
    let x = frame.x;
    const boxes = cells.map((cell, index) => {
      const width = widths[index] ?? 0;
      const box = { x, box: setText(cell, style, { width: width - 2 * pad, align: 'start', cjkLatinGap: styles.cjkLatinGap }, 1.6) };
      x += width;
      return box;
    });
    const height = Math.max(...boxes.map((b) => b.box.height)) + 2 * pad;
    const items: PageItem[] = header ? [{ kind: 'rect', x: frame.x, y: 0, width: frame.width, height, fill: colors.panel }] : [];
    boxes.forEach(({ x: cellX, box }, column) => {
      const cell = header ? child(tr, 'TH', `${tr.at(-1)!.id}.${column + 1}`, { scope: 'Column' }) : child(tr, 'TD', `${tr.at(-1)!.id}.${column + 1}`);
      box.lines.forEach((line, i) => items.push(lineItem(line, cellX + pad, pad + i * step, step, colors.text, cell)));
    });
    items.push({ kind: 'rule', x: frame.x, y: height, width: frame.width, thickness: header ? 0.8 : 0.4, color: header ? colors.accent : colors.rule });
    return { height, items, spaceBefore: 0, keepWithNext: false };
  };
  const header = row(block.header, styles.smallBold, true);
  const body = block.rows.map((cells) => ({ ...row(cells, styles.small, false), repeatOnBreak: header }));
  return [{ ...header, spaceBefore: styles.body.size, keepWithNext: true }, ...body];
}

