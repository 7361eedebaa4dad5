/**
 * Speed may never change an output. Fonts remember their shaping and subsets between builds
 * (src/cache/fonts.ts), compiled templates and broken lines are kept on disk (src/cache/disk.ts, kept.ts), and the deck and
 * the report render concurrently: builds with everything remembered are byte for byte a build with
 * nothing remembered (JIANBAO_NO_CACHE), and a build of both outputs at once is byte for byte each
 * output built alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../src/build.js';
import { KEPT_PER_KIND } from '../src/cache/disk.js';
import { snapshotIsCurrent } from '../src/cli/compiled.js';
import { SIMPLIFIED_ONLY, TRADITIONAL_ONLY } from '../src/compose/script-characters.js';
import { cli, loneContent, root } from './support/cli.js';

/** The bytes of each file the build wrote, by file name. */
async function built(contentFile: string, options: Omit<BuildOptions, 'outDir' | 'contentFile'> = {}): Promise<Map<string, Buffer>> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-speed-'));
  const result = await build({ contentFile, outDir, ...options });
  return new Map(result.outputs.map((output) => [path.basename(output.file), readFileSync(output.file)]));
}

// The print edition must carry a date, and the repository's content gives none.
beforeAll(() => {
  process.env.SOURCE_DATE_EPOCH = '1600128000';
});
afterAll(() => {
  delete process.env.SOURCE_DATE_EPOCH;
});

const sameBytes = (a: Map<string, Buffer>, b: Map<string, Buffer>): boolean =>
  a.size === b.size && [...a].every(([name, bytes]) => b.get(name)?.equals(bytes) === true);

/** A build with nothing remembered, as JIANBAO_NO_CACHE asks. */
async function builtAfresh(contentFile: string, options: Omit<BuildOptions, 'outDir' | 'contentFile'>): Promise<Map<string, Buffer>> {
  process.env.JIANBAO_NO_CACHE = '1';
  try {
    return await built(contentFile, options);
  } finally {
    delete process.env.JIANBAO_NO_CACHE;
  }
}

describe('a rebuild in the same process, as `watch` runs it', () => {
  it('writes the bytes of a build with nothing remembered, after an edit is undone', async () => {
    const contentFile = loneContent();
    const original = readFileSync(contentFile, 'utf8');
    const uncached = await builtAfresh(contentFile, { print: true });
    const first = await built(contentFile, { print: true });
    writeFileSync(contentFile, original.replace('线上重大项目招商签约活动', '线上重点项目招商签约活动'));
    const edited = await built(contentFile, { print: true });
    writeFileSync(contentFile, original);
    const again = await built(contentFile, { print: true });
    expect([...uncached.keys()].sort()).toEqual(['briefing-print.pdf', 'briefing-slides.pdf', 'briefing.pdf', 'briefing.pptx']);
    expect(sameBytes(uncached, edited)).toBe(false);
    expect(sameBytes(uncached, first)).toBe(true);
    expect(sameBytes(uncached, again)).toBe(true);
  }, 180_000);
});

describe('rendering the deck and the report concurrently', () => {
  it('writes the same bytes as building each output alone', async () => {
    const contentFile = path.join(root, 'content.yaml');
    const together = await built(contentFile);
    const deckAlone = await built(contentFile, { only: 'deck' });
    const reportAlone = await built(contentFile, { only: 'report' });
    expect(together.get('briefing.pptx')!.equals(deckAlone.get('briefing.pptx')!)).toBe(true);
    expect(together.get('briefing.pdf')!.equals(reportAlone.get('briefing.pdf')!)).toBe(true);
  }, 180_000);
});

/** The bytes of every file a fresh `jianbao build --print` process wrote, by name, with `env` added. */
function builtByCli(contentFile: string, env: NodeJS.ProcessEnv): Map<string, Buffer> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-speed-'));
  const result = spawnSync(process.execPath, [cli, 'build', contentFile, '--out', outDir, '--print', '--quiet'], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1600128000', ...env },
  });
  expect(result.stderr).toBe('');
  const outputs = readdirSync(outDir).filter((name) => name !== 'manifest.json');
  return new Map(outputs.map((name) => [name, readFileSync(path.join(outDir, name))]));
}

describe('the cache on disk', () => {
  it('builds the same bytes with a cold cache, a warm cache and no cache, each in a new process', () => {
    const contentFile = loneContent();
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-cache-'));
    const uncached = builtByCli(contentFile, { JIANBAO_NO_CACHE: '1', JIANBAO_CACHE_DIR: cacheDir });
    expect(readdirSync(cacheDir)).toEqual([]);
    const cold = builtByCli(contentFile, { JIANBAO_CACHE_DIR: cacheDir });
    const kept = readdirSync(cacheDir, { recursive: true, encoding: 'utf8' }).sort();
    const warm = builtByCli(contentFile, { JIANBAO_CACHE_DIR: cacheDir });
    expect([...uncached.keys()].sort()).toEqual(['briefing-print.pdf', 'briefing-slides.pdf', 'briefing.pdf', 'briefing.pptx']);
    // Both templates compiled, and the subset programs of the deck's and the report's fonts.
    expect(kept.filter((entry) => entry.startsWith('templates/'))).toHaveLength(2);
    expect(kept.filter((entry) => entry.startsWith('deck-subsets/'))).toHaveLength(2);
    // And the lines layout broke, one entry for the report's paragraphs and one for the deck's.
    expect(kept.filter((entry) => entry.startsWith('paragraphs/') || entry.startsWith('deck-lines/'))).toHaveLength(2);
    // The PDFs' deflated font programs and their fonts' shaped texts.
    expect(kept.some((entry) => entry.startsWith('pdf-font-programs/'))).toBe(true);
    expect(kept.some((entry) => entry.startsWith('pdf-shaping/'))).toBe(true);
    // The warm build used what the cold one kept, and needed nothing more.
    expect(readdirSync(cacheDir, { recursive: true, encoding: 'utf8' }).sort()).toEqual(kept);
    expect(sameBytes(uncached, cold)).toBe(true);
    expect(sameBytes(uncached, warm)).toBe(true);
  }, 180_000);

  it('ignores a damaged entry and builds the same bytes', () => {
    const contentFile = loneContent();
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-cache-'));
    const cold = builtByCli(contentFile, { JIANBAO_CACHE_DIR: cacheDir });
    for (const entry of readdirSync(path.join(cacheDir, 'templates'))) {
      const file = path.join(cacheDir, 'templates', entry);
      // A template that would print other words, were its entry trusted.
      writeFileSync(file, readFileSync(file, 'latin1').replaceAll('<slide', '<slide title="x"'), 'latin1');
    }
    for (const kind of ['deck-subsets', 'pdf-font-programs', 'pdf-font-maps', 'pdf-shaping']) {
      // A font program, a font's maps or shaped texts cut short, as a build killed while writing them would leave them.
      for (const entry of readdirSync(path.join(cacheDir, kind))) truncateSync(path.join(cacheDir, kind, entry), 1000);
    }
    expect(sameBytes(cold, builtByCli(contentFile, { JIANBAO_CACHE_DIR: cacheDir }))).toBe(true);
  }, 180_000);
});

describe('the size of the cache on disk', () => {
  it('keeps the most recently used entries of each kind, and the ones this build used', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-cache-'));
    const templates = path.join(cacheDir, 'templates');
    mkdirSync(templates);
    // Entries from earlier edits, used an hour ago and before, the oldest first.
    const stale = Array.from({ length: KEPT_PER_KIND + 8 }, (_, index) => path.join(templates, `${String(index).padStart(64, '0')}.bin`));
    for (const [index, file] of stale.entries()) {
      writeFileSync(file, 'an earlier template');
      const usedAt = new Date(Date.now() - 3_600_000 - (stale.length - index) * 60_000);
      utimesSync(file, usedAt, usedAt);
    }
    builtByCli(loneContent(), { JIANBAO_CACHE_DIR: cacheDir });
    const kept = readdirSync(templates);
    expect(kept).toHaveLength(KEPT_PER_KIND);
    expect(kept.filter((name) => !stale.includes(path.join(templates, name)))).toHaveLength(2);
    expect(kept).not.toContain(path.basename(stale[0]!));
    expect(kept).toContain(path.basename(stale[stale.length - 1]!));
  }, 180_000);
});

describe('the table of characters of one script only', () => {
  it('is what OpenCC\'s character tables give today (run `npm run compile` after updating opencc-js)', async () => {
    const generator = (await import(path.join(root, 'scripts', 'script-characters.mjs'))) as { scriptCharactersModule: () => string };
    expect(readFileSync(path.join(root, 'src', 'compose', 'script-characters.ts'), 'utf8')).toBe(generator.scriptCharactersModule());
    expect(SIMPLIFIED_ONLY).toContain('签');
    expect(TRADITIONAL_ONLY).toContain('簽');
  });
});

describe('the start-up snapshot (bin/jianbao)', () => {
  const launcher = path.join(root, 'bin', 'jianbao');
  const snapshot = path.join(root, 'dist', 'jianbao.blob');
  /** The V8 flags bin/jianbao runs Node with, which the snapshot was made with. */
  const v8Flags = /^flags="(.*)"$/m.exec(readFileSync(launcher, 'utf8'))![1]!.split(' ');
  /** The bytes of every output a `jianbao build` process wrote for a lone copy of the content, by file name. */
  function builtBy(command: string, args: readonly string[]): Map<string, Buffer> {
    const contentFile = loneContent();
    const outDir = path.join(path.dirname(contentFile), 'out');
    const result = spawnSync(command, [...args, 'build', contentFile, '--out', outDir, '--quiet'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return new Map(readdirSync(outDir).filter((name) => name !== 'manifest.json').map((name) => [name, readFileSync(path.join(outDir, name))]));
  }

  it('is what bin/jianbao starts from, made by this Node', () => {
    const traced = spawnSync('sh', ['-x', launcher, '--version'], { encoding: 'utf8' });
    expect(traced.status).toBe(0);
    expect(traced.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version);
    expect(traced.stderr).toContain(`exec node ${v8Flags.join(' ')} --snapshot-blob ${snapshot} -- --version`);
  }, 60_000);

  it('holds code, not what its warm-up build opened or made (every process loads all of it)', () => {
    // 11.5 MB today: the bundle's modules evaluated and compiled; every MB costs a process 4-5 ms.
    // One font is 10-15 MB, a warm-up build that left its pages remembered made a 68 MB snapshot,
    // and 15.1 MB held pdfkit's AES tables, pptxgenjs's comments and the warm-up's slide XML.
    expect(statSync(snapshot).size).toBeLessThan(12_200_000);
  });

  it('builds the same bytes as the compiled CLI without it', () => {
    const fromSnapshot = builtBy(launcher, []);
    const withoutSnapshot = builtBy(process.execPath, [cli]);
    expect([...fromSnapshot.keys()].sort()).toEqual(['briefing-slides.pdf', 'briefing.pdf', 'briefing.pptx']);
    expect(sameBytes(fromSnapshot, withoutSnapshot)).toBe(true);
  }, 120_000);

  it('sizes the heap for a build: after a one-line edit, a few young collections and no full one', () => {
    // --trace-gc would not load the snapshot (made without it): the compiled CLI, with the same heap.
    const contentFile = loneContent();
    const outDir = path.join(path.dirname(contentFile), 'out');
    const run = (): string => {
      const result = spawnSync(process.execPath, [...v8Flags, '--trace-gc', cli, 'build', contentFile, '--out', outDir, '--quiet'], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      return result.stdout;
    };
    run();
    writeFileSync(contentFile, readFileSync(contentFile, 'utf8').replace(/^(\s*paragraphs:\n\s*- )(.*)$/m, '$1$2（第2稿）'));
    const collections = run();
    // With V8's defaults (a young generation starting at 1 MB, an old one first marked near the size
    // of what the modules load): 14 scavenges and a mark-compact of the whole heap.
    expect(collections.match(/: Scavenge /g)?.length ?? 0).toBeLessThan(8);
    expect(collections).not.toContain(': Mark-Compact ');
  }, 120_000);

  it('runs the compiled CLI of the folder bin/jianbao runs from, when the snapshot was made in another', () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'jianbao-moved-'));
    mkdirSync(path.join(elsewhere, 'dist'));
    writeFileSync(path.join(elsewhere, 'dist', 'cli.js'), "console.log('compiled CLI of the moved folder:', process.argv.slice(2).join(' '));\n");
    const result = spawnSync(process.execPath, [...v8Flags, '--snapshot-blob', snapshot, '--', '--version'], { encoding: 'utf8', env: { ...process.env, JIANBAO_ROOT: elsewhere } });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('compiled CLI of the moved folder: --version\n');
  }, 60_000);
});

describe('whether the snapshot may run', () => {
  const made = { snapshotRoot: '/opt/jianbao', snapshotMade: 2_000 };
  it('runs when made in this folder after everything was compiled', () => {
    expect(snapshotIsCurrent({ ...made, root: '/opt/jianbao', newestCompiled: 1_000 })).toBe(true);
  });
  it('gives way once anything is compiled after it (tsc without `npm run compile`)', () => {
    expect(snapshotIsCurrent({ ...made, root: '/opt/jianbao', newestCompiled: 3_000 })).toBe(false);
  });
  it('gives way in a folder it was not made in, or when it is missing', () => {
    expect(snapshotIsCurrent({ ...made, root: '/home/staff/jianbao', newestCompiled: 1_000 })).toBe(false);
    expect(snapshotIsCurrent({ snapshotRoot: '/opt/jianbao', snapshotMade: undefined, root: '/opt/jianbao', newestCompiled: 1_000 })).toBe(false);
  });
});
