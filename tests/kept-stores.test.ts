/**
 * The stores of layout results kept on disk (src/cache/kept.ts, kept-file.ts): a process reads the
 * results it looks up, and no more of the file than their records and the indexes, and adds the
 * results it computed at the end of the store, leaving the bytes before them as they were. A store
 * cut short or altered (a crash mid-write, a reader during one) gives no result it did not keep
 * whole, and two keys alike in their hash are never taken for each other. A store that build after
 * build adds to stays bounded, and keeps the results the builds use. Each `keptResults` below stands
 * for a process of its own: it reads the store afresh.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FORGOTTEN_AFTER, KeptFile } from '../src/cache/kept-file.js';
import { keptResults, type KeptResults } from '../src/cache/kept.js';
import { inOwnCacheFolder } from './cache-folder.js';
import { cli, root } from './support/cli.js';

inOwnCacheFolder('jianbao-kept-stores-', 'each');

let stores = 0;

/** A kind of results no other test keeps, and a way to open its store as a new process would. */
function newKind(limit?: number): { open: () => KeptResults<string>; file: () => string } {
  const kind = `test-results-${++stores}`;
  const open = (): KeptResults<string> => keptResults<string>(kind, ['cache/kept'], [], limit);
  const file = (): string => {
    const folder = path.join(process.env.JIANBAO_CACHE_DIR!, kind);
    const [name, ...others] = readdirSync(folder);
    expect(others).toEqual([]);
    return path.join(folder, name!);
  };
  return { open, file };
}

/** A process that computes `results` (value by key) and writes them. */
function keep(open: () => KeptResults<string>, results: Record<string, string>): void {
  const store = open();
  for (const [key, value] of Object.entries(results)) store.set(key, value);
  store.write();
}

/** What a new process finds for each of `keys`. */
const found = (open: () => KeptResults<string>, keys: readonly string[]): (string | undefined)[] => {
  const store = open();
  return keys.map((key) => store.get(key));
};

describe('a store of kept results', () => {
  it('takes a later process’s results at its end, the bytes before them unchanged, and gives every result back', () => {
    const { open, file } = newKind();
    keep(open, { 一: '甲'.repeat(100), two: 'B' });
    const first = readFileSync(file());
    keep(open, { three: '丙', two: 'B again' });
    const second = readFileSync(file());
    expect(second.length).toBeGreaterThan(first.length);
    expect(second.subarray(0, first.length).equals(first)).toBe(true);
    expect(found(open, ['一', 'two', 'three', 'four'])).toEqual(['甲'.repeat(100), 'B again', '丙', undefined]);
  });

  it('gives no result of an addition cut short, and the results kept whole before it', () => {
    const { open, file } = newKind();
    keep(open, { one: 'A', two: 'B' });
    const whole = statSync(file()).size;
    keep(open, { three: 'C', four: 'D' });
    truncateSync(file(), statSync(file()).size - 3);
    expect(found(open, ['one', 'two', 'three', 'four'])).toEqual(['A', 'B', undefined, undefined]);
    // The next process that adds a result writes the store anew, without the part cut short.
    keep(open, { five: 'E' });
    expect(found(open, ['one', 'two', 'three', 'five'])).toEqual(['A', 'B', undefined, 'E']);
    const rewritten = statSync(file()).size;
    keep(open, { six: 'F' });
    expect(statSync(file()).size).toBeGreaterThan(rewritten);
    expect(whole).toBeLessThan(rewritten);
    expect(found(open, ['one', 'five', 'six'])).toEqual(['A', 'E', 'F']);
  });

  it('gives no result of a record altered, the others yes, and is written anew without it by the next process that reads it', () => {
    const { open, file } = newKind();
    keep(open, { one: 'AAAA' });
    keep(open, { two: 'BBBB' });
    keep(open, { three: 'CCCC' });
    const bytes = readFileSync(file());
    bytes[bytes.indexOf('BBBB')] = 'X'.charCodeAt(0);
    writeFileSync(file(), bytes);
    expect(found(open, ['one', 'two', 'three'])).toEqual(['AAAA', undefined, 'CCCC']);
    // A process that finds it writes the store anew, though it adds nothing: the altered record is gone.
    keep(open, {});
    expect(readFileSync(file()).includes('XBBB')).toBe(true);
    const finding = open();
    expect(finding.get('two')).toBeUndefined();
    finding.write();
    expect(readFileSync(file()).includes('XBBB')).toBe(false);
    keep(open, { two: 'B' });
    expect(found(open, ['one', 'two', 'three'])).toEqual(['AAAA', 'B', 'CCCC']);
  });

  it('gives no result of a part whose index is altered, nor of any part after it', () => {
    const { open, file } = newKind();
    keep(open, { one: 'AAAA' });
    const first = statSync(file()).size;
    keep(open, { two: 'BBBB' });
    keep(open, { three: 'CCCC' });
    const bytes = readFileSync(file());
    // The second part's count of records.
    bytes[first + 11] ^= 1;
    writeFileSync(file(), bytes);
    expect(found(open, ['one', 'two', 'three'])).toEqual(['AAAA', undefined, undefined]);
    // Cut inside the first part: nothing is read.
    truncateSync(file(), 20);
    expect(found(open, ['one', 'two', 'three'])).toEqual([undefined, undefined, undefined]);
  });

  it('never gives the result of another key with the same hash', () => {
    const { open } = newKind();
    // Their JSON has one CRC-32 (what a store finds a record by).
    const [a, b] = ['plumless', 'buckeroo'];
    expect(crc32(JSON.stringify(a))).toBe(crc32(JSON.stringify(b)));
    keep(open, { [a]: 'for a' });
    expect(found(open, [a, b])).toEqual(['for a', undefined]);
    keep(open, { [b]: 'for b' });
    const [forA, forB] = found(open, [a, b]);
    expect(forB).toBe('for b');
    expect([undefined, 'for a']).toContain(forA);
  });

  it('answers for its most recently computed results, as many as its limit, and is written anew once it holds as much unread as read', () => {
    const { open, file } = newKind(3);
    keep(open, { one: '1', two: '2', three: '3' });
    keep(open, { four: '4' });
    expect(found(open, ['one', 'two', 'three', 'four'])).toEqual([undefined, '2', '3', '4']);
    keep(open, { one: '1' });
    expect(found(open, ['one', 'two', 'three', 'four'])).toEqual(['1', undefined, '3', '4']);
    // Results computed again and again: the store stays within twice the results it answers for.
    let largest = 0;
    for (let edit = 0; edit < 20; edit++) {
      const store = open();
      store.set('four', `4 (${edit})`.padEnd(100, '.'));
      store.write();
      largest = Math.max(largest, statSync(file()).size);
    }
    expect(largest).toBeLessThan(2 * 3 * 150);
    expect(found(open, ['one', 'three', 'four'])).toEqual(['1', '3', '4 (19)'.padEnd(100, '.')]);
  });

  it('reads of its file, to look a result up, the parts’ indexes and that result’s record', () => {
    const { open, file } = newKind();
    const value = (i: number): string => `result ${i}`.padEnd(1000, '.');
    keep(open, Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`key ${i}`, value(i)])));
    keep(open, { late: 'L' });
    const bytes = readFileSync(file());
    let read = 0;
    const store = new KeptFile({ size: bytes.length, read: (position, length) => ((read += length), bytes.subarray(position, position + length)) }, Infinity);
    expect(store.lookup(JSON.stringify('key 500'))).toBe(JSON.stringify(value(500)));
    expect(store.lookup(JSON.stringify('late'))).toBe(JSON.stringify('L'));
    // A megabyte of results; what is read, 16 bytes of index a result and the two records.
    expect(bytes.length).toBeGreaterThan(1_000_000);
    expect(read).toBeLessThan(1000 * 16 + 2 * 4096 + 2 * 1100);
  });

  it('stays bounded over many builds that each add the result of an edit, and keeps the results every build looks up and the last edits’', () => {
    const { open, file } = newKind();
    const unchanged = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`paragraph ${i}`, `broken ${i}`.padEnd(200, '.')]));
    const edited = (edit: number): string => `edited ${edit}`.padEnd(200, '.');
    keep(open, unchanged);
    let largest = 0;
    for (let edit = 1; edit <= 200; edit++) {
      const build = open();
      for (const [key, value] of Object.entries(unchanged)) expect(build.get(key)).toBe(value);
      build.set(`edit ${edit}`, edited(edit));
      build.write();
      largest = Math.max(largest, statSync(file()).size);
    }
    expect(found(open, ['edit 1', 'edit 100', 'edit 199', 'edit 200'])).toEqual([undefined, undefined, edited(199), edited(200)]);
    // Each result about 240 bytes: twice the unchanged ones and those of the last FORGOTTEN_AFTER edits at most.
    expect(largest).toBeLessThan(2 * (40 + FORGOTTEN_AFTER) * 240);
  });

  it('keeps the results of a project built now and then while another is edited build after build, and lets them go once it is not built', () => {
    const { open } = newKind();
    const other = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`other slide ${i}`, `laid out ${i}`]));
    keep(open, other);
    const buildOther = (): (string | undefined)[] => {
      const build = open();
      const results = Object.keys(other).map((key) => build.get(key));
      build.write();
      return results;
    };
    for (let edit = 1; edit <= 4 * FORGOTTEN_AFTER; edit++) {
      keep(open, { [`edit ${edit}`]: `edited ${edit}` });
      if (edit % 10 === 0) expect(buildOther()).toEqual(Object.values(other));
    }
    for (let edit = 1; edit <= 2 * FORGOTTEN_AFTER; edit++) keep(open, { [`later edit ${edit}`]: `edited ${edit}` });
    expect(found(open, Object.keys(other))).toEqual(Object.keys(other).map(() => undefined));
  });

  it('gives, over many processes that add to it and write it anew, the last result set for each key, and for the keys each process used, always', () => {
    const { open } = newKind(60);
    const last = new Map<string, string>();
    let seed = 7;
    const random = (below: number): number => (seed = (seed * 48271) % 2147483647) % below;
    for (let process = 0; process < 150; process++) {
      const store = open();
      // Each process looks up ten keys of a fifth of the keys, and five of all, and sets a few.
      const used = new Set<string>();
      for (const key of Array.from({ length: 15 }, (_, i) => `key ${i < 10 ? (process % 5) * 20 + random(20) : random(100)}`)) {
        const value = store.get(key);
        if (value === undefined) continue;
        expect(value).toBe(last.get(key));
        used.add(key);
      }
      for (let set = random(4); set > 0; set--) {
        const key = `key ${random(100)}`;
        const value = `value ${process}.${set}`.repeat(1 + random(30));
        store.set(key, value);
        last.set(key, value);
        used.add(key);
      }
      store.write();
      const next = open();
      for (const key of used) expect(next.get(key)).toBe(last.get(key));
    }
  });

  it('keeps both processes’ results when two add to it at once, and at worst loses one’s while the other writes it anew', () => {
    const { open, file } = newKind(8);
    keep(open, { one: '1'.repeat(300), two: '2' });
    const first = open();
    const second = open();
    expect([first.get('one'), second.get('two')]).toEqual(['1'.repeat(300), '2']);
    first.set('three', '3');
    second.set('four', '4');
    first.write();
    second.write();
    expect(found(open, ['two', 'three', 'four'])).toEqual(['2', '3', '4']);
    // One process computes `one` anew, leaving more bytes unread than read: it writes the store
    // anew from what it read, after another added `five` to it, and before a third adds `six`.
    const rewriting = open();
    const adding = open();
    const addingLater = open();
    expect([rewriting.get('two'), adding.get('two'), addingLater.get('two')]).toEqual(['2', '2', '2']);
    rewriting.set('one', '1');
    adding.set('five', '5');
    addingLater.set('six', '6');
    adding.write();
    const appended = statSync(file()).size;
    rewriting.write();
    expect(statSync(file()).size).toBeLessThan(appended);
    addingLater.write();
    expect(found(open, ['one', 'two', 'three', 'four', 'five', 'six'])).toEqual(['1', '2', '3', '4', undefined, '6']);
    expect(readdirSync(path.dirname(file()))).toHaveLength(1);
  });
});

describe('a new process after an edit of one paragraph', () => {
  it('adds the results it computed to the stores, the bytes kept before unchanged, and writes what a build with nothing kept writes', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-kept-stores-cache-'));
    const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-kept-stores-'));
    const contentFile = path.join(dir, 'content.yaml');
    copyFileSync(path.join(root, 'content.yaml'), contentFile);
    const build = (out: string, env: NodeJS.ProcessEnv): Map<string, Buffer> => {
      const result = spawnSync(process.execPath, [cli, 'build', contentFile, '--out', path.join(dir, out), '--quiet'], {
        encoding: 'utf8',
        env: { ...process.env, SOURCE_DATE_EPOCH: '1600128000', ...env },
      });
      expect(result.stderr).toBe('');
      const names = readdirSync(path.join(dir, out)).filter((name) => name !== 'manifest.json');
      return new Map(names.map((name) => [name, readFileSync(path.join(dir, out, name))]));
    };
    // Every store of results kept by cache/kept.ts, each file's bytes by its path.
    const kinds = ['paragraphs', 'measures', 'report-blocks', 'report-pages', 'deck-lines', 'deck-slides', 'deck-footers', 'drawable-texts'];
    const storeBytes = (): Map<string, Buffer> =>
      new Map(kinds.flatMap((kind) => readdirSync(path.join(cacheDir, kind)).map((name) => [`${kind}/${name}`, readFileSync(path.join(cacheDir, kind, name))] as const)));

    build('before', { JIANBAO_CACHE_DIR: cacheDir });
    const before = storeBytes();
    writeFileSync(contentFile, readFileSync(contentFile, 'utf8').replace(/^(\s*paragraphs:\n\s*- )(.*)$/m, '$1$2（第2稿）'));
    const edited = build('edited', { JIANBAO_CACHE_DIR: cacheDir });
    const after = storeBytes();
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) expect(after.get(name)!.subarray(0, bytes.length).equals(bytes), name).toBe(true);
    // The paragraph broken and its block laid out anew are added.
    const grown = [...before].filter(([name, bytes]) => after.get(name)!.length > bytes.length).map(([name]) => name.split('/')[0]);
    expect(grown).toEqual(expect.arrayContaining(['paragraphs', 'report-blocks']));
    const nothingKept = build('nothing-kept', { JIANBAO_NO_CACHE: '1' });
    expect([...edited.keys()].sort()).toEqual([...nothingKept.keys()].sort());
    for (const [name, bytes] of edited) expect(bytes.equals(nothingKept.get(name)!), name).toBe(true);
  }, 180_000);
});
