/**
 * The fonts jianbao opens decode their coverage and class definition tables (GSUB, GPOS, GDEF)
 * and their loca table from the bytes directly, not with restructure (load/fonts.ts,
 * decodeCoverageFast, locaFromBytes): what they decode, and so every glyph, advance and position
 * shaping gives and every outline read, must be exactly what fontkit decodes and gives. Compared here on every font jianbao ships, against the same file opened by
 * fontkit alone.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import type { LoadedFace } from '../../src/load/fonts.js';
import { inOwnCacheFolder } from '../cache-folder.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Every face of the shipped theme, Simplified and Traditional. */
async function shippedFaces(): Promise<LoadedFace[]> {
  const { parseYaml } = await import('../../src/load/yaml.js');
  const { Theme } = await import('../../src/model/theme.js');
  const { loadFonts } = await import('../../src/load/fonts.js');
  const theme = parseYaml(Theme, readFileSync(path.join(root, 'templates', 'theme.yaml'), 'utf8'), 'theme.yaml').value;
  const themes = [theme, ...(theme.traditionalFonts ? [{ ...theme, fonts: theme.traditionalFonts }] : [])];
  return themes.flatMap((each) => Object.values(loadFonts(each, root, 'theme.yaml')).flatMap(({ regular, bold }) => [regular, bold]));
}

/** Every line of the article's and the event tests' content, and Latin text fontkit kerns, as texts to shape. */
function texts(): string[] {
  const events = path.join(root, 'tests', 'events');
  const files = [path.join(root, 'content.yaml'), ...readdirSync(events).map((event) => path.join(events, event, 'content.yaml'))];
  const lines = files.flatMap((file) => readFileSync(file, 'utf8').split('\n'));
  const content = lines.map((line) => line.replace(/^\s*(?:- )?(?:[\w-]+:\s*)?/, '').trim()).filter((line) => line !== '');
  return [...new Set([...content, 'AVATAR Type WAVE To. Ty, Vo “AV” (7) 1/4 ff fi', '第1234567稿（第89012稿）——……'])];
}

/** fontkit's decoded lookup list, a lazy array (not in its type definitions). */
interface LookupList {
  readonly length: number;
  get(index: number): unknown;
}
interface FontTables {
  readonly GSUB?: { readonly lookupList: LookupList };
  readonly GPOS?: { readonly lookupList: LookupList };
  readonly GDEF?: object;
}

/**
 * A decoded table as JSON, its lazy arrays read whole: every field fontkit's shaping could read
 * (restructure's bookkeeping, hidden properties such as `parent`, is not among them).
 */
function decoded(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(decoded);
  if ('toArray' in value && typeof value.toArray === 'function') return (value.toArray() as unknown[]).map(decoded);
  return Object.fromEntries(Object.keys(value).map((key) => [key, decoded((value as Record<string, unknown>)[key])]));
}

/** Each table's lookups (and GDEF), decoded whole, by name: hashed, as a CJK font's are megabytes of JSON. */
function tablesOf(font: Font): Map<string, string> {
  const tables = font as unknown as FontTables;
  const hashed = (value: unknown): string => createHash('sha256').update(JSON.stringify(decoded(value))).digest('hex');
  const all = new Map<string, string>([['GDEF', hashed(tables.GDEF)]]);
  for (const tag of ['GSUB', 'GPOS'] as const) {
    const lookups = tables[tag]?.lookupList;
    for (let index = 0; index < (lookups?.length ?? 0); index++) all.set(`${tag} lookup ${index}`, hashed(lookups!.get(index)));
  }
  return all;
}

/** Coverage tables decoded by restructure carry its hidden `_startOffset`; those decoded by jianbao do not. */
function coveragesByRestructure(font: Font): boolean[] {
  const lookups = (font as unknown as FontTables).GPOS!.lookupList;
  const found: boolean[] = [];
  for (let index = 0; index < lookups.length; index++) {
    for (const subTable of (lookups.get(index) as { subTables: { coverage?: object; extension?: { coverage?: object } }[] }).subTables) {
      const coverage = subTable.coverage ?? subTable.extension?.coverage;
      if (coverage) found.push(Object.hasOwn(coverage, '_startOffset'));
    }
  }
  return found;
}

/** What shaping gives for `text`: each glyph's id, characters, advance and position, and the run's advance. */
function shapedWith(font: Font, text: string, features: string[]): string {
  const run = font.layout(text, features);
  return JSON.stringify([run.glyphs.map((glyph, index) => [glyph.id, glyph.codePoints, glyph.advanceWidth, run.positions[index]]), run.advanceWidth]);
}

inOwnCacheFolder('jianbao-font-tables-cache-');

describe('the fonts jianbao opens', () => {
  it('decode every lookup of GSUB and GPOS, GDEF and loca into exactly what fontkit decodes', async () => {
    const faces = await shippedFaces();
    expect(faces).toHaveLength(8);
    for (const face of new Map(faces.map((each) => [each.file, each])).values()) {
      const ours = face.font;
      ours.layout('字'); // shaping decodes the tables: the first shaping decodes them our way
      const fontkits = fontkit.create(readFileSync(face.file)) as Font;
      const ourTables = tablesOf(ours);
      expect(ourTables.size, face.file).toBeGreaterThan(10);
      expect(ourTables, face.file).toEqual(tablesOf(fontkits));
      // Compared are jianbao's decoding and restructure's, not restructure's twice.
      expect(new Set(coveragesByRestructure(ours)), face.file).toEqual(new Set([false]));
      expect(new Set(coveragesByRestructure(fontkits)), face.file).toEqual(new Set([true]));
      // loca, read from the bytes (locaFromBytes): the same version and offsets, where every outline is read from.
      const locas = [ours, fontkits].map((font) => (font as unknown as { readonly loca: object }).loca);
      expect(JSON.stringify(locas[0]), face.file).toBe(JSON.stringify(locas[1]));
      expect(locas.map((loca) => Object.hasOwn(loca, '_startOffset')), face.file).toEqual([false, true]);
    }
  }, 600_000);

  it('shape every text as fontkit does: the same glyphs, advances and positions', async () => {
    const all = texts();
    expect(all.length).toBeGreaterThan(500);
    for (const face of await shippedFaces()) {
      const ours = face.font;
      const fontkits = fontkit.create(readFileSync(face.file)) as Font;
      for (const features of [[], ['halt']]) {
        for (const text of all) expect(shapedWith(ours, text, features), `${face.file} ${features.join()} ${text}`).toBe(shapedWith(fontkits, text, features));
      }
    }
  }, 600_000);
});
