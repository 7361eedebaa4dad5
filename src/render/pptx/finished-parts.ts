/**
 * The parts of each slide, its notes and its charts as finishPptx finished them, kept on disk
 * (cache/kept.ts) for the next process: after an edit of one slide, a fresh build finishes again
 * only the parts the edit changed, and takes every other one's ZIP entry from what a build before
 * it kept, in one lookup a part. Only the passes that edit parts one by one (editXmlParts) change
 * these parts, so what they make of one depends on its text as pptxgenjs wrote it, its name, the
 * families the passes name and the deck's slide language (notes and charts are given it, and
 * shapes without text an empty paragraph in it). A part is kept by what it was written from (a
 * slide's shapes or notes, as kept-slides.ts names them; else its name and text) and the families,
 * each with the language it was finished in, its entry, what embedFonts read of it, and for a
 * slide the languages of its runs (the deck's language is the one most of them have); the store
 * by jianbao's code that renders the deck (with the measures render.ts gives pptxgenjs), and
 * zlib's version and level. A result is used only for
 * exactly what it was made from, so it cannot change a byte.
 */
import { keptResults, type KeptResults } from '../../cache/kept.js';
import { memosAnswer } from '../../cache/memo.js';
import type { FontUse } from './embed-fonts.js';
import { type FinishedPart, isFinished, PartWork, type Parts, storableDeflated, storedDeflated, textDigest, textOrFinishedPartNames, xmlEntry } from './opc-package.js';
import { DEFLATE_LEVEL } from './zip.js';

/** The parts kept finished whole: slides, notes and charts, and their relationships. No step of finishPptx edits them by name. */
const FINISHED_WHOLE = /^ppt\/(?:slides|notesSlides|charts)\/(?:_rels\/)?[^/]+\.(?:xml|rels)$/;
const SLIDE = /^ppt\/slides\/slide\d+\.xml$/;
const RUN_LANGUAGE = /<a:rPr\s[^>]*?\blang="([^"]*)"/g;

/** How many of a slide's runs are marked with each language. */
export type Languages = readonly (readonly [language: string, runs: number])[];

/** A part as finished: the deck's language then, its entry (storableDeflated, base64), what embedFonts read of it (null: not read), and a slide's languages. */
interface KeptPart {
  readonly language: string | null;
  readonly entry: string;
  readonly fontUse: FontUse | null;
  readonly languages: Languages;
}

/** At most this many parts, the most recently finished (a slide's entry is a few KB): those of a deck and some hundred edits of it. */
const KEPT_PARTS = 600;

let store: KeptResults<KeptPart> | undefined;
const keptParts = (): KeptResults<KeptPart> =>
  (store ??= keptResults<KeptPart>('pptx-finished-parts', ['render/pptx', 'layout/deck/blocks', 'layout/deck/measure'], [process.versions.zlib ?? '', String(DEFLATE_LEVEL)], KEPT_PARTS));

/** The key of a part written from `written` (a piece of a slide, or the part's name and text), finished with `families`. */
const keyOf = (written: string, families: readonly string[]): string => `${written}\u0000${JSON.stringify(families)}`;

/** A part kept finished, and the deck language it was finished in. */
export interface KeptFinishedPart {
  readonly part: FinishedPart;
  readonly language: string | undefined;
}

/** The part written from `written` as a build before this one finished it with `families`, if kept. */
export function keptFinishedPart(written: string, families: readonly string[]): KeptFinishedPart | undefined {
  const kept = memosAnswer() ? keptParts().get(keyOf(written, families)) : undefined;
  if (kept === undefined) return undefined;
  const part = {
    entry: storedDeflated(Buffer.from(kept.entry, 'base64')),
    ...(kept.fontUse === null ? {} : { fontUse: kept.fontUse }),
    ...(kept.languages.length === 0 ? {} : { languages: kept.languages }),
  };
  return { part, language: kept.language ?? undefined };
}

/** The slides' language: the lang most of their runs have (a finished slide carries its runs' languages). */
export function deckLanguage(parts: Parts): string | undefined {
  return mostUsed(textOrFinishedPartNames(parts, SLIDE).map((name) => slideLanguages(name, parts.get(name)!)));
}

/** The runs' languages of each slide still text, by its name: the deck's language is asked for twice a render (deckLanguage, PartFinishing). */
const slideRuns = new PartWork<Languages>();

function slideLanguages(name: string, slide: string | Uint8Array | FinishedPart): Languages {
  if (typeof slide === 'string') return slideRuns.result(name, slide, () => runLanguages(slide));
  return isFinished(slide) ? (slide.languages ?? []) : [];
}

function mostUsed(slides: readonly Languages[]): string | undefined {
  const runs = new Map<string, number>();
  for (const languages of slides) for (const [language, count] of languages) runs.set(language, (runs.get(language) ?? 0) + count);
  return [...runs].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))[0]?.[0];
}

/** How many of the runs of slide `xml` are marked with each language. */
function runLanguages(xml: string): Languages {
  const runs = new Map<string, number>();
  for (const [, language] of xml.matchAll(RUN_LANGUAGE)) if (language) runs.set(language, (runs.get(language) ?? 0) + 1);
  return [...runs];
}

/** The parts of a deck that a build before this one finished, put in place, and those to keep once finished now. */
export class PartFinishing {
  /** The deck's slide language: the lang most of the slides' runs have. */
  readonly language: string | undefined;
  /** By part name: the key to keep it under once finished, and for a slide its languages. */
  private readonly toKeep = new Map<string, { readonly key: string; readonly languages: Languages }>();

  /**
   * Puts in `parts` (as pptxgenjs wrote them, charts renumbered) the entry of every part finished
   * before from the same text with `families` in the same language. `writtenFrom` names parts by
   * what they were written from, for parts whose writer looked them up already (kept-slides.ts):
   * they are kept under that name, and not looked up again. Without caching (JIANBAO_NO_CACHE) none.
   */
  constructor(parts: Parts, families: readonly string[], writtenFrom: ReadonlyMap<string, string> = new Map()) {
    const slides: Languages[] = [];
    const found: { readonly name: string; readonly kept: KeptFinishedPart }[] = [];
    for (const name of textOrFinishedPartNames(parts, FINISHED_WHOLE)) {
      const part = parts.get(name)!;
      const written = typeof part === 'string' && memosAnswer() ? (writtenFrom.get(name) ?? `${name}\u0000${textDigest(part)}`) : undefined;
      const kept = written === undefined || writtenFrom.has(name) ? undefined : keptFinishedPart(written, families);
      const languages = SLIDE.test(name) ? (kept?.part.languages ?? slideLanguages(name, part)) : [];
      slides.push(languages);
      if (kept !== undefined) found.push({ name, kept });
      if (written !== undefined) this.toKeep.set(name, { key: keyOf(written, families), languages });
    }
    this.language = mostUsed(slides);
    for (const { name, kept } of found) {
      if (kept.language !== this.language) continue;
      parts.set(name, kept.part);
      this.toKeep.delete(name);
    }
  }

  /**
   * Makes the entries of the parts finished now (checked and deflated) and keeps them for the next
   * process, each with what embedFonts read of it (`fontUses`); each is put in `parts` as its entry.
   */
  keep(parts: Parts, fontUses: ReadonlyMap<string, FontUse>): void {
    for (const [name, { key, languages }] of this.toKeep) {
      const xml = parts.get(name);
      if (typeof xml !== 'string') continue;
      const entry = xmlEntry(name, xml);
      const fontUse = fontUses.get(name);
      keptParts().set(key, { language: this.language ?? null, entry: storableDeflated(entry).toString('base64'), fontUse: fontUse ?? null, languages });
      parts.set(name, { entry, ...(fontUse === undefined ? {} : { fontUse }), ...(languages.length === 0 ? {} : { languages }) });
    }
    if (this.toKeep.size > 0) keptParts().write();
  }
}
