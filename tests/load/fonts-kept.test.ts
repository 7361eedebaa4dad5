/**
 * A font is read when something first uses it (load/fonts.ts), and named in the cache's keys by the
 * digest of its bytes, kept on disk by the file's identity: a build whose work is all kept reads no
 * font, and any change to a font's file makes it read and named again. Each "process" below is a
 * fresh copy of the modules (vi.resetModules), with nothing in memory.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Theme } from '../../src/model/theme.js';
import { inOwnCacheFolder } from '../cache-folder.js';

/** Every font file read, by real path. */
const fontsRead = vi.hoisted((): string[] => []);
vi.mock('../../src/load/read.js', async (importOriginal) => {
  const read = await importOriginal<typeof import('../../src/load/read.js')>();
  return {
    ...read,
    readBounded: (...args: Parameters<typeof read.readBounded>) => {
      if (args[1].kind === 'fonts') fontsRead.push(args[0]);
      return read.readBounded(...args);
    },
  };
});

const require = createRequire(import.meta.url);
const packaged = (spec: string): string => require.resolve(spec);
const SANS_REGULAR = packaged('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const SANS_BOLD = packaged('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

const project = mkdtempSync(path.join(tmpdir(), 'jianbao-kept-fonts-'));
/** The project's own sans face, which the tests replace and touch. */
const ownFont = path.join(project, 'fonts', 'Sans.ttf');

/** The theme shipped with jianbao, its sans regular face the project's own file. */
async function theme(): Promise<Theme> {
  const { parseYaml } = await import('../../src/load/yaml.js');
  const { Theme } = await import('../../src/model/theme.js');
  const shipped = parseYaml(Theme, readFileSync(new URL('../../templates/theme.yaml', import.meta.url), 'utf8'), 'theme.yaml').value;
  return { ...shipped, fonts: { ...shipped.fonts, sans: { ...shipped.fonts.sans, regular: 'fonts/Sans.ttf' } } };
}

/** The fonts as a fresh process loads them; `fontsRead` then holds what it read. */
async function loadedInFreshProcess(): Promise<import('../../src/load/fonts.js').FontSet> {
  vi.resetModules();
  const { loadFonts } = await import('../../src/load/fonts.js');
  const loadedTheme = await theme();
  fontsRead.length = 0;
  return loadFonts(loadedTheme, project, 'theme.yaml');
}

/** A file settled for longer than the timestamps' grain (load/fonts.ts trusts no file changed in the last two seconds). */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2100));

inOwnCacheFolder('jianbao-kept-fonts-cache-');
beforeAll(() => {
  mkdirSync(path.dirname(ownFont));
  copyFileSync(SANS_REGULAR, ownFont);
});

describe('fonts loaded by a fresh process', () => {
  it('are read only when first used, once, and named by their bytes without reading them', async () => {
    await settle();
    await loadedInFreshProcess(); // looks at each font once, and keeps what it found
    expect(fontsRead).toContain(ownFont);
    const fonts = await loadedInFreshProcess();
    const face = fonts.sans.regular;
    expect(face.digest).toBe(sha256(ownFont));
    expect(face.family).toBe('Noto Sans SC');
    expect(fontsRead).toEqual([]);
    // Opened for shaping, it is read in pieces (load/sparse-font.ts); its bytes are read whole when asked for.
    expect(face.font.hasGlyphForCodePoint(0x4e2d)).toBe(true);
    expect(fontsRead).toEqual([]);
    expect(face.data.equals(readFileSync(ownFont))).toBe(true);
    expect(fontsRead).toEqual([ownFont]);
    expect(fonts.sans.bold.digest).toBe(sha256(SANS_BOLD));
    expect(fontsRead).toEqual([ownFont]);
  }, 120_000);

  it('tell which characters they have without being read, as the fonts themselves tell', async () => {
    await settle();
    await loadedInFreshProcess();
    const fonts = await loadedInFreshProcess();
    // The check for missing glyphs, over the whole content, reads no font.
    const { checkGlyphs } = await import('../../src/check/glyphs.js');
    const { parseYaml } = await import('../../src/load/yaml.js');
    const { Content } = await import('../../src/model/content.js');
    const content = parseYaml(Content, readFileSync(new URL('../../content.yaml', import.meta.url), 'utf8'), 'content.yaml');
    expect(checkGlyphs(content.source, [], fonts)).toEqual([]);
    // A character none of the fonts has (a CJK compatibility ideograph): found, still without reading a font.
    const lacking = [{ value: '科学城\u{2F9F4}', path: ['document', 'title'], offset: 0 }];
    expect(checkGlyphs({ ...content.source, strings: () => lacking }, [], fonts)).toHaveLength(1);
    expect(fontsRead).toEqual([]);
    for (const face of [fonts.sans.regular, fonts.serif.bold]) {
      const answers = (has: (codePoint: number) => boolean): number[] => {
        const found: number[] = [];
        for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) if (has(codePoint)) found.push(codePoint);
        return found;
      };
      expect(answers((codePoint) => face.hasGlyph(codePoint))).toEqual(answers((codePoint) => face.font.hasGlyphForCodePoint(codePoint)));
    }
  }, 120_000);

  it('are read and named again when a file is replaced, rewritten or touched', async () => {
    const settledAndKept = async (): Promise<void> => {
      await settle();
      await loadedInFreshProcess();
      await loadedInFreshProcess();
      expect(fontsRead).toEqual([]);
    };
    await settledAndKept();
    // Another font put in its place: named by its own bytes at once, however recent the change.
    copyFileSync(SANS_BOLD, `${ownFont}.new`);
    renameSync(`${ownFont}.new`, ownFont);
    expect((await loadedInFreshProcess()).sans.regular.digest).toBe(sha256(SANS_BOLD));
    expect(fontsRead).toEqual([ownFont]);
    await settledAndKept();
    // The same bytes written again.
    writeFileSync(ownFont, readFileSync(ownFont));
    expect((await loadedInFreshProcess()).sans.regular.digest).toBe(sha256(SANS_BOLD));
    expect(fontsRead).toEqual([ownFont]);
    await settledAndKept();
    // Only its times changed.
    const earlier = new Date(Date.now() - 60_000);
    utimesSync(ownFont, earlier, earlier);
    await loadedInFreshProcess();
    expect(fontsRead).toEqual([ownFont]);
  }, 120_000);

  it('refuse a font changed between loading and first use', async () => {
    await settle();
    await loadedInFreshProcess();
    const fonts = await loadedInFreshProcess();
    writeFileSync(ownFont, readFileSync(SANS_REGULAR));
    expect(() => fonts.sans.regular.font).toThrow(/changed while it was being used/);
  }, 120_000);
});
