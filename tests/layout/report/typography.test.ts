/** The report's Chinese typesetting on the real and the stress content and the corpus: kinsoku, justified edges, runts. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../../src/build.js';
import { A4 } from '../../../src/layout/report/report.js';
import { reportStyles } from '../../../src/layout/report/style.js';
import type { PageItem } from '../../../src/model/pages.js';
import { CONTENTS, laidOut, root, templatesDir } from '../../support/layout.js';

/** Marks that may not start a line (what pdf-typography checks). */
const CLOSING = new Set([...'，。、；：？！）」』”’》〉】〗〕］｝．…‥～·・,.;:?!)]}%％']);
const MM = 72 / 25.4;
const squash = (text: string): string => text.replace(/\s+/g, '');

type TextItem = Extract<PageItem, { kind: 'text' }>;
const lineText = (item: TextItem): string => item.runs.map((run) => run.text).join('');
const rightEnd = (item: TextItem): number => item.x + Math.max(...item.runs.map((run) => run.x + run.width));

/** Every string in the composed report: a line whose text ends one of them may end a paragraph. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [squash(value)];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const contents = [
  ['real', CONTENTS.real],
  ['stress', CONTENTS.stress],
] as const;

describe('the laid-out report', () => {
  it.each(contents)('%s: no line starts with closing punctuation', (_name, file) => {
    const { report } = laidOut(file);
    const lines = report.pages.flatMap((page) => page.items.filter((i): i is TextItem => i.kind === 'text')).map(lineText);
    expect(lines.length).toBeGreaterThan(300);
    expect(lines.filter((line) => CLOSING.has(line[0] ?? ''))).toEqual([]);
  });

  it.each(contents)('%s: every justified line of running text ends at the right edge', (_name, file) => {
    const { report, project, composed } = laidOut(file);
    const styles = reportStyles(project.theme, project.fonts);
    const margins = project.theme.report.margins;
    const right = A4.width - margins.right * MM;
    const edges = [right, right - 1.2 * styles.body.size]; // the column, and a quote's panel
    const ends = strings(composed.report);
    const running = (item: TextItem): boolean =>
      item.runs.every((run) => run.style.face === styles.body.face && (run.style.size === styles.body.size || run.style.size === styles.quote.size));
    // Body pages: not the cover, not the contents (whose entries link to their sections).
    const pages = report.pages.slice(1).filter((page) => !page.items.some((i) => i.kind === 'link'));
    const checked: string[] = [];
    const short: string[] = [];
    for (const page of pages) {
      for (const item of page.items) {
        if (item.kind !== 'text' || !running(item)) continue;
        const text = squash(lineText(item));
        if (/^(\d+\.|•)$/.test(text) || ends.some((end) => end.endsWith(text))) continue; // list marker or a paragraph's last line
        checked.push(text);
        if (!edges.some((edge) => Math.abs(rightEnd(item) - edge) < 0.01)) short.push(`${text} ends at ${rightEnd(item).toFixed(2)}`);
      }
    }
    expect(checked.length).toBeGreaterThan(100);
    expect(short).toEqual([]);
  });
});

const TOOL = path.resolve(root, '../shared/tools/pdf-typography');
const hasTools = existsSync(TOOL) && spawnSync('pdftotext', ['-v']).error === undefined;

const events = readdirSync(path.join(root, 'tests/events')).map((event) => [event, path.join(root, 'tests/events', event, 'content.yaml')] as const);

describe('the PDF report, read back with pdftotext', () => {
  it.skipIf(!hasTools).each([...contents, ...events])(
    '%s: pdf-typography finds no kinsoku violation, no justified line off the edge and no runt',
    async (_name, file) => {
      const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-typography-'));
      await build({ contentFile: file, templatesDir, outDir, only: 'report' });
      const result = spawnSync(TOOL, [path.join(outDir, 'briefing.pdf'), '--runts'], { encoding: 'utf8' });
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/ 0 kinsoku violations, 0 lines off the edge.*; 0 runts in/);
    },
    60_000,
  );
});
