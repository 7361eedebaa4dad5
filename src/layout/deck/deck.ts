/**
 * layout: Deck → laid-out 16:9 slides. Content is measured with the real font; text that does not
 * fit steps down to the theme's minimum size, then continues on a slide titled "（续）".
 */
import type { Block, Deck, Slide } from '../../model/document.js';
import type { LaidOutDeck, LaidOutSlide, SlideShape, TextParagraph } from '../../model/slides.js';
import type { Theme } from '../../model/theme.js';
import { blockHeight, drawBlock, splitBlock, type BlockContext, type DeckSizes } from './blocks.js';
import { countLines, LINE_SPACING, linesHeight, type DeckFaces } from './measure.js';

export const SLIDE = { width: 13.333, height: 7.5 } as const;
const BLOCK_GAP = 0.25;
const FOOTER_Y = 7.0;

export function layoutDeck(deck: Deck, theme: Theme, faces: DeckFaces): LaidOutDeck {
  const slides: LaidOutSlide[] = [];
  for (const slide of deck.slides) {
    if (slide.layout !== 'content') {
      slides.push(titleSlide(slide, theme));
      continue;
    }
    for (const part of fitContent(slide, theme, faces)) slides.push(part);
  }
  const numbered = slides.map((slide, index) => (index === 0 ? slide : { ...slide, shapes: [...slide.shapes, ...footer(index + 1, deck.meta.title, theme)] }));
  const text = numbered.flatMap((s) => [s.notes, ...s.shapes.flatMap(shapeText)]).join('');
  return { width: SLIDE.width, height: SLIDE.height, slides: numbered, text };
}

function shapeText(shape: SlideShape): string[] {
  switch (shape.kind) {
    case 'text':
      return shape.paragraphs.flatMap((p) => p.runs.map((r) => r.text));
    case 'table':
      return [...shape.header, ...shape.rows.flat()];
    case 'chart':
      return [shape.title, shape.seriesName, ...shape.labels, ...shape.values.map(String)];
    case 'rect':
      return [];
  }
}

function sizesAt(theme: Theme, step: number): DeckSizes {
  const { sizes } = theme.deck;
  const down = (base: number): number => Math.max(Math.min(base, sizes.minimum), base - 2 * step);
  return { body: down(sizes.body), table: down(sizes.table), quote: down(sizes.quote), caption: sizes.caption, figure: sizes.figure, figureLabel: sizes.figureLabel };
}

interface Frame {
  readonly top: number;
  readonly titleShapes: SlideShape[];
}

/** Title (shrunk to one line where it can be) and subtitle of a content slide. */
function titleFrame(title: string, subtitle: string | undefined, theme: Theme, faces: DeckFaces): Frame {
  const { sizes, margin } = theme.deck;
  const { colors } = theme;
  const x = margin + 0.22;
  const w = SLIDE.width - x - margin;
  let size = sizes.title;
  while (size > sizes.subtitle + 4 && countLines(title, faces.bold, size, w) > 1) size -= 2;
  const titleHeight = linesHeight(countLines(title, faces.bold, size, w), size) + 0.1;
  const shapes: SlideShape[] = [
    { kind: 'rect', x: margin, y: 0.5, w: 0.08, h: Math.min(titleHeight, (size * 1.4) / 72), fill: colors.accent },
    { kind: 'text', x, y: 0.45, w, h: titleHeight, valign: 'top', paragraphs: [bold(title, size, colors.text)] },
  ];
  let top = 0.45 + titleHeight;
  if (subtitle) {
    const subHeight = linesHeight(countLines(subtitle, faces.regular, sizes.subtitle, w), sizes.subtitle) + 0.1;
    shapes.push({ kind: 'text', x, y: top, w, h: subHeight, valign: 'top', paragraphs: [plain(subtitle, sizes.subtitle, colors.muted)] });
    top += subHeight;
  }
  shapes.push({ kind: 'rect', x: margin, y: top + 0.12, w: SLIDE.width - 2 * margin, h: 0.01, fill: colors.rule });
  return { top: top + 0.35, titleShapes: shapes };
}

const plain = (text: string, size: number, color: string, align: TextParagraph['align'] = 'left'): TextParagraph => ({
  runs: [{ text, color }],
  size,
  align,
  lineSpacing: size * LINE_SPACING,
  spaceBefore: 0,
});
const bold = (text: string, size: number, color: string, align: TextParagraph['align'] = 'left'): TextParagraph => ({
  ...plain(text, size, color, align),
  runs: [{ text, color, bold: true }],
});

const COLUMN_GAP = 0.5;
const SIDEBAR_WIDTH = 3.4;

type Arrangement = 'columns' | 'sidebar' | 'stack';

/** Two lists are set side by side; single key figures beside other content go in a sidebar; the rest stacks. */
function arrangement(blocks: readonly Block[]): Arrangement {
  if (blocks.length === 2 && blocks.every((b) => b.kind === 'list')) return 'columns';
  const figures = blocks.filter((b) => b.kind === 'figures');
  const single = figures.every((b) => b.kind === 'figures' && b.items.length === 1);
  return figures.length > 0 && single && figures.length < blocks.length ? 'sidebar' : 'stack';
}

/** The blocks of each column with its x offset and width. */
function columns(blocks: readonly Block[], width: number): { blocks: readonly Block[]; x: number; width: number }[] {
  switch (arrangement(blocks)) {
    case 'columns': {
      const column = (width - COLUMN_GAP) / 2;
      return blocks.map((block, index) => ({ blocks: [block], x: index * (column + COLUMN_GAP), width: column }));
    }
    case 'sidebar': {
      const main = width - SIDEBAR_WIDTH - COLUMN_GAP;
      return [
        { blocks: blocks.filter((b) => b.kind !== 'figures'), x: 0, width: main },
        { blocks: blocks.filter((b) => b.kind === 'figures'), x: main + COLUMN_GAP, width: SIDEBAR_WIDTH },
      ];
    }
    case 'stack':
      return [{ blocks, x: 0, width }];
  }
}

const columnHeight = (blocks: readonly Block[], width: number, ctx: BlockContext): number =>
  blocks.reduce((sum, block, index) => sum + blockHeight(block, width, ctx) + (index > 0 ? BLOCK_GAP : 0), 0);

function stackHeight(blocks: readonly Block[], width: number, ctx: BlockContext): number {
  return Math.max(...columns(blocks, width).map((column) => columnHeight(column.blocks, column.width, ctx)));
}

function placeBlocks(blocks: readonly Block[], x: number, top: number, width: number, ctx: BlockContext): SlideShape[] {
  return columns(blocks, width).flatMap((column) => {
    let y = top;
    return column.blocks.flatMap((block) => {
      const shapes = drawBlock(block, x + column.x, y, column.width, ctx);
      y += blockHeight(block, column.width, ctx) + BLOCK_GAP;
      return shapes;
    });
  });
}

function fitContent(slide: Slide, theme: Theme, faces: DeckFaces): LaidOutSlide[] {
  const { margin } = theme.deck;
  const width = SLIDE.width - 2 * margin;
  const notes = slide.notes.join('\n');
  const frame = titleFrame(slide.title, slide.subtitle, theme, faces);
  const available = FOOTER_Y - 0.2 - frame.top;
  const contextAt = (step: number): BlockContext => ({ faces, sizes: sizesAt(theme, step), colors: theme.colors });

  for (let step = 0; ; step++) {
    const ctx = contextAt(step);
    if (stackHeight(slide.blocks, width, ctx) <= available) {
      return [{ shapes: [...frame.titleShapes, ...placeBlocks(slide.blocks, margin, frame.top, width, ctx)], notes }];
    }
    if (sizesAt(theme, step + 1).body === ctx.sizes.body && sizesAt(theme, step + 1).quote === ctx.sizes.quote) break;
  }

  // At the minimum size and still too long: continue on further slides.
  const ctx = contextAt(Number.MAX_SAFE_INTEGER);
  const continued = titleFrame(`${slide.title}（续）`, slide.subtitle, theme, faces);
  const limit = FOOTER_Y - 0.2 - continued.top;
  const pieces = slide.blocks.flatMap((block) => (blockHeight(block, width, ctx) > limit ? (splitBlock(block, width, limit, ctx) ?? [block]) : [block]));
  const pages: Block[][] = [[]];
  for (const piece of pieces) {
    const page = pages[pages.length - 1]!;
    const room = page === pages[0] ? available : limit;
    if (page.length > 0 && stackHeight([...page, piece], width, ctx) > room) pages.push([piece]);
    else page.push(piece);
  }
  return pages.map((blocks, index) => {
    const f = index === 0 ? frame : continued;
    return { shapes: [...f.titleShapes, ...placeBlocks(blocks, margin, f.top, width, ctx)], notes };
  });
}

function titleSlide(slide: Slide, theme: Theme): LaidOutSlide {
  const { sizes, margin } = theme.deck;
  const { colors } = theme;
  const notes = slide.notes.join('\n');
  const w = SLIDE.width - 2 * margin - 0.4;
  const x = margin + 0.4;
  const closing = slide.layout === 'closing';
  const titleSize = closing ? sizes.title + 10 : sizes.coverTitle;
  const shapes: SlideShape[] = [
    { kind: 'rect', x: 0, y: 0, w: SLIDE.width, h: 0.12, fill: colors.accent },
    { kind: 'rect', x, y: closing ? 2.9 : 2.3, w: 1.2, h: 0.08, fill: colors.accent },
    { kind: 'text', x, y: closing ? 3.1 : 2.5, w, h: (titleSize * 2 * 1.3) / 72, valign: 'top', paragraphs: [bold(slide.title, titleSize, colors.text)] },
  ];
  const subtitleY = (closing ? 3.1 : 2.5) + (titleSize * 2 * 1.3) / 72 + 0.1;
  if (slide.subtitle) shapes.push({ kind: 'text', x, y: subtitleY, w, h: 0.7, valign: 'top', paragraphs: [plain(slide.subtitle, sizes.subtitle + 4, colors.accent)] });
  const lines = slide.blocks.flatMap((block) => (block.kind === 'paragraph' ? [block.text] : []));
  if (lines.length > 0) {
    shapes.push({ kind: 'rect', x, y: 6.0, w, h: 0.01, fill: colors.rule });
    shapes.push({ kind: 'text', x, y: 6.15, w, h: 0.6, valign: 'top', paragraphs: lines.map((line) => plain(line, sizes.subtitle, colors.muted)) });
  }
  return { shapes, notes };
}

function footer(number: number, title: string, theme: Theme): SlideShape[] {
  const { sizes, margin } = theme.deck;
  const { colors } = theme;
  const size = Math.min(12, sizes.caption);
  return [
    { kind: 'text', x: margin, y: FOOTER_Y, w: 9, h: 0.35, valign: 'middle', paragraphs: [plain(title, size, colors.muted)] },
    { kind: 'text', x: SLIDE.width - margin - 1.5, y: FOOTER_Y, w: 1.5, h: 0.35, valign: 'middle', paragraphs: [plain(String(number), size, colors.muted, 'right')] },
  ];
}
