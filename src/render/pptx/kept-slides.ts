/**
 * The parts pptxgenjs writes for each slide (the slide, its notes and their relationships), kept
 * on disk (cache/kept.ts) for the next process: after an edit of one slide, a fresh build has
 * pptxgenjs write that slide alone, and an empty slide in the place of each other, whose parts it
 * then replaces with those kept. Each slide's parts are named by everything they are written from:
 * the slide's shapes and notes, its number, and the deck's typeface, language and theme; the
 * entry by jianbao's code that renders the deck and pptxgenjs's version. A slide with a picture or
 * a chart is always written: pptxgenjs numbers their parts across the deck and lists them in
 * deck-wide parts. Nothing else pptxgenjs writes depends on a slide's shapes or notes.
 */
import { contentDigest, installedVersion } from '../../cache/disk.js';
import { keptResults, type KeptResults } from '../../cache/kept.js';
import { memosAnswer } from '../../cache/memo.js';
import type { LaidOutSlide } from '../../model/slides.js';
import type { Parts } from './opc-package.js';

/** The parts of slide `number` (1-based), in the order they are kept. */
const partsOfSlide = (number: number): readonly string[] => [
  `ppt/slides/slide${number}.xml`,
  `ppt/slides/_rels/slide${number}.xml.rels`,
  `ppt/notesSlides/notesSlide${number}.xml`,
  `ppt/notesSlides/_rels/notesSlide${number}.xml.rels`,
];

/** At most this many slides' parts (a slide's are some KB): those of a few dozen decks. */
const KEPT_SLIDES = 600;

let store: KeptResults<readonly string[]> | undefined;
/** Read on first use; pptxgenjs's version is looked up then, not while the start-up snapshot is made. */
const keptSlides = (): KeptResults<readonly string[]> =>
  (store ??= keptResults<readonly string[]>('pptx-slide-parts', ['render/pptx', 'layout/deck/blocks', 'layout/deck/measure'], [installedVersion('pptxgenjs')], KEPT_SLIDES));

/** Which slides pptxgenjs need not write, with their kept parts, and under which names to keep the others'. */
export interface SlidePlan {
  /** By slide index: the parts kept for it (pptxgenjs writes it empty). */
  readonly kept: ReadonlyMap<number, readonly string[]>;
  /** By slide index: the name to keep the parts pptxgenjs writes for it under. */
  readonly toKeep: ReadonlyMap<number, string>;
}

/**
 * The plan for `slides`, rendered with `settings` (what every slide is written with besides its
 * own shapes and notes). Without caching (JIANBAO_NO_CACHE) nothing is kept and every slide written.
 */
export function planSlides(slides: readonly LaidOutSlide[], settings: string): SlidePlan {
  const kept = new Map<number, readonly string[]>();
  const toKeep = new Map<number, string>();
  if (!memosAnswer()) return { kept, toKeep };
  const settingsDigest = contentDigest(settings);
  slides.forEach((slide, index) => {
    if (slide.shapes.some((shape) => shape.kind === 'image' || shape.kind === 'chart')) return;
    const name = `${settingsDigest}|${index + 1}|${contentDigest(JSON.stringify(slide))}`;
    const parts = keptSlides().get(name);
    if (parts?.length === partsOfSlide(index + 1).length) kept.set(index, parts);
    else toKeep.set(index, name);
  });
  return { kept, toKeep };
}

/** Puts the kept parts in place of those pptxgenjs wrote for the empty slides, and keeps the parts of the slides it wrote in full. */
export function completeSlides(parts: Parts, plan: SlidePlan): void {
  for (const [index, kept] of plan.kept) {
    partsOfSlide(index + 1).forEach((name, i) => parts.set(name, kept[i]!));
  }
  for (const [index, name] of plan.toKeep) {
    const written = partsOfSlide(index + 1).map((part) => parts.get(part));
    if (written.every((part) => typeof part === 'string')) keptSlides().set(name, written);
  }
  if (plan.toKeep.size > 0) keptSlides().write();
}
