/**
 * The fonts the preview page draws with: each face the slides and pages use, subset with HarfBuzz
 * (the subsetter the deck's embedded fonts come from) to the characters drawn in it, served as
 * TrueType through the page's FontFace API. A save that draws new characters adds a small file of
 * those alone; nothing already served is made or loaded again.
 */
import { createHash } from 'node:crypto';
import type { FontSet, LoadedFace } from '../load/fonts.js';
import { harfbuzzSubset } from '../render/pptx/embed-fonts.js';
import type { FamilyOf } from './svg.js';

/** A font file as the page is told of it. */
export interface FontLink {
  /** The CSS family the drawings name (stable across builds: the files behind it only grow). */
  readonly family: string;
  /** `/fonts/<sha256 of the bytes>.ttf`: a new subset is a new address. */
  readonly url: string;
  /**
   * The characters this file adds to its family, as a CSS unicode-range; absent for a face's first
   * file. The page adds later files in front of the first, so each draws only what it was made for.
   */
  readonly unicodeRange?: string;
}

export interface ServedFont extends FontLink {
  readonly bytes: Buffer;
}

const familyName = (faceKey: string): string => `jb-${faceKey.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** Texts remembered per face before the memory starts again (their characters stay recorded). */
const REMEMBERED_TEXTS = 20_000;

/**
 * Records, while slides and pages are drawn, which characters each face draws: every build's, as
 * the served files only grow. A text recorded before is not read again (most of a save's texts are).
 */
export class FaceUse {
  private readonly used = new Map<string, { readonly characters: Set<string>; readonly texts: Set<string> }>();

  readonly familyOf: FamilyOf = (faceKey, text) => {
    let use = this.used.get(faceKey);
    if (!use) this.used.set(faceKey, (use = { characters: new Set(), texts: new Set() }));
    if (!use.texts.has(text)) {
      if (use.texts.size >= REMEMBERED_TEXTS) use.texts.clear();
      use.texts.add(text);
      for (const character of text) use.characters.add(character);
    }
    return familyName(faceKey);
  };

  /** Each face used with its characters, sorted: the same drawing gives the same subsets. */
  entries(): [string, string][] {
    return [...this.used].map(([key, use]): [string, string] => [key, [...use.characters].sort().join('')]).sort(([a], [b]) => (a < b ? -1 : 1));
  }
}

/** `U+4E2D,U+6587-6588`: code points as CSS unicode-range, runs of consecutive ones joined. */
function unicodeRange(characters: string): string {
  const points = [...new Set([...characters].map((character) => character.codePointAt(0) ?? 0))].sort((a, b) => a - b);
  const ranges: string[] = [];
  const hex = (point: number): string => point.toString(16).toUpperCase();
  for (let index = 0; index < points.length; ) {
    const first = points[index] ?? 0;
    let last = first;
    while (points[index + 1] === last + 1) last = points[++index] ?? last;
    ranges.push(last === first ? `U+${hex(first)}` : `U+${hex(first)}-${hex(last)}`);
    index++;
  }
  return ranges.join(',');
}

/** A face's files: its first subset, then one per build that drew characters none of them has. */
interface FaceFiles {
  readonly files: ServedFont[];
  readonly covered: Set<string>;
}

/**
 * Past this many files a face is subset again as one file: a long session of edits would otherwise
 * have the page load ever more small fonts.
 */
const MOST_FILES_PER_FACE = 12;

export class FontSubsets {
  /** Per opened font (load/fonts.ts keeps fonts open between builds; a changed file is a new font). */
  private readonly made = new WeakMap<LoadedFace['font'], FaceFiles>();

  /**
   * The files that draw every character `use` recorded. A save that draws new characters costs a
   * subset of those characters alone, and the page loads only that small file.
   */
  async serve(fonts: FontSet, use: FaceUse): Promise<ServedFont[]> {
    const faces = new Map(Object.values(fonts).flatMap(({ regular, bold }) => [regular, bold]).map((face) => [face.key, face]));
    const served: ServedFont[] = [];
    for (const [key, characters] of use.entries()) {
      const face = faces.get(key);
      if (face) served.push(...(await this.cover(face, characters)));
    }
    return served;
  }

  private async cover(face: LoadedFace, characters: string): Promise<readonly ServedFont[]> {
    let made = this.made.get(face.font);
    if (!made) this.made.set(face.font, (made = { files: [], covered: new Set() }));
    const missing = [...characters].filter((character) => !made.covered.has(character)).join('');
    if (missing === '') return made.files;
    const whole = made.files.length === 0 || made.files.length >= MOST_FILES_PER_FACE;
    const file = await this.subset(face, whole ? [...made.covered, ...missing].sort().join('') : missing, whole);
    if (whole) made.files.length = 0;
    made.files.push(file);
    for (const character of missing) made.covered.add(character);
    return made.files;
  }

  private async subset(face: LoadedFace, characters: string, whole: boolean): Promise<ServedFont> {
    // HarfBuzz as the deck renderer runs it (V8's baseline WebAssembly tier).
    const bytes = await harfbuzzSubset(face.data, characters, { targetFormat: 'truetype' });
    const url = `/fonts/${createHash('sha256').update(bytes).digest('hex')}.ttf`;
    return { family: familyName(face.key), url, bytes, ...(whole ? {} : { unicodeRange: unicodeRange(characters) }) };
  }
}
