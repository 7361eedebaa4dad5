/**
 * Card slides: projects in brief, or quotes' sentences, two to four side by side. Layout deals the
 * cards of a `<cards>` element out over as few slides as keep each slide readable at a glance.
 */
import { roleOf, type Card, type CardSet } from '../../model/document.js';
import type { SlideShape, TextParagraph } from '../../model/slides.js';
import { para, paragraphsHeight, strong, type BlockContext } from './blocks.js';
import type { FontFace } from '../text/types.js';
import { boxLines, endsInRunt } from './measure.js';

/**
 * Characters (spaces aside) a card slide carries at most, where the cards allow: what an official
 * reads from a screen in a meeting without reading aloud (issue 10's briefing measure).
 */
const CARD_SLIDE_CHARACTERS = 150;
/** A quote card's sentence, points: as large as the slide's cards allow, never under the smallest. */
const QUOTE_SIZES = [28, 26, 24] as const;

const GAP = 0.3;
const PAD = { x: 0.25, top: 0.3, bottom: 0.25 } as const;
const ACCENT_BAR = 0.06;

/** Four cards stand two by two; fewer in one row. */
const columnsFor = (count: number): number => (count === 4 ? 2 : count);

/** Whether `text`, alone in a text box `width` inches wide, would end on a line holding one character besides punctuation (孤字). */
const endsOnRunt = (text: string, face: FontFace, size: number, width: number): boolean => endsInRunt(boxLines(text, face, size, width));

/** Points of the projects' names on a slide's cards: large, a step or two smaller where that keeps a name's last character company. */
function titleSize(cards: readonly Card[], width: number, ctx: BlockContext): number {
  const sizes = [ctx.sizes.body + 4, ctx.sizes.body + 2, ctx.sizes.body];
  const titles = cards.flatMap((card) => (card.kind === 'project' ? [card.title] : []));
  return sizes.find((size) => titles.every((title) => !endsOnRunt(title, ctx.faces.bold, size, width))) ?? sizes[0]!;
}

function projectParagraphs(card: Extract<Card, { kind: 'project' }>, nameSize: number, ctx: BlockContext): TextParagraph[] {
  const { sizes, colors } = ctx;
  // Set larger than a full slide's list: a card says little, and says it from across the room.
  return [
    strong(card.title, nameSize, colors.text),
    ...(card.subtitle ? [para(card.subtitle, sizes.figureLabel, colors.muted, { spaceBefore: sizes.figureLabel * 0.3 })] : []),
    ...(card.tag ? [strong(card.tag, sizes.table, colors.accent, { spaceBefore: sizes.table * 0.5 })] : []),
    ...card.paragraphs.map((text, index) => para(text, sizes.body, colors.text, { spaceBefore: sizes.body * (index === 0 ? 0.8 : 0.3) })),
    ...card.items.map((item, index) => para(item, sizes.body, colors.text, { bullet: 'bullet', spaceBefore: sizes.body * (index === 0 && card.paragraphs.length === 0 ? 0.8 : 0.3) })),
  ];
}

function quoteParagraphs(card: Extract<Card, { kind: 'quote' }>, size: number, ctx: BlockContext): TextParagraph[] {
  const { sizes, colors } = ctx;
  const role = roleOf(card);
  const attribution: TextParagraph = {
    ...para('', sizes.table, colors.muted, { spaceBefore: size * 0.6 }),
    runs: [...(card.speaker ? [{ text: card.speaker, color: colors.text, bold: true }] : []), ...(role ? [{ text: `${card.speaker ? '　' : ''}${role}`, color: colors.muted }] : [])],
  };
  return [
    ...card.paragraphs.map((text, index) => para(text, size, colors.text, { spaceBefore: index === 0 ? 0 : size * 0.4 })),
    ...(attribution.runs.length > 0 ? [attribution] : []),
  ];
}

/** Points of what a slide's cards set large: the projects' names, the quotes' sentences. */
interface CardSizes {
  readonly name: number;
  readonly quote: number;
}

const paragraphsOf = (card: Card, sizes: CardSizes, ctx: BlockContext): TextParagraph[] =>
  card.kind === 'project' ? projectParagraphs(card, sizes.name, ctx) : quoteParagraphs(card, sizes.quote, ctx);

/** Characters a card shows, spaces aside. */
function characters(card: Card, ctx: BlockContext): number {
  const text = paragraphsOf(card, { name: ctx.sizes.body, quote: QUOTE_SIZES[0] }, ctx).flatMap((p) => p.runs.map((run) => run.text)).join('');
  return [...text.replace(/\s/g, '')].length;
}

interface Arranged {
  readonly columns: number;
  readonly cardWidth: number;
  readonly cardHeight: number;
  readonly sizes: CardSizes;
  /** Whether all rows, with their gaps, fit the room. */
  readonly fits: boolean;
}

/**
 * The cards of one slide at the largest quote size at which they fit `room`, else the smallest. A
 * sentence that would end on a lone character is mended as every text box's is (measure.ts withoutRunts).
 */
function arrange(cards: readonly Card[], width: number, room: number, ctx: BlockContext): Arranged {
  const columns = columnsFor(cards.length);
  const rows = Math.ceil(cards.length / columns);
  const cardWidth = (width - GAP * (columns - 1)) / columns;
  const name = titleSize(cards, cardWidth - 2 * PAD.x, ctx);
  const quoteSizes = cards.some((card) => card.kind === 'quote') ? QUOTE_SIZES : QUOTE_SIZES.slice(0, 1);
  const at = (quote: number): Arranged => {
    const sizes = { name, quote };
    const text = Math.max(...cards.map((card) => paragraphsHeight(paragraphsOf(card, sizes, ctx), cardWidth - 2 * PAD.x, ctx)));
    const cardHeight = PAD.top + text + PAD.bottom;
    return { columns, cardWidth, cardHeight, sizes, fits: rows * cardHeight + (rows - 1) * GAP <= room };
  };
  const tried = quoteSizes.map(at);
  return tried.find((arranged) => arranged.fits) ?? tried.at(-1)!;
}

/**
 * The first `count` cards split in order into `groups` slides of `least` to `most` cards that each
 * pass `fits`, the heaviest slide (in characters) as light as it can be; undefined when there is no such split.
 */
function inOrder(weights: readonly number[], groups: number, least: number, most: number, fits: (from: number, to: number) => boolean): number[][] | undefined {
  const count = weights.length;
  const weightOf = (from: number, to: number): number => weights.slice(from, to).reduce((a, b) => a + b, 0);
  // heaviest[g][i]: over splits of the first i cards into g slides, the lightest heaviest slide; start[g][i]: where the last slide starts.
  const heaviest = Array.from({ length: groups + 1 }, () => new Array<number>(count + 1).fill(Infinity));
  const start = Array.from({ length: groups + 1 }, () => new Array<number>(count + 1).fill(-1));
  heaviest[0]![0] = 0;
  for (let g = 1; g <= groups; g++) {
    for (let end = 1; end <= count; end++) {
      for (let size = least; size <= Math.min(most, end); size++) {
        const from = end - size;
        const before = heaviest[g - 1]![from]!;
        if (before === Infinity || !fits(from, end)) continue;
        const value = Math.max(before, weightOf(from, end));
        if (value < heaviest[g]![end]!) [heaviest[g]![end], start[g]![end]] = [value, from];
      }
    }
  }
  if (heaviest[groups]![count] === Infinity) return undefined;
  const split: number[][] = [];
  for (let g = groups, end = count; g > 0; end = start[g]![end]!, g--) split.unshift(Array.from({ length: end - start[g]![end]! }, (_, i) => start[g]![end]! + i));
  return split;
}

/**
 * The cards dealt to `groups` slides, heaviest first, back and forth (the heaviest with the lightest):
 * slides even in characters when no split in order is. Each slide keeps the cards' order.
 */
function dealtEvenly(weights: readonly number[], groups: number): number[][] {
  const order = weights.map((_, index) => index).sort((a, b) => weights[b]! - weights[a]! || a - b);
  const dealt = Array.from({ length: groups }, (): number[] => []);
  order.forEach((index, position) => {
    const slot = position % groups;
    dealt[Math.floor(position / groups) % 2 === 0 ? slot : groups - 1 - slot]!.push(index);
  });
  return dealt.map((group) => group.sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
}

/**
 * The cards of a card set, slide by slide: on as few slides as it takes, each with two cards or more
 * and at most `perSlide`, fitting `room` and within CARD_SLIDE_CHARACTERS. The cards keep their order
 * where a split in order allows; else they are dealt out evenly. When the characters cannot be kept
 * within the measure the slides only fit; a card too tall for a slide even alone stands alone.
 */
export function dealCards(set: CardSet, width: number, room: number, ctx: BlockContext): Card[][] {
  const { cards, perSlide } = set;
  const weights = cards.map((card) => characters(card, ctx));
  const fitted = new Map<string, boolean>();
  const fitsRoom = (group: readonly number[]): boolean => {
    const key = group.join(',');
    let fits = fitted.get(key);
    if (fits === undefined) fitted.set(key, (fits = arrange(group.map((i) => cards[i]!), width, room, ctx).fits));
    return fits;
  };
  const readable = (group: readonly number[]): boolean => group.reduce((sum, i) => sum + weights[i]!, 0) <= CARD_SLIDE_CHARACTERS && fitsRoom(group);
  const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
  const least = Math.min(2, cards.length);
  const tries = [
    { fits: readable, least },
    { fits: fitsRoom, least },
    { fits: fitsRoom, least: 1 },
  ];
  for (const { fits, least: fewest } of tries) {
    for (let groups = Math.ceil(cards.length / perSlide); groups * fewest <= cards.length; groups++) {
      const split =
        inOrder(weights, groups, fewest, perSlide, (from, to) => fits(range(from, to))) ??
        [dealtEvenly(weights, groups)].find((dealt) => dealt.every((group) => group.length >= fewest && group.length <= perSlide && fits(group)));
      if (split) return split.map((group) => group.map((i) => cards[i]!));
    }
  }
  return cards.map((card) => [card]);
}

/** The shapes of one slide's cards, from (x, y) across `width`: a panel each, its accent, its text. */
export function drawCards(cards: readonly Card[], x: number, y: number, width: number, room: number, ctx: BlockContext): SlideShape[] {
  // A card too tall for the slide even alone is set at the smallest size; the layout check reports it.
  const arranged = arrange(cards, width, room, ctx);
  const { columns } = arranged;
  const { colors } = ctx;
  return cards.flatMap((card, index): SlideShape[] => {
    const left = x + (index % columns) * (arranged.cardWidth + GAP);
    const top = y + Math.floor(index / columns) * (arranged.cardHeight + GAP);
    const w = arranged.cardWidth;
    const h = arranged.cardHeight;
    // A project card is marked along its top, like a key figure; a quote along its side, like a quote block.
    const accent: SlideShape = card.kind === 'project' ? { kind: 'rect', x: left, y: top, w, h: ACCENT_BAR, fill: colors.accent } : { kind: 'rect', x: left, y: top, w: ACCENT_BAR, h, fill: colors.accent };
    return [
      { kind: 'rect', x: left, y: top, w, h, fill: colors.panel },
      accent,
      { kind: 'text', x: left + PAD.x, y: top + PAD.top, w: w - 2 * PAD.x, h: h - PAD.top - PAD.bottom, valign: 'top', paragraphs: paragraphsOf(card, arranged.sizes, ctx) },
    ];
  });
}
