/**
 * Runs shaped by fontkit, remembered: in this process per font, and on disk (cache/disk.ts) per font
 * file, so that a fresh `jianbao build` after an edit shapes only the runs no build has shaped
 * before. Shaping a CJK run walks the font's large GSUB and GPOS tables and was most of a cold
 * render; layout measures CJK characters one by one from their metrics, so the renderer is the
 * first to shape them. Shaping is a pure function of the font, fontkit, the text and the features,
 * all in the keys: what is kept is exactly what would be computed.
 */
import type { Font } from 'fontkit';
import { cacheKey, installedVersion, ownCode, readCached, remembering, writeCached } from '../../cache/disk.js';
import { fontDigest } from '../../cache/fonts.js';
import { keepForNextProcess } from '../../cache/kept.js';

/** A shaped glyph, in PDF glyph space (thousandths of the font size). */
export interface ShapedGlyph {
  readonly id: number;
  /** The characters the glyph stands for, what the ToUnicode map gives for it. */
  readonly codePoints: readonly number[];
  /** The glyph's own advance (its /W width). */
  readonly width: number;
  /** Where shaping moves the pen after it, and the glyph from the pen. */
  readonly xAdvance: number;
  readonly xOffset: number;
  readonly yOffset: number;
}

export interface ShapedText {
  readonly glyphs: readonly ShapedGlyph[];
  /** The sum of the glyphs' xAdvance. */
  readonly advance: number;
}

/**
 * A shaped text as fontkit gave it, in font units, flat: for each glyph its id, advance, xAdvance,
 * xOffset, yOffset, the count of its characters and their code points.
 */
type FontUnits = readonly number[];

interface Remembered {
  /**
   * The font units as the disk keeps them, comma-separated: a build reads thousands of texts and
   * draws few, so a text read from disk is decoded only when looked up.
   */
  readonly units: string;
  /** The glyphs in PDF glyph space, worked out on first use. */
  shaped?: ShapedText;
}

interface FontShapes {
  readonly texts: Map<string, Remembered>;
  /** The key of the font's entry on disk; none when caching is off. */
  readonly key: string | undefined;
  /** Texts were shaped since the entry was read or written. */
  grown: boolean;
}

/** Shaped texts kept per font in the process, least recently used first out: a report draws some hundreds a font, a long one thousands. */
const REMEMBERED_TEXTS = 8000;
/** Of those, the most recently used kept on disk: what a build reads before its first run, whatever it draws. */
const KEPT_TEXTS = 3000;
const byFont = new WeakMap<Font, FontShapes>();

/** The font's file as fontkit read it (fontkit keeps it on its stream; not in its type definitions). */
export const fileOf = (font: Font): Uint8Array => (font as unknown as { stream: { buffer: Uint8Array } }).stream.buffer;

let keyParts: readonly (string | Uint8Array)[] | undefined;
/** What the entries on disk are made with besides the font: fontkit, and this module's format. */
const storeKeyParts = (): readonly (string | Uint8Array)[] => (keyParts ??= ['fontkit shaping', installedVersion('fontkit'), ...ownCode(['render/pdf/shaping', 'load/fonts'])]);

/** `units` in PDF glyph space: pdfkit's scale, multiplied the same way, so every width and offset is pdfkit's number. */
function inGlyphSpace(units: FontUnits, unitsPerEm: number): ShapedText {
  const scale = 1000 / unitsPerEm;
  const glyphs: ShapedGlyph[] = [];
  let advance = 0;
  for (let i = 0; i < units.length; ) {
    const at = (offset: number): number => units[i + offset]!;
    const count = at(5);
    const glyph = { id: at(0), width: at(1) * scale, xAdvance: at(2) * scale, xOffset: at(3) * scale, yOffset: at(4) * scale, codePoints: units.slice(i + 6, i + 6 + count) };
    advance += glyph.xAdvance;
    glyphs.push(glyph);
    i += 6 + count;
  }
  return { glyphs, advance };
}

function shapeInUnits(font: Font, text: string, features: readonly string[]): FontUnits {
  const run = font.layout(text, [...features]);
  return run.glyphs.flatMap((glyph, index) => {
    const { xAdvance, xOffset, yOffset } = run.positions[index]!;
    return [glyph.id, glyph.advanceWidth, xAdvance, xOffset, yOffset, glyph.codePoints.length, ...glyph.codePoints];
  });
}

/** The font's shaped texts: those a build before kept on disk, on first use in the process. */
function shapesOf(font: Font): FontShapes {
  let shapes = byFont.get(font);
  if (shapes) return shapes;
  shapes = { texts: new Map(), key: remembering() ? cacheKey(...storeKeyParts(), fontDigest(fileOf(font))) : undefined, grown: false };
  const kept = shapes.key === undefined ? undefined : readCached('pdf-shaping', shapes.key);
  if (kept) for (const [text, units] of JSON.parse(kept.toString('utf8')) as [string, string][]) shapes.texts.set(text, { units });
  byFont.set(font, shapes);
  return shapes;
}

/** `text` shaped with `features`, as pdfkit's `layoutRun` shapes it. */
export function shaped(font: Font, text: string, features: readonly string[]): ShapedText {
  const shapes = shapesOf(font);
  const key = `${features.join(',')}|${text}`;
  let remembered = shapes.texts.get(key);
  if (remembered) {
    shapes.texts.delete(key);
  } else {
    const units = shapeInUnits(font, text, features);
    remembered = { units: units.join(','), shaped: inGlyphSpace(units, font.unitsPerEm) };
    shapes.grown = true;
  }
  shapes.texts.set(key, remembered);
  if (shapes.texts.size > REMEMBERED_TEXTS) shapes.texts.delete(shapes.texts.keys().next().value!);
  return (remembered.shaped ??= inGlyphSpace(remembered.units === '' ? [] : remembered.units.split(',').map(Number), font.unitsPerEm));
}

/** Keeps on disk what the fonts' shaped texts grew by, for the builds after this process (under `watch`, once the build is reported). */
export function keepShapedOnDisk(fonts: readonly Font[]): void {
  for (const font of new Set(fonts)) {
    const shapes = byFont.get(font);
    if (!shapes?.grown || shapes.key === undefined) continue;
    const key = shapes.key;
    keepForNextProcess(() => {
      if (!shapes.grown) return;
      const entries = [...shapes.texts].slice(-KEPT_TEXTS).map(([text, { units }]) => [text, units]);
      writeCached('pdf-shaping', key, Buffer.from(JSON.stringify(entries), 'utf8'));
      shapes.grown = false;
    });
  }
}
