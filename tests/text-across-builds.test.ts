/**
 * Text shaped in a process that also draws what earlier processes shaped (kept on disk) copies out
 * whole. fontkit keeps one glyph object per glyph, with the characters it was first looked up for:
 * a glyph a subset looked up by id alone stood for no character in every later text, which then
 * lost those characters in the PDF's ToUnicode map (and on disk, for the builds after).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root } from './support/cli.js';
import { readPdf } from './support/pdf.js';

const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-text-cache-'));
const env = { ...process.env, JIANBAO_CACHE_DIR: cacheDir };

const reportText = async (file: string): Promise<string> => (await readPdf(readFileSync(file))).pages.join('').replace(/\s+/g, '');

describe('a text new to the cache, shaped after texts read from it', () => {
  it('copies out with every character, in the same process and the next', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-text-'));
    const contentFile = path.join(dir, 'content.yaml');
    copyFileSync(path.join(root, 'content.yaml'), contentFile);
    const original = readFileSync(contentFile, 'utf8');
    const reordered = '永恒主题是科学城的“科学”';
    // An earlier process shapes the article's texts and keeps them on disk.
    const earlier = spawnSync(process.execPath, [cli, 'build', contentFile, '--out', path.join(dir, 'earlier'), '--quiet'], { encoding: 'utf8', env });
    expect(earlier.stderr).toBe('');
    // One process, as `watch` runs: it draws the texts from disk, but for a new character whose
    // subset is new (encoding it looks every glyph up by id, those drawn from disk for the first
    // time in this process); then, after an edit, a text no process shaped before, made of
    // characters this process only drew from disk.
    const compiled = (file: string): string => JSON.stringify(path.join(root, 'dist', file));
    const watching = `
      import { writeFileSync } from 'node:fs';
      const { build } = await import(${compiled('build.js')});
      const [file, original, out] = ${JSON.stringify([contentFile, original, dir])};
      writeFileSync(file, original.replace('作为代表参与了', '作为代表鑫参与了'));
      await build({ contentFile: file, outDir: out + '/first', only: 'report' });
      writeFileSync(file, original.replace('“科学”是科学城的永恒主题', ${JSON.stringify(reordered)}));
      await build({ contentFile: file, outDir: out + '/second', only: 'report' });`;
    const rebuilt = spawnSync(process.execPath, ['--input-type=module', '-e', watching], { encoding: 'utf8', env });
    expect(rebuilt.stderr).toBe('');
    expect(await reportText(path.join(dir, 'second', 'briefing.pdf'))).toContain(reordered);
    // And the next process, which reads that text's shape from disk.
    const next = spawnSync(process.execPath, [cli, 'build', contentFile, '--out', path.join(dir, 'next'), '--only', 'report', '--quiet'], { encoding: 'utf8', env });
    expect(next.stderr).toBe('');
    expect(await reportText(path.join(dir, 'next', 'briefing.pdf'))).toContain(reordered);
  }, 180_000);
});
