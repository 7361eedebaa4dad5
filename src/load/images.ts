/**
 * load: the images content.yaml names. Paths resolve relative to content.yaml and may not leave
 * the project folder, not even through a symbolic link; each file must be a complete PNG or JPEG
 * of sensible size, on disk and decoded. Problems point at the `path` line.
 */
import path from 'node:path';
import type { Image } from '../model/content.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { DamagedImage, openImage } from './image-formats.js';
import { readBounded, UnreadableFile } from './read.js';
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
/**
 * Decoded pixels: a small file can hold gigabytes of them, and the PDF renderer holds several
 * copies. An A4 page at 600 dpi in 8-bit RGB is 105 MB.
 */
export const MAX_IMAGE_DECODED_BYTES = 128 * 1024 * 1024;

const SMALLER = 'scale it down: 300 dpi at its printed size is enough';

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
    try {
      const data = readBounded(file, { limit: MAX_IMAGE_BYTES, kind: 'images', inside: { folders: [projectDir], name: 'the project folder' } });
      const opened = openImage(data);
      if (!opened) return problem(`"${image.path}" is not a PNG or JPEG image`);
      const { format, width, height, decodedBytes, pixels } = opened.header;
      if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
        return problem(`"${image.path}" is ${width}×${height} pixels; images may be at most ${MAX_IMAGE_SIDE} pixels a side`, SMALLER);
      }
      if (decodedBytes > MAX_IMAGE_DECODED_BYTES) {
        const megabytes = (bytes: number): string => (bytes / 1048576).toFixed(0);
        return problem(
          `"${image.path}" is ${width}×${height} pixels of ${pixels}, ${megabytes(decodedBytes)} MB decoded; images may take at most ${megabytes(MAX_IMAGE_DECODED_BYTES)} MB decoded`,
          `${SMALLER}, and 8-bit colour is enough`,
        );
      }
      opened.checkPixels();
      loaded.set(image.id, { id: image.id, data, format, width, height });
    } catch (error) {
      if (error instanceof UnreadableFile) {
        if (error.reason === 'missing') return problem(`image "${image.path}" not found`);
        return problem(`"${image.path}" ${error.message}`, error.reason === 'too-large' ? SMALLER : undefined);
      }
      if (error instanceof DamagedImage) return problem(`"${image.path}" ${error.message}`, 'open it in an image editor and save it again as PNG or JPEG');
      throw error;
    }
  });
  return { images: loaded, problems };
}
