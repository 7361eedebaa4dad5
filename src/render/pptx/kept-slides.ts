/**
 * The slides a build before this one wrote and finished, taken as they were: after an edit of one
 * slide, a fresh build has pptxgenjs write that slide alone, and an empty slide in the place of each
 * other, whose parts it then replaces with their ZIP entries as finished (finished-parts.ts). A
 * slide's parts come in two pieces: the slide (from its shapes) and its notes (from its notes),
 * each kept by itself, so an edit of the notes alone leaves the slide as it was. Each piece is
 * named by everything it is written from: its shapes or notes, the slide's number, and the deck's
 * typeface, language and theme; the store by jianbao's code that renders the deck, and
 * pptxgenjs's version is part of each name. A slide with a picture or a chart is always written:
 * pptxgenjs numbers their parts across the deck and lists them in deck-wide parts. Nothing else
 * pptxgenjs writes depends on a slide's shapes or notes.
 */
import { contentDigest, installedVersion } from '../../cache/disk.js';
import { memosAnswer } from '../../cache/memo.js';
import type { LaidOutSlide } from '../../model/slides.js';
import { deckLanguage, keptFinishedPart, type KeptFinishedPart } from './finished-parts.js';
import type { Parts } from './opc-package.js';

/** A slide's parts as two pieces: the slide and its relationships, its notes and theirs. */
export type SlidePiece = 'shapes' | 'notes';

/** The parts of piece `piece` of slide `number` (1-based). */
const partsOf = (piece: SlidePiece, number: number): readonly string[] =>
  piece === 'shapes' ? [`ppt/slides/slide${number}.xml`, `ppt/slides/_rels/slide${number}.xml.rels`] : [`ppt/notesSlides/notesSlide${number}.xml`, `ppt/notesSlides/_rels/notesSlide${number}.xml.rels`];

const PIECES: readonly SlidePiece[] = ['shapes', 'notes'];

/** A piece of a slide: its index and kind, and the name of what its parts are written from, by part. */
interface Piece {
  readonly index: number;
  readonly piece: SlidePiece;
  /** By part name: what it is written from (the piece's name and the part's). */
  readonly writtenFrom: ReadonlyMap<string, string>;
}

/** Which pieces of which slides pptxgenjs need not write, with their parts as finished, and what the others are written from. */
export class SlidePlan {
  /** By slide index and piece: its parts as finished (pptxgenjs writes it empty). */
  private readonly kept = new Map<string, Piece & { readonly parts: ReadonlyMap<string, KeptFinishedPart> }>();
  /** By slide index and piece: the pieces pptxgenjs writes in full. */
  private readonly written = new Map<string, Piece>();

  /**
   * The plan for `slides`, rendered with `settings` (what every slide is written with besides its
   * own shapes and notes) and finished with `families`. Without caching (JIANBAO_NO_CACHE) nothing
   * is kept and every slide written.
   */
  constructor(slides: readonly LaidOutSlide[], settings: string, families: readonly string[]) {
    if (!memosAnswer()) return;
    const settingsDigest = contentDigest(`${installedVersion('pptxgenjs')}\u0000${settings}`);
    slides.forEach((slide, index) => {
      if (slide.shapes.some((shape) => shape.kind === 'image' || shape.kind === 'chart')) return;
      for (const piece of PIECES) {
        const name = `${settingsDigest}|${piece}|${index + 1}|${contentDigest(JSON.stringify(piece === 'shapes' ? slide.shapes : slide.notes))}`;
        const writtenFrom = new Map(partsOf(piece, index + 1).map((part) => [part, `${name}|${part}`]));
        const parts = new Map([...writtenFrom].flatMap(([part, written]) => {
          const kept = keptFinishedPart(written, families);
          return kept === undefined ? [] : [[part, kept] as const];
        }));
        if (parts.size === writtenFrom.size) this.kept.set(`${index}|${piece}`, { index, piece, writtenFrom, parts });
        else this.written.set(`${index}|${piece}`, { index, piece, writtenFrom });
      }
    });
  }

  /** Whether piece `piece` of slide `index` is kept: pptxgenjs is to write it empty. */
  has(index: number, piece: SlidePiece): boolean {
    return this.kept.has(`${index}|${piece}`);
  }

  /**
   * Puts the kept parts, as finished, in place of those pptxgenjs wrote empty. False when some were
   * finished in another language than the deck's slides now have: those are to be written in
   * full, and the deck written again.
   */
  complete(parts: Parts): boolean {
    for (const { parts: kept } of this.kept.values()) for (const [name, { part }] of kept) parts.set(name, part);
    const language = deckLanguage(parts);
    const stale = [...this.kept].filter(([, { parts: kept }]) => [...kept.values()].some((part) => part.language !== language));
    for (const [key, { index, piece, writtenFrom }] of stale) {
      this.kept.delete(key);
      this.written.set(key, { index, piece, writtenFrom });
    }
    return stale.length === 0;
  }

  /** What the parts pptxgenjs wrote in full are written from, by part name: finishPptx keeps them under it. */
  writtenFrom(): ReadonlyMap<string, string> {
    return new Map([...this.written.values()].flatMap(({ writtenFrom }) => [...writtenFrom]));
  }
}
