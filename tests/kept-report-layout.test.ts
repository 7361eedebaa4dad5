/**
 * What a fresh process after a one-line edit does again, and what it takes from a build before it
 * (src/layout/report/kept-layout.ts, src/compose/compose.ts, src/write/atomic.ts): the report's
 * blocks and pages laid out before, the deck's slides read from their markup before (each by itself), and outputs the
 * edit did not change, which stay as they were on disk. Its outputs are those of a build with
 * nothing kept.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quietBuild, root } from './support/cli.js';
import { entryBytesIn } from '../src/cache/disk.js';
import { KeptFile } from '../src/cache/kept-file.js';
import type { Slide } from '../src/model/document.js';

const OUTPUTS = ['briefing-slides.pdf', 'briefing.pdf', 'briefing.pptx'];

/** The keys (JSON) of the results kept of `kind`, in its one entry (src/cache/kept-file.ts), least recently computed first. */
function keptKeys(cacheDir: string, kind: string): string[] {
  const entries = readdirSync(path.join(cacheDir, kind)).filter((name) => name.endsWith('.bin'));
  expect(entries).toHaveLength(1);
  return new KeptFile(entryBytesIn(readFileSync(path.join(cacheDir, kind, entries[0]!))), Infinity).keys();
}

/** The slides kept read from their markup (src/compose/compose.ts), by their key, least recently read first. */
function keptSlides(cacheDir: string): [string, Slide[]][] {
  const folder = path.join(cacheDir, 'composed-slides');
  const store = new KeptFile(entryBytesIn(readFileSync(path.join(folder, readdirSync(folder).find((name) => name.endsWith('.bin'))!))), Infinity);
  return store.keys().map((key) => [key, JSON.parse(store.lookup(key)!) as Slide[]]);
}

/** The repository's content.yaml in a folder of its own, and a way to write an edit of one line of it. */
function editableContent(): { file: string; edit: (line: RegExp, addition: string) => void } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-kept-report-')), 'content.yaml');
  copyFileSync(path.join(root, 'content.yaml'), file);
  const original = readFileSync(file, 'utf8');
  const edit = (line: RegExp, addition: string): void => {
    writeFileSync(file, original.replace(line, (_, head: string, text: string) => `${head}${text.replace(/。$/, '')}${addition}。`));
  };
  return { file, edit };
}

const REPORT_PARAGRAPH = /^(\s*paragraphs:\n\s*- )(.*)$/m;
const EVENT_MESSAGE = /^(\s*message: )(.*)$/m;

/** The manifest's account of the outputs, without the timings and the folder. */
const described = (outDir: string): unknown =>
  (JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as { outputs: { file: string }[] }).outputs.map((output) => ({ ...output, file: path.basename(output.file) }));

describe('a new process after an edit of one paragraph of the report', () => {
  it('lays out that block alone, reads no slide again, leaves the deck it did not change unwritten, and writes what a build with nothing kept writes', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-kept-report-cache-'));
    const kept = { JIANBAO_CACHE_DIR: cacheDir };
    const content = editableContent();
    const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-kept-report-out-'));
    quietBuild(content.file, outDir, kept);
    const blocksBefore = keptKeys(cacheDir, 'report-blocks');
    const pagesBefore = keptKeys(cacheDir, 'report-pages');
    const slidesBefore = keptKeys(cacheDir, 'composed-slides');
    const deckBefore = statSync(path.join(outDir, 'briefing.pptx'));
    const reportBefore = statSync(path.join(outDir, 'briefing.pdf'));

    content.edit(REPORT_PARAGRAPH, '（第2稿）');
    quietBuild(content.file, outDir, kept);
    // One block more, the edited paragraph: every other block, the cover, the contents and each page's header and footer were taken as kept.
    const blocksAfter = keptKeys(cacheDir, 'report-blocks');
    expect(blocksAfter).toHaveLength(blocksBefore.length + 1);
    expect(blocksAfter.filter((key) => !blocksBefore.includes(key)).map((key) => key.includes('（第2稿）'))).toEqual([true]);
    expect(keptKeys(cacheDir, 'report-pages')).toEqual(pagesBefore);
    // The deck's markup is as it was: its slides were taken, not read again.
    expect(keptKeys(cacheDir, 'composed-slides')).toEqual(slidesBefore);
    // The deck's bytes are as they were: its file was left as it was; the report's was replaced.
    expect(statSync(path.join(outDir, 'briefing.pptx')).ino).toBe(deckBefore.ino);
    expect(statSync(path.join(outDir, 'briefing.pdf')).ino).not.toBe(reportBefore.ino);

    const nothingKept = mkdtempSync(path.join(tmpdir(), 'jianbao-kept-report-none-'));
    quietBuild(content.file, nothingKept, { JIANBAO_NO_CACHE: '1' });
    for (const name of OUTPUTS) expect(readFileSync(path.join(outDir, name)).equals(readFileSync(path.join(nothingKept, name))), name).toBe(true);
    expect(described(outDir)).toEqual(described(nothingKept));

    // An edit the deck shows reads again the three slides that show it (the cover's notes, the summary, the closing slide's notes), no other, and writes the deck anew.
    content.edit(EVENT_MESSAGE, '（第3稿）');
    quietBuild(content.file, outDir, kept);
    const slidesRead = keptSlides(cacheDir).filter(([key]) => !slidesBefore.includes(key));
    expect(slidesRead.map(([, slides]) => slides.map((slide) => `${slide.layout} ${slide.title}`))).toEqual([[expect.stringMatching(/^cover /)], ['content 概览'], [expect.stringMatching(/^closing /)]]);
    expect(slidesRead.every(([, slides]) => JSON.stringify(slides).includes('（第3稿）'))).toBe(true);
    quietBuild(content.file, nothingKept, { JIANBAO_NO_CACHE: '1' });
    for (const name of OUTPUTS) expect(readFileSync(path.join(outDir, name)).equals(readFileSync(path.join(nothingKept, name))), name).toBe(true);
    expect(described(outDir)).toEqual(described(nothingKept));
  }, 300_000);
});
