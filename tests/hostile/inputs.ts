/**
 * The hostile-input corpus: images and YAML built byte by byte, so each case says exactly what is
 * wrong with it and nothing large is kept in the repository.
 */
import { once } from 'node:events';
import { constants, crc32, createDeflate, deflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, body: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

export interface PngShape {
  readonly width: number;
  readonly height: number;
  /** Bits per sample. */
  readonly depth: 8 | 16;
  /** 2 RGB, 6 RGBA. */
  readonly colourType: 2 | 6;
}

/** A PNG of `shape` whose IDAT holds `idat` (zlib data of the filtered rows). */
export function png({ width, height, depth, colourType }: PngShape, idat: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = depth;
  header[9] = colourType;
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/** Bytes of one filtered row: the filter byte, then the samples. */
export const rowBytes = ({ width, depth, colourType }: PngShape): number => 1 + (width * (colourType === 6 ? 4 : 3) * depth) / 8;

/** A small, correct PNG: a red-to-blue gradient. */
export function gradientPng(shape: PngShape = { width: 40, height: 30, depth: 8, colourType: 2 }): Buffer {
  const row = rowBytes(shape);
  const rows = Buffer.alloc(row * shape.height);
  for (let y = 0; y < shape.height; y++) {
    for (let x = 0; x < shape.width; x++) rows.set([(x * 255) / shape.width, 40, (y * 255) / shape.height], y * row + 1 + x * 3);
  }
  return png(shape, deflateSync(rows));
}

/**
 * zlib data of `rows` rows of zeros, `bytes` each (at least 32 KiB, deflate's window), made without
 * ever holding them: once the window is all zeros, the deflate block for a row of zeros comes out
 * the same every time, so it is compressed once and repeated. How a 1 MB PNG holds gigabytes.
 */
export async function zeroRows(bytes: number, rows: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const pieces: Buffer[] = [];
  deflate.on('data', (piece: Buffer) => pieces.push(piece));
  const compressRow = async (): Promise<Buffer> => {
    deflate.write(Buffer.alloc(bytes));
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    return Buffer.concat(pieces.splice(0));
  };
  const first = await compressRow();
  const repeated = await compressRow();
  if (!(await compressRow()).equals(repeated)) throw new Error('the deflate block for a row of zeros did not repeat');
  deflate.end();
  await once(deflate, 'end');
  const end = Buffer.concat(pieces);
  // The stream ends with the Adler-32 of everything: for n zero bytes, a = 1 and b = n mod 65521.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((((bytes * rows) % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([first, ...Array<Buffer>(rows - 1).fill(repeated), end.subarray(0, -4), adler]);
}

const jpegSegment = (marker: number, body: number[]): number[] => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];

/** The parts of an 8 × 8 grey baseline JPEG: headers up to the frame, the rest of the headers, the scan data. */
const tinyJpegParts = {
  // SOI, JFIF APP0, a quantisation table of ones, the frame: 8-bit, 8 × 8, one component.
  toFrame: [0xff, 0xd8, ...jpegSegment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]), ...jpegSegment(0xdb, [0, ...Array<number>(64).fill(1)]), ...jpegSegment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0])],
  // Huffman tables with one one-bit code each (DC: difference 0; AC: end of block), and the scan header.
  headers: [...jpegSegment(0xc4, [0x00, 1, ...Array<number>(15).fill(0), 0]), ...jpegSegment(0xc4, [0x10, 1, ...Array<number>(15).fill(0), 0]), ...jpegSegment(0xda, [1, 1, 0x00, 0, 63, 0])],
  // The one block: DC code 0, AC code 0 (end of block), padded with ones.
  scan: [0x3f],
};

/** A correct 8 × 8 mid-grey JPEG. */
export const tinyJpeg = (): Buffer => Buffer.from([...tinyJpegParts.toFrame, ...tinyJpegParts.headers, ...tinyJpegParts.scan, 0xff, 0xd9]);

/** A JPEG that stops after its frame header: a size, but no image. */
export const frameOnlyJpeg = (): Buffer => Buffer.from(tinyJpegParts.toFrame);
