#!/usr/bin/env node
/**
 * `npm run build` runs the compiled CLI without compiling (npm install / npm ci compile once). This
 * stops it, with a sentence, when a source file is newer than its compiled file in dist/, so an edit
 * to src/ is never silently left out of a build.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');

/** Modification time in ms, or undefined when the file does not exist. */
const modified = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs;

/** Source files compiled to JavaScript: every .ts under src/ but type declarations. */
const sources = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));

const stale = sources.find((name) => {
  const compiled = modified(path.join(dist, name.replace(/\.ts$/, '.js')));
  return compiled === undefined || compiled < (modified(path.join(src, name)) ?? 0);
});

if (stale !== undefined) {
  console.error(`jianbao: the compiled code in dist/ is older than src/${stale.split(path.sep).join('/')}; run \`npm run compile\` first, then \`npm run build\` again`);
  process.exit(1);
}
