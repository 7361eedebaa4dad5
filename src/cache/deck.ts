/**
 * The deck kept whole between builds: laid out and verified, and its outputs (the .pptx and the handout PDF).
 * Most edits touch only the report (a paragraph of the narrative); the deck is then made from the
 * same inputs as before, and a build neither lays it out nor renders it again. Everything is named
 * by deckSourceOf, a digest of all the deck is made from: the document's deck as compose made it
 * (its pictures by their bytes), the theme and the deck's faces (their fonts by their bytes); the
 * outputs also by their date and options. This process remembers the last of each (`watch`,
 * `preview`); the cache on disk keeps a few, named also by jianbao's code and the packages that
 * make them, for the next process. An entry is used only for exactly its inputs: it cannot change a byte.
 */
import { layoutSlides, type DeckWithOverflows } from '../layout/deck/deck.js';
import { verifyDeck, type DeckViolation } from '../layout/deck/verify.js';
import type { LoadedFace } from '../load/fonts.js';
import type { Deck, Slide } from '../model/document.js';
import type { SlideShape } from '../model/slides.js';
import type { Theme } from '../model/theme.js';
import { bytesDigest, cacheKey, installedVersion, ownCode, readCached, writeCached } from './disk.js';
import { fontDigest } from './fonts.js';
import { memosAnswer } from './memo.js';

/**
 * Outputs kept on disk of each kind: they are up to a few MB, and an older one serves only undoing
 * an edit of the deck (or building with and without `--notes` by turns).
 */
const KEPT_OUTPUTS = 4;

/** The deck's two faces, as the project loads them: their fonts' bytes are part of what the deck is made from. */
export interface DeckFontFaces {
  readonly regular: LoadedFace;
  readonly bold: LoadedFace;
}

/** A slide as a key spells it: each picture's bytes as their digest. */
function spelt(slide: Slide): unknown {
  if (!slide.blocks.some((block) => block.kind === 'image')) return slide;
  return { ...slide, blocks: slide.blocks.map((block) => (block.kind === 'image' ? { ...block, picture: { ...block.picture, data: bytesDigest(block.picture.data) } } : block)) };
}

/** A digest of everything the deck, laid out, is made from (but jianbao's code: see keyOnDisk). */
export function deckSourceOf(deck: Deck, theme: Theme, faces: DeckFontFaces): string {
  const face = (loaded: LoadedFace) => ({ key: loaded.key, family: loaded.family, font: fontDigest(loaded) });
  const composed = { meta: deck.meta, slides: deck.slides.map(spelt) };
  return cacheKey('deck', JSON.stringify(composed), JSON.stringify(theme), JSON.stringify([face(faces.regular), face(faces.bold)]));
}

/**
 * What an entry on disk is made with besides its inputs: jianbao's code that lays out and renders
 * the deck (and build, which gives the renderers their options), the packages it uses, and Node's
 * own (zlib deflates, Unicode breaks lines). Read once a process.
 */
let makers: readonly (string | Uint8Array)[] | undefined;
function keyOnDisk(kind: string, source: string): string {
  makers ??= [
    ...ownCode(['build', 'cache/deck', 'cache/fonts', 'cache/kept', 'cache/memo', 'layout/grid', 'layout/deck', 'layout/text', 'load/fonts', 'model', 'render/pptx', 'render/handout', 'render/pdf']),
    ...['fontkit', 'linebreak', 'pdfkit', 'pptxgenjs', 'subset-font'].map((name) => installedVersion(name)),
    installedVersion('harfbuzzjs', 'subset-font'),
    process.version,
  ];
  return cacheKey(kind, ...makers, source);
}

/** A laid-out deck and what verifyDeck finds wrong with it: both functions of its source alone. */
export interface VerifiedDeck {
  readonly deck: DeckWithOverflows;
  readonly violations: readonly DeckViolation[];
}

/** The last laid-out deck of this process, by its source. */
let lastLaidOut: { readonly source: string; readonly verified: VerifiedDeck } | undefined;

/** The deck laid out and verified: remembered from the last build, kept on disk by an earlier process, or done now. */
export function keptLayout(source: string, deck: Deck, theme: Theme, faces: DeckFontFaces): VerifiedDeck {
  const layOut = (): VerifiedDeck => {
    const laidOut = layoutSlides(deck, theme, faces);
    return { deck: laidOut, violations: verifyDeck(laidOut, faces) };
  };
  if (!memosAnswer()) return layOut();
  if (lastLaidOut?.source === source) return lastLaidOut.verified;
  const key = keyOnDisk('laid-out deck', source);
  const stored = readCached('laid-out-decks', key);
  let verified = stored && restored(stored, deck);
  if (!verified) {
    verified = layOut();
    writeCached('laid-out-decks', key, storedForm(verified));
  }
  lastLaidOut = { source, verified };
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

/** The last bytes of each output this process made, by what they were made from. */
const lastMade = new Map<DeckOutput, { readonly from: string; readonly bytes: Uint8Array }>();

/**
 * An output of the deck, made from `from` (deckSourceOf with the output's date and options): as this
 * process made it last, as an earlier process kept it on disk, or made now. The bytes are shared:
 * they are written out, never changed.
 */
export async function keptOutput(output: DeckOutput, from: string, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
  if (!memosAnswer()) return make();
  const last = lastMade.get(output);
  if (last?.from === from) return last.bytes;
  const key = keyOnDisk(output, from);
  const kind = `${output}-outputs`;
  let bytes: Uint8Array | undefined = readCached(kind, key);
  if (!bytes) {
    bytes = await make();
    writeCached(kind, key, bytes, KEPT_OUTPUTS);
  }
  lastMade.set(output, { from, bytes });
  return bytes;
}
