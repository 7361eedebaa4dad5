/**
 * A `watch` process keeps what only a next process reads (cache/kept.ts keepForNextProcess: what
 * layout computed, the report's pages drawn and texts shaped) once it has reported a build: the
 * outputs do not wait on those files. In a file of its own: a process that has laid out the
 * content before finds nothing new to keep.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchProject } from '../src/cli/watch.js';
import { loneContent } from './support/cli.js';

describe('a `watch` process keeping what it computed for the next process', () => {
  it('writes it once the build is reported, not before the outputs', async () => {
    const contentFile = loneContent();
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-watch-cache-'));
    process.env.JIANBAO_CACHE_DIR = cacheDir;
    // The line breaks, the report's pages as drawn and its texts as shaped.
    const keptOnDisk = (): boolean[] => ['paragraphs', 'pdf-pages', 'pdf-shaping'].map((kind) => existsSync(path.join(cacheDir, kind)));
    const keptWhenReported: boolean[][] = [];
    try {
      const watching = await watchProject({ contentFile, outDir: path.join(path.dirname(contentFile), 'out') }, () => undefined, (line) => {
        if (line.startsWith('built ')) keptWhenReported.push(keptOnDisk());
      });
      watching.close();
      expect(keptWhenReported).toEqual([[false, false, false]]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(keptOnDisk()).toEqual([true, true, true]);
    } finally {
      delete process.env.JIANBAO_CACHE_DIR;
    }
  }, 120_000);
});
