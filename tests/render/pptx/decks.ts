/** Decks built in the tests through the project's renderer, and the OOXML checker run on them. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { DocumentMeta } from '../../../src/model/document.js';
import type { LaidOutSlide, SlideShape, TextParagraph } from '../../../src/model/slides.js';
import { Theme } from '../../../src/model/theme.js';
import type { EmbeddedFamily } from '../../../src/render/pptx/finish.js';
import { renderPptx } from '../../../src/render/pptx/render.js';
import { build } from '../../../src/build.js';

const root = resolve(import.meta.dirname, '../../..');
const FONTS = join(root, 'node_modules/@expo-google-fonts/noto-sans-sc');
const VALIDATOR = resolve(root, '../shared/tools/ooxml/validate-pptx');

export const FAMILY = 'Noto Sans SC';
export const theme = Theme.parse(parse(readFileSync(join(root, 'templates/theme.yaml'), 'utf8')));
export const family: EmbeddedFamily = {
  family: FAMILY,
  regular: readFileSync(join(FONTS, '400Regular/NotoSansSC_400Regular.ttf')),
  bold: readFileSync(join(FONTS, '700Bold/NotoSansSC_700Bold.ttf')),
};
export const meta: DocumentMeta = { title: '简报', author: '科学城', subject: '招商签约', keywords: [], lang: 'zh-CN' };

export function paragraph(text: string): TextParagraph {
  return { runs: [{ text, color: '1F1F1F' }], size: 18, align: 'left', lineSpacing: 26, spaceBefore: 0 };
}

export function textBox(y: number, text: string): SlideShape {
  return { kind: 'text', x: 0.6, y, w: 6, h: 0.5, paragraphs: [paragraph(text)], valign: 'top' };
}

export function table(y: number, rows: readonly (readonly string[])[]): SlideShape {
  return {
    kind: 'table', x: 0.6, y, w: 8, h: 0.4 * (rows.length + 1), columnWidths: [5, 3],
    header: ['项目', '金额'], rows, rowHeights: Array<number>(rows.length + 1).fill(0.4), size: 14, lineSpacing: 20,
  };
}

/** The repository's deck: content.yaml built with the default templates, as staff build it. */
export async function buildArticleDeck(): Promise<Uint8Array> {
  const outDir = mkdtempSync(join(tmpdir(), 'jianbao-article-'));
  await build({ contentFile: join(root, 'content.yaml'), outDir, only: 'deck' });
  return readFileSync(join(outDir, 'briefing.pptx'));
}

/** Renders `slides` (13.333 × 7.5 in) with the repository's theme and Noto Sans SC embedded. */
export function renderSlides(slides: readonly LaidOutSlide[], documentMeta: DocumentMeta = meta, deckFamily: EmbeddedFamily = family): Promise<Uint8Array> {
  return renderPptx({ width: 13.333, height: 7.5, slides, warnings: [] }, { meta: documentMeta, theme, family: deckFamily });
}

export const hasValidator = spawnSync('xmllint', ['--version']).status === 0 && existsSync(VALIDATOR);

export interface Validation {
  /** One line per finding. */
  readonly findings: readonly string[];
  /** The checker's last line, e.g. `118 parts checked, 0 errors`. */
  readonly summary: string;
}

/** Runs validate-pptx (with `flags`, e.g. --powerpoint) on a deck. */
export function validatePptx(pptx: Uint8Array, ...flags: string[]): Validation {
  const folder = mkdtempSync(join(tmpdir(), 'jianbao-validate-'));
  try {
    const file = join(folder, 'deck.pptx');
    writeFileSync(file, pptx);
    const run = spawnSync(process.execPath, [VALIDATOR, ...flags, file], { encoding: 'utf8' }); // via node: shared/ may lose its modes
    const lines = `${run.stdout}${run.stderr}`.trim().split('\n');
    return { findings: lines.slice(0, -1), summary: lines.at(-1) ?? '' };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
