/**
 * write: every destination of a build is checked before any is written, so a build that cannot write
 * one file changes none (the manifest never describes files that were not replaced).
 */
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { DiagnosticError, type Diagnostic } from '../model/diagnostic.js';

/** The file or folder at `at`, or undefined when there is none (also when a file stands where a parent folder should be). */
function statOf(at: string): Stats | undefined {
  try {
    return statSync(at, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}

function nearestExisting(target: string): { readonly at: string; readonly stats: Stats } | undefined {
  for (let at = target; ; at = path.dirname(at)) {
    const stats = statOf(at);
    if (stats) return { at, stats };
    if (path.dirname(at) === at) return undefined;
  }
}

/** The file that stands where `dir` or one of its parent folders should be, or undefined when `dir` can be a folder. */
export function fileInTheWay(dir: string): string | undefined {
  const existing = nearestExisting(dir);
  return existing && !existing.stats.isDirectory() ? existing.at : undefined;
}

function destinationProblem(file: string): Diagnostic | undefined {
  const problem = (message: string): Diagnostic => ({ severity: 'error', file, line: 0, column: 0, path: '', message, hint: 'move it away, or build into another folder with --out' });
  if (statOf(file)?.isDirectory()) return problem('is a folder, so the output cannot be written there');
  const blocker = fileInTheWay(path.dirname(file));
  return blocker === undefined ? undefined : problem(`cannot be written: ${blocker} is a file, not a folder`);
}

/** Throws a DiagnosticError naming every destination that cannot be written. */
export function checkDestinations(files: readonly string[]): void {
  const problems = files.flatMap((file) => destinationProblem(file) ?? []);
  if (problems.length > 0) throw new DiagnosticError(problems);
}
