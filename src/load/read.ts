/**
 * load: the one way a build reads a file. Only regular files are read (a FIFO would block forever,
 * /dev/zero never ends), never more than a limit (checked while reading, not after), and only from
 * inside the folders allowed for that file once every symlink is followed.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, realpathSync, type BigIntStats } from 'node:fs';
import path from 'node:path';

/** Why a file was not read, as the end of a sentence about it: `"logo.png" is not found`. */
export class UnreadableFile extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'outside' | 'not-a-file' | 'too-large' | 'unreadable',
  ) {
    super(message);
  }
}

const megabytes = (bytes: number): string => (bytes / 1048576).toFixed(1);

export interface Folders {
  readonly folders: readonly string[];
  /** The folders for people: "the project folder". */
  readonly name: string;
}

export interface ReadLimits {
  /** Most bytes the file may have. */
  readonly limit: number;
  /** Such files, in the size message: "images" may be at most 20 MB. */
  readonly kind: string;
  /** Folders the file must lie in, symlinks followed. */
  readonly inside?: Folders;
  /** The file's identity when it was looked at before (fileIdentity): reading another file, or it changed since, is refused. */
  readonly identity?: string;
}

/**
 * What tells one state of a file from another without reading it, as make and ccache trust: its
 * device and inode (a file put in its place is another), size, and modification and change times
 * in nanoseconds (any write changes the change time, which no one can set back).
 */
export const fileIdentity = (stat: BigIntStats): string => `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;

const unreadable = (error: unknown): UnreadableFile => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? new UnreadableFile('is not found', 'missing') : new UnreadableFile(`cannot be read (${code ?? (error as Error).message})`, 'unreadable');
};

/** The real path of `file`, every symlink followed, which must lie inside one of `inside.folders` (also followed). */
export function realPathInside(file: string, inside: Folders): string {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    throw unreadable(error);
  }
  const within = inside.folders.some((folder) => {
    // Most of the node_modules folders a package could be in are not there: asked without an exception each.
    if (!existsSync(folder)) return false;
    let root: string;
    try {
      root = realpathSync(folder);
    } catch {
      return false;
    }
    const relative = path.relative(root, real);
    return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
  });
  if (!within) {
    throw new UnreadableFile(real === path.resolve(file) ? `is outside ${inside.name}` : `leads outside ${inside.name}: it is a symbolic link to ${real}`, 'outside');
  }
  return real;
}

/** `file` opened to read. O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever; fstat then refuses it. */
function openForReading(file: string): number {
  try {
    return openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw unreadable(error);
  }
}

const changedInUse = (): UnreadableFile => new UnreadableFile('changed while it was being used: build again', 'unreadable');

/**
 * The bytes of `file`, which must be a regular file of at most `limit` bytes (inside the allowed
 * folders, if any). Throws UnreadableFile, with a message for people, for anything else.
 */
export function readBounded(file: string, { limit, kind, inside, identity }: ReadLimits): Buffer {
  const fd = openForReading(inside ? realPathInside(file, inside) : file);
  try {
    const stat = fstatSync(fd, { bigint: true });
    if (identity !== undefined && fileIdentity(stat) !== identity) throw changedInUse();
    if (stat.isDirectory()) throw new UnreadableFile('is a folder', 'not-a-file');
    if (!stat.isFile()) throw new UnreadableFile('is not a regular file (a device, pipe or socket)', 'not-a-file');
    const tooLarge = (size: string): UnreadableFile => new UnreadableFile(`is ${size} MB; ${kind} may be at most ${limit / 1048576} MB`, 'too-large');
    const size = Number(stat.size);
    if (size > limit) throw tooLarge(megabytes(size));
    // The file may grow while it is read: keep reading to one byte past the limit to notice.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(size + 1, 65536), limit + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      // One read holds the whole file as a rule (fonts are 10–15 MB): returned as it is, not copied.
      if (read === 0) return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > limit) throw tooLarge(`over ${megabytes(limit)}`);
    }
  } finally {
    closeSync(fd);
  }
}

/** `use` with `file` open to read in place: refused if the file no longer has `identity`. */
function inPlace<T>(file: string, identity: string, use: (fd: number) => T): T {
  const fd = openForReading(file);
  try {
    if (fileIdentity(fstatSync(fd, { bigint: true })) !== identity) throw changedInUse();
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** `length` bytes of `fd` from `offset` into `target` at `at`. */
function readFully(fd: number, target: Uint8Array, at: number, offset: number, length: number): void {
  for (let done = 0; done < length; ) {
    const read = readSync(fd, target, at + done, length - done, offset + done);
    if (read === 0) throw new UnreadableFile('ended before the data it points to: it is damaged', 'unreadable');
    done += read;
  }
}

/**
 * The bytes of `file` at each [offset, length], read in place: for a large file of which a few
 * pieces are needed (a font's tables and some of its glyphs). The file must still have `identity`.
 */
export function readRanges(file: string, identity: string, ranges: readonly (readonly [number, number])[]): Buffer[] {
  return inPlace(file, identity, (fd) =>
    ranges.map(([offset, length]) => {
      const bytes = Buffer.allocUnsafe(length);
      readFully(fd, bytes, 0, offset, length);
      return bytes;
    }),
  );
}

/**
 * The bytes of `file` at each [offset, length] read into `target` at the same offsets: pieces of a
 * large file where they lie in it (a sparse font: load/fonts.ts). The file must still have `identity`.
 */
export function readRangesInto(file: string, identity: string, target: Uint8Array, ranges: readonly (readonly [number, number])[]): void {
  inPlace(file, identity, (fd) => {
    for (const [offset, length] of ranges) readFully(fd, target, offset, offset, length);
  });
}
