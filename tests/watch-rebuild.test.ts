/**
 * A `watch` rebuild after a one-line edit redoes only what the edit changed: the report's slices
 * the edit did not move are placed as they were (the very items), the pages it did not change are
 * not checked again, and outputs made again as the very bytes this process wrote, untouched since,
 * are neither read back nor described again. What it gives stays exactly what a build with nothing
 * remembered gives.
 */
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { build, prepare } from '../src/build.js';
import { followCacheSetting } from '../src/cache/memo.js';
import { writeOutput } from '../src/cache/written.js';
import { verifyReport } from '../src/layout/report/verify.js';
import type { LaidOutReport, PageItem } from '../src/model/pages.js';
import type { OutputInfo } from '../src/write/manifest.js';
import { loneContent } from './support/cli.js';

/** A paragraph of the last section, edited inside its line. */
const LATE_EDIT = ['如今，重量级项目纷纷签约落户', '如今，重量级项目接连签约落户'] as const;

async function laidOutReport(contentFile: string, remembering = true): Promise<LaidOutReport> {
  if (!remembering) process.env.JIANBAO_NO_CACHE = '1';
  try {
    return (await prepare({ contentFile })).laidOut.report.laidOut();
  } finally {
    delete process.env.JIANBAO_NO_CACHE;
  }
}

/** The report as JSON, each run's style as its face's key and its size (fonts are no values to compare). */
const spelled = (report: LaidOutReport): string =>
  JSON.stringify(report, (key, value: unknown) => (key === 'style' && typeof value === 'object' && value !== null && 'face' in value ? `${(value as { face: { key: string } }).face.key} ${(value as { size: number }).size}` : value));

// Memos answer as JIANBAO_NO_CACHE says when a project is loaded; the checks below load none.
beforeEach(() => followCacheSetting());

/** The index of the first page holding `text` in a line. */
const pageWith = (report: LaidOutReport, text: string): number =>
  report.pages.findIndex((page) => page.items.some((item) => item.kind === 'text' && item.runs.map((run) => run.text).join('').includes(text)));

describe('the report laid out again in the same process after an edit of one paragraph', () => {
  it('keeps the items of every page before the edit, and is what a layout with nothing remembered gives', async () => {
    const contentFile = loneContent();
    const original = readFileSync(contentFile, 'utf8');
    expect(original).toContain(LATE_EDIT[0]);
    const before = await laidOutReport(contentFile);
    writeFileSync(contentFile, original.replace(...LATE_EDIT));
    const after = await laidOutReport(contentFile);
    const edited = pageWith(after, '接连签约');
    expect(edited).toBeGreaterThan(3);
    // The body pages before the edit, headings and their anchors included, hold the very items placed before.
    for (let page = 1; page < edited; page++) {
      const items = after.pages[page]!.items;
      expect(items.length).toBe(before.pages[page]!.items.length);
      items.forEach((item, index) => expect(item, `page ${page + 1}, item ${index}`).toBe(before.pages[page]!.items[index]));
    }
    expect(after.pages[edited]!.items.some((item, index) => item !== before.pages[edited]!.items[index])).toBe(true);
    expect(spelled(after)).toBe(spelled(await laidOutReport(contentFile, false)));
  }, 120_000);
});

describe('the check of the laid-out report, run again', () => {
  const text = (x: number, y: number): PageItem => ({ kind: 'text', x, y, color: '000000', runs: [] });
  const overlapping = (): PageItem[] => {
    const [a, b] = [text(100, 300), text(100, 303)];
    return [
      { ...a, runs: [{ text: '甲行', x: 0, width: 30, letterSpacing: 0, style: { face: { key: 'f' } as never, size: 10 } }] },
      { ...b, runs: [{ text: '乙行', x: 0, width: 30, letterSpacing: 0, style: { face: { key: 'f' } as never, size: 10 } }] },
    ];
  };
  const margins = { top: 25, bottom: 25, left: 25, right: 25 };
  const report = (pages: PageItem[][]): LaidOutReport => ({ width: 595.28, height: 841.89, pages: pages.map((items) => ({ items })), outline: [] });

  it('takes what it found on a page of the very same items, and checks anew a page changed or set in other margins', () => {
    const items = overlapping();
    const first = verifyReport(report([[], items]), margins);
    expect(first.map((d) => d.message)).toEqual(['page 2: "甲行" overlaps "乙行"']);
    const again = verifyReport(report([[], items]), margins);
    expect(again[0]).toBe(first[0]);
    // The same items on another page are named by that page.
    expect(verifyReport(report([items, []]), margins).map((d) => d.message)).toEqual(['page 1: "甲行" overlaps "乙行"']);
    // The same items in margins they cross.
    expect(verifyReport(report([[], items]), { ...margins, left: 40 }).map((d) => d.message)).toContain('page 2: "甲行" runs past the margins of the page');
    // One item moved off the other.
    const moved = [items[0]!, { ...items[1]!, y: 400 }];
    expect(verifyReport(report([[], moved]), margins)).toEqual([]);
  });
});

describe('outputs written again by the same process', () => {
  const info = (file: string, bytes: Uint8Array): OutputInfo => ({ file, sha256: String(bytes[0]), bytes: bytes.byteLength, fonts: [] });

  it('are neither written nor described again when the same bytes find the file as the process left it', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-watch-')), 'briefing.pptx');
    const bytes = Buffer.from('the deck');
    let described = 0;
    const describe = (): OutputInfo => (described++, info(file, bytes));
    const first = writeOutput(file, bytes, describe);
    expect(writeOutput(file, bytes, describe)).toBe(first);
    expect(described).toBe(1);
    // Equal bytes in another buffer are another output: written (found the same on disk) and described.
    writeOutput(file, Buffer.from('the deck'), describe);
    expect(described).toBe(2);
  });

  it('are written again when the file changed on disk meanwhile, even to the same size and time', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-watch-')), 'briefing.pdf');
    const bytes = Buffer.from('the report');
    writeOutput(file, bytes, () => info(file, bytes));
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'the rep0rt');
    utimesSync(file, atime, mtime);
    writeOutput(file, bytes, () => info(file, bytes));
    expect(readFileSync(file, 'utf8')).toBe('the report');
  });

  it('leave the deck as this process wrote it after an edit of the report alone, and restore a deck changed on disk', async () => {
    const contentFile = loneContent();
    const outDir = path.join(path.dirname(contentFile), 'out');
    const deck = path.join(outDir, 'briefing.pptx');
    const original = readFileSync(contentFile, 'utf8');
    await build({ contentFile, outDir });
    const written = readFileSync(deck);
    writeFileSync(contentFile, original.replace(...LATE_EDIT));
    const reportEdited = await build({ contentFile, outDir });
    expect(readFileSync(deck).equals(written)).toBe(true);
    writeFileSync(deck, 'not a deck');
    writeFileSync(contentFile, original);
    const restored = await build({ contentFile, outDir });
    expect(readFileSync(deck).equals(written)).toBe(true);
    expect(restored.outputs.find((output) => output.file === deck)).toEqual(reportEdited.outputs.find((output) => output.file === deck));
  }, 180_000);
});
