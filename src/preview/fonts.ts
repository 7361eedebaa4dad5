/**
 * The fonts the preview page draws with: each face the slides and pages use, subset with HarfBuzz
 * (the subsetter the deck's embedded fonts come from) to exactly the characters drawn in it, served
 * as TrueType through @font-face. A subset is made again only when its characters change.
 */
import { createHash } from 'node:crypto';
import subsetFont from 'subset-font';
import type { FontSet, LoadedFace } from '../load/fonts.js';
import { warmUpSubsetter } from '../render/pptx/embed-fonts.js';
import type { FamilyOf } from './svg.js';

/** A font as the page is told of it. */
export interface FontLink {
  /** The CSS family the drawings name (stable across builds: the page swaps the file behind it). */
  readonly family: string;
  /** `/fonts/<sha256 of the bytes>.ttf`: a new subset is a new address. */
  readonly url: string;
}

export interface ServedFont extends FontLink {
  readonly bytes: Buffer;
}

const familyName = (faceKey: string): string => `jb-${faceKey.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** Records, while slides and pages are drawn, which characters each face draws. */
export class FaceUse {
  private readonly used = new Map<string, Set<string>>();

  readonly familyOf: FamilyOf = (faceKey, text) => {
    let characters = this.used.get(faceKey);
    if (!characters) this.used.set(faceKey, (characters = new Set()));
    for (const character of text) characters.add(character);
    return familyName(faceKey);
  };

  /** Each face used with its characters, sorted: the same drawing gives the same subsets. */
  entries(): [string, string][] {
    return [...this.used].map(([key, characters]): [string, string] => [key, [...characters].sort().join('')]).sort(([a], [b]) => (a < b ? -1 : 1));
  }
}

export class FontSubsets {
  /** Per opened font (load/fonts.ts keeps fonts open between builds; a changed file is a new font), subsets by characters. */
  private readonly made = new WeakMap<LoadedFace['font'], Map<string, ServedFont>>();
  private warmedUp = false;

  async serve(fonts: FontSet, use: FaceUse): Promise<ServedFont[]> {
    const faces = new Map(Object.values(fonts).flatMap(({ regular, bold }) => [regular, bold]).map((face) => [face.key, face]));
    const served: ServedFont[] = [];
    for (const [key, characters] of use.entries()) {
      const face = faces.get(key);
      if (face) served.push(await this.subset(face, characters));
    }
    return served;
  }

  private async subset(face: LoadedFace, characters: string): Promise<ServedFont> {
    let byCharacters = this.made.get(face.font);
    if (!byCharacters) this.made.set(face.font, (byCharacters = new Map()));
    const known = byCharacters.get(characters);
    if (known) return known;
    // Sets HarfBuzz up as the deck renderer runs it (V8's baseline WebAssembly tier).
    if (!this.warmedUp) {
      await warmUpSubsetter(face.data);
      this.warmedUp = true;
    }
    const bytes = await subsetFont(face.data, characters, { targetFormat: 'truetype' });
    const font: ServedFont = { family: familyName(face.key), url: `/fonts/${createHash('sha256').update(bytes).digest('hex')}.ttf`, bytes };
    // Only the latest subset of a face is kept: the page never asks for an older one again.
    byCharacters.clear();
    byCharacters.set(characters, font);
    return font;
  }
}
