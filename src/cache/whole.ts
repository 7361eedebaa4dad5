/**
 * Work kept whole between builds, by its source: a digest of everything it is made from. The deck
 * laid out and its two files (deck.ts), the report laid out and its two editions (report.ts): an
 * edit one of them does not show leaves it made from the same source, and a build neither lays it
 * out nor renders it again. This process remembers the last of each store (`watch`, `preview`); the
 * cache on disk keeps a few, named also by jianbao's code and the packages that make them, for the
 * next process. An entry is used only for exactly its source: it cannot change a byte.
 */
import type { LoadedFace } from '../load/fonts.js';
import type { Block } from '../model/document.js';
import { bytesDigest, cacheKey, installedVersion, ownCode, readCached, writeCached } from './disk.js';
import { fontDigest } from './fonts.js';
import { keepForNextProcess } from './kept.js';
import { memosAnswer } from './memo.js';

/**
 * Outputs kept on disk of each kind: they are up to a few MB, and an older one serves only undoing
 * an edit (or building with and without an option by turns).
 */
const KEPT_OUTPUTS = 4;

/** Blocks as a source spells them: each picture's bytes as their digest. */
export function speltBlocks(blocks: readonly Block[]): readonly unknown[] {
  if (!blocks.some((block) => block.kind === 'image')) return blocks;
  return blocks.map((block) => (block.kind === 'image' ? { ...block, picture: { ...block.picture, data: bytesDigest(block.picture.data) } } : block));
}

/** A face as a source spells it: its font by the digest of its bytes. */
export const speltFace = (face: LoadedFace): unknown => ({ key: face.key, family: face.family, font: fontDigest(face) });

/**
 * What an entry on disk is made with besides its source: jianbao's code (paths under src/, as
 * ownCode takes them), the packages it uses (by name, or [name, the package it is resolved from]),
 * and Node's own (zlib deflates, Unicode breaks lines). Found once a process, on first use.
 */
export function makers(code: readonly string[], packages: readonly (string | readonly [string, string])[]): () => readonly (string | Uint8Array)[] {
  let found: readonly (string | Uint8Array)[] | undefined;
  return () =>
    (found ??= [
      ...ownCode(code),
      ...packages.map((name) => (typeof name === 'string' ? installedVersion(name) : installedVersion(name[0], name[1]))),
      process.version,
    ]);
}

/** One kind of work kept whole: the last of this process, and a few entries on disk. */
export class WholeStore<T> {
  private last: { readonly source: string; readonly value: T } | undefined;

  constructor(
    /** The entries' folder in the cache, which also names their keys. */
    private readonly kind: string,
    private readonly madeWith: () => readonly (string | Uint8Array)[],
    private readonly kept?: number,
  ) {}

  private keyOf(source: string): string {
    return cacheKey(this.kind, ...this.madeWith(), source);
  }

  /**
   * The value made from `source`: as this process made it last, or read back by `restored` from
   * what an earlier process kept (undefined when it cannot be). Undefined too when this build
   * remembers nothing (JIANBAO_NO_CACHE).
   */
  find(source: string, restored: (stored: Buffer) => T | undefined): T | undefined {
    if (!memosAnswer()) return undefined;
    if (this.last?.source === source) return this.last.value;
    const stored = readCached(this.kind, this.keyOf(source));
    const value = stored && restored(stored);
    if (value !== undefined) this.last = { source, value };
    return value;
  }

  /**
   * Remembers `value`, just made from `source`, and keeps it on disk as `stored` gives it (under
   * `watch` once the build is reported: only a next process reads it).
   */
  keep(source: string, value: T, stored: (value: T) => Uint8Array): void {
    if (!memosAnswer()) return;
    this.last = { source, value };
    keepForNextProcess(() => writeCached(this.kind, this.keyOf(source), stored(value), this.kept));
  }
}

const asStored = (bytes: Uint8Array): Uint8Array => bytes;

/**
 * Output files kept whole, each kind of output in a folder of its own (`pptx-outputs`…), by what
 * its bytes are made from (`from`: their source with the output's date and options): as this process
 * made them last, as an earlier process kept them on disk, or made now. The bytes are shared: they
 * are written out, never changed.
 */
export function keptOutputs<Output extends string>(
  outputs: readonly Output[],
  madeWith: () => readonly (string | Uint8Array)[],
): (output: Output, from: string, make: () => Promise<Uint8Array>) => Promise<Uint8Array> {
  const stores = new Map(outputs.map((output) => [output, new WholeStore<Uint8Array>(`${output}-outputs`, madeWith, KEPT_OUTPUTS)]));
  return async (output, from, make) => {
    const store = stores.get(output)!;
    const found = store.find(from, asStored);
    if (found) return found;
    const made = await make();
    store.keep(from, made, asStored);
    return made;
  };
}
