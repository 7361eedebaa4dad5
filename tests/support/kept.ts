/** What tests of the cache a fresh `jianbao build` fills need: content to edit a line of, the results kept, and a build with nothing kept to compare with. */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { entryBytesIn } from '../../src/cache/disk.js';
import { KeptFile } from '../../src/cache/kept-file.js';
import { quietBuild, root } from './cli.js';

/** The deck, the report and the handout a build writes. */
export const OUTPUTS = ['briefing-slides.pdf', 'briefing.pdf', 'briefing.pptx'];

/**
 * The repository's content.yaml in a folder of its own, and a way to write an edit of one line of
 * it (each an edit of the original): `addition` at the end of the text `line` finds (its second
 * group), before the closing "。" of a sentence.
 */
export function editableContent(): { file: string; edit: (line: RegExp, addition: string) => void } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-kept-')), 'content.yaml');
  copyFileSync(path.join(root, 'content.yaml'), file);
  const original = readFileSync(file, 'utf8');
  const edit = (line: RegExp, addition: string): void => {
    if (!line.test(original)) throw new Error(`content.yaml has no line ${line}`);
    writeFileSync(file, original.replace(line, (_, head: string, text: string) => (text.endsWith('。') ? `${head}${text.slice(0, -1)}${addition}。` : `${head}${text}${addition}`)));
  };
  return { file, edit };
}

/** The results kept of `kind` in `cacheDir`: its one entry (src/cache/kept-file.ts). */
export function keptStore(cacheDir: string, kind: string): KeptFile {
  const entries = readdirSync(path.join(cacheDir, kind)).filter((name) => name.endsWith('.bin'));
  expect(entries).toHaveLength(1);
  return new KeptFile(entryBytesIn(readFileSync(path.join(cacheDir, kind, entries[0]!))), Infinity);
}

/** The keys (JSON) of the results kept of `kind` in `cacheDir`, least recently computed first. */
export const keptKeys = (cacheDir: string, kind: string): string[] => keptStore(cacheDir, kind).keys();

/** Expects the outputs in `outDir` to be, byte for byte, what a fresh build of `contentFile` with nothing kept writes; returns that build's folder. */
export function expectAsBuiltWithNothingKept(contentFile: string, outDir: string): string {
  const nothingKept = mkdtempSync(path.join(tmpdir(), 'jianbao-nothing-kept-'));
  quietBuild(contentFile, nothingKept, { JIANBAO_NO_CACHE: '1' });
  for (const name of OUTPUTS) expect(readFileSync(path.join(outDir, name)).equals(readFileSync(path.join(nothingKept, name))), name).toBe(true);
  return nothingKept;
}

/** An editableContent with a cache and an output folder of its own, and a fresh `jianbao build` of it there: built once already. */
export function keptProject(): { cacheDir: string; outDir: string; content: ReturnType<typeof editableContent>; build: () => void } {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-kept-cache-'));
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-kept-out-'));
  const content = editableContent();
  const build = (): void => quietBuild(content.file, outDir, { JIANBAO_CACHE_DIR: cacheDir });
  build();
  return { cacheDir, outDir, content, build };
}
