/**
 * What a page registers in its document besides its operators, in the order its drawing registered
 * it: the fonts it selects with the glyphs it draws in each, its marked content and structure
 * elements (tagging.ts), and the items that are objects of the document (named destinations, link
 * annotations, images). Kept with the page's operators (pages.ts), it lets a known page register
 * exactly what drawing it would, without shaping a run or walking its items. Plain data: kept on
 * disk as JSON.
 */
import type { FontFace } from '../../layout/text/index.js';
import type { Doc } from './document.js';
import { registerUsedGlyphs, type RecordedGlyphs } from './glyphs.js';
import type { ShapedGlyph } from './shaping.js';
import type { TagEvent } from './tagging.js';

/** A font selected on the page (where first selected), with every glyph the page draws in it, each as where first drawn. */
export interface FontRegistration {
  readonly face: string;
  readonly glyphs: RecordedGlyphs;
}

/** The page's item at this index registers itself as drawing it does: a named destination, a link, an image. */
export interface ItemRegistration {
  readonly item: number;
}

export type Registration = TagEvent | FontRegistration | ItemRegistration;

/** Writes down a page's registrations while it is drawn. */
export class PageRecipe {
  readonly registrations: Registration[] = [];
  /** Per face key, the page's glyphs in it so far and their ids. */
  private readonly faces = new Map<string, { readonly glyphs: number[]; readonly ids: Set<number> }>();

  push(registration: Registration): void {
    this.registrations.push(registration);
  }

  /** Glyphs drawn in `face`: its first on the page selects the font here; each glyph counts where first drawn. */
  glyphs(face: FontFace, glyphs: readonly ShapedGlyph[]): void {
    let used = this.faces.get(face.key);
    if (!used) {
      used = { glyphs: [], ids: new Set() };
      this.faces.set(face.key, used);
      this.registrations.push({ face: face.key, glyphs: used.glyphs });
    }
    for (const { id, width, codePoints } of glyphs) {
      if (used.ids.has(id)) continue;
      used.ids.add(id);
      used.glyphs.push(id, width, codePoints.length, ...codePoints);
    }
  }
}

const isFontRegistration = (registration: Registration): registration is FontRegistration => typeof registration === 'object' && 'face' in registration;
const isItemRegistration = (registration: Registration): registration is ItemRegistration => typeof registration === 'object' && 'item' in registration;

/** How a known page's registrations are made again: its faces by key, and what its tag events and items do. */
export interface Replaying {
  readonly faces: ReadonlyMap<string, FontFace>;
  readonly tag: (event: TagEvent) => void;
  readonly item: (index: number) => void;
}

/** Registers in `doc` what a page's drawing registered, in the order it did, from its recipe: nothing is written, nothing shaped. */
export function replayRecipe(doc: Doc, registrations: readonly Registration[], replaying: Replaying): void {
  for (const registration of registrations) {
    if (isFontRegistration(registration)) registerUsedGlyphs(doc, replaying.faces.get(registration.face)!, registration.glyphs);
    else if (isItemRegistration(registration)) replaying.item(registration.item);
    else replaying.tag(registration);
  }
}
