/**
 * `npm run bench`: how fast and how big the build is, measured, not asserted.
 *   cold    a fresh process building both files from content.yaml (what `npm run build` costs)
 *   warm    a rebuild in a process that has built before (what `jianbao watch` costs per edit)
 *   scaling layout time as the text grows (every paragraph and quote repeated 1×, 4×, 20×)
 *   engine  breaking the article's paragraphs in a fresh process: our engine against pdfkit's own wrapping
 *   breakers the article's text 1×, 4×, 20× justified (total-fit) against ragged (greedy), in this process
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { build, prepare } from './build.js';
import { loadProject } from './load/project.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const RUNS = 5;

function cold(contentFile: string): { wallMs: number; maxRssMb: number } {
  const out = mkdtempSync(path.join(tmpdir(), 'jianbao-bench-'));
  const script = `const { build } = await import(${JSON.stringify(path.join(root, 'dist', 'build.js'))});
await build({ contentFile: ${JSON.stringify(contentFile)}, outDir: ${JSON.stringify(out)} });
console.log(process.resourceUsage().maxRSS);`;
  const walls: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    walls.push(performance.now() - start);
    if (result.status !== 0) throw new Error(result.stderr);
    rss.push(Number(result.stdout.trim()) / 1024);
  }
  return { wallMs: Math.round(median(walls)), maxRssMb: Math.round(Math.max(...rss)) };
}

async function warm(contentFile: string): Promise<number> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-bench-'));
  await build({ contentFile, outDir });
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await build({ contentFile, outDir });
    times.push(performance.now() - start);
  }
  return Math.round(median(times));
}

/** Layout time of the content with every paragraph and quote repeated `factor` times. */
async function layoutAt(factor: number): Promise<{ characters: number; layoutMs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-scale-'));
  cpSync(path.join(root, 'templates'), path.join(dir, 'templates'), { recursive: true });
  const { content } = loadProject({ contentFile: path.join(root, 'content.yaml') });
  const repeat = <T>(items: readonly T[]): T[] => Array.from({ length: factor }, () => items).flat();
  const scaled = {
    ...content,
    sections: content.sections.map((s) => ({ ...s, paragraphs: repeat(s.paragraphs) })),
    quotes: content.quotes.map((q) => ({ ...q, text: repeat(q.text) })),
  };
  const file = path.join(dir, 'content.yaml');
  writeFileSync(file, stringify(scaled));
  await prepare({ contentFile: file }); // warm the fonts' caches, as a second build would
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const timings: Record<string, number> = {};
    await prepare({ contentFile: file }, async (stage, run) => {
      const start = performance.now();
      const result = await run();
      timings[stage] = performance.now() - start;
      return result;
    });
    times.push(timings.layout ?? 0);
  }
  const characters = [...scaled.sections.flatMap((s) => s.paragraphs), ...scaled.quotes.flatMap((q) => q.text)].join('').length;
  return { characters, layoutMs: Math.round(median(times)) };
}

/** Cold milliseconds to break (and for pdfkit, also draw) every paragraph of the article at 10.5 pt on 453 pt. */
function engineAgainstPdfkit(): { engine: number; pdfkit: number } {
  const prelude = `import fs from 'node:fs'; import * as fontkit from 'fontkit';
const paragraphs = fs.readFileSync(${JSON.stringify(path.join(root, 'tests', 'fixtures', 'article.txt'))}, 'utf8').split(/\\n\\s*\\n/).map((p) => p.split('\\n').map((s) => s.trim()).join('')).filter(Boolean);
const font = fontkit.openSync(${JSON.stringify(path.join(root, 'node_modules', '@expo-google-fonts', 'noto-serif-sc', '400Regular', 'NotoSerifSC_400Regular.ttf'))});`;
  const scripts = {
    engine: `${prelude}
const { breakParagraph } = await import(${JSON.stringify(path.join(root, 'dist', 'layout', 'text', 'index.js'))});
const start = performance.now();
for (const text of paragraphs) breakParagraph([{ text, style: { face: { key: 'serif', font }, size: 10.5 } }], { width: 453, align: 'justify', firstLineIndent: 21 });
console.log(performance.now() - start);`,
    pdfkit: `${prelude}
const { default: PDFDocument } = await import('pdfkit');
const doc = new PDFDocument({ size: 'A4' });
doc.registerFont('serif', font).font('serif').fontSize(10.5);
const start = performance.now();
for (const text of paragraphs) doc.text(text, 71, 71, { width: 453, align: 'justify', indent: 21 });
console.log(performance.now() - start);`,
  };
  const time = (script: string): number =>
    median(Array.from({ length: RUNS }, () => Number(spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }).stdout.trim())));
  return { engine: Math.round(time(scripts.engine)), pdfkit: Math.round(time(scripts.pdfkit)) };
}

/** Median milliseconds to break the article's paragraphs, repeated `factor` times, justified (total-fit) and ragged (greedy). */
async function breakers(factor: number): Promise<{ totalFit: number; greedy: number }> {
  const { breakParagraph } = await import('./layout/text/index.js');
  const fontkit = await import('fontkit');
  const font = fontkit.openSync(path.join(root, 'node_modules', '@expo-google-fonts', 'noto-serif-sc', '400Regular', 'NotoSerifSC_400Regular.ttf')) as import('fontkit').Font;
  const style = { face: { key: 'serif', font }, size: 10.5 };
  const article = readFileSync(path.join(root, 'tests', 'fixtures', 'article.txt'), 'utf8');
  const paragraphs = Array.from({ length: factor }, () => article.split(/\n\s*\n/).map((p) => p.split('\n').map((l) => l.trim()).join(''))).flat().filter(Boolean);
  const time = (align: 'justify' | 'start'): number => {
    const runs = Array.from({ length: RUNS }, () => {
      const start = performance.now();
      for (const text of paragraphs) breakParagraph([{ text, style }], { width: 453, align, firstLineIndent: 21, cjkLatinGap: true });
      return performance.now() - start;
    });
    return Math.round(median(runs));
  };
  time('justify'); // the font's measurement caches, warm for both
  return { totalFit: time('justify'), greedy: time('start') };
}

const contentFile = path.join(root, 'content.yaml');
const coldRun = cold(contentFile);
console.log(`cold build (fresh process, both files): median ${coldRun.wallMs} ms of ${RUNS}, peak RSS ${coldRun.maxRssMb} MB`);
console.log(`warm rebuild (as in watch): median ${await warm(contentFile)} ms of ${RUNS}`);
const wrap = engineAgainstPdfkit();
console.log(`article, cold: jianbao's engine breaks it in ${wrap.engine} ms; pdfkit's own justify wrapping (and drawing) takes ${wrap.pdfkit} ms`);
for (const factor of [1, 4, 20]) {
  const { characters, layoutMs } = await layoutAt(factor);
  console.log(`layout ×${factor}: ${characters} characters of running text, median ${layoutMs} ms`);
}
for (const factor of [1, 4, 20]) {
  const { totalFit, greedy } = await breakers(factor);
  console.log(`article ×${factor}, warm: total-fit (justified) ${totalFit} ms, greedy (ragged) ${greedy} ms, ratio ${(totalFit / Math.max(1, greedy)).toFixed(2)}`);
}
