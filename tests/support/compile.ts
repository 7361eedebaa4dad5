/**
 * vitest's global setup: compiles src/ into dist/ once, before any test file runs. Several test
 * files run the compiled command line; compiling in each of them raced (one file could read a
 * dist/ another was writing).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function compile(): void {
  const root = path.resolve(import.meta.dirname, '..', '..');
  execFileSync('npm', ['run', '--silent', 'compile'], { cwd: root, stdio: 'inherit' });
}
