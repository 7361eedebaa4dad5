/** load: the theme's fonts, from the project folder or an installed npm package, opened with fontkit. */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { remembering } from '../cache/disk.js';
import { rememberFontWork } from '../cache/fonts.js';
import { DiagnosticError } from '../model/diagnostic.js';
import type { FontRole, Theme } from '../model/theme.js';
import type { FontFace } from '../layout/text/types.js';
import { readBounded, realPathInside, UnreadableFile } from './read.js';

/** A face as loaded: bytes for embedding, a fontkit font for measuring. */
export interface LoadedFace extends FontFace {
  readonly family: string;
  readonly bold: boolean;
  readonly data: Buffer;
  readonly file: string;
}

export type FontSet = Readonly<Record<FontRole, { readonly regular: LoadedFace; readonly bold: LoadedFace }>>;

const require = createRequire(import.meta.url);

/** CJK fonts are 10–20 MB; larger is not a font anyone embeds. */
const MAX_FONT_BYTES = 64 * 1024 * 1024;

/**
 * `fonts/X.ttf` and `./X.ttf` are project files; anything else is an npm package path, looked up
 * from the project first, then from jianbao's own installation.
 */
export function resolveFontPath(spec: string, projectDir: string): string {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('fonts/')) return path.resolve(projectDir, spec);
  try {
    return require.resolve(spec, { paths: [projectDir] });
  } catch {
    return require.resolve(spec);
  }
}

/**
 * Fonts opened in this process, by file, size and modification time: `watch` rebuilds reuse them,
 * and with them every measurement already cached on the fontkit objects.
 */
const opened = new Map<string, { data: Buffer; font: Font }>();

/**
 * Project fonts must stay in the project folder and package fonts in the node_modules folders the
 * project or jianbao resolve packages from, symlinks followed: a theme cannot embed any other file.
 */
function fontFolders(projectDir: string): readonly string[] {
  const projectRequire = createRequire(path.join(projectDir, 'content.yaml'));
  return [projectDir, ...(projectRequire.resolve.paths('font-package') ?? []), ...(require.resolve.paths('font-package') ?? [])];
}

function openFont(file: string, projectDir: string): { data: Buffer; font: Font } {
  const real = realPathInside(file, { folders: fontFolders(projectDir), name: 'the project folder and the installed font packages' });
  const stat = statSync(real);
  const key = `${real}|${stat.size}|${stat.mtimeMs}`;
  // With JIANBAO_NO_CACHE every build opens its fonts afresh and nothing is remembered between or within builds.
  const known = remembering() ? opened.get(key) : undefined;
  if (known) return known;
  const data = readBounded(real, { limit: MAX_FONT_BYTES, kind: 'fonts' });
  const font = fontkit.create(data);
  if ('fonts' in font) throw new Error('a font collection; give a single TrueType font');
  // The PDF codes glyphs by their ids through a CIDToGIDMap, which only TrueType CID fonts have.
  if (!('glyf' in (font as unknown as { directory: { tables: object } }).directory.tables)) throw new Error('CFF outlines (an OpenType .otf); give a TrueType font');
  glyphsKeepTheirCharacters(font);
  if (!remembering()) return { data, font };
  rememberFontWork(font);
  if (opened.size >= 8) opened.clear(); // earlier versions of fonts edited under `watch`
  opened.set(key, { data, font });
  return { data, font };
}

/**
 * fontkit keeps one glyph object per glyph id, with the characters of the lookup that made it
 * first, and shaping hands out those objects. A subset being encoded looks glyphs up by id alone:
 * kept, such a glyph would stand for no character in every text shaped with the font afterwards
 * (the handout drawn beside the report, the next build under `watch`, a text whose neighbours
 * were shaped by an earlier process), and drop out of the PDF's ToUnicode map, so the text would
 * not copy out. Lookups by id alone are answered without keeping the glyph they make.
 */
function glyphsKeepTheirCharacters(font: Font): void {
  const kept = (font as unknown as { readonly _glyphs: Record<number, unknown> })._glyphs;
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id: number, codePoints?: number[]) => {
    if ((codePoints !== undefined && codePoints.length > 0) || kept[id] !== undefined) return getGlyph(id, codePoints);
    const glyph = getGlyph(id, codePoints);
    delete kept[id];
    return glyph;
  };
}

/** The faces made of each open font: a rebuild gets the very objects it had, and what layout remembers by them (cache/memo.ts). */
const faces = new WeakMap<Font, Map<string, LoadedFace>>();

function faceOf(font: Font, data: Buffer, key: string, bold: boolean, file: string): LoadedFace {
  const made = (): LoadedFace => ({ key, font, family: font.familyName, bold, data, file });
  if (!remembering()) return made();
  let byKey = faces.get(font);
  if (!byKey) faces.set(font, (byKey = new Map()));
  const known = byKey.get(`${key}|${file}`);
  if (known) return known;
  const face = made();
  byKey.set(`${key}|${file}`, face);
  return face;
}

export function loadFonts(theme: Theme, projectDir: string, themeFile: string): FontSet {
  const load = (role: FontRole, weight: 'regular' | 'bold'): LoadedFace => {
    const spec = theme.fonts[role][weight];
    const where = { severity: 'error' as const, file: themeFile, line: 0, column: 0, path: `fonts.${role}.${weight}` };
    let file: string;
    let data: Buffer;
    let font: Font;
    try {
      file = resolveFontPath(spec, projectDir);
      ({ data, font } = openFont(file, projectDir));
    } catch (error) {
      const message = error instanceof UnreadableFile ? `font "${spec}" ${error.message}` : `cannot load font "${spec}": ${(error as Error).message}`;
      throw new DiagnosticError([{ ...where, message }]);
    }
    if (font.familyName !== theme.fonts[role].family) {
      throw new DiagnosticError([{ ...where, message: `"${spec}" is family "${font.familyName}", the theme says "${theme.fonts[role].family}"` }]);
    }
    if (font['OS/2'].fsType.noEmbedding) {
      throw new DiagnosticError([{ ...where, message: `"${spec}" does not allow embedding (OS/2 fsType restricted licence)` }]);
    }
    return faceOf(font, data, `${role}-${weight}`, weight === 'bold', file);
  };
  return {
    sans: { regular: load('sans', 'regular'), bold: load('sans', 'bold') },
    serif: { regular: load('serif', 'regular'), bold: load('serif', 'bold') },
  };
}
