/**
 * Advances from the font in em (scaled to the size on use), remembered per face and kept on disk.
 * A CJK character is measured alone from its glyph metrics: ideographs and full-width marks have
 * no kerning, and shaping each would cost a layout call per character. Words, doubled marks and
 * half-width marks go through `font.layout`, the same call pdfkit makes when it draws them, so
 * kerning and ligatures ("——" is one glyph) are measured as drawn.
 */
import type { Font } from 'fontkit';
import { keptFaceName, keptResults, writtenAfterLayout } from '../../cache/kept.js';
import type { FontFace, TextStyle } from './types.js';

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

/** A measure in em: an advance, or how `halt` sets a mark (null: it does not narrow it). */
type EmMeasure = number | HaltMetrics | null;

/**
 * Measures in em per face, by what was measured: looked up before the face's font is touched, so
 * that what a process before this one measured needs no font opened, nor shaped.
 */
const faceMeasures = new WeakMap<FontFace, Map<string, EmMeasure>>();

/** Measures taken by processes before this one (cache/kept.ts), by face and what was measured. */
const keptMeasures = writtenAfterLayout(keptResults<EmMeasure>('measures', ['layout/text/measure']));

/**
 * The measure of `face` named `what`: remembered by the face, else kept on disk, else taken by
 * `take` with the face's font (which remembers it too: faces made for a moment share their font's).
 */
function measureOf<V extends EmMeasure>(face: FontFace, what: string, take: (font: Font) => V): V {
  let measures = faceMeasures.get(face);
  if (!measures) faceMeasures.set(face, (measures = new Map()));
  let measure = measures.get(what) as V | undefined;
  if (measure === undefined) {
    const faceName = keptFaceName(face);
    const diskKey = faceName === undefined ? undefined : JSON.stringify([faceName, what]);
    measure = diskKey === undefined ? undefined : (keptMeasures.get(diskKey) as V | undefined);
    if (measure === undefined) {
      measure = take(face.font);
      if (diskKey !== undefined) keptMeasures.set(diskKey, measure);
    }
    measures.set(what, measure);
  }
  return measure;
}

/** Advance of one character from its glyph metrics, in points. */
export function charAdvance(ch: string, style: TextStyle): number {
  const em = measureOf(style.face, `char|${ch}`, (font) => {
    const cache = cacheOf(font);
    let advance = cache.chars.get(ch);
    if (advance === undefined) cache.chars.set(ch, (advance = advanceOf(font, ch.codePointAt(0) ?? 0) / cache.unitsPerEm));
    return advance;
  });
  return em * style.size;
}

/** Advance of `text` shaped as one run with `features` (kerning and ligatures applied), in points. */
export function measureText(text: string, style: TextStyle, features: readonly string[] = []): number {
  const key = `${features.join(',')}|${text}`;
  const em = measureOf(style.face, `shape|${key}`, (font) => {
    const cache = cacheOf(font);
    let advance = cache.shaped.get(key);
    if (advance === undefined) cache.shaped.set(key, (advance = font.layout(text, [...features]).advanceWidth / cache.unitsPerEm));
    return advance;
  });
  return em * style.size;
}

/** The mark's metrics under `halt`, in points, or null when the font does not narrow it. */
export function haltMetrics(ch: string, style: TextStyle): HaltMetrics | null {
  const em = measureOf(style.face, `halt|${ch}`, (font): HaltMetrics | null => {
    const cache = cacheOf(font);
    let halt = cache.halts.get(ch);
    if (halt === undefined) {
      const run = font.layout(ch, [...HALT_FEATURES]);
      const full = advanceOf(font, ch.codePointAt(0) ?? 0);
      // 0 - x: a mark `halt` does not move has shift 0, not -0, which JSON (the kept measures) would not give back.
      halt = run.advanceWidth < full ? { advance: run.advanceWidth / cache.unitsPerEm, shift: 0 - (run.positions[0]?.xOffset ?? 0) / cache.unitsPerEm } : null;
      cache.halts.set(ch, halt);
    }
    return halt;
  });
  return em && { advance: em.advance * style.size, shift: em.shift * style.size };
}

/**
 * Distance from the top of the text box to the baseline, in points: pdfkit places text by its
 * top at `ascent`, so a renderer draws a line whose baseline is at `y` with top `y - ascentOf(style)`.
 */
export const ascentOf = (style: TextStyle): number => (style.face.font.ascent / cacheOf(style.face.font).unitsPerEm) * style.size;
