/**
 * The outputs this process wrote, remembered for `watch`: a rebuild that makes an output again as
 * the very same bytes (the deck and its handout after an edit of the report alone, which
 * cache/deck.ts hands back as it made them) neither reads the file back to compare them
 * (write/atomic.ts) nor describes them again for the manifest (a checksum and a scan of the whole
 * file), as long as the file is as this process left it: same inode, size and times.
 */
import { statSync } from 'node:fs';
import { writeAtomic } from '../write/atomic.js';
import type { OutputInfo } from '../write/manifest.js';
import { memosAnswer } from './memo.js';

interface Written {
  readonly bytes: Uint8Array;
  readonly info: OutputInfo;
  readonly stamp: string | undefined;
}

const written = new Map<string, Written>();

/** What stat says of `file` that changes when anything writes, replaces or touches it; undefined when it is gone. */
function stampOf(file: string): string | undefined {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  return stat && `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/**
 * Writes `bytes` to `file` (atomically, see writeAtomic) and describes them with `describe`,
 * unless this process wrote these very bytes there before and the file has not changed since.
 */
export function writeOutput(file: string, bytes: Uint8Array, describe: () => OutputInfo): OutputInfo {
  const remembering = memosAnswer();
  const last = written.get(file);
  if (remembering && last?.bytes === bytes && last.stamp !== undefined && last.stamp === stampOf(file)) return last.info;
  writeAtomic(file, bytes);
  const info = describe();
  // Without memos (JIANBAO_NO_CACHE, as the start-up snapshot's build runs) no bytes are held.
  if (remembering) written.set(file, { bytes, info, stamp: stampOf(file) });
  else written.delete(file);
  return info;
}
