/**
 * How kept.ts keeps one store of results in its file: blocks, each written whole by one process in
 * one write (the first by a rewrite renamed into place, each later one appended by a process that
 * computed results the store lacked). A block is a mark, its payload's length and the CRC-32 of
 * its payload, then the payload: records, each its key's hash, its key's length (in UTF-16 code
 * units, as a JS string counts) and the length of the rest (in bytes), 4 bytes big-endian each,
 * then the key and the value (JSON, UTF-8). A block cut short or
 * altered (a crash mid-append, a reader meanwhile) fails its mark, length or CRC: it and all after
 * it are not read, and the next write rewrites the file. Reading a store walks the records'
 * headers alone: a lookup decodes the one record it finds, key and value in one.
 */
import { crc32 } from 'node:zlib';

/** "jbk1": what starts every block. */
const BLOCK_MARK = 0x6a626b31;
const BLOCK_HEADER = 12;
const RECORD_HEADER = 12;

/** What a record is found by: its key's CRC-32. Keys alike in it are told apart by comparing the keys. */
const keyHash = (named: string): number => crc32(named);

/** What a write of new results does to the file: adds a block at its end, or replaces it. */
export type KeptFileWrite = { readonly append: Buffer } | { readonly rewrite: Buffer };

export class KeptFile {
  /** Where each result's record starts in `bytes`, by its key's hash: the `limit` most recently computed (later in the file). */
  private readonly records = new Map<number, number>();
  /** Whether the file ends in bytes that are no whole block. */
  private readonly damaged: boolean;
  /** `bytes` read by DataView: a fresh process reads thousands of headers, and Buffer's readUInt32BE is slow there until optimized. */
  private readonly view: DataView;

  /** The store in `bytes` (a file's, or none), answering for its `limit` most recently computed results. */
  constructor(
    private readonly bytes: Buffer = Buffer.alloc(0),
    private readonly limit: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.damaged = !this.readBlocks();
    if (this.records.size > limit) for (const record of this.olderRecords(new Set()).slice(0, -limit)) this.records.delete(this.view.getUint32(record));
  }

  /** Indexes the records of every whole block; false when the file ends in something else. */
  private readBlocks(): boolean {
    const { bytes, view } = this;
    for (let at = 0; at < bytes.length; ) {
      if (at + BLOCK_HEADER > bytes.length || view.getUint32(at) !== BLOCK_MARK) return false;
      const end = at + BLOCK_HEADER + view.getUint32(at + 4);
      if (end > bytes.length || crc32(bytes.subarray(at + BLOCK_HEADER, end)) !== view.getUint32(at + 8)) return false;
      for (let record = at + BLOCK_HEADER; record < end; ) {
        const next = record + RECORD_HEADER > end ? Infinity : record + this.recordLength(record);
        if (next > end) return false;
        // A later record of a key supersedes an earlier one.
        this.records.set(view.getUint32(record), record);
        record = next;
      }
      at = end;
    }
    return true;
  }

  private recordLength(record: number): number {
    return RECORD_HEADER + this.view.getUint32(record + 8);
  }

  /** The keys (JSON) of the results the store answers for, least recently computed first. */
  keys(): string[] {
    return this.olderRecords(new Set()).map((record) => this.bytes.toString('utf8', record + RECORD_HEADER, record + this.recordLength(record)).slice(0, this.view.getUint32(record + 4)));
  }

  /** The value (JSON) kept for the key `named` (JSON), or undefined. */
  lookup(named: string): string | undefined {
    const record = this.records.get(keyHash(named));
    if (record === undefined) return undefined;
    const keyLength = this.view.getUint32(record + 4);
    if (keyLength !== named.length) return undefined;
    const text = this.bytes.toString('utf8', record + RECORD_HEADER, record + this.recordLength(record));
    return text.startsWith(named) ? text.slice(keyLength) : undefined;
  }

  /**
   * The write that keeps `added` (value JSON by key JSON, least recently computed first) with
   * the results read: a block appended, unless the file would then hold more bytes no longer
   * read (results superseded, or past the `limit` most recent, or a damaged end) than bytes read.
   * Then the file is written anew with the results it answers for, the `limit` most recent.
   */
  write(added: ReadonlyMap<string, string>): KeptFileWrite {
    const block = encodedBlock(added);
    const superseded = new Set<number>();
    for (const named of added.keys()) {
      const record = this.records.get(keyHash(named));
      if (record !== undefined) superseded.add(record);
    }
    // Sorting the records by age, for the few builds that find the store full or rewrite it.
    const pastLimit = Math.max(0, this.records.size - superseded.size + added.size - this.limit);
    const dropped = pastLimit > 0 ? this.olderRecords(superseded).slice(0, pastLimit) : [];
    let readBytes = block.length - BLOCK_HEADER;
    for (const record of this.records.values()) readBytes += this.recordLength(record);
    for (const record of [...superseded, ...dropped]) readBytes -= this.recordLength(record);
    if (this.bytes.length > 0 && !this.damaged && this.bytes.length + block.length <= 2 * readBytes) return { append: block };
    const kept = this.olderRecords(superseded)
      .slice(pastLimit)
      .map((record) => this.bytes.subarray(record, record + this.recordLength(record)));
    return { rewrite: sealedBlock(Buffer.concat([...kept, block.subarray(BLOCK_HEADER)])) };
  }

  /** The records read but those in `superseded`, least recently computed first. */
  private olderRecords(superseded: ReadonlySet<number>): number[] {
    return [...this.records.values()].filter((record) => !superseded.has(record)).sort((a, b) => a - b);
  }
}

/** A block of the records of `results` (value JSON by key JSON). */
function encodedBlock(results: ReadonlyMap<string, string>): Buffer {
  let length = BLOCK_HEADER;
  for (const [named, json] of results) length += RECORD_HEADER + Buffer.byteLength(named) + Buffer.byteLength(json);
  const block = Buffer.allocUnsafe(length);
  let at = BLOCK_HEADER;
  for (const [named, json] of results) {
    const keyBytes = block.write(named, at + RECORD_HEADER);
    const bytes = keyBytes + block.write(json, at + RECORD_HEADER + keyBytes);
    block.writeUInt32BE(keyHash(named), at);
    block.writeUInt32BE(named.length, at + 4);
    block.writeUInt32BE(bytes, at + 8);
    at += RECORD_HEADER + bytes;
  }
  return seal(block);
}

/** A block of `payload` (records). */
function sealedBlock(payload: Buffer): Buffer {
  return seal(Buffer.concat([Buffer.alloc(BLOCK_HEADER), payload]));
}

/** Writes `block`'s header for the records after it. */
function seal(block: Buffer): Buffer {
  block.writeUInt32BE(BLOCK_MARK, 0);
  block.writeUInt32BE(block.length - BLOCK_HEADER, 4);
  block.writeUInt32BE(crc32(block.subarray(BLOCK_HEADER)), 8);
  return block;
}
