/**
 * Laid-out slides → SVG, in points (960 × 540 for the 13.333 × 7.5 in slide). Every shape sits
 * where layout put it in the .pptx; text is broken into lines by jianbao's own text engine with the
 * deck's font at the width PowerPoint wraps at (the box less its insets and the bullet indent), so
 * the preview shows the line breaks the deck will have, not the browser's.
 */
import { CELL_MARGIN } from '../layout/deck/blocks.js';
import { INSET, INSET_Y, type DeckFaces } from '../layout/deck/measure.js';
import { breakParagraph, type FontFace, type Span, type TextStyle } from '../layout/text/index.js';
import type { LaidOutDeck, LaidOutSlide, SlideShape, TextParagraph, TextRun } from '../model/slides.js';
import type { Theme } from '../model/theme.js';
import { drawLine, escapeMarkup, imageHref, num, type FamilyOf } from './svg.js';

const PT_PER_INCH = 72;
/** Indent pptxgenjs gives bulleted and numbered paragraphs, points. */
const BULLET_INDENT_PT = 27;

export interface SlideDrawing {
  readonly faces: DeckFaces;
  readonly colors: Theme['colors'];
  readonly familyOf: FamilyOf;
  /** The path of the content.yaml scalar a text comes from (`projects[3].name`); undefined for the templates' own wording. */
  readonly sourceOf: (text: string) => string | undefined;
}

const pt = (inches: number): number => inches * PT_PER_INCH;

/**
 * Baseline of a line `spacing` points tall whose largest text is `size` points: the font's
 * ascent-to-descent box centred in the line, as PowerPoint sets exact line spacing.
 */
function baselineIn(lineTop: number, spacing: number, face: FontFace, size: number): number {
  const { ascent, descent, unitsPerEm } = face.font;
  const em = (ascent - descent) / unitsPerEm;
  return lineTop + (spacing - em * size) / 2 + (ascent / unitsPerEm) * size;
}

/** A paragraph drawn with its top-left corner at the origin, and the text each face drew. */
interface DrawnParagraph {
  readonly markup: string;
  readonly lines: number;
  /** Baseline of the first line (where a bullet or number goes). */
  readonly firstBaseline: number;
  readonly uses: readonly (readonly [faceKey: string, text: string])[];
}

/**
 * Paragraphs already drawn, per deck font: a save changes a few texts, and breaking the others
 * into lines again would cost most of a rebuild's drawing time.
 */
const drawnParagraphs = new WeakMap<FontFace['font'], Map<string, DrawnParagraph>>();
const REMEMBERED_PARAGRAPHS = 5000;

function drawParagraph(paragraph: TextParagraph, width: number, drawing: SlideDrawing): DrawnParagraph {
  let cache = drawnParagraphs.get(drawing.faces.regular.font);
  if (!cache) drawnParagraphs.set(drawing.faces.regular.font, (cache = new Map()));
  const key = JSON.stringify([paragraph, width, drawing.colors.text]);
  const known = cache.get(key);
  if (known) {
    for (const [faceKey, text] of known.uses) drawing.familyOf(faceKey, text);
    return known;
  }
  const uses: [string, string][] = [];
  const familyOf: FamilyOf = (faceKey, text) => {
    uses.push([faceKey, text]);
    return drawing.familyOf(faceKey, text);
  };
  // One style object per run, so each placed run finds its colour (runs of one face and size that
  // the engine joins take the first one's colour: layout never colours inside such a stretch).
  const styled = paragraph.runs
    .filter((run) => run.text !== '')
    .map((run): [TextStyle, TextRun] => [{ face: run.bold ? drawing.faces.bold : drawing.faces.regular, size: run.size ?? paragraph.size }, run]);
  const colors = new Map(styled.map(([style, run]) => [style, run.color]));
  const spans: Span[] = styled.map(([style, run]) => ({ text: run.text, style }));
  const indent = paragraph.bullet ? BULLET_INDENT_PT : 0;
  const align = paragraph.align === 'justify' ? 'justify' : paragraph.align === 'center' ? 'center' : 'start';
  const lines = spans.length === 0 ? [] : breakParagraph(spans, { width: width - indent, align });
  const baselines = lines.map((line, index) => baselineIn(index * paragraph.lineSpacing, paragraph.lineSpacing, line.runs[0]?.style.face ?? drawing.faces.regular, line.size));
  const markup = lines
    .map((line, index) => {
      const shift = paragraph.align === 'right' ? width - indent - line.width : 0;
      return drawLine(line.runs, indent + shift, baselines[index] ?? 0, familyOf, (run) => colors.get(run.style) ?? drawing.colors.text);
    })
    .join('');
  const drawn = { markup, lines: Math.max(1, lines.length), firstBaseline: baselines[0] ?? 0, uses };
  if (cache.size >= REMEMBERED_PARAGRAPHS) cache.clear();
  cache.set(key, drawn);
  return drawn;
}

/** A drawn paragraph placed at (x, y), carrying its text and, when known, the content scalar it comes from. */
function placed(paragraph: TextParagraph, drawn: DrawnParagraph, x: number, y: number, drawing: SlideDrawing, marker = ''): string {
  const text = paragraph.runs.map((run) => run.text).join('');
  const found = drawing.sourceOf(text);
  const source = found === undefined ? '' : ` data-source="${escapeMarkup(found)}"`;
  return `<g class="text"${source} data-text="${escapeMarkup(text)}" transform="translate(${num(x)} ${num(y)})">${marker}${drawn.markup}</g>`;
}

function drawText(shape: Extract<SlideShape, { kind: 'text' }>, drawing: SlideDrawing): string {
  const left = pt(shape.x + INSET);
  const width = pt(shape.w - 2 * INSET);
  const drawn = shape.paragraphs.map((paragraph) => drawParagraph(paragraph, width, drawing));
  const used = shape.paragraphs.reduce((sum, paragraph, index) => sum + paragraph.spaceBefore + (drawn[index]?.lines ?? 1) * paragraph.lineSpacing, 0);
  const room = pt(shape.h - 2 * INSET_Y);
  let y = pt(shape.y + INSET_Y) + (shape.valign === 'middle' ? (room - used) / 2 : shape.valign === 'bottom' ? room - used : 0);
  let number = 0;
  const out: string[] = [];
  shape.paragraphs.forEach((paragraph, index) => {
    const paragraphDrawn = drawn[index] as DrawnParagraph;
    number = paragraph.bullet === 'number' ? (paragraph.number ?? number + 1) : 0;
    y += paragraph.spaceBefore;
    let marker = '';
    if (paragraph.bullet) {
      const symbol = paragraph.bullet === 'number' ? `${number}.` : '•';
      const color = paragraph.runs[0]?.color ?? drawing.colors.text;
      marker = `<text y="${num(paragraphDrawn.firstBaseline)}" font-family="${drawing.familyOf(drawing.faces.regular.key, symbol)}" font-size="${num(paragraph.size)}" fill="#${color}">${symbol}</text>`;
    }
    out.push(placed(paragraph, paragraphDrawn, left, y, drawing, marker));
    y += paragraphDrawn.lines * paragraph.lineSpacing;
  });
  return out.join('');
}

/** A table cell's text, in the cell less its margins, centred vertically as the deck's cells are. */
function drawCellText(text: string, header: boolean, size: number, lineSpacing: number, box: { x: number; y: number; w: number; h: number }, drawing: SlideDrawing): string {
  const width = box.w - 2 * pt(CELL_MARGIN.x);
  if (text === '' || !(width > 0)) return '';
  const paragraph: TextParagraph = { runs: [{ text, bold: header, color: drawing.colors.text }], size, align: 'left', lineSpacing, spaceBefore: 0 };
  const drawn = drawParagraph(paragraph, width, drawing);
  return placed(paragraph, drawn, box.x + pt(CELL_MARGIN.x), box.y + (box.h - drawn.lines * lineSpacing) / 2, drawing);
}

function drawTable(shape: Extract<SlideShape, { kind: 'table' }>, drawing: SlideDrawing): string {
  const { colors } = drawing;
  const out: string[] = [];
  let y = pt(shape.y);
  [shape.header, ...shape.rows].forEach((cells, row) => {
    const header = row === 0;
    const h = pt(shape.rowHeights[row] ?? 0);
    out.push(`<rect x="${num(pt(shape.x))}" y="${num(y)}" width="${num(pt(shape.w))}" height="${num(h)}" fill="#${header ? colors.panel : colors.background}"/>`);
    out.push(`<line x1="${num(pt(shape.x))}" x2="${num(pt(shape.x + shape.w))}" y1="${num(y + h)}" y2="${num(y + h)}" stroke="#${header ? colors.accent : colors.rule}" stroke-width="${header ? 1.5 : 0.75}"/>`);
    let x = pt(shape.x);
    cells.forEach((cell, column) => {
      const w = pt(shape.columnWidths[column] ?? 0);
      out.push(drawCellText(cell, header, shape.size, shape.lineSpacing, { x, y, w, h }, drawing));
      x += w;
    });
    y += h;
  });
  return out.join('');
}

/** A horizontal bar chart as PowerPoint draws the deck's: title on top, first category on top, values at the bars' ends. */
function drawChart(shape: Extract<SlideShape, { kind: 'chart' }>, drawing: SlideDrawing): string {
  const { colors, faces } = drawing;
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
  const family = (text: string): string => drawing.familyOf(face.key, text);
  const out = [`<text x="${num(x + w / 2)}" y="${num(pt(shape.y) + titleSize * 1.4)}" text-anchor="middle" font-family="${family(shape.title)}" font-size="${titleSize}" fill="#${colors.muted}">${escapeMarkup(shape.title)}</text>`];
  shape.labels.forEach((label, index) => {
    const value = shape.values[index] ?? 0;
    const middle = plotTop + band * (index + 0.5);
    const barWidth = largest > 0 ? (barRoom * value) / largest : 0;
    const barHeight = band * 0.6;
    out.push(
      `<text x="${num(x + labelWidth - 6)}" y="${num(middle + labelSize * 0.35)}" text-anchor="end" font-family="${family(label)}" font-size="${labelSize}" fill="#${colors.text}">${escapeMarkup(label)}</text>`,
      `<rect x="${num(x + labelWidth)}" y="${num(middle - barHeight / 2)}" width="${num(barWidth)}" height="${num(barHeight)}" fill="#${colors.accent}"/>`,
      `<text x="${num(x + labelWidth + barWidth + 4)}" y="${num(middle + titleSize * 0.35)}" font-family="${family(String(value))}" font-size="${titleSize}" fill="#${colors.text}">${value}</text>`,
    );
  });
  return out.join('');
}

function drawShape(shape: SlideShape, drawing: SlideDrawing): string {
  switch (shape.kind) {
    case 'rect':
      return `<rect x="${num(pt(shape.x))}" y="${num(pt(shape.y))}" width="${num(pt(shape.w))}" height="${num(pt(shape.h))}" fill="#${shape.fill}"/>`;
    case 'image':
      return `<image x="${num(pt(shape.x))}" y="${num(pt(shape.y))}" width="${num(pt(shape.w))}" height="${num(pt(shape.h))}" preserveAspectRatio="none" href="${imageHref(shape.data, shape.format)}"><title>${escapeMarkup(shape.alt)}</title></image>`;
    case 'text':
      return drawText(shape, drawing);
    case 'table':
      return drawTable(shape, drawing);
    case 'chart':
      return drawChart(shape, drawing);
  }
}

export function slideSvg(slide: LaidOutSlide, deck: LaidOutDeck, drawing: SlideDrawing): string {
  const width = pt(deck.width);
  const height = pt(deck.height);
  const shapes = slide.shapes.map((shape) => drawShape(shape, drawing)).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="slide" viewBox="0 0 ${num(width)} ${num(height)}"><rect width="${num(width)}" height="${num(height)}" fill="#${drawing.colors.background}"/>${shapes}</svg>`;
}
