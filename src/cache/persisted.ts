/**
 * Memos that outlive the process. A fresh `jianbao build` after a one-line edit starts with what
 * the builds before it computed, kept on disk (disk.ts), and computes only what the edit touched,
 * as a `watch` rebuild does in one process. A store on disk is named by everything its values are
 * computed from besides their keys (a font's bytes, the versions of the code computing them), and a
 * value's key by the rest: a value found is exactly the value that would be computed, so outputs
 * cannot change. Values are kept as JSON, each encoded and decoded by the store's codec.
 */
import { readCached, remembering, writeCached } from './disk.js';

/** How a store's values are kept on disk: as JSON-able data, and back. */
export interface Codec<V> {
  encode(value: V): unknown;
  decode(stored: unknown): V;
}

interface Store {
  readonly kind: string;
  readonly name: string;
  readonly limit: number;
  /** Values as kept on disk, least recently used first. */
  readonly stored: Map<string, unknown>;
}

/** Stores that grew in this process: keepMemosOnDisk writes them. */
const grownStores = new Set<Store>();

/**
 * A memo of `compute(key)` kept under `kind` in a store named by `name` (what the values depend on
 * besides their keys), at most `limit` entries, least recently used first out. Read from disk on
 * first use; what it grew by is written by keepMemosOnDisk. With caching off it computes every time.
 */
export function persistedMemo<V>(kind: string, name: string, limit: number, codec: Codec<V>): (key: string, compute: () => V) => V {
  let store: Store | undefined;
  const decoded = new Map<string, V>();
  return (key, compute) => {
    if (!remembering()) return compute();
    store ??= openStore(kind, name, limit);
    const known = decoded.get(key) ?? (store.stored.has(key) ? codec.decode(store.stored.get(key)) : undefined);
    const value = known ?? compute();
    decoded.set(key, value);
    const encoded = known === undefined ? codec.encode(value) : store.stored.get(key);
    store.stored.delete(key);
    store.stored.set(key, encoded);
    if (known === undefined) grownStores.add(store);
    if (store.stored.size > limit) {
      const oldest = store.stored.keys().next().value!;
      store.stored.delete(oldest);
      decoded.delete(oldest);
    }
    return value;
  };
}

function openStore(kind: string, name: string, limit: number): Store {
  const stored = new Map<string, unknown>();
  const kept = readCached(kind, name);
  if (kept) {
    try {
      for (const [key, value] of JSON.parse(kept.toString('utf8')) as [string, unknown][]) stored.set(key, value);
    } catch {
      stored.clear(); // not what this code writes: computed afresh
    }
  }
  return { kind, name, limit, stored };
}

/** Writes every store that grew since it was read, for the processes after this one. Call at the end of a build. */
export function keepMemosOnDisk(): void {
  for (const store of grownStores) {
    writeCached(store.kind, store.name, Buffer.from(JSON.stringify([...store.stored]), 'utf8'));
  }
  grownStores.clear();
}
