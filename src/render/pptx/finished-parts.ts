/**
 * The parts of each slide, its notes and its charts as finishPptx finished them, kept on disk
 * (cache/kept.ts) for the next process: after an edit of one slide, a fresh build finishes again
 * only the parts the edit changed, and takes every other one's ZIP entry from what a build before
 * it kept, in one lookup a part. Only the passes that edit parts one by one (editXmlParts) change
 * these parts, so what they make of one depends on its name, its text as pptxgenjs wrote it, the
 * families the passes name and the deck's slide language (notes and charts are given it, and
 * shapes without text an empty paragraph in it). A part is kept by the first three, each result
 * with the language it was finished in, its entry, what embedFonts read of it, and for a slide the
 * languages of its runs (the deck's language is the one most of them have); the store by jianbao's
 * code that renders the deck, and zlib's version and level. A result is used only for exactly
 * that text, so it cannot change a byte.
 */
import { keptResults, type KeptResults } from '../../cache/kept.js';
import { memosAnswer } from '../../cache/memo.js';
import type { FontUse } from './embed-fonts.js';
import { type Parts, storableDeflated, storedDeflated, textDigest, xmlEntry, xmlPart, xmlPartNames } from './opc-package.js';
import { DEFLATE_LEVEL } from './zip.js';

/** The parts kept finished whole: slides, notes and charts, and their relationships. No step of finishPptx edits them by name. */
const FINISHED_WHOLE = /^ppt\/(?:slides|notesSlides|charts)\/(?:_rels\/)?[^/]+\.(?:xml|rels)$/;
const SLIDE = /^ppt\/slides\/slide\d+\.xml$/;
const RUN_LANGUAGE = /<a:rPr\s[^>]*?\blang="([^"]*)"/g;

/** How many of a slide's runs are marked with each language. */
type Languages = readonly (readonly [language: string, runs: number])[];

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
  (store ??= keptResults<KeptPart>('pptx-finished-parts', ['render/pptx'], [process.versions.zlib ?? '', String(DEFLATE_LEVEL)], KEPT_PARTS));

/** The parts of a deck that a build before this one finished, put in place, and those to keep once finished now. */
export class PartFinishing {
  /** The deck's slide language: the lang most of the slides' runs have. */
  readonly language: string | undefined;
  /** By part name: the key to keep it under once finished, and for a slide its languages. */
  private readonly toKeep = new Map<string, { readonly key: string; readonly languages: Languages }>();

  /**
   * Puts in `parts` (as pptxgenjs wrote them, charts renumbered) the entry of every part finished
   * before with the same text, `families` and language. Without caching (JIANBAO_NO_CACHE) none.
   */
  constructor(parts: Parts, families: readonly string[]) {
    const familiesKey = JSON.stringify(families);
    const runs = new Map<string, number>();
    const found: { readonly name: string; readonly kept: KeptPart }[] = [];
    for (const name of xmlPartNames(parts, FINISHED_WHOLE)) {
      const xml = xmlPart(parts, name);
      const key = memosAnswer() ? `${name}\u0000${textDigest(xml)}\u0000${familiesKey}` : undefined;
      const kept = key === undefined ? undefined : keptParts().get(key);
      const languages = SLIDE.test(name) ? (kept?.languages ?? runLanguages(xml)) : [];
      for (const [language, count] of languages) runs.set(language, (runs.get(language) ?? 0) + count);
      if (kept !== undefined) found.push({ name, kept });
      if (key !== undefined) this.toKeep.set(name, { key, languages });
    }
    this.language = [...runs].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))[0]?.[0];
    for (const { name, kept } of found) {
      if (kept.language !== (this.language ?? null)) continue;
      const entry = storedDeflated(Buffer.from(kept.entry, 'base64'));
      parts.set(name, kept.fontUse === null ? { entry } : { entry, fontUse: kept.fontUse });
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
      parts.set(name, fontUse === undefined ? { entry } : { entry, fontUse });
    }
    if (this.toKeep.size > 0) keptParts().write();
  }
}

/** How many of the runs of slide `xml` are marked with each language. */
function runLanguages(xml: string): Languages {
  const runs = new Map<string, number>();
  for (const [, language] of xml.matchAll(RUN_LANGUAGE)) if (language) runs.set(language, (runs.get(language) ?? 0) + 1);
  return [...runs];
}
