/**
 * What a fresh process after a one-line edit does again, and what it takes from a build before it
 * (src/layout/report/kept-layout.ts, src/compose/compose.ts, src/write/atomic.ts): the report's
 * blocks and pages laid out before, the deck's slides read from their markup before (each by itself), and outputs the
 * edit did not change, which stay as they were on disk. Its outputs are those of a build with
 * nothing kept.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectAsBuiltWithNothingKept, keptKeys, keptProject, keptStore } from './support/kept.js';
import type { Slide } from '../src/model/document.js';

/** The slides kept read from their markup (src/compose/compose.ts), by their key, least recently read first. */
function keptSlides(cacheDir: string): [string, Slide[]][] {
  const store = keptStore(cacheDir, 'composed-slides');
  return store.keys().map((key) => [key, JSON.parse(store.lookup(key)!) as Slide[]]);
}

const REPORT_PARAGRAPH = /^(\s*paragraphs:\n\s*- )(.*)$/m;
const EVENT_MESSAGE = /^(\s*message: )(.*)$/m;

/** The manifest's account of the outputs, without the timings and the folder. */
const described = (outDir: string): unknown =>
  (JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as { outputs: { file: string }[] }).outputs.map((output) => ({ ...output, file: path.basename(output.file) }));

describe('a new process after an edit of one paragraph of the report', () => {
  it('lays out that block alone, reads no slide again, leaves the deck it did not change unwritten, and writes what a build with nothing kept writes', () => {
    const { cacheDir, outDir, content, build } = keptProject();
    const blocksBefore = keptKeys(cacheDir, 'report-blocks');
    const pagesBefore = keptKeys(cacheDir, 'report-pages');
    const slidesBefore = keptKeys(cacheDir, 'composed-slides');
    const deckBefore = statSync(path.join(outDir, 'briefing.pptx'));
    const reportBefore = statSync(path.join(outDir, 'briefing.pdf'));

    content.edit(REPORT_PARAGRAPH, '（第2稿）');
    build();
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

    expect(described(outDir)).toEqual(described(expectAsBuiltWithNothingKept(content.file, outDir)));

    // An edit the deck shows reads again the three slides that show it (the cover's notes, the summary, the closing slide's notes), no other, and writes the deck anew.
    content.edit(EVENT_MESSAGE, '（第3稿）');
    build();
    const slidesRead = keptSlides(cacheDir).filter(([key]) => !slidesBefore.includes(key));
    expect(slidesRead.map(([, slides]) => slides.map((slide) => `${slide.layout} ${slide.title}`))).toEqual([[expect.stringMatching(/^cover /)], ['content 概览'], [expect.stringMatching(/^closing /)]]);
    expect(slidesRead.every(([, slides]) => JSON.stringify(slides).includes('（第3稿）'))).toBe(true);
    expect(described(outDir)).toEqual(described(expectAsBuiltWithNothingKept(content.file, outDir)));
  }, 300_000);
});
