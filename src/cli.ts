#!/usr/bin/env node
/** `jianbao` as compiled: the command line in src/cli/main.ts, after a look at whether dist/ is current. */
import { compiledState, staleMessage } from './cli/compiled.js';
import { endProcess, main } from './cli/main.js';
import { PACKAGE_ROOT } from './package-root.js';

const { staleSource } = compiledState(PACKAGE_ROOT);
if (staleSource !== undefined) {
  console.error(staleMessage(staleSource));
  process.exitCode = 1;
} else {
  endProcess(await main(process.argv.slice(2)));
}
