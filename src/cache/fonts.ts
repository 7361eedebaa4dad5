/**
 * Work done with a font, kept on the font object for the rest of the process: fonts stay open
 * between `watch` rebuilds (load/fonts.ts), so a rebuild after a one-line edit shapes only the
 * lines that changed. Shaping is a pure function of its inputs, so what is remembered is exactly
 * what would be computed: outputs cannot change. (The PDFs' subset programs are kept by
 * render/pdf/font-program.ts, the deck's by render/pptx/embed-fonts.ts.)
 */
import type { Font, GlyphRun } from 'fontkit';
import { bytesDigest } from './disk.js';
import { memo } from './memo.js';

/** Shaped runs kept per font, least recently used first out: a long report has a few thousand lines. */
const REMEMBERED_RUNS = 8000;

/** A copy of `run` with positions of its own: pdfkit scales a run's positions in place. */
function copyOf(run: GlyphRun): GlyphRun {
  const positions = run.positions.map((position) => Object.assign(Object.create(Object.getPrototypeOf(position) as object) as typeof position, position));
  return Object.assign(Object.create(Object.getPrototypeOf(run) as object) as GlyphRun, run, { glyphs: [...run.glyphs], positions });
}


/** A font that knows the digest of its bytes without reading them (a face, load/fonts.ts). */
export interface DigestedFont {
  readonly digest: string;
}

/**
 * The SHA-256 of a font's bytes, once per loaded font: what names the font in the keys of the cache
 * on disk. A face answers without its bytes being read; bytes read from a file whose digest was
 * known (knownDigest) are not hashed again.
 */
export function fontDigest(font: Uint8Array | DigestedFont): string {
  return font instanceof Uint8Array ? bytesDigest(font) : font.digest;
}

/** What fontkit keeps inside a font and its glyphs, used below (not in its type definitions). */
interface FontInternals {
  readonly HVAR?: unknown;
  readonly _variationProcessor?: unknown;
  readonly hmtx: unknown;
  _getBaseGlyph(id: number, codePoints?: number[]): GlyphInternals | null;
}
interface GlyphInternals {
  readonly _metrics?: { readonly advanceWidth: number };
  _getTableMetrics(table: unknown): { readonly advance: number };
}

/**
 * A glyph's `advanceWidth` read from `hmtx` alone. fontkit works out all four metrics at once: the
 * vertical ones from `vmtx`, or, in a font without it, from the glyph's decoded outline. Shaping
 * asks every glyph its advance and never the vertical metrics; the advance is the same `hmtx` entry
 * either way. A font whose advances vary (HVAR) is left as it is.
 */
function advancesFromHmtx(font: Font): void {
  const internals = font as unknown as FontInternals;
  if (internals._variationProcessor && internals.HVAR) return;
  const baseGlyph = internals._getBaseGlyph.bind(font);
  const fast = new WeakSet<GlyphInternals>();
  internals._getBaseGlyph = (id, codePoints) => {
    const glyph = baseGlyph(id, codePoints);
    if (glyph && !fast.has(glyph)) {
      fast.add(glyph);
      Object.defineProperty(glyph, 'advanceWidth', {
        configurable: true,
        get: () => {
          const advance = glyph._metrics?.advanceWidth ?? glyph._getTableMetrics(internals.hmtx).advance;
          // Kept on the glyph, as fontkit keeps the metrics it works out.
          Object.defineProperty(glyph, 'advanceWidth', { value: advance });
          return advance;
        },
      });
    }
    return glyph;
  };
}

/**
 * `font.layout` (fontkit's shaping, which walks the large GSUB and GPOS tables of a CJK font, for
 * our measuring and the PDFs' drawing) remembers each run by everything it depends on, and
 * glyph advances skip decoding outlines (advancesFromHmtx).
 */
export function rememberFontWork(font: Font): void {
  advancesFromHmtx(font);
  const shape = font.layout.bind(font);
  const runs = memo<GlyphRun>(REMEMBERED_RUNS);
  font.layout = (text, features, script, language, direction) => {
    // fontkit also shapes arrays of glyphs, whatever its type definitions say: those are not remembered.
    if (typeof text !== 'string') return shape(text, features, script, language, direction);
    const key = JSON.stringify([text, features ?? null, script ?? null, language ?? null, direction ?? null]);
    return copyOf(runs(key, () => shape(text, features, script, language, direction)));
  };
}
