/** Memos kept on disk (src/cache/persisted.ts): a new process finds what an earlier one computed, and nothing stale. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const persisted = path.join(root, 'dist', 'cache', 'persisted.js');

/**
 * A new process asking a memo named `name` for the squares of `keys`, then keeping it on disk:
 * the keys it had to compute.
 */
function processAsking(cacheDir: string, name: string, keys: readonly number[], env: NodeJS.ProcessEnv = {}): number[] {
  const script = `
const { persistedMemo, keepMemosOnDisk } = await import(${JSON.stringify(persisted)});
const computed = [];
const square = persistedMemo('test-squares', ${JSON.stringify(name)}, 3, { encode: (v) => v, decode: (v) => v });
for (const key of ${JSON.stringify(keys)}) {
  const value = square(String(key), () => (computed.push(key), key * key));
  if (value !== key * key) throw new Error('wrong value for ' + key + ': ' + value);
}
keepMemosOnDisk();
console.log(JSON.stringify(computed));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, JIANBAO_CACHE_DIR: cacheDir, ...env } });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as number[];
}

describe('a memo kept on disk', () => {
  it('gives a new process what an earlier one computed, and computes only the rest', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-persisted-'));
    expect(processAsking(cacheDir, 'font A', [1, 2])).toEqual([1, 2]);
    expect(processAsking(cacheDir, 'font A', [1, 2, 3])).toEqual([3]);
  });

  it('keeps the most recently used entries, up to its limit', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-persisted-'));
    processAsking(cacheDir, 'font A', [1, 2, 3, 4]);
    expect(processAsking(cacheDir, 'font A', [4, 3, 2, 1])).toEqual([1]);
  });

  it('shares nothing between stores of other names (another font, another version)', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-persisted-'));
    processAsking(cacheDir, 'font A', [1, 2]);
    expect(processAsking(cacheDir, 'font B', [1, 2])).toEqual([1, 2]);
  });

  it('computes afresh over a damaged store, and with caching off', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-persisted-'));
    processAsking(cacheDir, 'font A', [1, 2]);
    const folder = path.join(cacheDir, 'test-squares');
    for (const file of readdirSync(folder)) writeFileSync(path.join(folder, file), 'not a store');
    expect(processAsking(cacheDir, 'font A', [1, 2])).toEqual([1, 2]);
    expect(processAsking(cacheDir, 'font A', [1, 2], { JIANBAO_NO_CACHE: '1' })).toEqual([1, 2]);
  });
});
