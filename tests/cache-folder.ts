/**
 * Tests that keep entries on disk run in a cache folder of their own (JIANBAO_CACHE_DIR), made
 * before them and let go after, so that what they find kept is what they kept.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** A fresh cache folder named `prefix…`, for the whole file (`all`) or for each test (`each`). */
export function inOwnCacheFolder(prefix: string, scope: 'all' | 'each' = 'all'): void {
  let previous: string | undefined;
  (scope === 'all' ? beforeAll : beforeEach)(() => {
    previous = process.env.JIANBAO_CACHE_DIR;
    process.env.JIANBAO_CACHE_DIR = mkdtempSync(path.join(tmpdir(), prefix));
  });
  (scope === 'all' ? afterAll : afterEach)(() => {
    if (previous === undefined) delete process.env.JIANBAO_CACHE_DIR;
    else process.env.JIANBAO_CACHE_DIR = previous;
    delete process.env.JIANBAO_NO_CACHE;
  });
}
