/**
 * load: the images content.yaml names. Paths resolve relative to content.yaml and may not leave
 * the project folder; each file must be a PNG or JPEG of sensible size. Problems point at the
 * `path` line.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Image } from '../model/content.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { YamlSource } from './yaml.js';

export interface LoadedImage {
  readonly id: string;
  readonly data: Buffer;
  readonly format: 'png' | 'jpeg';
  /** Pixels. */
  readonly width: number;
  readonly height: number;
}

/** Larger files slow every build and bloat both outputs; 300 dpi across a full A4 page is far less. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_IMAGE_SIDE = 12_000;

/** Pixel size from the file header: PNG's IHDR, or a JPEG start-of-frame marker. */
export function imageSize(data: Buffer): { format: 'png' | 'jpeg'; width: number; height: number } | undefined {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47 && data.toString('latin1', 12, 16) === 'IHDR') {
    return { format: 'png', width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < data.length && data[offset] === 0xff) {
      const marker = data[offset + 1]!;
      const length = data.readUInt16BE(offset + 2);
      // SOF0…SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'jpeg', height: data.readUInt16BE(offset + 5), width: data.readUInt16BE(offset + 7) };
      }
      offset += 2 + length;
    }
  }
  return undefined;
}

export function loadImages(images: readonly Image[], source: YamlSource, projectDir: string): { images: Map<string, LoadedImage>; problems: Diagnostic[] } {
  const loaded = new Map<string, LoadedImage>();
  const problems: Diagnostic[] = [];
  images.forEach((image, index) => {
    const where = ['images', index, 'path'];
    const problem = (message: string, hint?: string): void => {
      problems.push({ severity: 'error', file: source.file, ...source.at(where), path: where.join('.'), message, ...(hint ? { hint } : {}) });
    };
    const file = path.resolve(projectDir, image.path);
    const inside = path.relative(projectDir, file);
    if (path.isAbsolute(image.path) || inside.startsWith('..') || path.isAbsolute(inside)) {
      problem(`"${image.path}" is outside the project folder`, 'put the image in the project folder (e.g. images/) and give its path relative to content.yaml');
      return;
    }
    let data: Buffer;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return problem(`"${image.path}" is not a file`);
      if (stat.size > MAX_IMAGE_BYTES) return problem(`"${image.path}" is ${(stat.size / 1048576).toFixed(1)} MB; images may be at most ${MAX_IMAGE_BYTES / 1048576} MB`, 'save it smaller: 300 dpi at its printed size is enough');
      data = readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return problem(code === 'ENOENT' ? `image "${image.path}" not found` : `cannot read "${image.path}": ${code ?? (error as Error).message}`);
    }
    const size = imageSize(data);
    if (!size || size.width === 0 || size.height === 0) return problem(`"${image.path}" is not a PNG or JPEG image`);
    if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE) {
      return problem(`"${image.path}" is ${size.width}×${size.height} pixels; images may be at most ${MAX_IMAGE_SIDE} pixels a side`, 'scale it down: 300 dpi at its printed size is enough');
    }
    loaded.set(image.id, { id: image.id, data, ...size });
  });
  return { images: loaded, problems };
}
