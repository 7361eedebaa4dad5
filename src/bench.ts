/**
 * `npm run bench`: how fast and how big the build is, measured, not asserted (issue 12's targets).
 *   anchor  a cold `jianbao build` after a one-line edit (bin/jianbao: a fresh process, from the
 *           start-up snapshot, all outputs, fonts embedded; with the cache on disk the build before
 *           the edit filled, without a cache, and without the snapshot) alternating with Typst
 *           setting the same article as a report alone (fresh process too); medians and their ratio
 *           and, to show where a cold build's time goes, `jianbao --version` (Node and the snapshot
 *           starting) and a cold build of content unchanged since the build before (every output kept whole)
 *   warm    rebuilds after one-line edits in a `jianbao watch` process, as it reports them: of the
 *           report's text, and of the first project's name, which both documents show
 *   scaling cold builds after a one-line edit of the content with its running text ×1, ×4 and ×20: time and peak memory
 *   engine  breaking the article's paragraphs in a fresh process: our engine against pdfkit's own wrapping
 *   breakers the article's text 1×, 4×, 20× justified (total-fit) against ragged (greedy), in this process
 * The machine's load average is printed first: on a shared machine every figure moves with it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { followCacheSetting } from './cache/memo.js';
import { compiledState, staleMessage } from './cli/compiled.js';
import { loadProject } from './load/project.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** Runs per median: 5, or `npm run bench -- --runs N` for a quicker look. */
const runsArgument = process.argv.indexOf('--runs');
const RUNS = runsArgument > 0 ? Math.max(1, Number(process.argv[runsArgument + 1]) || 5) : 5;
const article = path.join(root, 'tests', 'fixtures', 'article.txt');
const require = createRequire(path.join(root, 'package.json'));

interface Run {
  readonly ms: number;
  readonly peakMb: number;
}

/**
 * One fresh process running `command args`, timed from outside (start-up and module loading
 * included). Its peak resident memory is read from /proc as it runs (VmHWM only grows): a process
 * started from a snapshot runs no --import hook that could report it.
 */
function runProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const start = performance.now();
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let peakKb = Number.NaN;
  const readPeak = (): void => {
    const status = readFileSync(`/proc/${child.pid}/status`, { encoding: 'utf8', flag: 'r' });
    peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? peakKb);
  };
  const poll = setInterval(() => {
    try {
      readPeak();
    } catch {
      // gone, or no /proc: the last reading stands
    }
  }, 5);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const ms = performance.now() - start;
      clearInterval(poll);
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} failed:\n${stderr}`));
      else resolve({ ms, peakMb: peakKb / 1024 });
    });
  });
}

/**
 * A fresh `jianbao build` process, as `npm run build` runs it (bin/jianbao: from the start-up
 * snapshot), with the cache on disk that earlier builds filled (src/cache/disk.ts); or with no cache
 * at all (JIANBAO_NO_CACHE); or from dist/cli.js, without the snapshot.
 */
function coldBuild(contentFile: string, how?: 'no cache' | 'no snapshot'): Promise<Run> {
  const args = ['build', contentFile, '--out', mkdtempSync(path.join(tmpdir(), 'jianbao-bench-')), '--quiet'];
  if (how === 'no snapshot') return runProcess(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args]);
  return runProcess(path.join(root, 'bin', 'jianbao'), args, how === 'no cache' ? { JIANBAO_NO_CACHE: '1' } : {});
}

/** The article's paragraphs, each joined from its narrow source lines. */
const paragraphsOf = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((l) => l.trim()).join(''))
    .filter(Boolean);
/** The same, as source for the measured child processes (they have `fs`). */
const PARAGRAPHS = `(${paragraphsOf.toString()})(fs.readFileSync(${JSON.stringify(article)}, 'utf8'))`;
/** The report's serif face, which the breakers are measured with. */
const SERIF = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');

/**
 * Typst (the npm compiler, a devDependency for this bench only) setting the article as an A4 report
 * in the theme's faces: Noto Serif SC body, justified with a 2 em indent, a Noto Sans SC heading.
 */
function typstScript(): string | undefined {
  const font = (spec: string): string => require.resolve(spec);
  try {
    require.resolve('@myriaddreamin/typst-ts-node-compiler');
  } catch {
    return undefined;
  }
  const fonts = [font('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'), font('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')];
  return `import fs from 'node:fs';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
const escape = (text) => text.replace(/[\\\\#$*_\`<>@\\[\\]=+\\/~"'-]/g, (c) => '\\\\' + c);
const body = ${PARAGRAPHS}.map(escape).join('\\n\\n');
const main = '#set page(paper: "a4", margin: 25mm)\\n#set text(font: "Noto Serif SC", size: 10.5pt, lang: "zh", region: "cn")\\n#set par(justify: true, first-line-indent: 2em)\\n#show heading: set text(font: "Noto Sans SC")\\n= 报告\\n' + body;
const compiler = NodeCompiler.create({ workspace: ${JSON.stringify(root)}, fontArgs: [{ fontPaths: ${JSON.stringify(fonts)} }] });
fs.writeFileSync(${JSON.stringify(path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-typst-')), 'report.pdf'))}, compiler.pdf({ mainFileContent: main }));`;
}

/**
 * jianbao (from its snapshot with the disk cache filled, without a cache, without the snapshot),
 * each build after a one-line edit of the content, and Typst, alternating, so that a change in the
 * machine's load falls on all. The edit is to the report's first paragraph, which the deck does not
 * show; a second series edits the event's message, which the deck shows and the report does not;
 * a third edits the first project's name, which both show (three slides and the report's pages
 * that name it), so that no figure rests on one document being reused whole.
 */
async function anchor(contentFile: string): Promise<void> {
  const script = typstScript();
  const report = editable(contentFile, 'paragraph');
  const deck = editable(contentFile, 'message');
  const both = editable(contentFile, 'project name');
  const unchanged = editable(contentFile);
  await coldBuild(report.file); // fills the cache on disk, as the build before the edit did
  await coldBuild(deck.file);
  await coldBuild(both.file);
  await coldBuild(unchanged.file);
  let edits = 0;
  const afterAnEdit = (of: Editable, how?: 'no cache' | 'no snapshot'): Promise<Run> => {
    of.edit(++edits);
    return coldBuild(of.file, how);
  };
  const runs = {
    cache: [] as Run[],
    deck: [] as Run[],
    both: [] as Run[],
    unchanged: [] as Run[],
    'start-up': [] as Run[],
    'no cache': [] as Run[],
    'no snapshot': [] as Run[],
    typst: [] as Run[],
    'typst without certificates': [] as Run[],
  };
  // bin/jianbao drops NODE_EXTRA_CA_CERTS, which every Node process otherwise parses as it starts:
  // where it is set, Typst (a Node process too) is measured both as it runs here and without it.
  const certificates = process.env.NODE_EXTRA_CA_CERTS;
  const typst = script === undefined ? undefined : (env: NodeJS.ProcessEnv = {}): Promise<Run> => runProcess(process.execPath, ['--input-type=module', '-e', script], env);
  for (let i = 0; i < RUNS; i++) {
    runs.cache.push(await afterAnEdit(report));
    if (typst) runs.typst.push(await typst());
    if (typst && certificates) runs['typst without certificates'].push(await typst({ NODE_EXTRA_CA_CERTS: undefined }));
    runs.deck.push(await afterAnEdit(deck));
    runs.both.push(await afterAnEdit(both));
    runs.unchanged.push(await coldBuild(unchanged.file));
    runs['start-up'].push(await runProcess(path.join(root, 'bin', 'jianbao'), ['--version']));
    runs['no cache'].push(await afterAnEdit(report, 'no cache'));
    runs['no snapshot'].push(await afterAnEdit(report, 'no snapshot'));
  }
  const peak = (of: readonly Run[]): number => Math.round(Math.max(...of.map((r) => r.peakMb)));
  const ms = (of: readonly Run[]): number => median(of.map((r) => r.ms));
  console.log(`cold build after a one-line edit of the report's text (bin/jianbao: fresh process from the start-up snapshot, all outputs, fonts embedded, cache on disk): median ${Math.round(ms(runs.cache))} ms of ${RUNS}, peak ${peak(runs.cache)} MB`);
  console.log(`cold build after a one-line edit the deck shows and the report does not (the event's message): median ${Math.round(ms(runs.deck))} ms of ${RUNS}, peak ${peak(runs.deck)} MB`);
  console.log(`cold build after a one-line edit both show (the first project's name): median ${Math.round(ms(runs.both))} ms of ${RUNS}, peak ${peak(runs.both)} MB`);
  console.log(`of which start-up: \`jianbao --version\` (Node, the snapshot loaded) median ${Math.round(ms(runs['start-up']))} ms; a cold build of content unchanged since the build before, median ${Math.round(ms(runs.unchanged))} ms`);
  console.log(`cold build without a cache (JIANBAO_NO_CACHE=1): median ${Math.round(ms(runs['no cache']))} ms of ${RUNS}, peak ${peak(runs['no cache'])} MB`);
  console.log(`cold build without the snapshot (node dist/cli.js): median ${Math.round(ms(runs['no snapshot']))} ms of ${RUNS}, peak ${peak(runs['no snapshot'])} MB`);
  if (typst === undefined) {
    console.log('Typst anchor: skipped (install the devDependencies: @myriaddreamin/typst-ts-node-compiler)');
    return;
  }
  console.log(`Typst, the article as a report alone (fresh process): median ${Math.round(ms(runs.typst))} ms of ${RUNS}`);
  const ratio = (of: readonly Run[], typstMs: number): string => `${(ms(of) / typstMs).toFixed(1)}×`;
  const ratios = (typstMs: number): string =>
    `${ratio(runs.cache, typstMs)} after the report edit, ${ratio(runs.deck, typstMs)} after the deck edit, ${ratio(runs.both, typstMs)} after the edit both show`;
  console.log(`ratio jianbao (snapshot, cache on disk) / Typst: ${ratios(ms(runs.typst))} (target ≤ 2×)`);
  if (!certificates) return;
  const bare = ms(runs['typst without certificates']);
  console.log(`Typst without NODE_EXTRA_CA_CERTS (${certificates}), which bin/jianbao drops: median ${Math.round(bare)} ms of ${RUNS}; ratio ${ratios(bare)}`);
}

interface Editable {
  readonly file: string;
  /** Writes the n-th edit. */
  edit(n: number): void;
}

/**
 * The draft numbers of this run's edits start here, from the clock: an edit a bench run before made
 * would find its pages, lines and shapes kept on disk, and a build after it would be faster than
 * one after a new edit.
 */
const FIRST_DRAFT = (Date.now() % 1_000_000) * 100;

/** The one-line edits staff make: the report's first paragraph (the report shows it), the event's message (the deck), a project's name (both). */
const EDITED_LINES = {
  paragraph: /^(\s*paragraphs:\n\s*- )(.*)$/m,
  message: /^(\s*message: )(.*)$/m,
  'project name': /^(projects:\n\s*- id: .*\n\s*name: )(.*)$/m,
} as const;

/**
 * A copy of `contentFile` in a folder of its own, and `edit(n)`, which writes the n-th one-line edit
 * of it (the line's text with a draft number), as staff edit before they rebuild.
 */
function editable(contentFile: string, line: keyof typeof EDITED_LINES = 'paragraph'): Editable {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-bench-')), 'content.yaml');
  const original = readFileSync(contentFile, 'utf8');
  const pattern = EDITED_LINES[line];
  if (!pattern.test(original)) throw new Error(`${contentFile} has no ${line} to edit`);
  writeFileSync(file, original);
  // The draft number goes before a sentence's full stop, after a name.
  const edit = (n: number): void =>
    writeFileSync(file, original.replace(pattern, (_, head: string, text: string) => `${head}${text.replace(/(。?)$/, `（第${FIRST_DRAFT + n}稿）$1`)}`));
  return { file, edit };
}

/**
 * Rebuilds after one-line edits of `line` in a `jianbao watch` process (bin/jianbao, as staff run it), each
 * edit written once the build before it is done: the milliseconds watch reports for each rebuild.
 */
function watchRebuilds(contentFile: string, line: keyof typeof EDITED_LINES): Promise<number[]> {
  const { file, edit } = editable(contentFile, line);
  const child = spawn(path.join(root, 'bin', 'jianbao'), ['watch', file, '--out', path.join(path.dirname(file), 'out')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const times: number[] = [];
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      for (let end = output.indexOf('\n'); end >= 0; end = output.indexOf('\n')) {
        const line = output.slice(0, end);
        output = output.slice(end + 1);
        const built = /^built .* in (\d+) ms \((.*)\)$/.exec(line);
        if (!built) continue;
        if (built[2] !== 'start') times.push(Number(built[1]));
        if (times.length === RUNS) {
          child.kill();
          resolve(times);
        } else {
          edit(times.length + 1);
        }
      }
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => {
      if (times.length < RUNS) reject(new Error(`jianbao watch stopped (${code}) after ${times.length} rebuilds: ${stderr}`));
    });
  });
}

/** content.yaml with every paragraph and quote repeated `factor` times, in a folder of its own; and its length. */
function scaledContent(contentFile: string, factor: number): { file: string; characters: number } {
  const { content } = loadProject({ contentFile });
  const repeat = <T>(items: readonly T[]): T[] => Array.from({ length: factor }, () => items).flat();
  const sections = (content.sections ?? []).map((s) => ({ ...s, paragraphs: repeat(s.paragraphs) }));
  const quotes = (content.quotes ?? []).map((q) => ({ ...q, text: repeat(q.text) }));
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-scale-')), 'content.yaml');
  writeFileSync(file, stringify({ ...content, sections, quotes }));
  return { file, characters: [...sections.flatMap((s) => s.paragraphs), ...quotes.flatMap((q) => q.text)].join('').length };
}

/** Cold milliseconds to break (and for pdfkit, also draw) every paragraph of the article at 10.5 pt on 453 pt. */
function engineAgainstPdfkit(): { engine: number; pdfkit: number } {
  const prelude = `import fs from 'node:fs'; import * as fontkit from 'fontkit';
const paragraphs = ${PARAGRAPHS};
const font = fontkit.openSync(${JSON.stringify(SERIF)});`;
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
async function breakers(factor: number, font: import('fontkit').Font): Promise<{ totalFit: number; greedy: number }> {
  const { breakParagraph } = await import('./layout/text/index.js');
  const style = { face: { key: 'serif', font }, size: 10.5 };
  const articleOnce = paragraphsOf(readFileSync(article, 'utf8'));
  const paragraphs = Array.from({ length: factor }, () => articleOnce).flat();
  const once = (align: 'justify' | 'start'): number => {
    const start = performance.now();
    for (const text of paragraphs) breakParagraph([{ text, style }], { width: 453, align, firstLineIndent: 21, cjkLatinGap: true });
    return performance.now() - start;
  };
  // The breakers themselves, every time: rebuilds' memos (cache/memo.ts) would answer the repeated paragraphs.
  process.env.JIANBAO_NO_CACHE = '1';
  followCacheSetting();
  try {
    once('justify'); // fontkit's own glyph caches, warm for both
    once('start');
    // Alternating, so that garbage one breaker leaves is not always collected in the other's time.
    const totalFit: number[] = [];
    const greedy: number[] = [];
    for (let run = 0; run < Math.max(RUNS, 7); run++) {
      greedy.push(once('start'));
      totalFit.push(once('justify'));
    }
    return { totalFit: Math.round(median(totalFit)), greedy: Math.round(median(greedy)) };
  } finally {
    delete process.env.JIANBAO_NO_CACHE;
    followCacheSetting();
  }
}

const { staleSource } = compiledState(root);
if (staleSource !== undefined) {
  console.error(staleMessage(staleSource));
  process.exit(1);
}
const contentFile = path.join(root, 'content.yaml');
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(', ');
console.log(`load average at start: ${load()} (${process.execPath} ${process.version})`);
await anchor(contentFile);
const rebuilds = await watchRebuilds(contentFile, 'paragraph');
console.log(`warm rebuild after a one-line edit (jianbao watch): median ${median(rebuilds)} ms of ${RUNS} (${rebuilds.join(', ')}; target < 100 ms)`);
const bothRebuilt = await watchRebuilds(contentFile, 'project name');
console.log(`warm rebuild after an edit both show (the first project's name): median ${median(bothRebuilt)} ms of ${RUNS} (${bothRebuilt.join(', ')})`);
const scaling: Array<{ factor: number; ms: number }> = [];
for (const factor of [1, 4, 20]) {
  const { file, characters } = scaledContent(contentFile, factor);
  // Each build after an edit of the first paragraph, as staff rebuild: a build of unchanged content writes the outputs kept whole.
  const scaled = editable(file);
  await coldBuild(scaled.file);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    scaled.edit(i + 1);
    runs.push(await coldBuild(scaled.file));
  }
  const ms = median(runs.map((r) => r.ms));
  scaling.push({ factor, ms });
  console.log(`content ×${factor}: ${characters} characters of running text, cold build after a one-line edit median ${Math.round(ms)} ms of ${RUNS}, peak ${Math.round(Math.max(...runs.map((r) => r.peakMb)))} MB`);
}
const [once, most] = [scaling[0]!, scaling[scaling.length - 1]!];
console.log(`×${most.factor} takes ${(most.ms / once.ms).toFixed(1)}× the ×${once.factor} time (target ≤ 3×, under 300 MB)`);
const wrap = engineAgainstPdfkit();
console.log(`article, cold: jianbao's engine breaks it in ${wrap.engine} ms; pdfkit's own justify wrapping (and drawing) takes ${wrap.pdfkit} ms`);
const serif = (await import('fontkit')).openSync(SERIF) as import('fontkit').Font;
for (const factor of [1, 4, 20]) {
  const { totalFit, greedy } = await breakers(factor, serif);
  console.log(`article ×${factor}, warm: total-fit (justified) ${totalFit} ms, greedy (ragged) ${greedy} ms, ratio ${(totalFit / Math.max(1, greedy)).toFixed(2)}`);
}
console.log(`load average at end: ${load()}`);
