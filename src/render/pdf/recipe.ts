/**
 * What a page registers in its document besides its operators, in the order its drawing registered
 * it: the fonts it selects with the glyphs it draws in each, its marked content and structure
 * elements (tagging.ts), and the items that are objects of the document (named destinations, link
 * annotations, images). Kept with the page's operators (pages.ts), it lets a known page register
 * exactly what drawing it would, without shaping a run or walking its items. Plain data: kept on
 * disk as JSON.
 */
import type { FontFace } from '../../layout/text/index.js';
import type { RecordedGlyphs } from './glyphs.js';
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

export const isFontRegistration = (registration: Registration): registration is FontRegistration => typeof registration === 'object' && 'face' in registration;
export const isItemRegistration = (registration: Registration): registration is ItemRegistration => typeof registration === 'object' && 'item' in registration;
