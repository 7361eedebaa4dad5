/** The repository's report, laid out once and rendered as each test file needs it. */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { composeReport } from '../../../src/compose/compose.js';
import { layoutReport } from '../../../src/layout/report/report.js';
import { reportStyles } from '../../../src/layout/report/style.js';
import { loadProject, type Project } from '../../../src/load/project.js';
import type { FontFace } from '../../../src/layout/text/index.js';
import type { DocumentMeta } from '../../../src/model/document.js';
import type { LaidOutReport } from '../../../src/model/pages.js';
import { openPdf } from '../../../src/render/pdf/document.js';
import { printSetup } from '../../../src/render/pdf/print.js';
import { renderPdf } from '../../../src/render/pdf/render.js';

export const root = path.resolve(import.meta.dirname, '../../..');

export interface Fixture {
  readonly project: Project;
  readonly report: LaidOutReport;
  readonly meta: DocumentMeta;
}

let fixture: Fixture | undefined;

export function laidOut(): Fixture {
  if (!fixture) {
    const project = loadProject({ contentFile: path.join(root, 'content.yaml') });
    const composed = composeReport(project.content, project.templates.report);
    fixture = { project, report: layoutReport(composed, reportStyles(project.theme, project.fonts), project.theme.report.margins), meta: composed.meta };
  }
  return fixture;
}

export interface RenderChoice {
  readonly print?: boolean;
  readonly compress?: boolean;
  readonly meta?: Partial<DocumentMeta>;
}

export async function render(choice: RenderChoice = {}): Promise<Buffer> {
  const { project, report, meta } = laidOut();
  return renderPdf(report, project.fonts, {
    meta: { ...meta, ...choice.meta },
    identity: 'test',
    compress: choice.compress ?? true,
    ...(choice.print ? { print: printSetup(project.theme) } : {}),
  });
}

/** Whether a command-line checker is installed (tests that need it are skipped otherwise). */
export function has(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function run(tool: string, args: readonly string[], input?: Buffer, encoding: BufferEncoding = 'utf8'): string {
  return execFileSync(tool, args, { encoding, maxBuffer: 64 * 1024 * 1024, ...(input ? { input } : {}) });
}

let scratch: string | undefined;
let counter = 0;

/** Writes bytes to a temporary file for the checkers that read files only (qpdf, poppler). */
export function tempFile(bytes: Uint8Array, name = 'out.pdf'): string {
  scratch ??= mkdtempSync(path.join(tmpdir(), 'jianbao-pdf-'));
  const file = path.join(scratch, `${++counter}-${name}`);
  writeFileSync(file, bytes);
  return file;
}

/** What a print shop checks first, where qpdf and poppler are installed: no structural errors, every font an embedded subset with a Unicode map. */
export function expectCleanAndEmbedded(bytes: Uint8Array): void {
  if (!has('qpdf') || !has('pdffonts')) return;
  const file = tempFile(bytes);
  expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
  const fonts = run('pdffonts', [file]).trim().split('\n').slice(2);
  expect(fonts.length).toBe(3);
  for (const line of fonts) expect(line.split(/\s+/).slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
}

/** An A4 document opened as every jianbao PDF is, dated, its streams left uncompressed to read. */
export function openTestPdf(identity: string, faces: readonly FontFace[] = []): ReturnType<typeof openPdf> {
  return openPdf({
    meta: { title: identity, author: 'jianbao', subject: '', keywords: [], lang: 'zh-CN', date: new Date(Date.UTC(2020, 8, 15)) },
    identity,
    edition: 'test',
    size: [595, 842],
    pdfVersion: '1.7',
    compress: false,
    faces,
  });
}

/** A copy of the repository's content.yaml in a folder of its own (named from `prefix`), where builds write their outputs and cache. */
export function contentCopy(prefix: string): { dir: string; contentFile: string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const contentFile = path.join(dir, 'content.yaml');
  copyFileSync(path.join(root, 'content.yaml'), contentFile);
  return { dir, contentFile };
}

/**
 * Builds the report (or the `only` output named) of `dir`/content.yaml into `dir`/`out` in a
 * process of its own, as `jianbao build` runs, with the cache in `dir`/cache: `instrument` (module
 * code run first) counts into a `counted` it declares, which is returned.
 */
export function countedInOwnProcess<T>(dir: string, out: string, instrument: string, env: NodeJS.ProcessEnv, only: 'report' | 'slides' = 'report'): T {
  const script = `${instrument}
    const { build } = await import(${JSON.stringify(path.join(root, 'dist', 'build.js'))});
    await build({ contentFile: ${JSON.stringify(path.join(dir, 'content.yaml'))}, outDir: ${JSON.stringify(path.join(dir, out))}, only: ${JSON.stringify(only)} });
    console.log(JSON.stringify(counted));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, JIANBAO_CACHE_DIR: path.join(dir, 'cache'), ...env },
  });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout.trim()) as T;
}

/**
 * countedInOwnProcess for the streams zlib deflates: how many of those a report build in a process
 * of its own deflated whose data begins with `head` (latin1).
 */
export function deflationsCounted(dir: string, out: string, head: string, env: NodeJS.ProcessEnv = {}): number {
  return countedInOwnProcess<number>(
    dir,
    out,
    `const zlib = (await import('node:module')).createRequire(import.meta.url)('node:zlib');
    const { syncBuiltinESMExports } = await import('node:module');
    const head = ${JSON.stringify(head)};
    let counted = 0;
    const deflateSync = zlib.deflateSync;
    zlib.deflateSync = (data, ...rest) => { if (Buffer.from(data.subarray(0, head.length)).toString('latin1') === head) counted++; return deflateSync(data, ...rest); };
    syncBuiltinESMExports();`,
    env,
  );
}
