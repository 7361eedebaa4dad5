/**
 * The start-up snapshot's entry (see scripts/snapshot.mjs, which bundles it and has Node make
 * dist/jianbao.blob of it): a V8 heap with every module evaluated — renderers included — and the
 * built-in theme's fonts opened and measured once, so `bin/jianbao` starts a build where a fresh
 * `node dist/cli.js` would still be loading modules. Run only by `node --build-snapshot`.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { startupSnapshot } from 'node:v8';
import { prepare } from './build.js';
import { compiledState, staleMessage } from './cli/compiled.js';
import { main } from './cli/main.js';
import { PACKAGE_ROOT } from './package-root.js';
// Evaluated here, in the snapshot, rather than on a build's first use.
import './render/handout/render.js';
import './render/pdf/render.js';
import './render/pptx/render.js';

const SNAPSHOT_FILE = path.join(PACKAGE_ROOT, 'dist', 'jianbao.blob');

/**
 * The snapshot runs this build's code only while it is this build's: made in this folder (bin/jianbao
 * says where it runs from in JIANBAO_ROOT) and newer than every compiled file. Otherwise the
 * compiled CLI runs, in a process of its own.
 */
function snapshotIsCurrent(newestCompiled: number): boolean {
  const root = process.env.JIANBAO_ROOT;
  if (root !== undefined && path.resolve(root) !== path.resolve(PACKAGE_ROOT)) return false;
  const made = statSync(SNAPSHOT_FILE, { throwIfNoEntry: false })?.mtimeMs;
  return made !== undefined && made >= newestCompiled;
}

function run(argv: readonly string[]): void {
  const { staleSource, newestCompiled } = compiledState(PACKAGE_ROOT);
  if (staleSource !== undefined) {
    console.error(staleMessage(staleSource));
    process.exitCode = 1;
    return;
  }
  if (!snapshotIsCurrent(newestCompiled)) {
    const cli = path.join(process.env.JIANBAO_ROOT ?? PACKAGE_ROOT, 'dist', 'cli.js');
    process.exitCode = spawnSync(process.execPath, [cli, ...argv], { stdio: 'inherit' }).status ?? 1;
    return;
  }
  void main(argv).then((code) => {
    process.exitCode = code;
  });
}

/*
 * Warm-up on the skeleton `jianbao init` writes (not on any real event): the built-in theme's four
 * faces opened (src/load/fonts.ts keeps them by file, size and modification time), the schemas and
 * templates compiled, the layout code run once.
 */
startupSnapshot.setDeserializeMainFunction(() => run(process.argv.slice(1)));
// Node takes the snapshot once the event loop is empty, after this.
void prepare({ contentFile: path.join(PACKAGE_ROOT, 'scaffold', 'content.yaml') });
