/**
 * Runs shaped by fontkit, remembered: in this process per face, and on disk (cache/kept.ts) per
 * kind of document, so that a fresh `jianbao build` after an edit shapes only the runs no build has
 * shaped before. Shaping a CJK run walks the font's large GSUB and GPOS tables and was most of a cold
 * render; layout measures CJK characters one by one from their metrics, so the renderer is the
 * first to shape them. Shaping is a pure function of the font, fontkit, the text and the features,
 * all in the keys: what is kept is exactly what would be computed. A process decodes only the runs
 * it draws, and adds to the store those it shaped.
 */
import type { Font } from 'fontkit';
import { keepForNextProcess, keptFaceName, keptResults, type KeptResults } from '../../cache/kept.js';
import type { FontFace } from '../../layout/text/index.js';

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
  /** The font units as the disk keeps them, comma-separated. */
  readonly units: string;
  /** The glyphs in PDF glyph space, worked out on first use. */
  shaped?: ShapedText;
  /** The stores on disk known to keep it. */
  readonly keptIn: Set<ShapingStore>;
}

/** Shaped texts kept per face in the process, least recently used first out: a report draws some hundreds a face, a long one thousands. */
const REMEMBERED_TEXTS = 8000;
const byFace = new WeakMap<FontFace, Map<string, Remembered>>();

/** The font's file as fontkit read it (fontkit keeps it on its stream; not in its type definitions). */
export const fileOf = (font: Font): Uint8Array => (font as unknown as { stream: { buffer: Uint8Array } }).stream.buffer;

/**
 * Texts shaped by processes before this one for one kind of document (an edition: the report's,
 * its print edition, the handout) and its faces (by their fonts' digests), each by its face's key,
 * the features and the text: each document adds those it shaped as it ends, once a process
 * (cache/kept.ts). The most recently shaped some thousands, a few documents' worth.
 */
export type ShapingStore = KeptResults<string>;
const KEPT_TEXTS = 8000;
const stores = new Map<string, ShapingStore>();
/** Each document's store. */
const documentStores = new WeakMap<object, ShapingStore>();

/**
 * Keeps the runs `doc` shapes in the store of its `edition` (`standard`, `print`, `slides`…) and
 * `faces`, which it returns: undefined when a face has no bytes to name it by (made for a test).
 */
export function keepShapesOf(doc: object, edition: string, faces: readonly FontFace[]): ShapingStore | undefined {
  const faceNames = faces.map(keptFaceName);
  if (faceNames.some((name) => name === undefined)) return undefined;
  const inputs = [edition, ...(faceNames as string[])];
  const name = JSON.stringify(inputs);
  let store = stores.get(name);
  if (!store) stores.set(name, (store = keptResults<string>('pdf-shaping', ['render/pdf/shaping', 'load/fonts'], inputs, KEPT_TEXTS)));
  documentStores.set(doc, store);
  return store;
}

/** The store `doc`'s runs are kept in, if any (see keepShapesOf). */
export const shapingStoreOf = (doc: object): ShapingStore | undefined => documentStores.get(doc);

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

/** The face's texts shaped in this process. */
function textsOf(face: FontFace): Map<string, Remembered> {
  let texts = byFace.get(face);
  if (!texts) byFace.set(face, (texts = new Map()));
  return texts;
}

/**
 * `text` shaped in `face` with `features`, as pdfkit's `layoutRun` shapes it: remembered in the
 * process, else kept in `store`, else shaped now; added to `store` when it lacks it.
 */
export function shaped(face: FontFace, text: string, features: readonly string[], store?: ShapingStore): ShapedText {
  const texts = textsOf(face);
  const key = `${features.join(',')}|${text}`;
  const diskKey = store && `${face.key}|${key}`;
  let remembered = texts.get(key);
  if (remembered) {
    texts.delete(key);
  } else {
    const units = diskKey === undefined ? undefined : store!.get(diskKey);
    if (units !== undefined) remembered = { units, keptIn: new Set([store!]) };
    else {
      const shapedUnits = shapeInUnits(face.font, text, features);
      remembered = { units: shapedUnits.join(','), shaped: inGlyphSpace(shapedUnits, face.font.unitsPerEm), keptIn: new Set() };
    }
  }
  texts.set(key, remembered);
  if (texts.size > REMEMBERED_TEXTS) texts.delete(texts.keys().next().value!);
  if (store && !remembered.keptIn.has(store)) {
    // Shaped now, or for another kind of document: this one's store may lack it.
    if (store.get(diskKey!) === undefined) store.set(diskKey!, remembered.units);
    remembered.keptIn.add(store);
  }
  return (remembered.shaped ??= inGlyphSpace(remembered.units === '' ? [] : remembered.units.split(',').map(Number), face.font.unitsPerEm));
}

/** Keeps on disk the texts `store`'s document shaped that it lacked, for the builds after this process (under `watch`, once the build is reported). */
export function keepShapedOnDisk(store: ShapingStore): void {
  keepForNextProcess(() => store.write());
}
