/**
 * Work kept on disk between builds, each entry named by a hash of everything it is computed from
 * (the template text and the Handlebars version, a font's bytes and a set of glyphs…): an entry is
 * used only for exactly the input it was made from, so the cache can never change an output. The
 * folder is `node_modules/.cache/jianbao` in jianbao's own folder, or JIANBAO_CACHE_DIR; it is
 * safe to delete at any time. JIANBAO_NO_CACHE (set to anything but empty) turns it off.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, futimesSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startupSnapshot } from 'node:v8';
import { crc32 } from 'node:zlib';
import { PACKAGE_ROOT } from '../package-root.js';

const PACKAGE_JSON = path.join(PACKAGE_ROOT, 'package.json');

/**
 * What starts every entry writeCached writes: "jbc1", then its payload's length and CRC-32, 4
 * bytes big-endian each. An entry is renamed into place whole: what a crash or the disk can make
 * of it (a file cut short or zeroed, bytes altered) fails them, and an entry is never used then.
 */
const ENTRY_MARK = 0x6a626331;
const ENTRY_HEADER = 12;

/**
 * Entries kept of each kind, the most recently used: every edit that brings a new character makes
 * new subset programs (a few hundred KB each), and older ones only serve undoing it.
 */
export const KEPT_PER_KIND = 32;

/** Whether this process may use what it, or a build before it, has remembered. */
export const remembering = (): boolean => !process.env.JIANBAO_NO_CACHE;

/** The cache folder, or undefined when caching is off. Read on every use: tests and `bench` point it elsewhere. */
function cacheFolder(): string | undefined {
  if (!remembering()) return undefined;
  return process.env.JIANBAO_CACHE_DIR || path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'jianbao');
}

const digests = new WeakMap<Uint8Array, string>();

/** The hex SHA-256 of `data`, once per byte array: fonts and pictures are named by it in keys. */
export function bytesDigest(data: Uint8Array): string {
  let digest = digests.get(data);
  if (digest === undefined) digests.set(data, (digest = createHash('sha256').update(data).digest('hex')));
  return digest;
}

/** The SHA-256 of `content`, base64: what names one result among many (pdf/pages.ts, pdf/deflate.ts, pptx/opc-package.ts). */
export const contentDigest = (content: string | Uint8Array): string => createHash('sha256').update(content).digest('base64');

/** `data` has the SHA-256 `digest`, known without hashing it (a font file's, kept by its identity: load/fonts.ts). */
export function knownDigest(data: Uint8Array, digest: string): void {
  digests.set(data, digest);
}

/** A hex SHA-256 of the parts, each length-prefixed so that no two lists of parts hash alike. */
export function cacheKey(...parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(`${bytes.length}:`).update(bytes);
  }
  return hash.digest('hex');
}

/**
 * Where jianbao's JavaScript files are (under the tests, its TypeScript in src/), named as their
 * folder or file under dist/: the compiled files also when this runs bundled, from the start-up
 * snapshot (src/snapshot.ts), so both ways of running share the entries.
 */
const EXTENSION = fileURLToPath(import.meta.url).endsWith('.ts') ? '.ts' : '.js';
const ownFile = (relative: string): string => path.join(PACKAGE_ROOT, EXTENSION === '.ts' ? 'src' : 'dist', relative);

/**
 * jianbao's code in `files` (paths under src/ without their extension; a folder stands for the
 * files in it), for the names of entries its results are kept under: a change to it never reuses
 * them. Each file as the SHA-256 of its bytes.
 */
export function ownCode(files: readonly string[]): Buffer[] {
  return files.flatMap((relative) => codeDigestsOf(relative).map((digest) => Buffer.from(digest, 'hex')));
}

/**
 * The digests of the code at each path ownCode is given, read once a process, as its code was
 * loaded once. A process started from the start-up snapshot has them from when the snapshot was
 * made, of the very code it runs (it runs only while no compiled file is newer: src/cli/compiled.ts).
 */
const codeDigests = new Map<string, readonly string[]>();

function codeDigestsOf(relative: string): readonly string[] {
  let digests = codeDigests.get(relative);
  if (digests) return digests;
  const file = ownFile(relative);
  const named = existsSync(`${file}${EXTENSION}`)
    ? [`${file}${EXTENSION}`]
    : readdirSync(file)
        .filter((name) => path.extname(name) === EXTENSION)
        .sort()
        .map((name) => path.join(file, name));
  digests = named.map((name) => createHash('sha256').update(readFileSync(name)).digest('hex'));
  codeDigests.set(relative, digests);
  return digests;
}

/** Every file and folder of the compiled code under `folder` (a path under dist/), as ownCode names them. */
function codePathsUnder(folder: string): string[] {
  return readdirSync(ownFile(folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
    if (entry.isDirectory()) return [relative, ...codePathsUnder(relative)];
    return path.extname(entry.name) === EXTENSION ? [relative.slice(0, -EXTENSION.length)] : [];
  });
}

if (startupSnapshot.isBuildingSnapshot()) for (const relative of codePathsUnder('')) codeDigestsOf(relative);

/**
 * The installed version of the package `name` (resolved from jianbao, or from the package `within`):
 * part of the key of what that package computes, so updating it never reuses its older results.
 * Read from the nearest package.json above its entry point: many packages do not export theirs.
 */
export function installedVersion(name: string, within?: string): string {
  const asked = `${name}\0${within ?? ''}`;
  let version = versions.get(asked);
  if (version === undefined) versions.set(asked, (version = versionFound(name, within)));
  return version;
}

/** Versions found, for the process: every store names its entries by them, and resolving a package again costs each a few ms. */
const versions = new Map<string, string>();

/** The version in `folder`'s package.json when that is the manifest of the package `name`. */
function versionIn(folder: string, name: string): string | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof manifest === 'object' && manifest !== null && 'name' in manifest && manifest.name === name && 'version' in manifest) return String(manifest.version);
  return undefined;
}

function versionFound(name: string, within?: string): string {
  // Where resolving it from jianbao looks first: one file read, where resolving costs a few ms in a fresh process.
  const installed = within === undefined ? versionIn(path.join(PACKAGE_ROOT, 'node_modules', name), name) : undefined;
  if (installed !== undefined) return installed;
  const require = createRequire(within === undefined ? PACKAGE_JSON : createRequire(PACKAGE_JSON).resolve(within));
  for (let folder = path.dirname(require.resolve(name)); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const version = versionIn(folder, name);
    if (version !== undefined) return version;
  }
  throw new Error(`no package.json of ${name} above its entry point`);
}

const entryFile = (folder: string, kind: string, key: string): string => path.join(folder, kind, `${key}.bin`);

/** The file of the entry under `kind` and `key`, or undefined when caching is off. */
function entryFileOf(kind: string, key: string): string | undefined {
  const folder = cacheFolder();
  return folder === undefined ? undefined : entryFile(folder, kind, key);
}

/** The bytes of the entry under `kind` and `key` as they are on disk, or undefined when there is none or caching is off. Marks it used. */
function readEntryFile(kind: string, key: string): Buffer | undefined {
  const file = entryFileOf(kind, key);
  if (file === undefined) return undefined;
  let stored: Buffer;
  try {
    stored = readFileSync(file);
  } catch {
    return undefined;
  }
  markUsed(file);
  return stored;
}

/** An entry's bytes, read where asked: a store of many results reads those it looks up (kept-file.ts). */
export interface EntryBytes {
  /** The entry's length when it was opened: what is appended to it later is not read. */
  readonly size: number;
  /** The `length` bytes at `position` (fewer where the file ends), valid until the next read. */
  read(position: number, length: number): Buffer;
}

/**
 * Entries this long at most are read whole as they are opened. A build looks up hundreds of the
 * records of such a store (the texts checked and shaped, the paragraphs broken: 70-380 reads each
 * after an edit), and one read of half a megabyte costs less than a few dozen reads: 900-1300
 * reads a cold build before, 320-450 now.
 */
const READ_WHOLE_UP_TO = 512 * 1024;
/** Reads this long at most go into one buffer, used again: a process reads thousands of records. */
const REUSED_READ = 64 * 1024;

/** `bytes` as an entry's. */
export function entryBytesIn(bytes: Buffer): EntryBytes {
  return { size: bytes.length, read: (position, length) => bytes.subarray(position, position + length) };
}

/** The bytes read into `into` from `position` in the file `descriptor`: `length` at most, fewer where it ends, none where it cannot be read. */
function readAt(descriptor: number, into: Buffer, position: number, length = into.length): Buffer {
  try {
    return into.subarray(0, readSync(descriptor, into, 0, length, position));
  } catch {
    // Not a file (a folder in its place), or a disk that fails: no store is read from it.
    return into.subarray(0, 0);
  }
}

/**
 * The entry under `kind` and `key` opened for reads where asked (kept.ts), or undefined when there
 * is none or caching is off. Marks it used. It stays open for the process: another process that
 * writes the entry anew renames a new file into place, and appends only after what this one reads.
 */
export function openEntryFile(kind: string, key: string): EntryBytes | undefined {
  const file = entryFileOf(kind, key);
  if (file === undefined) return undefined;
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY);
  } catch {
    return undefined;
  }
  try {
    const now = new Date();
    futimesSync(descriptor, now, now);
  } catch {
    // A file this process may read but not change (a read-only installation): it is still right.
  }
  const { size } = fstatSync(descriptor);
  if (size <= READ_WHOLE_UP_TO) {
    const whole = readAt(descriptor, Buffer.allocUnsafe(size), 0);
    closeSync(descriptor);
    return entryBytesIn(whole);
  }
  let reused: Buffer | undefined;
  return {
    size,
    read: (position, length) => readAt(descriptor, length <= REUSED_READ ? (reused ??= Buffer.allocUnsafe(REUSED_READ)) : Buffer.allocUnsafe(length), position, length),
  };
}

/** The entry stored under `kind` and `key`, or undefined when there is none, caching is off or the entry is damaged. */
export function readCached(kind: string, key: string): Buffer | undefined {
  const stored = readEntryFile(kind, key);
  if (stored === undefined) return undefined;
  if (stored.length < ENTRY_HEADER || stored.readUInt32BE(0) !== ENTRY_MARK || stored.readUInt32BE(4) !== stored.length - ENTRY_HEADER) return undefined;
  const payload = stored.subarray(ENTRY_HEADER);
  return crc32(payload) === stored.readUInt32BE(8) ? payload : undefined;
}

/** An entry's time is when a build last used it: the oldest go first (pruneOldest). */
function markUsed(file: string): void {
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    // Removed meanwhile by another build's pruning: it was read whole, and is still right.
  }
}

/** Leaves the `kept` most recently used entries of a kind's folder; a file gone meanwhile is no matter. */
function pruneOldest(kindFolder: string, kept: number): void {
  const entries = readdirSync(kindFolder).filter((name) => name.endsWith('.bin'));
  if (entries.length <= kept) return;
  const used = entries.map((name) => ({ file: path.join(kindFolder, name), time: statSync(path.join(kindFolder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
  used.sort((a, b) => b.time - a.time);
  for (const { file } of used.slice(kept)) rmSync(file, { force: true });
}

/**
 * Stores an entry, written to a file of its own and renamed into place so that concurrent builds
 * never read half of one. A cache that cannot be written (a read-only installation, a full disk)
 * only makes the next build slower: that is not an error. The `kept` most recently used entries of
 * the kind stay (fewer for large entries).
 */
export function writeCached(kind: string, key: string, payload: Uint8Array, kept = KEPT_PER_KIND): void {
  const header = Buffer.allocUnsafe(ENTRY_HEADER);
  header.writeUInt32BE(ENTRY_MARK, 0);
  header.writeUInt32BE(payload.length, 4);
  header.writeUInt32BE(crc32(payload), 8);
  writeEntryFile(kind, key, Buffer.concat([header, payload]), kept);
}

/** writeCached of bytes that check themselves (kept.ts), as they are. */
export function writeEntryFile(kind: string, key: string, bytes: Uint8Array, kept = KEPT_PER_KIND): void {
  const file = entryFileOf(kind, key);
  if (file === undefined) return;
  const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(partial, bytes);
    // Renamed onto no file: ext4 writes out the data of a file renamed over another at once
    // (auto_da_alloc), a few ms an entry. Meanwhile a build finds no entry, which is only a miss.
    rmSync(file, { force: true });
    renameSync(partial, file);
    pruneOldest(path.dirname(file), kept);
  } catch {
    rmSync(partial, { force: true });
  }
}

/**
 * Adds `bytes` at the end of the entry under `kind` and `key`, in one write, when the entry is
 * there (one gone meanwhile, pruned or being replaced, is not made again: the bytes are only
 * lost). The bytes must tell themselves whether they came whole (kept.ts): a crash, or a reader
 * meanwhile, may see part of them.
 */
export function appendToEntryFile(kind: string, key: string, bytes: Uint8Array): void {
  const file = entryFileOf(kind, key);
  if (file === undefined) return;
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, constants.O_WRONLY | constants.O_APPEND);
    writeSync(descriptor, bytes);
  } catch {
    // Gone, or the disk is full: the next build computes those results again.
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** `compute`'s bytes, kept on disk under `kind` and `key`: read from there when a build before this one kept them. */
export function keptOnDisk(kind: string, key: string, compute: () => Uint8Array): Uint8Array {
  const kept = readCached(kind, key);
  if (kept) return kept;
  const computed = compute();
  writeCached(kind, key, computed);
  return computed;
}

/** keptOnDisk for work that completes later (HarfBuzz's subsetter is asynchronous). */
export async function keptOnDiskLater(kind: string, key: string, compute: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const kept = readCached(kind, key);
  if (kept) return kept;
  const computed = await compute();
  writeCached(kind, key, computed);
  return computed;
}

/**
 * Records of `fields` byte strings each, packed into one entry (many results named in one, as
 * pdf/pages.ts keeps them): for each record its fields' lengths, 4 bytes
 * big-endian each, then the fields.
 */
export function packRecords(records: Iterable<readonly Uint8Array[]>, fields: number): Buffer {
  const chunks: Uint8Array[] = [];
  for (const record of records) {
    const lengths = Buffer.alloc(4 * fields);
    record.forEach((field, i) => lengths.writeUInt32BE(field.byteLength, 4 * i));
    chunks.push(lengths, ...record);
  }
  return Buffer.concat(chunks);
}

/** The records packRecords packed, each field a view into `entry`. */
export function unpackRecords(entry: Buffer, fields: number): Buffer[][] {
  const records: Buffer[][] = [];
  for (let at = 0; at + 4 * fields <= entry.length; ) {
    const lengths = Array.from({ length: fields }, (_, i) => entry.readUInt32BE(at + 4 * i));
    at += 4 * fields;
    records.push(lengths.map((length) => entry.subarray(at, (at += length))));
  }
  return records;
}
