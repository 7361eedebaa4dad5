/**
 * layout: Deck → laid-out 16:9 slides. Content is measured with the real font; text that does not
 * fit steps down to the theme's minimum size, then continues on a slide titled "（续）".
 */
import { contentDigest } from '../../cache/disk.js';
import { keptFaceName, keptResults, writtenAfterLayout } from '../../cache/kept.js';
import { identityOf, memo, memosAnswer } from '../../cache/memo.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Block, CardSet, Deck, Slide } from '../../model/document.js';
import type { LaidOutDeck, LaidOutSlide, SlideShape } from '../../model/slides.js';
import type { Theme } from '../../model/theme.js';
import { dealCards, drawCards } from './cards.js';
import { blockHeight, drawBlock, FIGURE_FLOOR, firstUnitText, para, splitBlock, strong, unitCount, type BlockContext, type DeckSizes } from './blocks.js';
import { countLines, INSET_Y, linesHeight, withoutRunts, type DeckFaces } from './measure.js';

export const SLIDE = { width: 13.333, height: 7.5 } as const;
const BLOCK_GAP = 0.25;
/** Where the footer (document title, slide number) starts, inches: content ends above it. */
export const FOOTER_Y = 7.0;

/** Where a text stands in the content file, found by its opening characters; undefined when it is not there (template text). */
export type Locate = (text: string) => { readonly file: string; readonly line: number; readonly column: number } | undefined;

export interface DeckLayoutOptions {
  /** Points a warning about a text at content.yaml; without it warnings name the slide only. */
  readonly locate?: Locate;
}

/** A slide of the document laid out: its slides, and each text set alone that runs past them, by the part it is on. */
interface LaidOutPart {
  readonly slides: readonly LaidOutSlide[];
  readonly tooLong: readonly { readonly text: string; readonly part: number }[];
}

/**
 * Slides already laid out, least recently used first out: a rebuild after an edit lays out again
 * only the slides it changed. Keyed by the slide, the theme and the faces (the same objects while
 * their fonts are, see load/fonts.ts); a slide showing a picture is laid out every time rather
 * than its bytes spelt out in a key.
 */
const REMEMBERED_SLIDES = 500;
const laidOutSlides = memo<LaidOutPart>(REMEMBERED_SLIDES);

/**
 * Slides laid out by processes before this one (cache/kept.ts), by a digest of the faces, the theme
 * and the slide (spelt out, the theme alone would be half the entry, read and written whole by every
 * build that lays out a slide): a build after an edit elsewhere (a paragraph only the report shows)
 * lays out none again. At most some dozens of decks' slides (a slide is a few KB): every edit of a
 * slide adds one, and the entry would otherwise grow to thousands.
 */
const KEPT_SLIDES = 400;
const keptSlides = writtenAfterLayout(keptResults<LaidOutPart>('deck-slides', ['layout/deck', 'layout/text', 'layout/grid', 'model/document'], [], KEPT_SLIDES));

/** A slide laid out, its text boxes narrowed where a line would end in a runt. */
function layoutSlide(slide: Slide, theme: Theme, faces: DeckFaces): LaidOutPart {
  const { slides, tooLong } = slideParts(slide, theme, faces);
  return { slides: slides.map((part) => ({ ...part, shapes: part.shapes.map((shape) => withoutRuntLines(shape, faces)) })), tooLong };
}

function slideParts(slide: Slide, theme: Theme, faces: DeckFaces): LaidOutPart {
  if (slide.layout !== 'content') return { slides: [titleSlide(slide, theme, faces)], tooLong: [] };
  if (slide.cards) return { slides: cardSlides(slide, slide.cards, theme, faces), tooLong: [] };
  const tooLong: { text: string; part: number }[] = [];
  return { slides: fitContent(slide, theme, faces, (text, part) => tooLong.push({ text, part })), tooLong };
}

const withoutRuntLines = (shape: SlideShape, faces: DeckFaces): SlideShape => (shape.kind === 'text' ? withoutRunts(shape, faces) : shape);

/** How slides are named among those remembered: by the faces (this process's objects; on disk, their fonts) and the theme. */
interface SlideSettings {
  readonly remembered: string;
  readonly kept: string | undefined;
}

function slideSettings(theme: Theme, faces: DeckFaces): SlideSettings {
  const themed = JSON.stringify(theme);
  const faceNames = [keptFaceName(faces.regular), keptFaceName(faces.bold)];
  return {
    remembered: `${identityOf(faces.regular)},${identityOf(faces.bold)}|${themed}`,
    kept: memosAnswer() && faceNames.every((name) => name !== undefined) ? JSON.stringify([faceNames, themed]) : undefined,
  };
}

/** A slide as laid out before, in this process or (kept on disk) a process before it, or laid out now. */
function rememberedSlide(slide: Slide, theme: Theme, faces: DeckFaces, settings: SlideSettings): LaidOutPart {
  const slideText = JSON.stringify(slide);
  return laidOutSlides(`${settings.remembered}|${slideText}`, () => {
    const diskKey = settings.kept === undefined ? undefined : contentDigest(`${settings.kept}|${slideText}`);
    return keptSlides.resultFor(diskKey, () => layoutSlide(slide, theme, faces));
  });
}

/** Footers already set (their boxes narrowed where a line would end in a runt), as slides are: in this process, and on disk by a digest. */
const footers = memo<readonly SlideShape[]>(REMEMBERED_SLIDES);
const keptFooters = writtenAfterLayout(keptResults<readonly SlideShape[]>('deck-footers', ['layout/deck', 'layout/text', 'layout/grid', 'model/document']));

function rememberedFooter(number: number, title: string, theme: Theme, faces: DeckFaces, settings: SlideSettings): readonly SlideShape[] {
  const named = JSON.stringify([number, title]);
  return footers(`${settings.remembered}|${named}`, () => {
    const diskKey = settings.kept === undefined ? undefined : contentDigest(`${settings.kept}|${named}`);
    return keptFooters.resultFor(diskKey, () => footer(number, title, theme).map((shape) => withoutRuntLines(shape, faces)));
  });
}

/** A text set alone that runs past its slide's text area: what a warning says, before it is pointed at the content. */
export interface Overflow {
  readonly text: string;
  /** The title of the document's slide it is on. */
  readonly title: string;
  /** The number of the laid-out slide it is on. */
  readonly slide: number;
}

/**
 * The deck laid out, its overflows not yet pointed at the content file: a function of the
 * document's deck, the theme and the faces alone, so it can be kept between builds (cache/deck.ts).
 */
export interface DeckWithOverflows extends Omit<LaidOutDeck, 'warnings'> {
  readonly overflows: readonly Overflow[];
}

export function layoutDeck(deck: Deck, theme: Theme, faces: DeckFaces, options: DeckLayoutOptions = {}): LaidOutDeck {
  return withWarnings(layoutSlides(deck, theme, faces), theme, options);
}

export function layoutSlides(deck: Deck, theme: Theme, faces: DeckFaces): DeckWithOverflows {
  const slides: LaidOutSlide[] = [];
  const overflows: Overflow[] = [];
  const settings = slideSettings(theme, faces);
  for (const slide of deck.slides) {
    const pictured = slide.blocks.some((block) => block.kind === 'image');
    const laid = pictured ? layoutSlide(slide, theme, faces) : rememberedSlide(slide, theme, faces, settings);
    const first = slides.length + 1;
    for (const { text, part } of laid.tooLong) overflows.push({ text, title: slide.title, slide: first + part });
    slides.push(...laid.slides);
  }
  const numbered = slides.map((slide, index) => (index === 0 ? slide : { ...slide, shapes: [...slide.shapes, ...rememberedFooter(index + 1, deck.meta.title, theme, faces, settings)] }));
  return { width: SLIDE.width, height: SLIDE.height, slides: numbered, overflows };
}

/** The laid-out deck with a warning for each overflow, at the content's line where `locate` finds its text. */
export function withWarnings({ overflows, ...laid }: DeckWithOverflows, theme: Theme, options: DeckLayoutOptions = {}): LaidOutDeck {
  return { ...laid, warnings: overflows.map((overflow) => tooLong(overflow, theme, options.locate)) };
}

/** Characters of a text a warning quotes, and the number it looks for in the content file. */
const QUOTED = 20;
const LOOKED_UP = 12;

function tooLong({ text, title, slide: slideNumber }: Overflow, theme: Theme, locate: Locate | undefined): Diagnostic {
  const chars = [...text.trim()];
  const quoted = chars.slice(0, QUOTED).join('') + (chars.length > QUOTED ? '…' : '');
  const place = locate?.(chars.slice(0, LOOKED_UP).join('')) ?? { file: `slide ${slideNumber}`, line: 0, column: 0 };
  return {
    severity: 'warning',
    ...place,
    path: '',
    message: `slide ${slideNumber} "${title}": "${quoted}" does not fit on a slide even alone at the minimum size (${theme.deck.sizes.minimum} pt) and runs past the slide's text area`,
    hint: 'shorten it, or split it into several paragraphs or items',
  };
}

/**
 * Sizes after `step` steps down: text first, by 2 pt a step to the theme's minimum; then big
 * numbers, by 8 pt a step to their floor (they stay large while text can still give room).
 */
function sizesAt(theme: Theme, step: number): DeckSizes {
  const { sizes } = theme.deck;
  const down = (base: number, floor: number, by: number, steps: number): number => Math.max(Math.min(base, floor), base - by * Math.max(0, steps));
  const text = (base: number): number => down(base, sizes.minimum, 2, step);
  const textSteps = Math.ceil((Math.max(sizes.body, sizes.table, sizes.quote) - sizes.minimum) / 2);
  return { body: text(sizes.body), table: text(sizes.table), quote: text(sizes.quote), caption: sizes.caption, figure: down(sizes.figure, FIGURE_FLOOR, 8, step - textSteps), figureLabel: sizes.figureLabel };
}

const sameSizes = (a: DeckSizes, b: DeckSizes): boolean => (Object.keys(a) as (keyof DeckSizes)[]).every((key) => a[key] === b[key]);

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
    { kind: 'text', x, y: 0.45, w, h: titleHeight, valign: 'top', paragraphs: [strong(title, size, colors.text)] },
  ];
  let top = 0.45 + titleHeight;
  if (subtitle) {
    const subHeight = linesHeight(countLines(subtitle, faces.regular, sizes.subtitle, w), sizes.subtitle) + 0.1;
    shapes.push({ kind: 'text', x, y: top, w, h: subHeight, valign: 'top', paragraphs: [para(subtitle, sizes.subtitle, colors.muted)] });
    top += subHeight;
  }
  shapes.push({ kind: 'rect', x: margin, y: top + 0.12, w: SLIDE.width - 2 * margin, h: 0.01, fill: colors.rule });
  return { top: top + 0.35, titleShapes: shapes };
}

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

/**
 * Heights of blocks and parts of blocks, kept per context and width: balancing flows the same
 * blocks over a slide's pages many times (parts stay the same objects, see `split`).
 */
const measured = new WeakMap<BlockContext, WeakMap<Block, Map<number, number>>>();
function heightOf(block: Block, width: number, ctx: BlockContext): number {
  let byBlock = measured.get(ctx);
  if (!byBlock) measured.set(ctx, (byBlock = new WeakMap()));
  let byWidth = byBlock.get(block);
  if (!byWidth) byBlock.set(block, (byWidth = new Map()));
  let height = byWidth.get(width);
  if (height === undefined) byWidth.set(width, (height = blockHeight(block, width, ctx)));
  return height;
}

const splits = new WeakMap<Block, Map<number, [Block, Block]>>();
/** splitBlock, giving the same parts for the same block and count. */
function split(block: Block, count: number): [Block, Block] {
  let byCount = splits.get(block);
  if (!byCount) splits.set(block, (byCount = new Map()));
  let parts = byCount.get(count);
  if (!parts) byCount.set(count, (parts = splitBlock(block, count)));
  return parts;
}

const columnHeight = (blocks: readonly Block[], width: number, ctx: BlockContext): number =>
  blocks.reduce((sum, block, index) => sum + heightOf(block, width, ctx) + (index > 0 ? BLOCK_GAP : 0), 0);

function stackHeight(blocks: readonly Block[], width: number, ctx: BlockContext): number {
  return Math.max(...columns(blocks, width).map((column) => columnHeight(column.blocks, column.width, ctx)));
}

function placeBlocks(blocks: readonly Block[], x: number, top: number, width: number, ctx: BlockContext): SlideShape[] {
  return columns(blocks, width).flatMap((column) => {
    let y = top;
    return column.blocks.flatMap((block) => {
      const shapes = drawBlock(block, x + column.x, y, column.width, ctx);
      y += heightOf(block, column.width, ctx) + BLOCK_GAP;
      return shapes;
    });
  });
}

/**
 * Key figures given one by one, set as one row of figures where the first of them stood: what a
 * slide does with them when they do not fit one above the other in its sidebar.
 */
function figuresInARow(blocks: readonly Block[]): readonly Block[] {
  const single = blocks.filter((b) => b.kind === 'figures' && b.items.length === 1);
  if (single.length < 2) return blocks;
  const row: Block = { kind: 'figures', items: single.flatMap((b) => (b.kind === 'figures' ? b.items : [])) };
  return blocks.flatMap((b) => (b === single[0] ? [row] : single.includes(b) ? [] : [b]));
}

/**
 * A content slide: at the largest sizes at which everything fits (with single key figures in a
 * sidebar, else in a row), else at the minimum size over as many slides as it takes, titled
 * "（续）" after the first. Blocks flow in order; a list, table, quote, facts or figures block that
 * does not fit the room left is split between its items, rows or paragraphs, and the slides are
 * filled evenly (see balancedFlow). A unit that does not fit an empty slide is set alone and
 * reported to `warn`.
 */
function fitContent(slide: Slide, theme: Theme, faces: DeckFaces, warn: (text: string, part: number) => void): LaidOutSlide[] {
  const { margin } = theme.deck;
  const width = SLIDE.width - 2 * margin;
  const notes = notesParagraphs(slide.notes);
  const frame = titleFrame(slide.title, slide.subtitle, theme, faces);
  const available = FOOTER_Y - 0.2 - frame.top;
  // One context per set of sizes: heights are remembered per context (heightOf), and the two
  // arrangements and the continued slides measure at sizes already tried.
  const contexts = new Map<string, BlockContext>();
  const contextAt = (step: number): BlockContext => {
    const sizes = sizesAt(theme, step);
    const key = JSON.stringify(sizes);
    let ctx = contexts.get(key);
    if (!ctx) contexts.set(key, (ctx = { faces, sizes, colors: theme.colors }));
    return ctx;
  };

  // The row only when there is one to try: with a single key figure it is the same blocks again.
  const row = figuresInARow(slide.blocks);
  const arrangements = arrangement(slide.blocks) === 'sidebar' && row !== slide.blocks ? [slide.blocks, row] : [slide.blocks];
  for (const blocks of arrangements) {
    for (let step = 0; ; step++) {
      const ctx = contextAt(step);
      if (stackHeight(blocks, width, ctx) <= available) {
        return [{ shapes: [...frame.titleShapes, ...placeBlocks(blocks, margin, frame.top, width, ctx)], notes }];
      }
      if (sameSizes(sizesAt(theme, step + 1), ctx.sizes)) break;
    }
  }

  // At the minimum size and still too long: continue on further slides.
  const ctx = contextAt(Number.MAX_SAFE_INTEGER);
  const continued = titleFrame(`${slide.title}（续）`, slide.subtitle, theme, faces);
  const limit = FOOTER_Y - 0.2 - continued.top;
  const room = (page: number): number => (page === 0 ? available : limit);
  const blocks = arrangements.at(-1)!;
  let pages: Block[][];
  if (arrangement(blocks) === 'columns') {
    // Two lists side by side: each goes on in its own column.
    const column = (width - COLUMN_GAP) / 2;
    const flows = blocks.map((block) => balancedFlow([block], [], (part) => columnHeight(part, column, ctx), room, warn));
    pages = Array.from({ length: Math.max(...flows.map((f) => f.length)) }, (_, page) => flows.flatMap((f) => f[page] ?? []));
  } else {
    // A single key figure beside the text stays in the first slide's sidebar, if it fits there.
    const figure: readonly Block[] = arrangement(blocks) === 'sidebar' ? blocks.filter((b) => b.kind === 'figures') : [];
    const sidebar = columnHeight(figure, SIDEBAR_WIDTH, ctx) <= available ? figure : [];
    const flow = blocks.filter((b) => !sidebar.includes(b));
    pages = balancedFlow(flow, sidebar, (part) => stackHeight(part, width, ctx), room, warn);
  }
  return pages.map((onPage, index) => {
    const f = index === 0 ? frame : continued;
    return { shapes: [...f.titleShapes, ...placeBlocks(onPage, margin, f.top, width, ctx)], notes };
  });
}

/**
 * A card slide: its cards dealt out over as many slides as they take (titled "（续）" after the
 * first), each slide's notes the slide's own (on the first) and those of the cards it shows.
 */
function cardSlides(slide: Slide, set: CardSet, theme: Theme, faces: DeckFaces): LaidOutSlide[] {
  const { margin } = theme.deck;
  const width = SLIDE.width - 2 * margin;
  const first = titleFrame(slide.title, slide.subtitle, theme, faces);
  const continued = titleFrame(`${slide.title}（续）`, slide.subtitle, theme, faces);
  const room = FOOTER_Y - 0.2 - Math.max(first.top, continued.top);
  const ctx: BlockContext = { faces, sizes: sizesAt(theme, 0), colors: theme.colors };
  return dealCards(set, width, room, ctx).map((cards, index) => {
    const frame = index === 0 ? first : continued;
    return {
      shapes: [...frame.titleShapes, ...drawCards(cards, margin, frame.top, width, room, ctx)],
      notes: notesParagraphs([...(index === 0 ? slide.notes : []), ...cards.flatMap((card) => card.notes)]),
    };
  });
}

/** A unit of a block set alone because it does not fit an empty slide. */
interface Forced {
  readonly text: string;
  readonly page: number;
}

interface Flowed {
  readonly pages: Block[][];
  readonly forced: readonly Forced[];
}

/**
 * Flows the blocks over as few slides as greedy filling takes, then fills those slides evenly:
 * first the smallest share of each slide's room that still gives as many slides (and no more units
 * set alone), then each slide in turn takes an even share of what is left, within that. So a list
 * of 22 items goes 7 + 7 + 8, not 8 + 8 + 6, and no continuation slide carries a line or two while
 * the slide before it is full.
 */
function balancedFlow(
  flow: readonly Block[],
  first: readonly Block[],
  height: (blocks: readonly Block[]) => number,
  room: (page: number) => number,
  warn: (text: string, page: number) => void,
): Block[][] {
  const flowAt = (share: (page: number) => number): Flowed => flowBlocks(flow, first, (blocks, page) => height(blocks) <= room(page) * share(page));
  const greedy = flowAt(() => 1);
  const pageCount = greedy.pages.length;
  const asGood = (trial: Flowed): boolean => trial.pages.length === pageCount && trial.forced.length === greedy.forced.length;
  let best = greedy;
  let [low, high] = [0, 1];
  for (let i = 0; pageCount > 1 && i < BALANCE_STEPS; i++) {
    const share = (low + high) / 2;
    const trial = flowAt(() => share);
    if (asGood(trial)) [high, best] = [share, trial];
    else low = share;
  }
  const shares: number[] = [];
  for (let page = 0; page < pageCount - 1; page++) {
    const even = Math.min(high, height(best.pages.slice(page).flat()) / (pageCount - page) / room(page));
    const trial = flowAt((p) => (p < page ? shares[p]! : p === page ? even : high));
    const taken = asGood(trial);
    shares.push(taken ? even : high);
    if (taken) best = trial;
  }
  for (const unit of best.forced) warn(unit.text, unit.page);
  return best.pages;
}

/** Halvings in the search for the even fill: the slides' fill is then even to within 1/64 of a slide. */
const BALANCE_STEPS = 6;

/** The largest n in 0…max for which `fits(n)` holds, `fits` holding for every n up to some point (a block's first n units fit). */
function mostThatFit(max: number, fits: (n: number) => boolean): number {
  let [low, high] = [0, max];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** A split block leaves at least this many units on each side, when it has twice as many; a shorter one goes on whole. */
const MIN_PART = 3;

/**
 * Fills pages with `flow` in order, the first page starting with `first`: a block that does not fit
 * the room left gives the page as many of its units as fit and goes on on the next, neither part
 * shorter than MIN_PART units; a block of fewer than twice MIN_PART units goes to the next page
 * whole, and is split only where an empty page cannot take it. A unit that does not fit an empty
 * page is set alone and returned in `forced`.
 */
function flowBlocks(flow: readonly Block[], first: readonly Block[], fits: (blocks: readonly Block[], page: number) => boolean): Flowed {
  const pages: Block[][] = [[...first]];
  const forced: Forced[] = [];
  let page = pages[0]!;
  const fitsHere = (block: Block): boolean => fits([...page, block], pages.length - 1);
  const nextPage = (): void => void pages.push((page = []));
  for (const block of flow) {
    let rest: Block | undefined = block;
    while (rest) {
      if (fitsHere(rest)) {
        page.push(rest);
        rest = undefined;
        continue;
      }
      const units = unitCount(rest);
      // A short block (a list of four) is not split while an empty slide could take it whole.
      const part = page.length === 0 ? 1 : units >= 2 * MIN_PART ? MIN_PART : units;
      const block = rest;
      const count = mostThatFit(units - part, (n) => fitsHere(split(block, n)[0]));
      if (count >= part || (count > 0 && page.length === 0)) {
        const [head, tail] = split(rest, count);
        page.push(head);
        rest = tail;
        nextPage();
      } else if (page.length > 0) {
        nextPage();
      } else {
        // Not even its first unit fits an empty page: set that unit alone, and say so.
        const [unit, tail]: [Block, Block | undefined] = units > 1 ? split(rest, 1) : [rest, undefined];
        forced.push({ text: firstUnitText(unit), page: pages.length - 1 });
        page.push(unit);
        rest = tail;
        nextPage();
      }
    }
  }
  if (page.length === 0 && pages.length > 1) pages.pop();
  return { pages, forced };
}

function titleSlide(slide: Slide, theme: Theme, faces: DeckFaces): LaidOutSlide {
  const { sizes, margin } = theme.deck;
  const { colors } = theme;
  const notes = notesParagraphs(slide.notes);
  const w = SLIDE.width - 2 * margin - 0.4;
  const x = margin + 0.4;
  const closing = slide.layout === 'closing';
  // The title takes two lines at most where it can, shrinking towards the subtitle's size.
  let titleSize = closing ? sizes.title + 10 : sizes.coverTitle;
  while (titleSize > sizes.subtitle + 4 && countLines(slide.title, faces.bold, titleSize, w) > 2) titleSize -= 2;
  const boxHeight = (text: string, face: DeckFaces['regular'], size: number): number => linesHeight(countLines(text, face, size, w), size) + 2 * INSET_Y;
  const titleHeight = boxHeight(slide.title, faces.bold, titleSize);
  const subtitleSize = sizes.subtitle + 4;
  const subtitleHeight = slide.subtitle ? boxHeight(slide.subtitle, faces.regular, subtitleSize) + 0.1 : 0;
  const lines = slide.blocks.flatMap((block) => (block.kind === 'paragraph' ? [block.text] : []));
  // Title and subtitle end above the rule over the closing lines (6.0 in), moving up if they must.
  const bottom = lines.length > 0 ? 5.85 : FOOTER_Y - 0.2;
  const top = Math.max(0.4, Math.min(closing ? 3.1 : 2.5, bottom - titleHeight - subtitleHeight));
  const shapes: SlideShape[] = [
    { kind: 'rect', x: 0, y: 0, w: SLIDE.width, h: 0.12, fill: colors.accent },
    { kind: 'rect', x, y: top - 0.2, w: 1.2, h: 0.08, fill: colors.accent },
    { kind: 'text', x, y: top, w, h: titleHeight, valign: 'top', paragraphs: [strong(slide.title, titleSize, colors.text)] },
  ];
  if (slide.subtitle) {
    shapes.push({ kind: 'text', x, y: top + titleHeight + 0.1, w, h: subtitleHeight - 0.1, valign: 'top', paragraphs: [para(slide.subtitle, subtitleSize, colors.accent)] });
  }
  if (lines.length > 0) {
    const height = lines.reduce((sum, line) => sum + boxHeight(line, faces.regular, sizes.subtitle) - 2 * INSET_Y, 2 * INSET_Y);
    shapes.push({ kind: 'rect', x, y: 6.0, w, h: 0.01, fill: colors.rule });
    shapes.push({ kind: 'text', x, y: 6.15, w, h: Math.max(0.6, height), valign: 'top', paragraphs: lines.map((line) => para(line, sizes.subtitle, colors.muted)) });
  }
  return { shapes, notes };
}

/** The slide's speaker notes as paragraphs: a line break inside one starts another. */
const notesParagraphs = (notes: readonly string[]): string[] => notes.flatMap((note) => note.split(/\r?\n/));

function footer(number: number, title: string, theme: Theme): SlideShape[] {
  const { sizes, margin } = theme.deck;
  const { colors } = theme;
  const size = Math.min(12, sizes.caption);
  return [
    { kind: 'text', x: margin, y: FOOTER_Y, w: 9, h: 0.35, valign: 'middle', paragraphs: [para(title, size, colors.muted)] },
    { kind: 'text', x: SLIDE.width - margin - 1.5, y: FOOTER_Y, w: 1.5, h: 0.35, valign: 'middle', paragraphs: [para(String(number), size, colors.muted, { align: 'right' })] },
  ];
}
