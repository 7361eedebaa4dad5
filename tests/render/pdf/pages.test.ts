/**
 * Pages drawn once (src/render/pdf/pages.ts): a page whose items are as before is not drawn again,
 * in the process (`watch`) or in the next one (from disk), and the file is byte for byte the one a
 * build without any cache writes — after an edit that brings new characters into the fonts too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LaidOutReport, PageItem } from '../../../src/model/pages.js';
import { printSetup } from '../../../src/render/pdf/print.js';
import { renderPdf } from '../../../src/render/pdf/render.js';
import { PdfFile } from '../../../src/render/pdf/inspect.js';
import { Tagger } from '../../../src/render/pdf/tagging.js';
import { inOwnCacheFolder } from '../../cache-folder.js';
import { png } from '../../print/editions.js';
import { contentCopy, countedInOwnProcess, deflationsCounted, laidOut, root } from './fixture.js';

/** The report with the first text on page `index` saying `text` instead: characters the report has nowhere else. */
function edited(report: LaidOutReport, index: number, text: string): LaidOutReport {
  const page = report.pages[index]!;
  const at = page.items.findIndex((item) => item.kind === 'text');
  const item = page.items[at] as Extract<PageItem, { kind: 'text' }>;
  const items = page.items.map((other, i) => (i === at ? { ...item, runs: [{ ...item.runs[0]!, text }, ...item.runs.slice(1)] } : other));
  return { ...report, pages: report.pages.map((other, i) => (i === index ? { ...page, items } : other)) };
}

function renderReport(report: LaidOutReport, print: boolean): Promise<Buffer> {
  const { project, meta } = laidOut();
  return renderPdf(report, project.fonts, {
    meta: { ...meta, date: new Date(Date.UTC(2020, 8, 15)) },
    identity: 'pages',
    ...(print ? { print: printSetup(project.theme) } : {}),
  });
}

async function withoutCache<T>(work: () => Promise<T>): Promise<T> {
  process.env.JIANBAO_NO_CACHE = '1';
  try {
    return await work();
  } finally {
    delete process.env.JIANBAO_NO_CACHE;
  }
}

describe('a page whose items are as before', () => {
  inOwnCacheFolder('jianbao-pages-', 'each');
  afterEach(() => {
    vi.restoreAllMocks();
  });

  for (const print of [false, true]) {
    it(`is not drawn again after an edit to another page, and the ${print ? 'print' : 'standard'} edition is the file a build without cache writes`, async () => {
      const { report } = laidOut();
      const before = await renderReport(report, print);
      expect(await withoutCache(() => renderReport(report, print))).toEqual(before);

      // New characters on page 2: every later page's glyphs were renumbered when codes were subset ids.
      const after = edited(report, 1, '鑫龘齉爨');
      const fillColor = vi.spyOn(PDFDocument.prototype, 'fillColor');
      const rebuilt = await renderReport(after, print);
      const drawnInRebuild = fillColor.mock.calls.length;
      fillColor.mockClear();
      const fresh = await withoutCache(() => renderReport(after, print));
      expect(rebuilt.equals(fresh)).toBe(true);
      expect(rebuilt.equals(before)).toBe(false);
      // Only the edited page's texts and boxes were painted.
      const painted = (index: number): number => after.pages[index]!.items.filter((item) => item.kind === 'text' || item.kind === 'rect').length;
      expect(drawnInRebuild).toBe(painted(1));
      expect(fillColor.mock.calls.length).toBe(after.pages.reduce((count, _, index) => count + painted(index), 0));
    }, 60_000);
  }
});

/** The report with `change` made to the items of page `index`. */
function withPage(report: LaidOutReport, index: number, change: (items: readonly PageItem[]) => readonly PageItem[]): LaidOutReport {
  return { ...report, pages: report.pages.map((page, i) => (i === index ? { ...page, items: change(page.items) } : page)) };
}

/** The report with its first item of `kind` on page `index` changed by `change`. */
function withItem<Kind extends PageItem['kind']>(report: LaidOutReport, index: number, kind: Kind, change: (item: Extract<PageItem, { kind: Kind }>) => PageItem): LaidOutReport {
  return withPage(report, index, (items) => {
    const at = items.findIndex((item) => item.kind === kind);
    expect(at).toBeGreaterThanOrEqual(0);
    return items.map((item, i) => (i === at ? change(item as Extract<PageItem, { kind: Kind }>) : item));
  });
}

/** The page's first line of a paragraph of several lines made a paragraph of its own: its operators are as they were. */
function firstLineApart(items: readonly PageItem[]): readonly PageItem[] {
  const leafId = (item: PageItem): string | undefined => ('structure' in item ? item.structure?.at(-1)?.id : undefined);
  const at = items.findIndex((item, i) => item.kind === 'text' && leafId(item) !== undefined && items.slice(i + 1).some((other) => leafId(other) === leafId(item)));
  expect(at).toBeGreaterThanOrEqual(0);
  const line = items[at] as Extract<PageItem, { kind: 'text' }>;
  const structure = line.structure!;
  return items.map((item, i) => (i === at ? { ...line, structure: [...structure.slice(0, -1), { ...structure.at(-1)!, id: 'apart' }] } : item));
}

/** A picture with its alternative text, placed on page `index` (the repository's report has none). */
function withPicture(report: LaidOutReport, index: number): LaidOutReport {
  const picture: PageItem = { kind: 'image', x: 100, y: 400, width: 144, height: 108, data: png(60, 45), pixelWidth: 60, pixelHeight: 45, structure: [{ type: 'Figure', id: 'picture', alt: '鸟瞰图' }] };
  return withPage(report, index, (items) => [...items, picture]);
}

describe('a known page', () => {
  inOwnCacheFolder('jianbao-recipes-', 'each');
  afterEach(() => {
    vi.restoreAllMocks();
  });

  for (const print of [false, true]) {
    it(`registers its fonts, glyphs, structure, links and pictures from what its drawing recorded, not by walking its items (${print ? 'print' : 'standard'} edition)`, async () => {
      // Pictures on pages 1 and 3, both known after the edit on page 2: the second is another image object.
      const report = withPicture(withPicture(laidOut().report, 0), 2);
      await renderReport(report, print);
      const after = edited(report, 1, '鑫龘齉爨');
      const begin = vi.spyOn(Tagger.prototype, 'begin');
      const rebuilt = await renderReport(after, print);
      // Only the edited page's items opened their marked content one by one: the others replayed theirs.
      const drawnItems = after.pages[1]!.items.filter((item) => item.kind !== 'anchor' && item.kind !== 'link').length;
      expect(begin.mock.calls.length).toBe(drawnItems);
      expect(rebuilt.equals(await withoutCache(() => renderReport(after, print)))).toBe(true);
    }, 60_000);
  }

  // Each change leaves the page's operators as they were, or nearly, and changes what it registers.
  const changes: readonly (readonly [string, (report: LaidOutReport) => LaidOutReport])[] = [
    ["a link's target", (report) => withItem(report, 1, 'link', (link) => ({ ...link, target: 'section-1.3' }))],
    ["a named destination's name", (report) => withItem(report, 2, 'anchor', (anchor) => ({ ...anchor, name: 'elsewhere' }))],
    ["a picture's alternative text", (report) => withItem(report, 0, 'image', (image) => ({ ...image, structure: [{ type: 'Figure', id: 'picture', alt: '夜景' }] }))],
    ['the structure element a line belongs to', (report) => withPage(report, 3, firstLineApart)],
  ];
  for (const [what, change] of changes) {
    it(`is drawn again when ${what} changes, and the file is the one a build without cache writes`, async () => {
      const report = withPicture(laidOut().report, 0);
      const before = await renderReport(report, false);
      const after = change(report);
      const rebuilt = await renderReport(after, false);
      expect(rebuilt.equals(before)).toBe(false);
      expect(rebuilt.equals(await withoutCache(() => renderReport(after, false)))).toBe(true);
    }, 60_000);
  }

  it('whose element began on the page before creates it itself when that page no longer holds it', async () => {
    // The paragraph s4.8 runs from page 8 to page 9; on page 8 it becomes another element.
    const { report } = laidOut();
    const continued = (item: PageItem): boolean => 'structure' in item && item.structure?.at(-1)?.id === 's4.8';
    expect(report.pages[7]!.items.some(continued) && report.pages[8]!.items.some(continued)).toBe(true);
    await renderReport(report, false);
    const after = withPage(report, 7, (items) =>
      items.map((item) => (continued(item) && 'structure' in item ? { ...item, structure: [...item.structure!.slice(0, -1), { type: 'P' as const, id: 's4.8-before' }] } : item)),
    );
    const begin = vi.spyOn(Tagger.prototype, 'begin');
    const rebuilt = await renderReport(after, false);
    expect(begin.mock.calls.length).toBe(after.pages[7]!.items.filter((item) => item.kind !== 'anchor' && item.kind !== 'link').length);
    expect(rebuilt.equals(await withoutCache(() => renderReport(after, false)))).toBe(true);
  }, 60_000);
});

describe('pages kept on disk', () => {
  it('are not drawn again by the next process, after an edit, which writes the file a build without cache writes', () => {
    const { dir, contentFile } = contentCopy('jianbao-pages-cli-');
    // A build in a process of its own, as `jianbao build` runs, counting the colours pdfkit painted
    // with and the items whose marked content was opened one by one (not replayed from a recipe).
    const build = (out: string, extra: NodeJS.ProcessEnv = {}): { painted: number; walked: number } =>
      countedInOwnProcess(
        dir,
        out,
        `const { default: PDFDocument } = await import('pdfkit');
        const { Tagger } = await import(${JSON.stringify(path.join(root, 'dist', 'render', 'pdf', 'tagging.js'))});
        const counted = { painted: 0, walked: 0 };
        const fillColor = PDFDocument.prototype.fillColor;
        PDFDocument.prototype.fillColor = function (...args) { counted.painted++; return fillColor.apply(this, args); };
        const begin = Tagger.prototype.begin;
        Tagger.prototype.begin = function (...args) { counted.walked++; return begin.apply(this, args); };`,
        extra,
      );
    const before = build('before');
    writeFileSync(contentFile, readFileSync(contentFile, 'utf8').replace('作为代表参与了', '作为代表鑫龘参与了'));
    const { painted: paintedAfter, walked: walkedAfter } = build('after');
    const paintedBefore = before.painted;
    expect(build('fresh', { JIANBAO_NO_CACHE: '1' })).toEqual(before);
    const after = readFileSync(path.join(dir, 'after', 'briefing.pdf'));
    expect(after.equals(readFileSync(path.join(dir, 'before', 'briefing.pdf')))).toBe(false);
    expect(after.equals(readFileSync(path.join(dir, 'fresh', 'briefing.pdf')))).toBe(true);
    // One page of the report's twenty was drawn.
    expect(paintedAfter).toBeGreaterThan(0);
    expect(paintedAfter).toBeLessThan(paintedBefore / 5);
    // The others registered from their recipes, kept on disk: their items were not walked.
    expect(walkedAfter).toBeGreaterThan(0);
    expect(walkedAfter).toBeLessThan(before.walked / 5);
  }, 120_000);
});

describe('a page kept on disk', () => {
  it('has its content stream written as kept, deflated, by the next process: only the edited page is deflated', () => {
    const { dir, contentFile } = contentCopy('jianbao-pages-deflated-');
    // A build in a process of its own counting the pages' content streams zlib deflated (each begins with pdfkit's first transform).
    const build = (out: string, extra: NodeJS.ProcessEnv = {}): number => deflationsCounted(dir, out, '1 0 0 -1 0 ', extra);
    const deflatedBefore = build('before');
    writeFileSync(contentFile, readFileSync(contentFile, 'utf8').replace('作为代表参与了', '作为代表鑫龘参与了'));
    const deflatedAfter = build('after');
    build('fresh', { JIANBAO_NO_CACHE: '1' });
    expect(readFileSync(path.join(dir, 'after', 'briefing.pdf')).equals(readFileSync(path.join(dir, 'fresh', 'briefing.pdf')))).toBe(true);
    // Every page the first time; after the edit, the page it changed.
    expect(deflatedBefore).toBeGreaterThanOrEqual(20);
    expect(deflatedAfter).toBe(1);
  }, 120_000);
});

describe('the report after an edit of one paragraph', () => {
  it('is drawn again by the next process on the pages the edit changed alone, and nothing is drawn again without an edit; the file is the one a build without cache writes', () => {
    const { dir, contentFile } = contentCopy('jianbao-pages-moved-');
    // A build in a process of its own counting the report's pages drawn (not known from a build before).
    const build = (out: string, extra: NodeJS.ProcessEnv = {}): number =>
      countedInOwnProcess<number>(
        dir,
        out,
        `const { PageMemory } = await import(${JSON.stringify(path.join(root, 'dist', 'render', 'pdf', 'pages.js'))});
        let counted = 0;
        const page = PageMemory.prototype.page;
        PageMemory.prototype.page = function (doc, key, draw, register) { return page.call(this, doc, key, () => { counted++; return draw(); }, register); };`,
        extra,
      );
    const pages = build('before');
    // Laid out afresh the first time, taken as kept the second: the same pages, none drawn again.
    expect(build('again')).toBe(0);
    // A sentence more in the first paragraph: its lines, and the lines after it in its section, move down.
    writeFileSync(contentFile, readFileSync(contentFile, 'utf8').replace(/^(\s*paragraphs:\n\s*- )(.*)$/m, '$1$2会议期间，各方代表围绕智能产业协同发展展开了深入交流，并达成多项合作意向。'));
    const drawn = build('after');
    build('fresh', { JIANBAO_NO_CACHE: '1' });
    const report = (out: string): Buffer => readFileSync(path.join(dir, out, 'briefing.pdf'));
    expect(report('after').equals(report('fresh'))).toBe(true);
    const contents = (out: string): Buffer[] => new PdfFile(report(out)).pages().map((page) => Buffer.from(page.content));
    const [before, after] = [contents('before'), contents('after')];
    expect(after).toHaveLength(before.length);
    const changed = after.filter((content, index) => !content.equals(before[index]!)).length;
    // The pages whose operators changed were drawn, and no other.
    expect(changed).toBeGreaterThan(1);
    expect(changed).toBeLessThan(pages / 2);
    expect(drawn).toBe(changed);
  }, 180_000);
});
