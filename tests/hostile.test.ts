/**
 * Hostile input to the loader (cases built by tests/hostile/inputs.ts): files reached through
 * symlinks out of the project, images that are damaged or decode to gigabytes, devices and FIFOs
 * where files should be, YAML nested 100,000 deep. Each runs the real command line on a project of
 * its own and must end with exit 1 and a message at the right place, quickly and in little memory.
 */
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { frameOnlyJpeg, gradientPng, png, rowBytes, tinyJpeg, zeroRows, type PngShape } from './hostile/inputs.js';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const scaffold = readFileSync(path.join(root, 'scaffold', 'content.yaml'), 'utf8');
const notoSans = path.join(root, 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

interface Run {
  readonly status: number | null;
  readonly stderr: string;
  readonly ms: number;
  /** Peak resident memory, MB, sampled from /proc while it ran. */
  readonly peakMb: number;
}

/**
 * `node dist/cli.js ARGS` in `cwd`. Killed after 20 s or above 1 GB (a hang or a runaway read must
 * fail the test, not the machine); its peak memory is read from /proc as it runs.
 */
function run(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { cwd });
    let stderr = '';
    let peakMb = 0;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const sample = setInterval(() => {
      try {
        const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peakMb = Math.max(peakMb, peakKb / 1024);
      } catch {
        return; // it has just exited
      }
      if (peakMb > 1024) child.kill('SIGKILL');
    }, 20);
    const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (status) => {
      clearInterval(sample);
      clearTimeout(timeout);
      resolve({ status, stderr, ms: performance.now() - start, peakMb });
    });
  });
}

/** A fresh project folder: the scaffold's content and the repository's templates, plus `extra` lines of content. */
function project(extra: readonly string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-hostile-'));
  cpSync(path.join(root, 'templates'), path.join(dir, 'templates'), { recursive: true });
  writeFileSync(path.join(dir, 'content.yaml'), [scaffold.trimEnd(), ...extra, ''].join('\n'));
  return dir;
}

/** Content lines naming images at `paths`; the first `path:` line is line `base + 3` of the file. */
const imageLines = (paths: readonly string[]): string[] => ['images:', ...paths.flatMap((file, i) => [`  - id: picture-${i}`, `    path: ${file}`, '    caption: 图片', '    alt: 图片'])];
const firstPathLine = scaffold.trimEnd().split('\n').length + 3;

/** A project whose content names one image, written by `place` (given the project folder). */
function imageProject(file: string, place: (dir: string) => void): string {
  const dir = project(imageLines([file]));
  mkdirSync(path.join(dir, 'assets'));
  place(dir);
  return dir;
}

/** A project whose theme names `fonts/NAME` as its sans regular face; `place` puts the file there (given the fonts folder). */
function fontProject(name: string, place: (fonts: string) => void): string {
  const dir = project();
  mkdirSync(path.join(dir, 'fonts'));
  place(path.join(dir, 'fonts'));
  const theme = path.join(dir, 'templates', 'theme.yaml');
  writeFileSync(theme, readFileSync(theme, 'utf8').replace(/regular: "@expo-google-fonts\/noto-sans-sc\/[^"]+"/, `regular: fonts/${name}`));
  return dir;
}
const atSansRegular = /templates\/theme\.yaml {2}fonts\.sans\.regular {2}/;

/** Somewhere outside every project. */
let outside: string;
const SHAPE_16BIT: PngShape = { width: 11_999, height: 11_999, depth: 16, colourType: 6 };
let gigapixelPng: Buffer;

beforeAll(async () => {
  outside = mkdtempSync(path.join(tmpdir(), 'jianbao-outside-'));
  writeFileSync(path.join(outside, 'secret.png'), gradientPng());
  cpSync(notoSans, path.join(outside, 'font.ttf'));
  writeFileSync(path.join(outside, 'deck.hbs'), readFileSync(path.join(root, 'templates', 'deck.hbs')));
  gigapixelPng = png(SHAPE_16BIT, await zeroRows(rowBytes(SHAPE_16BIT), SHAPE_16BIT.height));
}, 120_000);

/** Exit 1, the problem at `file:line`, and no stack trace. */
function expectLocated(result: Run, where: RegExp, message: string | RegExp): void {
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(where);
  if (typeof message === 'string') expect(result.stderr).toContain(message);
  else expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
}

const atPathLine = new RegExp(`content\\.yaml:${firstPathLine}:\\d+  images\\.0\\.path  `);

describe('files reached through symlinks', () => {
  it('refuses an image that is a symlink to a file outside the project', async () => {
    const dir = imageProject('assets/link.png', (d) => symlinkSync(path.join(outside, 'secret.png'), path.join(d, 'assets', 'link.png')));
    expectLocated(await run(['check', 'content.yaml'], dir), atPathLine, '"assets/link.png" leads outside the project folder');
  }, 30_000);

  it('refuses an image in a folder that is a symlink to a folder outside the project', async () => {
    const dir = imageProject('assets/ext/secret.png', (d) => symlinkSync(outside, path.join(d, 'assets', 'ext')));
    expectLocated(await run(['check', 'content.yaml'], dir), atPathLine, '"assets/ext/secret.png" leads outside the project folder');
  }, 30_000);

  it('refuses a theme font that is a symlink to a file outside the project', async () => {
    const dir = fontProject('linked.ttf', (fonts) => symlinkSync(path.join(outside, 'font.ttf'), path.join(fonts, 'linked.ttf')));
    expectLocated(await run(['check', 'content.yaml'], dir), atSansRegular, 'font "fonts/linked.ttf" leads outside');
  }, 30_000);

  it('refuses a template that is a symlink to a file outside the project', async () => {
    const dir = project();
    rmSync(path.join(dir, 'templates', 'deck.hbs'));
    symlinkSync(path.join(outside, 'deck.hbs'), path.join(dir, 'templates', 'deck.hbs'));
    expectLocated(await run(['check', 'content.yaml'], dir), /templates\/deck\.hbs {2}/, 'leads outside the project folder');
  }, 30_000);

  it('still reads fonts from the installed npm packages and symlinks that stay inside the project', async () => {
    const dir = fontProject('linked.ttf', (fonts) => {
      cpSync(notoSans, path.join(fonts, 'real.ttf'));
      symlinkSync(path.join(fonts, 'real.ttf'), path.join(fonts, 'linked.ttf'));
    });
    const result = await run(['check', 'content.yaml'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 30_000);
});

describe('damaged and oversized images', () => {
  const damaged = {
    'a truncated PNG': { file: 'assets/cut.png', data: () => gradientPng().subarray(0, 60), message: '"assets/cut.png" is a damaged PNG: the file is cut short' },
    'a PNG whose IDAT holds too few rows': {
      file: 'assets/short.png',
      // 29 rows' data for a 30-row image.
      data: () => png({ width: 40, height: 30, depth: 8, colourType: 2 }, deflateSync(Buffer.alloc(121 * 29))),
      message: '"assets/short.png" is a damaged PNG: its image data holds 3509 bytes; 40×30 pixels of 8-bit RGB need 3630',
    },
    'a JPEG with only its frame header': { file: 'assets/frame.jpg', data: frameOnlyJpeg, message: '"assets/frame.jpg" is a damaged JPEG: the file is cut short' },
  } as const;

  it.each(Object.keys(damaged) as (keyof typeof damaged)[])('refuses %s at its path line', async (name) => {
    const { file, data, message } = damaged[name];
    const dir = imageProject(file, (d) => writeFileSync(path.join(d, file), data()));
    expectLocated(await run(['build', 'content.yaml', '--out', 'out'], dir), atPathLine, message);
    expect(readdirSync(dir)).not.toContain('out');
  }, 30_000);

  it('refuses a 1 MB PNG of 11999 × 11999 16-bit RGBA pixels (1.1 GB decoded) before decoding it, in under 300 MB', async () => {
    expect(gigapixelPng.length).toBeLessThan(2 * 1024 * 1024);
    const dir = imageProject('assets/huge.png', (d) => writeFileSync(path.join(d, 'assets', 'huge.png'), gigapixelPng));
    const result = await run(['check', 'content.yaml'], dir);
    expectLocated(result, atPathLine, '"assets/huge.png" is 11999×11999 pixels of 16-bit RGBA, 1098 MB decoded; images may take at most 128 MB decoded');
    expect(result.peakMb).toBeLessThan(300);
  }, 30_000);

  it('builds correct images of every kind it checks: a 16-bit RGBA PNG made the same way, and a baseline JPEG', async () => {
    const shape: PngShape = { width: 4100, height: 12, depth: 16, colourType: 6 };
    const wide = png(shape, await zeroRows(rowBytes(shape), shape.height));
    const dir = project(imageLines(['assets/wide.png', 'assets/tiny.jpg']));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'wide.png'), wide);
    writeFileSync(path.join(dir, 'assets', 'tiny.jpg'), tinyJpeg());
    const result = await run(['build', 'content.yaml', '--out', 'out', '--quiet'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(path.join(dir, 'out', 'briefing.pptx')));
    const media = Object.keys(zip.files).filter((name) => name.startsWith('ppt/media/'));
    expect(media.filter((name) => name.endsWith('.png'))).toHaveLength(1);
    expect(media.filter((name) => /\.jpe?g$/.test(name))).toHaveLength(1);
  }, 60_000);
});

describe('files that never end, block, or nest without end', () => {
  it('refuses content.yaml linked to /dev/zero at once and in little memory', async () => {
    const dir = project();
    const baseline = await run(['check', 'missing.yaml'], dir);
    rmSync(path.join(dir, 'content.yaml'));
    symlinkSync('/dev/zero', path.join(dir, 'content.yaml'));
    const result = await run(['check', 'content.yaml'], dir);
    expectLocated(result, /content\.yaml {2}/, 'the file is not a regular file');
    // Starting node and the command takes seconds on a busy machine: compare with a missing file,
    // with room for the machine's noise (a second was exceeded under a load of 10); waiting on the
    // device would take far longer.
    expect(result.ms - baseline.ms).toBeLessThan(3000);
    expect(result.peakMb).toBeLessThan(200);
  }, 60_000);

  it('refuses a FIFO as content.yaml without waiting for a writer', async () => {
    const dir = project();
    rmSync(path.join(dir, 'content.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'content.yaml')]);
    expectLocated(await run(['check', 'content.yaml'], dir), /content\.yaml {2}/, 'the file is not a regular file');
  }, 30_000);

  it('refuses a FIFO as a theme font without waiting for a writer', async () => {
    const dir = fontProject('pipe.ttf', (fonts) => execFileSync('mkfifo', [path.join(fonts, 'pipe.ttf')]));
    expectLocated(await run(['check', 'content.yaml'], dir), atSansRegular, 'font "fonts/pipe.ttf" is not a regular file');
  }, 30_000);

  it('refuses /dev/zero as a theme font, in little memory', async () => {
    const dir = fontProject('zero.ttf', (fonts) => symlinkSync('/dev/zero', path.join(fonts, 'zero.ttf')));
    const result = await run(['check', 'content.yaml'], dir);
    expectLocated(result, atSansRegular, 'font "fonts/zero.ttf" leads outside');
    expect(result.peakMb).toBeLessThan(200);
  }, 30_000);

  it('refuses a sequence nested 100,000 deep on one line (- - - …) at the place it gets too deep', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'deep.yaml'), `document:\n  title: 标题\nlists:\n  - ${'- '.repeat(100_000)}x\n`);
    expectLocated(await run(['check', 'deep.yaml'], dir), /deep\.yaml:4:\d+  /, 'nested more than 32 levels deep');
  }, 30_000);
});
