/**
 * Advances from the font, cached per font in em (scaled to the size on use).
 * A CJK character is measured alone from its glyph metrics: ideographs and full-width marks have
 * no kerning, and shaping each would cost a layout call per character. Words, doubled marks and
 * half-width marks go through `font.layout`, the same call pdfkit makes when it draws them, so
 * kerning and ligatures ("——" is one glyph) are measured as drawn.
 */
import type { Font } from 'fontkit';
import type { TextStyle } from './types.js';

/** Features of a mark set half-width; renderers draw such runs with them. */
export const HALT_FEATURES: readonly string[] = ['halt'];

/** How `halt` sets a full-width mark: its new advance and how far the glyph moves left. */
export interface HaltMetrics {
  readonly advance: number;
  readonly shift: number;
}

interface FontCache {
  /** fontkit reads `unitsPerEm` from the `head` table on every access. */
  readonly unitsPerEm: number;
  readonly chars: Map<string, number>;
  readonly shaped: Map<string, number>;
  readonly halts: Map<string, HaltMetrics | null>;
}

const caches = new WeakMap<Font, FontCache>();

/** fontkit's decoded `hmtx` table (not in its type definitions). */
interface HorizontalMetrics {
  readonly metrics: { readonly length: number; get(index: number): { readonly advance: number } };
}

/**
 * A glyph's advance straight from `hmtx`. fontkit's `glyph.advanceWidth` also works out vertical
 * metrics, which for a font without `vmtx` (Noto CJK's TTFs) means decoding the glyph's outline.
 */
function advanceOf(font: Font, codePoint: number): number {
  const { metrics } = (font as unknown as { hmtx: HorizontalMetrics }).hmtx;
  const id = font.glyphForCodePoint(codePoint).id;
  // Glyphs past the table's end share its last advance (monospaced tails), as the spec says.
  return metrics.get(Math.min(id, metrics.length - 1)).advance;
}

function cacheOf(font: Font): FontCache {
  let cache = caches.get(font);
  if (!cache) {
    cache = { unitsPerEm: font.unitsPerEm, chars: new Map(), shaped: new Map(), halts: new Map() };
    caches.set(font, cache);
  }
  return cache;
}

/** Advance of one character from its glyph metrics, in points. */
export function charAdvance(ch: string, style: TextStyle): number {
  const font = style.face.font;
  const cache = cacheOf(font);
  let em = cache.chars.get(ch);
  if (em === undefined) {
    em = advanceOf(font, ch.codePointAt(0) ?? 0) / cache.unitsPerEm;
    cache.chars.set(ch, em);
  }
  return em * style.size;
}

/** Advance of `text` shaped as one run with `features` (kerning and ligatures applied), in points. */
export function measureText(text: string, style: TextStyle, features: readonly string[] = []): number {
  const font = style.face.font;
  const cache = cacheOf(font);
  const key = `${features.join(',')}|${text}`;
  let em = cache.shaped.get(key);
  if (em === undefined) {
    em = font.layout(text, [...features]).advanceWidth / cache.unitsPerEm;
    cache.shaped.set(key, em);
  }
  return em * style.size;
}

/** The mark's metrics under `halt`, in points, or null when the font does not narrow it. */
export function haltMetrics(ch: string, style: TextStyle): HaltMetrics | null {
  const font = style.face.font;
  const cache = cacheOf(font);
  let em = cache.halts.get(ch);
  if (em === undefined) {
    const run = font.layout(ch, [...HALT_FEATURES]);
    const full = advanceOf(font, ch.codePointAt(0) ?? 0);
    em = run.advanceWidth < full
      ? { advance: run.advanceWidth / cache.unitsPerEm, shift: -(run.positions[0]?.xOffset ?? 0) / cache.unitsPerEm }
      : null;
    cache.halts.set(ch, em);
  }
  return em && { advance: em.advance * style.size, shift: em.shift * style.size };
}

/**
 * Distance from the top of the text box to the baseline, in points: pdfkit places text by its
 * top at `ascent`, so a renderer draws a line whose baseline is at `y` with top `y - ascentOf(style)`.
 */
export const ascentOf = (style: TextStyle): number => (style.face.font.ascent / cacheOf(style.face.font).unitsPerEm) * style.size;
