/**
 * The embedded font programs pass the checks of a strict preflight (fontTools' checkChecksums=2,
 * ISO 32000-1 Table 127): read back from both editions with a table-directory reader of our own.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PdfFile, PdfName, type PdfDict } from '../../../src/render/pdf/inspect.js';
import { deflationsCounted, render, root } from './fixture.js';

/** Sum of the big-endian 32-bit words of `bytes`, zero-padded to a multiple of four. */
function checksum(bytes: Uint8Array): number {
  const padded = Buffer.alloc(Math.ceil(bytes.length / 4) * 4);
  padded.set(bytes);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) % 2 ** 32;
  return sum;
}

/** What a strict checker reports about an sfnt font program; empty when it is sound. */
function sfntProblems(program: Uint8Array): string[] {
  const font = Buffer.from(program);
  const problems: string[] = [];
  const count = font.readUInt16BE(4);
  const power = 2 ** Math.floor(Math.log2(count));
  if (font.readUInt16BE(6) !== power * 16 || font.readUInt16BE(8) !== Math.log2(power) || font.readUInt16BE(10) !== count * 16 - power * 16) {
    problems.push('searchRange, entrySelector or rangeShift wrong');
  }
  let previous = '';
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const tag = font.toString('latin1', record, record + 4);
    const [stored, offset, length] = [font.readUInt32BE(record + 4), font.readUInt32BE(record + 8), font.readUInt32BE(record + 12)];
    if (tag <= previous) problems.push(`${tag} out of order`);
    previous = tag;
    if (offset % 4 !== 0) problems.push(`${tag} at offset ${offset}, not 4-byte aligned`);
    if (offset + length > font.length) problems.push(`${tag} runs past the end`);
    const table = Buffer.from(font.subarray(offset, offset + length));
    if (tag === 'head') table.writeUInt32BE(0, 8); // its checksum is taken with checkSumAdjustment zeroed
    if (checksum(table) !== stored) problems.push(`${tag} checksum ${stored.toString(16)}, computed ${checksum(table).toString(16)}`);
  }
  if (checksum(font) !== 0xb1b0afba) problems.push(`font checksum ${checksum(font).toString(16)}: head.checkSumAdjustment wrong`);
  return problems;
}

interface FontProgram {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly length1: unknown;
}

function fontPrograms(bytes: Buffer): FontProgram[] {
  const pdf = new PdfFile(bytes);
  const programs: FontProgram[] = [];
  for (const { value } of pdf.objects.values()) {
    if (!(value instanceof Map) || !(value.get('Type') instanceof PdfName) || (value.get('Type') as PdfName).name !== 'FontDescriptor') continue;
    const stream = pdf.object(value.get('FontFile2'));
    if (!stream) continue;
    const name = (value.get('FontName') as PdfName).name;
    programs.push({ name, bytes: pdf.decode(stream), length1: pdf.resolve((stream.value as PdfDict).get('Length1')) });
  }
  return programs;
}

describe('embedded font programs', () => {
  it.each([
    ['standard', false],
    ['print', true],
  ])('%s edition: every FontFile2 has /Length1, aligned tables and right checksums', async (_edition, print) => {
    const programs = fontPrograms(await render({ print }));
    expect(programs.map((p) => p.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['NotoSansSC-Bold', 'NotoSansSC-Regular', 'NotoSerifSC-Regular']);
    for (const program of programs) {
      expect(program.length1, program.name).toBe(program.bytes.length);
      expect(sfntProblems(program.bytes), program.name).toEqual([]);
    }
  }, 60_000);
});

describe('the fonts\' maps kept on disk', () => {
  it('are not made or deflated again by the next process, after an edit, but for the face with new glyphs; the file is the one a build without cache writes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-font-maps-'));
    const contentFile = path.join(dir, 'content.yaml');
    copyFileSync(path.join(root, 'content.yaml'), contentFile);
    // A build in a process of its own counting the ToUnicode CMaps zlib deflated.
    const build = (out: string, extra: NodeJS.ProcessEnv = {}): number => deflationsCounted(dir, out, '/CIDInit', extra);
    // Each face the report draws in has its map made once.
    expect(build('before')).toBe(3);
    writeFileSync(contentFile, readFileSync(contentFile, 'utf8').replace('作为代表参与了', '作为代表鑫龘参与了'));
    // The two new characters are in the body's face only.
    expect(build('after')).toBe(1);
    expect(build('fresh', { JIANBAO_NO_CACHE: '1' })).toBe(3);
    expect(readFileSync(path.join(dir, 'after', 'briefing.pdf')).equals(readFileSync(path.join(dir, 'fresh', 'briefing.pdf')))).toBe(true);
    // Once more, the same edit: nothing new.
    expect(build('again')).toBe(0);
    expect(readFileSync(path.join(dir, 'again', 'briefing.pdf')).equals(readFileSync(path.join(dir, 'fresh', 'briefing.pdf')))).toBe(true);
  }, 120_000);
});
