/**
 * The fonts a `watch` process shapes with while it waits for the first change (cli/watch.ts, which
 * also reads the stores of results kept on disk then: cache/kept.ts keptStoreReads). fontkit decodes
 * a font's tables on its first shaping in a process (cmap, hmtx, loca, the GSUB and GPOS lookups of
 * each feature set): some tens of milliseconds a CJK face, which a start build that found its work
 * kept on disk never paid, and the first rebuild after an edit would.
 *
 * Nothing a build sees changes: the sample is shaped by fontkit's own layout, which remembers no
 * run (cache/fonts.ts remembers those of the font's), and the glyphs it made are dropped again (a
 * glyph keeps the characters of the text that made it first, which a PDF's ToUnicode map gives).
 */
import type { Font } from 'fontkit';
import { remembering } from '../cache/disk.js';
import { HALT_FEATURES } from '../layout/text/measure.js';
import type { FontFace } from '../layout/text/types.js';
import { prepareShaping, type LoadedFace } from '../load/fonts.js';
import type { Project } from '../load/project.js';

/** Ideographs, full-width marks (which `halt` sets), Latin letters and digits: a line of a briefing. */
const SAMPLE = '中文排版，English 2024（第1稿）：“引号”——。';
/** Layout measures and renderers draw runs with no features or with `halt` (layout/text/justify.ts). */
const FEATURE_SETS: readonly (readonly string[])[] = [[], HALT_FEATURES];

/** fontkit's glyph objects of a font by id (not in its type definitions). */
interface GlyphsMade {
  readonly _glyphs: Record<number, unknown>;
}

/** The faces the outputs are set in: the report's body and headings, the deck's; regular and bold, each once. */
export function facesInUse({ theme, fonts }: Pick<Project, 'theme' | 'fonts'>): LoadedFace[] {
  const roles = [theme.report.bodyFont, theme.report.headingFont, theme.deck.font];
  return [...new Set(roles.flatMap((role) => [fonts[role].regular, fonts[role].bold]))];
}

/** Fonts shaped once in this process: a face of the same font, or a later build's, needs no more. */
const shapedOnce = new WeakSet<Font>();

/**
 * Has fontkit decode what shaping with `face` reads, with every feature set builds shape with,
 * leaving no glyph or run of the sample behind. Nothing without a cache: a build then opens its
 * fonts afresh (load/fonts.ts).
 */
export function shapeOnce(face: FontFace): void {
  if (!remembering()) return;
  const font = face.font;
  if (shapedOnce.has(font)) return;
  shapedOnce.add(font);
  const glyphs = (font as unknown as GlyphsMade)._glyphs;
  const before = new Set(Object.keys(glyphs));
  // fontkit's own layout, not the one cache/fonts.ts puts on the font, which would remember the run.
  const layout = (Object.getPrototypeOf(font) as Font).layout;
  prepareShaping(font);
  try {
    for (const features of FEATURE_SETS) layout.call(font, SAMPLE, [...features]);
  } finally {
    for (const id of Object.keys(glyphs)) if (!before.has(id)) delete glyphs[Number(id)];
  }
}
