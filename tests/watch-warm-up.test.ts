/**
 * A `watch` process gets ready for the first change while it waits: once it has reported its start
 * build, which may have found all its work kept on disk and shaped nothing, it shapes with the fonts
 * its outputs are set in (cli/warm-up.ts), which decodes their tables. What it writes after an edit stays
 * exactly what a fresh build writes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { facesInUse, shapeOnce } from '../src/cli/warm-up.js';
import { loadProject } from '../src/load/project.js';
import type { LoadedFace } from '../src/load/fonts.js';
import { inOwnCacheFolder } from './cache-folder.js';
import { loneContent, root, run } from './support/cli.js';

inOwnCacheFolder('jianbao-warm-up-');

const OUTPUTS = ['briefing.pdf', 'briefing.pptx', 'briefing-slides.pdf'];

/**
 * A module as the command line runs it, compiled: what a build keeps on disk is named by the code
 * that computes it (cache/disk.ts ownCode), so only the compiled code finds what `jianbao build` kept.
 */
const compiled = async <Module>(file: string): Promise<Module> => (await import(pathToFileURL(path.join(root, 'dist', file)).href)) as Module;

/** Whether fontkit has shaped with the face's font: its shaper, made on the first shaping, with the tables it decoded. */
const shapedWith = (face: LoadedFace): boolean => face.opened && (face.font as unknown as { _layoutEngine?: object })._layoutEngine !== undefined;

/** Resolves once `holds` does, checked every few milliseconds; rejects after `ms`. */
async function until(holds: () => boolean, ms: number): Promise<void> {
  for (const start = Date.now(); !holds(); await new Promise((resolve) => setTimeout(resolve, 10))) {
    if (Date.now() - start > ms) throw new Error(`not so after ${ms} ms`);
  }
}

describe('a `watch` process waiting for a change', () => {
  it('shapes with the fonts its outputs are set in, and rebuilds after an edit what a fresh build makes', async () => {
    const contentFile = loneContent();
    const dir = path.dirname(contentFile);
    const outDir = path.join(dir, 'out');
    // A build before it kept everything on disk: the start build finds its work there.
    expect(run(['build', contentFile, '--out', outDir, '--quiet'], dir).status).toBe(0);

    const { watchProject } = await compiled<typeof import('../src/cli/watch.js')>('cli/watch.js');
    const warmUp = await compiled<typeof import('../src/cli/warm-up.js')>('cli/warm-up.js');
    const project = await compiled<typeof import('../src/load/project.js')>('load/project.js');
    let faces: LoadedFace[] = [];
    let shapedWhenReported: boolean[] = [];
    const builds: string[] = [];
    const watching = await watchProject({ contentFile, outDir }, () => undefined, (line) => {
      if (!line.startsWith('built ')) return;
      builds.push(line);
      if (builds.length > 1) return;
      faces = warmUp.facesInUse(project.loadProject({ contentFile }));
      shapedWhenReported = faces.map(shapedWith);
    });
    try {
      expect(faces.length).toBe(4);
      expect(shapedWhenReported).toEqual([false, false, false, false]);
      await until(() => faces.every(shapedWith), 20_000);

      const original = readFileSync(contentFile, 'utf8');
      writeFileSync(contentFile, original.replace(/^(\s*paragraphs:\n\s*- )(.*)$/m, (_, head: string, text: string) => `${head}${text}（第2稿）`));
      await until(() => builds.length === 2, 60_000);
    } finally {
      watching.close();
    }
    const fresh = mkdtempSync(path.join(tmpdir(), 'jianbao-fresh-'));
    expect(run(['build', contentFile, '--out', fresh, '--quiet'], dir, { ...process.env, JIANBAO_NO_CACHE: '1' }).status).toBe(0);
    for (const output of OUTPUTS) expect(readFileSync(path.join(outDir, output)).equals(readFileSync(path.join(fresh, output))), output).toBe(true);
  }, 180_000);

  it('shapes with a face without keeping a glyph of what it shaped', () => {
    const file = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
    const face = { key: 'serif-regular', font: fontkit.openSync(file) as Font };
    const internals = face.font as unknown as { readonly _glyphs: object; readonly _layoutEngine?: object };
    face.font.layout('已有', []);
    const before = Object.keys(internals._glyphs);
    shapeOnce(face);
    expect(Object.keys(internals._glyphs)).toEqual(before);
    // What shaping decodes of the font once is decoded: fontkit made its shaper, and keeps it.
    expect(internals._layoutEngine).toBeDefined();
  });
});
