/**
 * A font whose digest a build before kept (load/fonts.ts) is opened without reading its file whole
 * (load/sparse-font.ts): a build after an edit reads the font's small tables, not the 10–15 MB of
 * outlines, and shapes exactly as fontkit does with the whole file. Each "process" below is a fresh
 * copy of the modules (vi.resetModules), with nothing in memory.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Font, Glyph } from 'fontkit';
import { describe, expect, it, vi } from 'vitest';
import type { Theme } from '../../src/model/theme.js';
import { inOwnCacheFolder } from '../cache-folder.js';
import { newProject } from '../support/cli.js';

/** Bytes read of each font file, by real path, however they were read. */
const fontBytesRead = vi.hoisted(() => new Map<string, number>());
vi.mock('../../src/load/read.js', async (importOriginal) => {
  const read = await importOriginal<typeof import('../../src/load/read.js')>();
  const counted = (file: string, bytes: number): void => {
    if (file.endsWith('.ttf')) fontBytesRead.set(file, (fontBytesRead.get(file) ?? 0) + bytes);
  };
  const total = (ranges: readonly (readonly [number, number])[]): number => ranges.reduce((sum, [, length]) => sum + length, 0);
  return {
    ...read,
    readBounded: (...args: Parameters<typeof read.readBounded>) => {
      const bytes = read.readBounded(...args);
      counted(args[0], bytes.length);
      return bytes;
    },
    readRanges: (...args: Parameters<typeof read.readRanges>) => {
      counted(args[0], total(args[2]));
      return read.readRanges(...args);
    },
    readRangesInto: (...args: Parameters<typeof read.readRangesInto>) => {
      counted(args[0], total(args[3]));
      read.readRangesInto(...args);
    },
  };
});

const MEGABYTE = 1024 * 1024;
const root = path.resolve(import.meta.dirname, '../..');

/** Every line of the article's and the event tests' content, as text to shape. */
function texts(): string[] {
  const events = path.join(root, 'tests', 'events');
  const files = [path.join(root, 'content.yaml'), ...readdirSync(events).map((event) => path.join(events, event, 'content.yaml'))];
  const lines = files.flatMap((file) => readFileSync(file, 'utf8').split('\n'));
  return [...new Set(lines.map((line) => line.replace(/^\s*(?:- )?(?:[\w-]+:\s*)?/, '').trim()).filter((line) => line !== ''))];
}

/** What shaping gives for `text`: each glyph's id, characters, advance and position. */
function shapedWith(font: Font, text: string): string {
  const run = font.layout(text);
  return run.glyphs.map((glyph, index) => JSON.stringify([glyph.id, glyph.codePoints, glyph.advanceWidth, run.positions[index]])).join(' ');
}

/** The theme shipped with jianbao. */
async function shippedTheme(): Promise<Theme> {
  const { parseYaml } = await import('../../src/load/yaml.js');
  const { Theme } = await import('../../src/model/theme.js');
  return parseYaml(Theme, readFileSync(path.join(root, 'templates', 'theme.yaml'), 'utf8'), 'theme.yaml').value;
}

/** A glyph's outline and box, which fontkit reads from the glyf table. */
const outlineOf = (glyph: Glyph): string => JSON.stringify([glyph.path.toSVG(), glyph.cbox, glyph.bbox]);

inOwnCacheFolder('jianbao-sparse-font-cache-');

describe('a font whose digest is kept', () => {
  it('shapes, without its outlines read, exactly as the whole file does, and draws the same outlines', async () => {
    const { loadFonts } = await import('../../src/load/fonts.js');
    loadFonts(await shippedTheme(), root, 'theme.yaml'); // keeps what it found of each font
    vi.resetModules();
    const fresh = await import('../../src/load/fonts.js');
    const face = fresh.loadFonts(await shippedTheme(), root, 'theme.yaml').serif.regular;
    const file = path.resolve(face.file);
    fontBytesRead.clear();
    const sparse = face.font;
    // What names the font by fontkit's buffer (the shaped texts kept on disk, render/pdf/shaping.ts) names it by the file's digest.
    const { fileOf } = await import('../../src/render/pdf/shaping.js');
    const { fontDigest } = await import('../../src/cache/fonts.js');
    expect(fontDigest(fileOf(sparse))).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    const whole = fontkit.create(readFileSync(file)) as Font;
    const all = texts();
    expect(all.length).toBeGreaterThan(500);
    for (const text of all) expect(shapedWith(sparse, text), text).toBe(shapedWith(whole, text));
    const [read] = [...fontBytesRead.values()];
    expect(read).toBeLessThan(2 * MEGABYTE);
    // Outlines (what a subset or a drawing reads) are read in when asked for: the same as the file's.
    const ids = new Set(all.flatMap((text) => sparse.layout(text).glyphs.map((glyph) => glyph.id)));
    for (const id of ids) expect(outlineOf(sparse.getGlyph(id)), `glyph ${id}`).toBe(outlineOf(whole.getGlyph(id)));
    expect(face.data.equals(readFileSync(file))).toBe(true);
  }, 300_000);

  it('is not read whole by a build after a one-line edit of an already-built project', async () => {
    const dir = newProject();
    const contentFile = path.join(dir, 'content.yaml');
    const original = readFileSync(contentFile, 'utf8');
    const { build } = await import('../../src/build.js');
    await build({ contentFile, outDir: path.join(dir, 'before') });
    // The bench's edit, in a fresh process: a few characters more in the first paragraph of the narrative, a line no build has shaped.
    const edited = original.replace(/^(\s*paragraphs:\n\s*- )(.*)$/m, '$1$2（第二稿·校）');
    expect(edited).not.toBe(original);
    writeFileSync(contentFile, edited);
    vi.resetModules();
    fontBytesRead.clear();
    const fresh = await import('../../src/build.js');
    await fresh.build({ contentFile, outDir: path.join(dir, 'after') });
    expect(fontBytesRead.size).toBeGreaterThan(0);
    for (const [file, bytes] of fontBytesRead) expect(bytes, file).toBeLessThan(2 * MEGABYTE);
  }, 300_000);
});
