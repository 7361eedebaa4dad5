/**
 * The deck kept whole between builds (whole.ts): laid out and verified, and its outputs (the .pptx
 * and the handout PDF). Most edits touch only the report (a paragraph of the narrative); the deck is
 * then made from the same inputs as before, and a build neither lays it out nor renders it again.
 * Everything is named by deckSourceOf, a digest of all the deck is made from: the document's deck as
 * compose made it (its pictures by their bytes), the theme and the deck's faces (their fonts by
 * their bytes); the outputs also by their date and options.
 */
import { layoutSlides, type DeckWithOverflows } from '../layout/deck/deck.js';
import { verifyDeck, type DeckViolation } from '../layout/deck/verify.js';
import type { LoadedFace } from '../load/fonts.js';
import type { Deck } from '../model/document.js';
import type { SlideShape } from '../model/slides.js';
import type { Theme } from '../model/theme.js';
import { bytesDigest, cacheKey } from './disk.js';
import { keptOutputs, makers, speltBlocks, speltFace, WholeStore } from './whole.js';

/** The deck's two faces, as the project loads them: their fonts' bytes are part of what the deck is made from. */
export interface DeckFontFaces {
  readonly regular: LoadedFace;
  readonly bold: LoadedFace;
}

/** A digest of everything the deck, laid out, is made from (but jianbao's code: see deckMakers). */
export function deckSourceOf(deck: Deck, theme: Theme, faces: DeckFontFaces): string {
  const composed = { meta: deck.meta, slides: deck.slides.map((slide) => ({ ...slide, blocks: speltBlocks(slide.blocks) })) };
  return cacheKey('deck', JSON.stringify(composed), JSON.stringify(theme), JSON.stringify([faces.regular, faces.bold].map(speltFace)));
}

/**
 * What the deck's entries on disk are made with besides their source: jianbao's code that lays
 * out and renders the deck (and build, which gives the renderers their options), and the packages it uses.
 */
const deckMakers = makers(
  ['build', 'cache/deck', 'cache/fonts', 'cache/kept', 'cache/memo', 'cache/whole', 'layout/grid', 'layout/deck', 'layout/text', 'load/fonts', 'model', 'render/pptx', 'render/handout', 'render/pdf'],
  ['fontkit', 'linebreak', 'pdfkit', 'pptxgenjs', 'subset-font', ['harfbuzzjs', 'subset-font']],
);

/** A laid-out deck and what verifyDeck finds wrong with it: both functions of its source alone. */
export interface VerifiedDeck {
  readonly deck: DeckWithOverflows;
  readonly violations: readonly DeckViolation[];
}

const laidOutDecks = new WholeStore<VerifiedDeck>('laid-out-decks', deckMakers);

/** The deck laid out and verified: remembered from the last build, kept on disk by an earlier process, or done now. */
export function keptLayout(source: string, deck: Deck, theme: Theme, faces: DeckFontFaces): VerifiedDeck {
  const found = laidOutDecks.find(source, (stored) => restored(stored, deck));
  if (found) return found;
  const laidOut = layoutSlides(deck, theme, faces);
  const verified = { deck: laidOut, violations: verifyDeck(laidOut, faces) };
  laidOutDecks.keep(source, verified, storedForm);
  return verified;
}

/** A verified deck as JSON, each picture by the digest of its bytes (the document's deck holds them). */
function storedForm({ deck, violations }: VerifiedDeck): Buffer {
  const slides = deck.slides.map((slide) => ({ ...slide, shapes: slide.shapes.map((shape) => (shape.kind === 'image' ? { ...shape, data: bytesDigest(shape.data) } : shape)) }));
  return Buffer.from(JSON.stringify({ deck: { ...deck, slides }, violations }), 'utf8');
}

/** A verified deck read back, its pictures' bytes from the document's deck; undefined if one is not there. */
function restored(stored: Buffer, deck: Deck): VerifiedDeck | undefined {
  const pictures = new Map(deck.slides.flatMap((slide) => slide.blocks.flatMap((block) => (block.kind === 'image' ? [[bytesDigest(block.picture.data), block.picture.data] as const] : []))));
  type StoredShape = Exclude<SlideShape, { kind: 'image' }> | (Omit<Extract<SlideShape, { kind: 'image' }>, 'data'> & { readonly data: string });
  type StoredSlide = { readonly shapes: readonly StoredShape[]; readonly notes: readonly string[] };
  const read = JSON.parse(stored.toString('utf8')) as Omit<VerifiedDeck, 'deck'> & { readonly deck: Omit<DeckWithOverflows, 'slides'> & { readonly slides: readonly StoredSlide[] } };
  const withBytes = (shape: StoredShape): SlideShape | undefined => {
    if (shape.kind !== 'image') return shape;
    const data = pictures.get(shape.data);
    return data && { ...shape, data };
  };
  const slides = read.deck.slides.map((slide) => ({ ...slide, shapes: slide.shapes.map(withBytes) }));
  if (slides.some((slide) => slide.shapes.includes(undefined))) return undefined;
  return { ...read, deck: { ...read.deck, slides: slides as DeckWithOverflows['slides'] } };
}

/** The deck's outputs. */
export type DeckOutput = 'pptx' | 'handout';

/** An output of the deck, made from `from` (deckSourceOf with the output's date and options), kept whole. */
export const keptOutput = keptOutputs<DeckOutput>(['pptx', 'handout'], deckMakers);
