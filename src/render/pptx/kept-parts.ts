/**
 * Work on a deck's parts kept on disk (cache/disk.ts) for the next process: after an edit of one
 * slide, a fresh `jianbao build` deflates only the parts that edit changed. One entry holds the
 * results of the decks built last, each by a digest of everything it was made from; the entry is
 * named by the code and the zlib that make them. A result is used only for exactly its input.
 */
import { cacheKey, packRecords, readCached, remembering, unpackRecords, writeCached } from '../../cache/disk.js';

/** Results kept at most, the most recently used: those of a few decks of some dozens of slides. */
const KEPT_RESULTS = 1500;

export class KeptPartResults {
  /** The entry's results by digest, least recently used first; read on first use. */
  private results: Map<string, Uint8Array> | undefined;
  private added = false;
  private name: string | undefined;

  /** `kind` names the work; `makers` gives what makes its results besides their inputs (asked once, on first use). */
  constructor(
    private readonly kind: string,
    private readonly makers: () => readonly (string | Uint8Array)[],
  ) {}

  private entryName(): string {
    return (this.name ??= cacheKey(this.kind, ...this.makers()));
  }

  private kept(): Map<string, Uint8Array> {
    return (this.results ??= unpack(readCached(this.kind, this.entryName()) ?? Buffer.alloc(0)));
  }

  /** The result kept under `digest`, or undefined (none kept, or caching is off). */
  get(digest: string): Uint8Array | undefined {
    if (!remembering()) return undefined;
    const results = this.kept();
    const result = results.get(digest);
    if (result) {
      results.delete(digest);
      results.set(digest, result);
    }
    return result;
  }

  set(digest: string, result: Uint8Array): void {
    if (!remembering()) return;
    const results = this.kept();
    results.delete(digest);
    results.set(digest, result);
    if (results.size > KEPT_RESULTS) results.delete(results.keys().next().value!);
    this.added = true;
  }

  /** Writes the entry for the next process, when a result was added since it was read or written. */
  write(): void {
    if (!this.added || !this.results) return;
    writeCached(this.kind, this.entryName(), pack(this.results));
    this.added = false;
  }
}

/** Results as records of (digest, result). */
const pack = (results: ReadonlyMap<string, Uint8Array>): Buffer => packRecords([...results].map(([digest, result]) => [Buffer.from(digest, 'utf8'), result]), 2);

const unpack = (entry: Buffer): Map<string, Uint8Array> => new Map(unpackRecords(entry, 2).map(([digest, result]) => [digest!.toString('utf8'), result!]));
