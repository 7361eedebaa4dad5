/**
 * How kept.ts keeps one store of results in its file, so that a process reads of it what it looks
 * up and little more: blocks, each written whole by one process in one write (the first by a
 * rewrite renamed into place, each later one appended by a process that computed results the
 * store lacked). A block is a header (a mark, the CRC-32 of the rest of the header and of the
 * index, the count of its records and their length in bytes), its index (for each record its
 * key's hash, its length, its CRC-32 and the writing that last used it: 4 bytes big-endian each),
 * then the records, each its key's length (in UTF-16 code units, as a JS string counts) then the
 * key and the value (JSON, UTF-8). An index entry of length 0 is a mark: the record before it of
 * that hash and CRC-32 was used in that writing. A process reads the blocks' headers and indexes, then each
 * record it looks up alone. A block cut short or whose index is altered (a crash mid-append, a
 * reader meanwhile) is not read, nor anything after it; a record altered is not used; either way
 * the next write rewrites the file, without them.
 *
 * Each write is a writing of the store, numbered one more than any the file knows of. A rewrite
 * keeps the results the rewriting process used (looked up or computed) and, after them, the others
 * most recently used, those used within the last FORGOTTEN_AFTER writings only: results of text
 * edited away go, while the results every build looks up stay (a process marks those it found
 * last used MARKED_USED_AFTER writings ago, in the block it appends).
 */
import { crc32 } from 'node:zlib';
import { entryBytesIn, type EntryBytes } from './disk.js';

/** "jbk2": what starts every block. */
const BLOCK_MARK = 0x6a626b32;
const BLOCK_HEADER = 16;
const INDEX_ENTRY = 16;
/** A record's key length, before its key. */
const RECORD_HEADER = 4;
/** What a block's header and index are read with at first: an appended block's, whole, mostly. */
const FIRST_READ = 4096;

/** Blocks a file holds at most: a process reads each one's header and index. */
const MAX_BLOCKS = 64;
/** Writings after which a result no process used since is not kept by a rewrite. */
export const FORGOTTEN_AFTER = 32;
/** A process that finds results last used as many writings ago as this marks them used, though it adds nothing: they are not forgotten while in use. */
const MARKED_USED_AFTER = FORGOTTEN_AFTER / 2;

/** What a record is found by: its key's CRC-32. Keys alike in it are told apart by comparing the keys. */
const keyHash = (named: string): number => crc32(named);

/** What a write of new results does to the file: adds a block at its end, or replaces it. */
export type KeptFileWrite = { readonly append: Buffer } | { readonly rewrite: Buffer };

/** A record as a block's index describes it. */
interface RecordAt {
  readonly hash: number;
  /** Where it starts in the file. */
  readonly position: number;
  readonly length: number;
  readonly crc: number;
  /** The writing that last used it. */
  readonly used: number;
}

/** A record to write: its bytes, their CRC-32 and the writing that last used it. */
interface RecordToWrite {
  readonly hash: number;
  readonly bytes: Buffer;
  readonly crc: number;
  readonly used: number;
}

export class KeptFile {
  /** The records the file answers for, by their key's hash: a later record of a key supersedes an earlier one. */
  private readonly records = new Map<number, RecordAt>();
  /** Records found in this process: looked up, whole and of the key asked for. */
  private readonly found = new Set<RecordAt>();
  /** Whether the file holds bytes that are no whole block, or a record altered. */
  private damaged = false;
  private blocks = 0;
  /** This process's writing: one more than any the file knows of. */
  private writing = 1;

  /** The store in `bytes` (a file's, or none). */
  constructor(
    private readonly bytes: EntryBytes | undefined,
    private readonly limit: number,
  ) {
    if (bytes) this.damaged = !this.readIndexes(bytes);
  }

  /** Indexes the records of every whole block; false when the file holds something else from some point on. */
  private readIndexes(bytes: EntryBytes): boolean {
    for (let at = 0; at < bytes.size; this.blocks++) {
      let head = bytes.read(at, Math.min(FIRST_READ, bytes.size - at));
      let view = viewOf(head);
      if (head.length < BLOCK_HEADER || view.getUint32(0) !== BLOCK_MARK) return false;
      const indexEnd = BLOCK_HEADER + view.getUint32(8) * INDEX_ENTRY;
      const end = at + indexEnd + view.getUint32(12);
      if (end > bytes.size) return false;
      if (indexEnd > head.length) view = viewOf((head = bytes.read(at, indexEnd)));
      if (head.length < indexEnd || crc32(head.subarray(8, indexEnd)) !== view.getUint32(4)) return false;
      let position = at + indexEnd;
      for (let entry = BLOCK_HEADER; entry < indexEnd; entry += INDEX_ENTRY) {
        const record: RecordAt = { hash: view.getUint32(entry), position, length: view.getUint32(entry + 4), crc: view.getUint32(entry + 8), used: view.getUint32(entry + 12) };
        position += record.length;
        this.writing = Math.max(this.writing, record.used + 1);
        const marked = record.length === 0 ? this.records.get(record.hash) : undefined;
        if (marked?.crc === record.crc) this.records.set(record.hash, { ...marked, used: Math.max(marked.used, record.used) });
        else if (record.length > 0) this.records.set(record.hash, record);
      }
      if (position !== end) return false;
      at = end;
    }
    return true;
  }

  /** The record's bytes, or undefined when they are not what its index says (then the next write rewrites). */
  private recordBytes(record: RecordAt, from: EntryBytes): Buffer | undefined {
    const bytes = from.read(record.position, record.length);
    if (bytes.length === record.length && bytes.length >= RECORD_HEADER && crc32(bytes) === record.crc) return bytes;
    this.damaged = true;
    return undefined;
  }

  /** The record's key and value (JSON) as one text, and the key's length in it; undefined when damaged. */
  private recordText(record: RecordAt): { readonly keyLength: number; readonly text: string } | undefined {
    const bytes = this.bytes && this.recordBytes(record, this.bytes);
    return bytes && { keyLength: bytes.readUInt32BE(0), text: bytes.toString('utf8', RECORD_HEADER) };
  }

  /** The keys (JSON) of the results the store answers for, least recently written first (but those damaged). */
  keys(): string[] {
    return [...this.records.values()]
      .sort((a, b) => a.position - b.position)
      .flatMap((record) => {
        const read = this.recordText(record);
        return read ? [read.text.slice(0, read.keyLength)] : [];
      });
  }

  /** The value (JSON) kept for the key `named` (JSON), or undefined. */
  lookup(named: string): string | undefined {
    const record = this.records.get(keyHash(named));
    const read = record && this.recordText(record);
    if (!read || read.keyLength !== named.length || !read.text.startsWith(named)) return undefined;
    this.found.add(record!);
    return read.text.slice(named.length);
  }

  /**
   * The write that keeps `added` (value JSON by key JSON, least recently computed first) with the
   * results read, or undefined when there is nothing to write: a block of them appended, and of
   * marks of the results found that were last used MARKED_USED_AFTER writings ago or more. Unless
   * the file would then hold more bytes than twice a rewrite's, or more blocks than MAX_BLOCKS, or
   * more results than the `limit`, or is damaged: then it is written anew with the results a
   * rewrite keeps (see the top of this file), the `limit` at most.
   */
  write(added: ReadonlyMap<string, string>): KeptFileWrite | undefined {
    const superseded = new Set<RecordAt>();
    for (const named of added.keys()) {
      const record = this.records.get(keyHash(named));
      if (record !== undefined) superseded.add(record);
    }
    const marks = [...this.found]
      .filter((record) => !superseded.has(record) && record.used <= this.writing - MARKED_USED_AFTER)
      .map((record): RecordToWrite => ({ hash: record.hash, bytes: Buffer.alloc(0), crc: record.crc, used: this.writing }));
    if (added.size === 0 && marks.length === 0 && !this.damaged) return undefined;
    const addedRecords = [...added].map(([named, json]) => encodedRecord(named, json, this.writing));
    const { bytes } = this;
    const answered = this.records.size - superseded.size + added.size;
    if (bytes && !this.damaged && this.blocks > 0 && this.blocks < MAX_BLOCKS && answered <= this.limit) {
      // Within the limit, a rewrite would keep every record it does not let go.
      let keptLength = blockLength(addedRecords);
      for (const record of this.records.values()) if (this.keeps(record, superseded)) keptLength += INDEX_ENTRY + record.length;
      const appended = [...marks, ...addedRecords];
      if (bytes.size + blockLength(appended) <= 2 * keptLength) return { append: encodedBlock(appended) };
    }
    // A rewrite reads the file whole, once (a process in some dozens of writings), and the new block
    // is made of the records it keeps before `bytes` is read again.
    const whole = bytes && entryBytesIn(bytes.read(0, bytes.size));
    const kept = whole ? this.keptOnRewrite(superseded, addedRecords.length).flatMap((record) => this.toWrite(record, whole) ?? []) : [];
    return { rewrite: encodedBlock([...kept, ...addedRecords]) };
  }

  /** Whether a rewrite that supersedes the records `superseded` keeps `record`, within the limit. */
  private keeps(record: RecordAt, superseded: ReadonlySet<RecordAt>): boolean {
    return !superseded.has(record) && (this.found.has(record) || record.used > this.writing - FORGOTTEN_AFTER);
  }

  /**
   * The records a rewrite keeps besides `adding` new ones, least recently used first: those found
   * in this process, then the others most recently used (the later written first among those of
   * one writing), not those used FORGOTTEN_AFTER writings ago or more, the `limit` in all at most.
   */
  private keptOnRewrite(superseded: ReadonlySet<RecordAt>, adding: number): RecordAt[] {
    const others = [...this.records.values()]
      .filter((record) => !this.found.has(record) && this.keeps(record, superseded))
      .sort((a, b) => b.used - a.used || b.position - a.position);
    const found = [...this.found].filter((record) => !superseded.has(record));
    const room = Math.max(0, this.limit - adding);
    return [...others.slice(0, Math.max(0, room - found.length)).reverse(), ...found.slice(-room)];
  }

  /** `record` to write again, its bytes a view into `whole` (the file): as used in this writing when this process found it. */
  private toWrite(record: RecordAt, whole: EntryBytes): RecordToWrite | undefined {
    const bytes = this.recordBytes(record, whole);
    return bytes && { hash: record.hash, bytes, crc: record.crc, used: this.found.has(record) ? this.writing : record.used };
  }
}

/** `bytes` read by DataView: a fresh process reads thousands of index entries, and Buffer's readUInt32BE is slow there until optimized. */
const viewOf = (bytes: Buffer): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The record of the result `json` for the key `named`, used in the writing `used`. */
function encodedRecord(named: string, json: string, used: number): RecordToWrite {
  const bytes = Buffer.allocUnsafe(RECORD_HEADER + Buffer.byteLength(named) + Buffer.byteLength(json));
  bytes.writeUInt32BE(named.length, 0);
  bytes.write(json, RECORD_HEADER + bytes.write(named, RECORD_HEADER));
  return { hash: keyHash(named), bytes, crc: crc32(bytes), used };
}

const recordsLength = (records: readonly RecordToWrite[]): number => records.reduce((length, record) => length + record.bytes.length, 0);

const blockLength = (records: readonly RecordToWrite[]): number => BLOCK_HEADER + records.length * INDEX_ENTRY + recordsLength(records);

/** A block of `records`: header, index, records. */
function encodedBlock(records: readonly RecordToWrite[]): Buffer {
  const indexEnd = BLOCK_HEADER + records.length * INDEX_ENTRY;
  const block = Buffer.allocUnsafe(indexEnd + recordsLength(records));
  const view = viewOf(block);
  view.setUint32(0, BLOCK_MARK);
  view.setUint32(8, records.length);
  view.setUint32(12, block.length - indexEnd);
  let at = indexEnd;
  records.forEach((record, i) => {
    const entry = BLOCK_HEADER + i * INDEX_ENTRY;
    view.setUint32(entry, record.hash);
    view.setUint32(entry + 4, record.bytes.length);
    view.setUint32(entry + 8, record.crc);
    view.setUint32(entry + 12, record.used);
    at += record.bytes.copy(block, at);
  });
  view.setUint32(4, crc32(block.subarray(8, indexEnd)));
  return block;
}
