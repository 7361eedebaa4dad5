/**
 * write: outputs go to a temporary file beside the target and are renamed into place, so a failed,
 * killed or concurrent build never leaves a half-written deck or report where the old one was.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const temporaryName = (file: string, pid: number): string => `.${path.basename(file)}.${pid}.tmp`;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files that builds killed half-way left behind (their process is gone). */
function removeLeftovers(file: string): void {
  const prefix = `.${path.basename(file)}.`;
  for (const name of readdirSync(path.dirname(file))) {
    const pid = Number(/^\.(.+)\.(\d+)\.tmp$/.exec(name)?.[2]);
    if (name.startsWith(prefix) && pid && !isRunning(pid)) rmSync(path.join(path.dirname(file), name), { force: true });
  }
}

/**
 * Whether `file` is a regular file holding exactly `bytes`: an output an edit did not change (the
 * deck's, after an edit of the report alone) is left as it is rather than written again.
 */
function holds(file: string, bytes: Uint8Array): boolean {
  const stat = lstatSync(file, { throwIfNoEntry: false });
  return stat !== undefined && stat.isFile() && stat.size === bytes.byteLength && readFileSync(file).equals(bytes);
}

export function writeAtomic(file: string, data: Uint8Array | string): void {
  if (typeof data !== 'string' && holds(file, data)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  removeLeftovers(file);
  const temporary = path.join(path.dirname(file), temporaryName(file, process.pid));
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
