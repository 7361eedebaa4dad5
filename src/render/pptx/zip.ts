/**
 * A minimal ZIP reader and writer on Node's native zlib: enough for OPC packages (no ZIP64, no
 * encryption). JSZip's asynchronous pipeline costs more than the whole deck takes to lay out.
 */
import zlib, { deflateRawSync, inflateRawSync } from 'node:zlib';

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** zlib's CRC-32 where Node has it (20.15 and later), ~50 times faster than ours. */
const crc32 = (zlib.crc32 as typeof zlib.crc32 | undefined) ?? crc32InJavaScript;

function crc32InJavaScript(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

/** A file entry as the ZIP holds it: its compression method (0 STORE, 8 DEFLATE) and its bytes so compressed. */
export interface StoredZipEntry {
  readonly name: string;
  readonly method: number;
  readonly stored: Uint8Array;
}

/** Every file entry as stored, in central-directory order, nothing inflated. */
export function storedZipEntries(zip: Uint8Array): StoredZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.byteLength - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a ZIP file: no end of central directory');
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const entries: StoredZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(offset, true) !== 0x02014b50) throw new Error('corrupt ZIP central directory');
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const localOffset = view.getUint32(offset + 42, true);
    const name = Buffer.from(zip.subarray(offset + 46, offset + 46 + nameLength)).toString('utf8');
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (!name.endsWith('/')) entries.push({ name, method, stored: zip.subarray(dataStart, dataStart + compressedSize) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** An entry's bytes, inflated if they are deflated. */
export function entryData({ name, method, stored }: StoredZipEntry): Uint8Array {
  if (method !== 0 && method !== 8) throw new Error(`ZIP entry ${name}: unsupported compression method ${method}`);
  return method === 8 ? new Uint8Array(inflateRawSync(stored)) : stored.slice();
}

/** Reads every file entry (STORE or DEFLATE) in central-directory order; only those named as `wanted` when given (the others are not inflated). */
export function readZip(zip: Uint8Array, wanted: (name: string) => boolean = () => true): ZipEntry[] {
  return storedZipEntries(zip)
    .filter(({ name }) => wanted(name))
    .map((entry) => ({ name: entry.name, data: entryData(entry) }));
}

/** The first and last instants a ZIP entry's DOS date and time can hold (years 1980–2107, even seconds). */
const FIRST_DOS_TIME = Date.UTC(1980, 0, 1);
const LAST_DOS_TIME = Date.UTC(2107, 11, 31, 23, 59, 58);

/**
 * DOS date and time fields of a ZIP entry (local time as written, here taken in UTC for stability).
 * Dates outside the years DOS can count are clamped: only the entries' dates, never the document's.
 */
function dosDateTime(instant: Date): { time: number; day: number } {
  const date = new Date(Math.min(Math.max(instant.getTime(), FIRST_DOS_TIME), LAST_DOS_TIME));
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    day: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/** Data as a ZIP entry holds it: deflated, with the CRC-32 and size of the original. */
export interface Deflated {
  readonly compressed: Uint8Array;
  readonly crc: number;
  readonly size: number;
}

/** The compression level of every entry: part of what makes the bytes of a package. */
export const DEFLATE_LEVEL = 6;

export function deflated(data: Uint8Array): Deflated {
  return { compressed: deflateRawSync(data, { level: DEFLATE_LEVEL }), crc: crc32(data), size: data.byteLength };
}

/** Writes entries in the given order, all stamped with `date` (clamped): same input, same bytes. */
export function writeZip(entries: readonly { readonly name: string; readonly data: Deflated }[], date: Date): Uint8Array {
  const { time, day } = dosDateTime(date);
  const locals: Uint8Array[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const { compressed, crc, size } = entry.data;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.byteLength, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.byteLength, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    local.copy(central, 6, 4, 30); // version needed … name length are the same fields
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.byteLength + name.byteLength + compressed.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
