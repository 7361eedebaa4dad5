/** Page breaks a typesetter would accept: no widows or orphans, no heading left over fewer than two lines. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutReport } from '../../../src/layout/report/report.js';
import { reportStyles } from '../../../src/layout/report/style.js';
import type { Block } from '../../../src/model/document.js';
import type { LaidOutReport, PageItem } from '../../../src/model/pages.js';
import { CONTENTS, laidOut, root } from '../../support/layout.js';

type TextItem = Extract<PageItem, { kind: 'text' }>;
const isHeading = (type: string): boolean => /^H\d$/.test(type);
const textOf = (item: TextItem): string => item.runs.map((run) => run.text).join('');

/** What breaks the rules, page by page: a paragraph's lone first or last line, a heading over fewer than two lines. */
function pageBreakProblems(report: LaidOutReport): string[] {
  const problems: string[] = [];
  const linesOf = new Map<string, { page: number; text: string }[]>();
  report.pages.forEach((page, index) => {
    const texts = page.items.filter((item): item is TextItem => item.kind === 'text' && item.structure !== undefined);
    const types = texts.map((item) => item.structure!.at(-1)!.type);
    for (const item of texts) {
      const element = item.structure!.at(-1)!;
      const key = `${element.type} ${element.id}`;
      (linesOf.get(key) ?? linesOf.set(key, []).get(key)!).push({ page: index, text: textOf(item) });
    }
    const lastHeading = types.findLastIndex(isHeading);
    const below = types.slice(lastHeading + 1).filter((type) => !isHeading(type)).length;
    if (lastHeading >= 0 && index < report.pages.length - 1 && below < 2) {
      problems.push(`page ${index + 1}: heading «${textOf(texts[lastHeading]!)}» over ${below} line(s)`);
    }
  });
  for (const [key, lines] of linesOf) {
    const first = lines[0]!.page;
    const last = lines.at(-1)!.page;
    if (first === last) continue;
    if (lines.filter((line) => line.page === first).length < 2) problems.push(`orphan at the foot of page ${first + 1}: ${key} «${lines[0]!.text}»`);
    if (lines.filter((line) => line.page === last).length < 2) problems.push(`widow at the head of page ${last + 1}: ${key} «${lines.at(-1)!.text}»`);
  }
  return problems;
}

const events = readdirSync(path.join(root, 'tests/events')).map((event) => [event, path.join(root, 'tests/events', event, 'content.yaml')] as const);

describe('page breaks', () => {
  it.each([['article', CONTENTS.real], ['stress', CONTENTS.stress], ...events])(
    '%s: no widow, no orphan, every heading over two lines at least',
    (_name, file) => {
      const { report } = laidOut(file);
      expect(report.pages.length).toBeGreaterThan(2);
      expect(pageBreakProblems(report)).toEqual([]);
    },
    60_000,
  );

  it('keeps a heading over a one-line paragraph with the line after it, wherever the page ends', () => {
    const { project, composed } = laidOut(CONTENTS.real);
    const styles = reportStyles(project.theme, project.fonts);
    const line = (n: number): Block => ({ kind: 'paragraph', role: 'body', text: `第${n}段，一行。` });
    const tried: number[] = [];
    // Fillers move the heading down a line at a time, until it meets the foot of the page.
    for (let fillers = 48; fillers <= 62; fillers++) {
      const blocks: Block[] = [
        ...Array.from({ length: fillers }, (_, n) => line(n)),
        { kind: 'heading', level: 2, text: '小标题' },
        line(100),
        line(101),
        line(102),
      ];
      const report = layoutReport({ ...composed.report, tocTitle: undefined, sections: [{ title: '正文', blocks }] }, styles, project.theme.report.margins);
      if (report.pages.length > 2) tried.push(fillers);
      expect(pageBreakProblems(report), `${fillers} lines before the heading`).toEqual([]);
    }
    expect(tried.length).toBeGreaterThan(0);
  });
});

describe('the table of contents', () => {
  /** How many entries (links to sections) each page of contents holds: the pages after the cover that link. */
  const entriesPerContentsPage = (report: LaidOutReport): number[] =>
    report.pages
      .slice(1)
      .map((page) => page.items.filter((item) => item.kind === 'link').length)
      .filter((links, index, all) => links > 0 && all.slice(0, index).every((before) => before > 0));

  it('sets the article\'s 32 entries on one page, closer, rather than leave a few alone on a second', () => {
    const { report } = laidOut(CONTENTS.real);
    expect(entriesPerContentsPage(report)).toEqual([32]);
  });

  it.each([['stress', CONTENTS.stress], ...events])('%s: leaves no last page of contents with fewer than four entries', (_name, file) => {
    const perPage = entriesPerContentsPage(laidOut(file).report);
    expect(perPage.length).toBeGreaterThan(0);
    if (perPage.length > 1) expect(perPage.at(-1)).toBeGreaterThanOrEqual(4);
  }, 60_000);
});
