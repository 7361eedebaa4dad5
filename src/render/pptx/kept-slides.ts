/**
 * The parts pptxgenjs writes for each slide, kept on disk (cache/kept.ts) for the next process:
 * after an edit of one slide, a fresh build has pptxgenjs write that slide alone, and an empty slide
 * in the place of each other, whose parts it then replaces with those kept. A slide's parts come in
 * two pieces: the slide (from its shapes) and its notes (from its notes), each kept by itself, so
 * an edit of the notes alone leaves the slide as it was. Each piece is named by everything it is
 * written from: its shapes or notes, the slide's number, and the deck's typeface, language and
 * theme; the entry by jianbao's code that renders the deck and pptxgenjs's version. A slide with a
 * picture or a chart is always written: pptxgenjs numbers their parts across the deck and lists
 * them in deck-wide parts. Nothing else pptxgenjs writes depends on a slide's shapes or notes.
 */
import { contentDigest, installedVersion } from '../../cache/disk.js';
import { keptResults, type KeptResults } from '../../cache/kept.js';
import { memosAnswer } from '../../cache/memo.js';
import type { LaidOutSlide } from '../../model/slides.js';
import type { Parts } from './opc-package.js';

/** A slide's parts as two pieces: the slide and its relationships, its notes and theirs. */
export type SlidePiece = 'shapes' | 'notes';

/** The parts of piece `piece` of slide `number` (1-based), in the order they are kept. */
const partsOf = (piece: SlidePiece, number: number): readonly string[] =>
  piece === 'shapes' ? [`ppt/slides/slide${number}.xml`, `ppt/slides/_rels/slide${number}.xml.rels`] : [`ppt/notesSlides/notesSlide${number}.xml`, `ppt/notesSlides/_rels/notesSlide${number}.xml.rels`];

const PIECES: readonly SlidePiece[] = ['shapes', 'notes'];

/** At most this many pieces (a slide's are some KB, its notes' less): those of a few dozen decks. */
const KEPT_PIECES = 1200;

let store: KeptResults<readonly string[]> | undefined;
/** Read on first use; pptxgenjs's version is looked up then, not while the start-up snapshot is made. */
const keptPieces = (): KeptResults<readonly string[]> =>
  (store ??= keptResults<readonly string[]>('pptx-slide-parts', ['render/pptx', 'layout/deck/blocks', 'layout/deck/measure'], [installedVersion('pptxgenjs')], KEPT_PIECES));

/** Which pieces of which slides pptxgenjs need not write, with their kept parts, and under which names to keep the others'. */
export class SlidePlan {
  /** By slide index and piece: the parts kept for it (pptxgenjs writes it empty). */
  private readonly kept = new Map<string, { readonly index: number; readonly piece: SlidePiece; readonly parts: readonly string[] }>();
  /** By slide index and piece: the name to keep the parts pptxgenjs writes for it under. */
  private readonly toKeep = new Map<string, { readonly index: number; readonly piece: SlidePiece; readonly name: string }>();

  /**
   * The plan for `slides`, rendered with `settings` (what every slide is written with besides its
   * own shapes and notes). Without caching (JIANBAO_NO_CACHE) nothing is kept and every slide written.
   */
  constructor(slides: readonly LaidOutSlide[], settings: string) {
    if (!memosAnswer()) return;
    const settingsDigest = contentDigest(settings);
    slides.forEach((slide, index) => {
      if (slide.shapes.some((shape) => shape.kind === 'image' || shape.kind === 'chart')) return;
      for (const piece of PIECES) {
        const name = `${settingsDigest}|${piece}|${index + 1}|${contentDigest(JSON.stringify(piece === 'shapes' ? slide.shapes : slide.notes))}`;
        const parts = keptPieces().get(name);
        if (parts?.length === partsOf(piece, index + 1).length) this.kept.set(`${index}|${piece}`, { index, piece, parts });
        else this.toKeep.set(`${index}|${piece}`, { index, piece, name });
      }
    });
  }

  /** Whether piece `piece` of slide `index` is kept: pptxgenjs is to write it empty. */
  has(index: number, piece: SlidePiece): boolean {
    return this.kept.has(`${index}|${piece}`);
  }

  /** Puts the kept parts in place of those pptxgenjs wrote empty, and keeps the parts of the pieces it wrote in full. */
  complete(parts: Parts): void {
    for (const { index, piece, parts: kept } of this.kept.values()) {
      partsOf(piece, index + 1).forEach((name, i) => parts.set(name, kept[i]!));
    }
    for (const { index, piece, name } of this.toKeep.values()) {
      const written = partsOf(piece, index + 1).map((part) => parts.get(part));
      if (written.every((part) => typeof part === 'string')) keptPieces().set(name, written);
    }
    if (this.toKeep.size > 0) keptPieces().write();
  }
}
