/**
 * pptxgenjs's CommonJS build (node_modules/pptxgenjs/dist/pptxgen.cjs.js) as a function of the
 * variables CommonJS gives a module, compiled from its file here. The start-up snapshot's bundle
 * holds it as code of its own instead (scripts/snapshot.mjs replaces this module), minified with
 * the rest: V8 keeps a script's source in the heap, and the file's comments and indentation would
 * take 1 MB of the snapshot every process loads.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';

/** The names the script is run with, in order: its module's (`process` too, to run it as in a browser: see pptxgenjs.ts). */
export const PPTXGENJS_PARAMETERS = ['exports', 'require', 'module', 'process'] as const;

export type PptxGenJSScript = (exports: object, require: (id: string) => unknown, module: { exports: unknown }, process: undefined) => void;

/** The file the script is read from. */
export const pptxgenjsFile = (): string => createRequire(import.meta.url).resolve('pptxgenjs');

export function pptxgenjsScript(): PptxGenJSScript {
  const file = pptxgenjsFile();
  return compileFunction(readFileSync(file, 'utf8'), [...PPTXGENJS_PARAMETERS], { filename: file }) as PptxGenJSScript;
}
