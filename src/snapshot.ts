/**
 * The start-up snapshot's entry (see scripts/snapshot.mjs, which bundles it and has Node make
 * dist/jianbao.blob of it): a V8 heap with every module evaluated — renderers included — so
 * `bin/jianbao` starts a build where a fresh `node dist/cli.js` would still be loading modules.
 * Fonts are not in it: opening them takes less time than a snapshot holding them (four faces,
 * 50 MB) takes to load. Run only by `node --build-snapshot`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startupSnapshot } from 'node:v8';
import { followCacheSetting } from './cache/memo.js';
import { compiledState, snapshotIsCurrent, staleMessage } from './cli/compiled.js';
import { endProcess, main } from './cli/main.js';
import { PACKAGE_ROOT } from './package-root.js';
// Evaluated here, in the snapshot, rather than on a build's first use.
import './render/handout/render.js';
import './render/pdf/render.js';
import './render/pptx/render.js';

const SNAPSHOT_FILE = path.join(PACKAGE_ROOT, 'dist', 'jianbao.blob');

function run(argv: readonly string[]): void {
  // bin/jianbao says which folder it runs from.
  const root = process.env.JIANBAO_ROOT ?? PACKAGE_ROOT;
  const { staleSource, newestCompiled } = compiledState(root);
  if (staleSource !== undefined) {
    console.error(staleMessage(staleSource));
    process.exitCode = 1;
    return;
  }
  const snapshotMade = statSync(SNAPSHOT_FILE, { throwIfNoEntry: false })?.mtimeMs;
  if (!snapshotIsCurrent({ root, snapshotRoot: PACKAGE_ROOT, snapshotMade, newestCompiled })) {
    const cli = path.join(root, 'dist', 'cli.js');
    process.exitCode = spawnSync(process.execPath, [cli, ...argv], { stdio: 'inherit' }).status ?? 1;
    return;
  }
  void main(argv).then(endProcess);
}

/**
 * V8 keeps in a snapshot the bytecode of every function that has run, and compiles the others on
 * their first call in every process: a build's code, run once here, is loaded compiled. The build
 * runs without any cache (JIANBAO_NO_CACHE), so it remembers no result a later build could find,
 * but the built-in templates compiled, by their source text (compose.ts), and writes into a
 * folder removed after it. Without the package's content.yaml, or if it does not build, the code
 * left is compiled on first use, as in a process without a snapshot.
 */
async function compileByBuilding(): Promise<void> {
  const contentFile = path.join(PACKAGE_ROOT, 'content.yaml');
  if (!existsSync(contentFile)) return;
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-snapshot-'));
  const caching = process.env.JIANBAO_NO_CACHE;
  process.env.JIANBAO_NO_CACHE = '1';
  try {
    // As a process started from the snapshot runs it: the staleness check, then the command line's build.
    compiledState(PACKAGE_ROOT);
    await main(['build', contentFile, '--out', outDir, '--quiet']);
  } catch {
    // Compiling is all this build is for: whatever ran is compiled, and the outputs are thrown away.
  } finally {
    if (caching === undefined) delete process.env.JIANBAO_NO_CACHE;
    else process.env.JIANBAO_NO_CACHE = caching;
    followCacheSetting();
    rmSync(outDir, { recursive: true, force: true });
  }
}

void compileByBuilding();

startupSnapshot.setDeserializeMainFunction(() => run(process.argv.slice(1)));
