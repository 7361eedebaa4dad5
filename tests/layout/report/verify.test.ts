/** The report's layout check: text off the page, over the edge of its box or over other text is a layout error that names the text. */
import { describe, expect, it } from 'vitest';
import { runItem } from '../../../src/layout/report/blocks.js';
import { A4 } from '../../../src/layout/report/report.js';
import { reportStyles } from '../../../src/layout/report/style.js';
import { verifyReport } from '../../../src/layout/report/verify.js';
import type { LaidOutReport, PageItem } from '../../../src/model/pages.js';
import { CONTENTS, laidOut } from '../../support/layout.js';

const { project } = laidOut(CONTENTS.real);
const styles = reportStyles(project.theme, project.fonts);
const { margins } = project.theme.report;
const MM = 72 / 25.4;
const left = margins.left * MM;
const report = (items: PageItem[]): LaidOutReport => ({ width: A4.width, height: A4.height, pages: [{ items: [] }, { items }], outline: [] });

describe('verifyReport', () => {
  it.each([
    ['real', CONTENTS.real],
    ['stress', CONTENTS.stress],
  ])('%s: finds nothing wrong with the laid-out report', (_name, file) => {
    expect(verifyReport(laidOut(file).report, margins)).toEqual([]);
  });

  it('finds twelve figures set in one row overlapping, and names their page and text', () => {
    // What the report did with twelve figures: one row of boxes narrower than their numbers.
    const width = (A4.width - 2 * left) / 12;
    const items: PageItem[] = Array.from({ length: 12 }, (_, i) => [
      { kind: 'rect' as const, x: left + i * width, y: 100, width: width - 2, height: 60, fill: 'F6F3F1' },
      runItem(`${1012 + i}.4`, styles.figure, left + i * width + 2, 140, '9E1B1B'),
    ]).flat();
    const found = verifyReport(report(items), margins);
    expect(found.length).toBeGreaterThanOrEqual(12);
    expect(found.every((d) => d.severity === 'error' && d.file === 'page 2')).toBe(true);
    expect(found.some((d) => d.message.includes('"1012.4" runs over the edge of its box'))).toBe(true);
    expect(found.some((d) => /"1012\.4" overlaps "1013\.4"/.test(d.message))).toBe(true);
  });

  it('finds a line past the margins and a running footer off the page', () => {
    const line = runItem('西部（重庆）科学城是推动成渝地区双城经济圈高质量发展的新引擎', styles.body, A4.width - left - 100, 300, '1F1F1F');
    const footer = { ...runItem('— 3 —', styles.small, A4.width - 10, A4.height - 20, '5F5F5F'), artifact: { type: 'Pagination' as const, subtype: 'Footer' as const } };
    const messages = verifyReport(report([line, footer]), margins).map((d) => d.message);
    expect(messages).toEqual(['page 2: "西部（重庆）科学城是推动成渝地区双城经济…" runs past the margins of the page', 'page 2: "— 3 —" runs off the page']);
  });

  it('names every line another overlaps, in the order the page draws them, wherever they stand on it', () => {
    const line = (text: string, baseline: number): PageItem => runItem(text, styles.body, left, baseline, '1F1F1F');
    const items = [line('甲行', 300), line('乙行', 500), line('丙行', 303), line('丁行', 306), line('戊行', 700)];
    const messages = verifyReport(report(items), margins).map((d) => d.message);
    expect(messages).toEqual(['page 2: "甲行" overlaps "丙行"', 'page 2: "甲行" overlaps "丁行"', 'page 2: "丙行" overlaps "丁行"']);
  });
});
