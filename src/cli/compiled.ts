/**
 * Whether the compiled code in dist/ is what src/ says: `jianbao` stops, with a sentence, when a
 * source file is newer than its compiled file, so an edit to src/ is never silently left out of a
 * build. Only in a checkout: an installation without src/ has nothing to compare.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Modification time in ms, or undefined when the file does not exist. */
const modified = (file: string): number | undefined => statSync(file, { throwIfNoEntry: false })?.mtimeMs;

export interface CompiledState {
  /** A source newer than its compiled file (or never compiled), as its path under src/. */
  readonly staleSource?: string;
  /** The newest compiled file's modification time (ms): the start-up snapshot must be newer. */
  readonly newestCompiled: number;
}

/**
 * The TypeScript sources under `folder` (not declarations), as paths under it: walked by hand,
 * which takes half the time of readdirSync's recursive listing at every start.
 */
function sourcesUnder(folder: string, prefix: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return sourcesUnder(path.join(folder, entry.name), `${prefix}${entry.name}${path.sep}`);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [`${prefix}${entry.name}`] : [];
  });
}

export function compiledState(root: string): CompiledState {
  const src = path.join(root, 'src');
  const dist = path.join(root, 'dist');
  let newestCompiled = 0;
  let sources: string[];
  try {
    sources = sourcesUnder(src, '');
  } catch {
    return { newestCompiled };
  }
  for (const name of sources) {
    const compiled = modified(path.join(dist, name.replace(/\.ts$/, '.js')));
    if (compiled === undefined || compiled < (modified(path.join(src, name)) ?? 0)) return { staleSource: name.split(path.sep).join('/'), newestCompiled };
    newestCompiled = Math.max(newestCompiled, compiled);
  }
  return { newestCompiled };
}

export const staleMessage = (source: string): string =>
  `jianbao: the compiled code in dist/ is older than src/${source}; run \`npm run compile\` first, then \`npm run build\` again`;

/**
 * The start-up snapshot runs this build's code only while it is this build's: made in the folder
 * jianbao runs from, and after every compiled file (`tsc` alone leaves it behind). Otherwise the
 * compiled CLI runs.
 */
export function snapshotIsCurrent(state: { readonly root: string; readonly snapshotRoot: string; readonly snapshotMade: number | undefined; readonly newestCompiled: number }): boolean {
  return path.resolve(state.root) === path.resolve(state.snapshotRoot) && state.snapshotMade !== undefined && state.snapshotMade >= state.newestCompiled;
}
