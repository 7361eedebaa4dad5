/**
 * load: PNG and JPEG files read through to their end, so a damaged image is refused at load time
 * with its cause, not embedded (the deck) or left to crash the PDF renderer. The header comes
 * first and is cheap; the PNG's pixels are inflated only when the caller calls `checkPixels`, once
 * it has accepted the header's sizes.
 */
import { inflateSync } from 'node:zlib';

export interface ImageHeader {
  readonly format: 'png' | 'jpeg';
  /** Pixels. */
  readonly width: number;
  readonly height: number;
  /** Memory the pixels take once decoded: pixels × channels × bytes per sample. */
  readonly decodedBytes: number;
  /** The pixel format, for messages: "16-bit RGBA". */
  readonly pixels: string;
}

/** Why an image cannot be used, as the end of a sentence about it: `"x.png" is a damaged PNG: …`. */
export class DamagedImage extends Error {}

const damaged = (format: 'png' | 'jpeg', detail: string): DamagedImage => new DamagedImage(`is a damaged ${format === 'png' ? 'PNG' : 'JPEG'}: ${detail}`);

const header = (format: 'png' | 'jpeg', width: number, height: number, channels: number, bitsPerSample: number, colours: string): ImageHeader => ({
  format,
  width,
  height,
  decodedBytes: width * height * channels * Math.ceil(bitsPerSample / 8),
  pixels: `${bitsPerSample}-bit ${colours}`,
});

/**
 * The image in `data`: its header, and a check that its pixel data is complete. Undefined when the
 * data is neither PNG nor JPEG; throws DamagedImage when its structure is broken.
 */
export function openImage(data: Buffer): { header: ImageHeader; checkPixels: () => void } | undefined {
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) return openPng(data);
  if (data[0] === 0xff && data[1] === 0xd8) return { header: readJpeg(data, 'frame'), checkPixels: () => void readJpeg(data, 'end') };
  return undefined;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Samples per pixel of each PNG colour type, and the bit depths it allows. */
const PNG_COLOUR_TYPES: ReadonlyMap<number, { channels: number; depths: readonly number[]; name: string }> = new Map([
  [0, { channels: 1, depths: [1, 2, 4, 8, 16], name: 'grey' }],
  [2, { channels: 3, depths: [8, 16], name: 'RGB' }],
  [3, { channels: 1, depths: [1, 2, 4, 8], name: 'indexed colour' }],
  [4, { channels: 2, depths: [8, 16], name: 'grey with alpha' }],
  [6, { channels: 4, depths: [8, 16], name: 'RGBA' }],
]);

/** Adam7's seven passes: first column and row, and the steps between them. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The chunks after the signature, up to IEND, each whole. */
function pngChunks(data: Buffer): { type: string; body: Buffer }[] {
  const chunks: { type: string; body: Buffer }[] = [];
  for (let offset = 8; chunks.at(-1)?.type !== 'IEND'; ) {
    if (offset + 12 > data.length) throw damaged('png', 'the file is cut short (it has no IEND chunk)');
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    if (offset + 12 + length > data.length) throw damaged('png', `the file is cut short, inside its ${type} chunk`);
    chunks.push({ type, body: data.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
  }
  return chunks;
}

/** Rows of the decompressed PNG data, each a filter-type byte and `bytes` of pixels: one pass, or Adam7's seven. */
function pngRows(width: number, height: number, bitsPerPixel: number, interlaced: boolean): { rows: number; bytes: number }[] {
  const passes = interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  return passes
    .map(([x, y, dx, dy]) => ({ columns: Math.ceil(Math.max(0, width - x) / dx), rows: Math.ceil(Math.max(0, height - y) / dy) }))
    .filter(({ columns, rows }) => columns > 0 && rows > 0)
    .map(({ columns, rows }) => ({ rows, bytes: Math.ceil((columns * bitsPerPixel) / 8) }));
}

function openPng(data: Buffer): { header: ImageHeader; checkPixels: () => void } {
  if (data.length < 33 || data.readUInt32BE(8) !== 13 || data.toString('latin1', 12, 16) !== 'IHDR') throw damaged('png', 'it does not start with an IHDR header');
  const [width, height, depth, colourType, interlace] = [data.readUInt32BE(16), data.readUInt32BE(20), data[24]!, data[25]!, data[28]!];
  const colour = PNG_COLOUR_TYPES.get(colourType);
  if (!colour || !colour.depths.includes(depth) || interlace > 1) throw damaged('png', `its header names an impossible pixel format (colour type ${colourType}, ${depth} bits, interlace ${interlace})`);
  if (width === 0 || height === 0) throw damaged('png', `it is ${width}×${height} pixels`);
  const pngHeader = header('png', width, height, colour.channels, depth, colour.name);

  const checkPixels = (): void => {
    const chunks = pngChunks(data);
    if (colourType === 3 && !chunks.some((chunk) => chunk.type === 'PLTE')) throw damaged('png', 'it has indexed colours but no palette');
    const compressed = chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.body);
    if (compressed.length === 0) throw damaged('png', 'it has no image data (no IDAT chunk)');
    const rows = pngRows(width, height, colour.channels * depth, interlace === 1);
    const expected = rows.reduce((sum, pass) => sum + pass.rows * (1 + pass.bytes), 0);
    let pixels: Buffer;
    try {
      // One byte more than expected is enough to tell data that is too long, without inflating it all.
      pixels = inflateSync(Buffer.concat(compressed), { maxOutputLength: expected + 1 });
    } catch (error) {
      const tooLong = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw damaged('png', tooLong ? `its image data is longer than ${width}×${height} pixels need` : `its image data cannot be decompressed (${(error as Error).message})`);
    }
    if (pixels.length !== expected) throw damaged('png', `its image data holds ${pixels.length} bytes; ${width}×${height} pixels of ${pngHeader.pixels} need ${expected}`);
    let offset = 0;
    for (const pass of rows) {
      for (let row = 0; row < pass.rows; row++, offset += 1 + pass.bytes) {
        if (pixels[offset]! > 4) throw damaged('png', `a row of its image data has an unknown filter type (${pixels[offset]})`);
      }
    }
  };
  return { header: pngHeader, checkPixels };
}

/** JPEG markers that stand alone, without a length: TEM and the restart markers RST0…RST7. */
const standalone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
/** Start-of-frame markers SOF0…SOF15, which carry the image size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames. */
const startOfFrame = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
const JPEG_COLOURS: ReadonlyMap<number, string> = new Map([
  [1, 'grey'],
  [3, 'colour'],
  [4, 'CMYK'],
]);

/**
 * Walks a JPEG's markers from SOI to its frame header, whose size it returns, or on to EOI, checking
 * there is at least one scan with entropy-coded data and nothing is cut short.
 */
function readJpeg(data: Buffer, upTo: 'frame' | 'end'): ImageHeader {
  let frame: ImageHeader | undefined;
  let scans = 0;
  const cutShort = (): DamagedImage => damaged('jpeg', 'the file is cut short (it has no end-of-image marker)');
  for (let offset = 2; ; ) {
    if (offset + 1 >= data.length) throw cutShort();
    if (data[offset] !== 0xff) throw damaged('jpeg', `there is no marker where one should be (byte ${offset})`);
    const marker = data[offset + 1]!;
    offset += 2;
    if (marker === 0xff) {
      offset -= 1; // a fill byte before the marker
      continue;
    }
    if (marker === 0xd9) break;
    if (standalone(marker)) continue;
    if (offset + 2 > data.length) throw cutShort();
    const length = data.readUInt16BE(offset);
    if (length < 2 || offset + length > data.length) throw cutShort();
    const segment = data.subarray(offset + 2, offset + length);
    offset += length;
    if (startOfFrame(marker) && !frame) {
      if (segment.length < 6) throw damaged('jpeg', 'its frame header is too short');
      const [precision, height, width, components] = [segment[0]!, segment.readUInt16BE(1), segment.readUInt16BE(3), segment[5]!];
      const colours = JPEG_COLOURS.get(components);
      if (!colours) throw damaged('jpeg', `it has ${components} colour components; save it as RGB`);
      if (width === 0 || height === 0) throw damaged('jpeg', `it is ${width}×${height} pixels`);
      frame = header('jpeg', width, height, components, precision, colours);
      if (upTo === 'frame') return frame;
    }
    if (marker === 0xda) {
      if (!frame) throw damaged('jpeg', 'its image data comes before its frame header');
      // Entropy-coded data runs to the next marker; 0xFF00 is an escaped 0xFF and RSTn a restart, both part of it.
      let end = offset;
      for (;;) {
        end = data.indexOf(0xff, end);
        if (end === -1 || end + 1 >= data.length) throw cutShort();
        const next = data[end + 1]!;
        if (next !== 0x00 && !standalone(next)) break;
        end += 2;
      }
      if (end === offset) throw damaged('jpeg', 'a scan has no image data');
      scans++;
      offset = end;
    }
  }
  if (!frame) throw damaged('jpeg', 'it has no frame header (no image size)');
  if (scans === 0) throw damaged('jpeg', 'it has no image data (no start-of-scan)');
  return frame;
}
