/**
 * write: outputs go to a temporary file beside the target and are renamed into place, so a failed,
 * killed or concurrent build never leaves a half-written deck or report where the old one was.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

export function writeAtomic(file: string, data: Uint8Array | string): void {
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
