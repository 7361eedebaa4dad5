#!/usr/bin/env node
/**
 * `node scripts/preview-latency.mjs [content.yaml] [--runs N]`: how long `jianbao preview` takes
 * from a save of content.yaml to the page showing it, measured in a real browser (Debian's
 * chromium driven by playwright-core), not asserted. The page marks (User Timing) when each build
 * arrived and when it was applied; the save's time is taken just before the file is written.
 * Prints per save: save → slides received and shown, save → report pages shown too; then medians.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsArgument = process.argv.indexOf('--runs');
const RUNS = runsArgument > 0 ? Math.max(1, Number(process.argv[runsArgument + 1]) || 9) : 9;
const source = process.argv.slice(2).find((argument, index, all) => !argument.startsWith('--') && all[index - 1] !== '--runs') ?? path.join(root, 'content.yaml');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const project = mkdtempSync(path.join(tmpdir(), 'jianbao-latency-'));
cpSync(path.join(path.dirname(source), 'templates'), path.join(project, 'templates'), { recursive: true });
const contentFile = path.join(project, 'content.yaml');
const original = readFileSync(source, 'utf8');
writeFileSync(contentFile, original);

const preview = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'preview'], { cwd: project, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let printed = '';
  preview.stdout.on('data', (chunk) => {
    printed += chunk;
    const found = /preview at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(printed);
    if (found) resolve(found[1]);
    if (process.env.SHOW_LOG) process.stdout.write(String(chunk));
  });
  preview.once('exit', (code) => reject(new Error(`preview exited with ${code}`)));
});

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('jianbao-applied').length > 0, undefined, { timeout: 60_000 });
  console.log(`load average ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);

  // A line the deck shows on its cover: the document's title, edited to a new text each save.
  const title = /^ {2}title: (.+)$/m.exec(original)?.[1];
  if (!title) throw new Error('no document title in the content');
  const received = [];
  const slides = [];
  const all = [];
  for (let run = 0; run < RUNS; run++) {
    const applied = await page.evaluate(() => performance.getEntriesByName('jianbao-applied').length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const saved = Date.now();
    writeFileSync(contentFile, original.replace(`  title: ${title}`, `  title: ${title}${run % 3 === 2 ? '（修订）' : run}`));
    // Each save is shown twice: its slides as soon as the deck is laid out, then the report's pages too.
    const marks = await page.waitForFunction((count) => {
      const done = performance.getEntriesByName('jianbao-applied');
      if (done.length < count + 2) return undefined;
      const at = (mark) => performance.timeOrigin + mark.startTime;
      return { received: at(performance.getEntriesByName('jianbao-received')[count]), slides: at(done[count]), all: at(done[count + 1]) };
    }, applied, { timeout: 30_000 }).then((handle) => handle.jsonValue());
    received.push(marks.received - saved);
    slides.push(marks.slides - saved);
    all.push(marks.all - saved);
    console.log(`save ${run + 1}: slides received after ${Math.round(marks.received - saved)} ms, shown after ${Math.round(marks.slides - saved)} ms; report pages too after ${Math.round(marks.all - saved)} ms`);
  }
  console.log(`median of ${RUNS}: save → slides received ${Math.round(median(received))} ms, slides shown ${Math.round(median(slides))} ms, report pages too ${Math.round(median(all))} ms`);
} finally {
  await browser.close();
  preview.kill('SIGINT');
}
