/**
 * Results of layout kept on disk (disk.ts) for the next process: one entry per kind of result
 * (paragraphs broken, deck lines), so a new process does not compute again, cold and shaping with
 * fontkit, what a build before it computed. An entry is named by everything its results are
 * computed with but their own input: the code that computes them, the packages it measures and
 * breaks with, and Unicode's version; each result in it by its input, a face by a digest of its
 * font's bytes. A result is used only for exactly that input, so it cannot change an output.
 */
import { appendToEntryFile, cacheKey, installedVersion, openEntryFile, ownCode, writeEntryFile } from './disk.js';
import { fontDigest } from './fonts.js';
import { KeptFile } from './kept-file.js';
import { memosAnswer } from './memo.js';

/** Results kept of each kind at most (kept-file.ts says which): a long report and its deck have a few thousand. */
const KEPT_RESULTS = 8000;

export interface KeptResults<V> {
  /** The result kept for `key`, or undefined (none, or this build remembers nothing: JIANBAO_NO_CACHE). */
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  /** The result kept for `key`, else `compute`'s, kept for the next process; without a key (nothing names the result on disk), `compute`'s alone. */
  resultFor(key: string | undefined, compute: () => V): V;
  /** Adds the results computed since the entry was read to it: once a process (see keepLaidOutText). */
  write(): void;
  /** The entry's name: a digest of its kind, the code and packages that compute its results, and its inputs. */
  entryName(): string;
}

/**
 * Whether `value` comes back from JSON as it is: strings, booleans, null, numbers JSON spells
 * exactly (finite, not -0), and arrays and plain objects of them without a property left undefined.
 */
export function carriedByJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(carriedByJson);
      return Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(carriedByJson);
    default:
      return false;
  }
}

/**
 * How an entry holds its results (kept-file.ts): blocks of an index and records of a key and a
 * value as JSON, found by the key's hash. A process reads only the records it looks up, and
 * appends the results it adds.
 */
const ENTRY_FORMAT = 'blocks of a checked index (key hash, length, CRC-32, writing last used; length 0: a mark of use) and records: key length, JSON key and value';

/** The versions of the packages results are measured and broken with, found once a process (each is a module lookup). */
let measuringVersions: readonly string[] | undefined;
const measuringPackages = (): readonly string[] => (measuringVersions ??= [installedVersion('fontkit'), installedVersion('linebreak')]);

/** Every store of results made in this process (most as their modules are evaluated), and how to read its file. */
const stores: { readonly kind: string; read(): void }[] = [];

/**
 * Results of `kind` kept on disk, computed by the code in `code` (paths under src/ without their
 * extension, or folders) from `inputs` besides each result's own key (the faces a whole entry is
 * about): read on first use, added to by `write`, at most `limit` results, those the builds use
 * (kept-file.ts). A result JSON would not give back as it is is not kept.
 */
export function keptResults<V>(kind: string, code: readonly string[], inputs: readonly string[] = [], limit = KEPT_RESULTS): KeptResults<V> {
  let name: string | undefined;
  let file: KeptFile | undefined;
  stores.push({
    kind,
    read: () => {
      if (memosAnswer()) kept();
    },
  });
  /** The values parsed or computed in this process, by key as JSON. */
  const values = new Map<string, V>();
  /** The results computed in this process, each value as JSON by its key as JSON, least recently computed first. */
  const added = new Map<string, string>();
  let written = false;
  const entryName = (): string =>
    (name ??= cacheKey(kind, ENTRY_FORMAT, ...ownCode(['cache/fonts', ...code]), ...measuringPackages(), process.versions.unicode ?? '', ...inputs));
  const kept = (): KeptFile => (file ??= new KeptFile(openEntryFile(kind, entryName()), limit));
  const get = (key: string): V | undefined => {
    if (!memosAnswer()) return undefined;
    const named = JSON.stringify(key);
    let value = values.get(named);
    if (value === undefined) {
      const json = kept().lookup(named);
      if (json !== undefined) values.set(named, (value = JSON.parse(json) as V));
    }
    return value;
  };
  const set = (key: string, value: V): void => {
    if (!memosAnswer() || !carriedByJson(value)) return;
    const named = JSON.stringify(key);
    added.delete(named);
    added.set(named, JSON.stringify(value));
    values.set(named, value);
    if (added.size > limit) {
      const oldest = added.keys().next().value!;
      added.delete(oldest);
      values.delete(oldest);
    }
  };
  return {
    get,
    set,
    resultFor: (key, compute) => {
      const known = key === undefined ? undefined : get(key);
      if (known !== undefined) return known;
      const value = compute();
      if (key !== undefined) set(key, value);
      return value;
    },
    write: () => {
      // A store not read and not added to has nothing to write.
      if (written || (added.size === 0 && file === undefined)) return;
      const write = kept().write(added);
      written = true;
      if (write === undefined) return;
      if ('append' in write) appendToEntryFile(kind, entryName(), write.append);
      else writeEntryFile(kind, entryName(), write.rewrite);
    },
    entryName,
  };
}

/**
 * For `watch`, while it waits: a step per store of results of `kinds`, each reading the store's
 * file as its first lookup would (once a process; not where nothing is remembered), so that the
 * first rebuild to look a result up does not wait on it.
 */
export function keptStoreReads(kinds: readonly string[]): (() => void)[] {
  return stores.filter((store) => kinds.includes(store.kind)).map((store) => store.read);
}

/**
 * A face as results on disk name it: its key and a digest of its font's bytes (a loaded face knows
 * it without reading them), or undefined for a face without bytes (made for a test).
 */
export function keptFaceName(face: { readonly key: string; readonly digest?: string; readonly data?: Uint8Array }): string | undefined {
  const digest = face.digest ?? (face.data && fontDigest(face.data));
  return digest && `${face.key}:${digest}`;
}

const writers: (() => void)[] = [];

/** Registers an entry's `write` for keepLaidOutText. */
export function writtenAfterLayout<T extends { write(): void }>(results: T): T {
  writers.push(() => results.write());
  return results;
}

/** Whether writes for the next process wait until the build is reported (`watch`): see keepForNextProcess. */
let keepingLater = false;
/** Writes for the next process held until watch has reported the build (keepHeldWrites). */
const held: (() => void)[] = [];

/**
 * For `watch` (`later`, until it stops): builds leave writing what only a next process reads (what
 * layout computed, the pages drawn, the texts shaped) to keepHeldWrites, which watch runs once a
 * build is reported, while it waits for the next change. A rebuild's outputs do not wait on those files.
 */
export function keepAfterReporting(later: boolean): void {
  keepingLater = later;
}

/** Runs `write`, which keeps on disk what only a next process reads: now, or under `watch` once the build is reported. */
export function keepForNextProcess(write: () => void): void {
  if (keepingLater) held.push(write);
  else write();
}

/** Runs the writes keepForNextProcess held, in the order they came. */
export function keepHeldWrites(): void {
  for (const write of held.splice(0)) write();
}

/**
 * Writes what layout computed that was not kept yet, for the next process. Once a process: `watch`
 * remembers in memory, and writing after every edit would cost each rebuild more than it saves.
 */
export function keepLaidOutText(): void {
  keepForNextProcess(() => {
    for (const write of writers) write();
  });
}
