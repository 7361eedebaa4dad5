/**
 * A check of a laid-out report, independent of how layout got there: every line of text inside the
 * page (the body's inside its margins), no line on another, none crossing the edge of the box it
 * sits in (a figure's panel). What it finds is a layout error, named by page and by the text.
 */
import { keptResults, writtenAfterLayout } from '../../cache/kept.js';
import { memosAnswer } from '../../cache/memo.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { madeFrom } from '../../model/made-from.js';
import type { LaidOutReport, PageItem } from '../../model/pages.js';
import type { Margins } from './report.js';

/** Where a text's em boxes sit: its top is this far above the baseline, as a fraction of the size. */
const ASCENT = 0.88;
const DESCENT = 0.12;
/** Boxes may touch, and glyph advances round, within this, points. */
const EPSILON = 0.5;
const MM = 72 / 25.4;
const QUOTED = 20;

interface Area {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

type TextItem = Extract<PageItem, { kind: 'text' }>;
type RectItem = Extract<PageItem, { kind: 'rect' }>;

const textOf = (item: TextItem): string => item.runs.map((run) => run.text).join('');

function areaOf(item: TextItem): Area {
  let [size, left, right] = [-Infinity, Infinity, -Infinity];
  for (const run of item.runs) {
    size = Math.max(size, run.style.size);
    left = Math.min(left, run.x);
    right = Math.max(right, run.x + run.width);
  }
  return { left: item.x + left, right: item.x + right, top: item.y - ASCENT * size, bottom: item.y + DESCENT * size };
}

const rectArea = (rect: RectItem): Area => ({ left: rect.x, top: rect.y, right: rect.x + rect.width, bottom: rect.y + rect.height });
const overlap = (a: Area, b: Area): boolean => Math.min(a.right, b.right) - Math.max(a.left, b.left) > EPSILON && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > EPSILON;
const inside = (inner: Area, outer: Area): boolean =>
  inner.left >= outer.left - EPSILON && inner.right <= outer.right + EPSILON && inner.top >= outer.top - EPSILON && inner.bottom <= outer.bottom + EPSILON;

/** Panels text sits on (figures, quotes, table headers); thin bars and page-wide bands are decoration. */
const isPanel = (rect: RectItem, page: Area): boolean => rect.width > 6 && rect.height > 6 && rect.width < page.right - page.left;

/**
 * For each area, the later ones (by index, ascending) it overlaps. Swept top to bottom: an area
 * starting below another's bottom, and every area after it, cannot overlap that one, so a page's
 * lines are compared with their neighbours only, not each with every other.
 */
function overlappingPairs(areas: readonly Area[]): Map<number, number[]> {
  const byTop = areas.map((_, index) => index).sort((a, b) => areas[a]!.top - areas[b]!.top);
  const pairs = new Map<number, number[]>();
  byTop.forEach((a, at) => {
    const bottom = areas[a]!.bottom - EPSILON;
    for (let next = at + 1; next < byTop.length && areas[byTop[next]!]!.top < bottom; next++) {
      const b = byTop[next]!;
      if (!overlap(areas[a]!, areas[b]!)) continue;
      const [first, later] = a < b ? [a, b] : [b, a];
      const found = pairs.get(first);
      if (found) found.push(later);
      else pairs.set(first, [later]);
    }
  });
  for (const later of pairs.values()) later.sort((x, y) => x - y);
  return pairs;
}

/** A page as last checked: its items (the very objects), the areas it was checked in and what was found. */
interface Checked {
  readonly items: readonly PageItem[];
  readonly areas: string;
  readonly found: readonly Diagnostic[];
}

/**
 * The pages of the last report checked, by index: a rebuild after an edit lays out most pages with
 * the very items it laid them out with before (flow.ts), and what was found on them stands.
 */
let lastChecked: readonly Checked[] = [];

const sameItems = (a: readonly PageItem[], b: readonly PageItem[]): boolean => a.length === b.length && a.every((item, index) => item === b[index]);

/** Everything wrong with the report's geometry, as layout errors; empty when every page is sound. */
export function verifyReport(report: LaidOutReport, marginsMm: Margins): Diagnostic[] {
  const pageArea: Area = { left: 0, top: 0, right: report.width, bottom: report.height };
  const body: Area = { left: marginsMm.left * MM, top: marginsMm.top * MM, right: report.width - marginsMm.right * MM, bottom: report.height - marginsMm.bottom * MM };
  const areas = JSON.stringify([pageArea, body]);
  const remembering = memosAnswer();
  const checked = report.pages.map((page, index): Checked => {
    const last = lastChecked[index];
    if (last && remembering && last.areas === areas && sameItems(last.items, page.items)) return last;
    return { items: page.items, areas, found: keptProblems(page.items, index + 1, areas, () => pageProblems(page.items, index + 1, pageArea, body)) };
  });
  // Nothing is held without memos (JIANBAO_NO_CACHE): the start-up snapshot's build must leave no pages, and their fonts, behind.
  lastChecked = remembering ? checked : [];
  return checked.flatMap((page) => page.found);
}

/**
 * What was found on pages checked by processes before this one (cache/kept.ts), by the page's
 * number, the areas and what layout made its items from (model/made-from.ts): a fresh process
 * after an edit checks only the pages the edit changed. Some reports' worth, each a few bytes.
 */
const keptChecks = writtenAfterLayout(keptResults<readonly Diagnostic[]>('report-checks', ['layout/report/verify', 'model/made-from'], [], 1000));

/** What `check` finds on the page numbered `pageNumber`, as kept for its items when layout named them, else checked now. */
function keptProblems(items: readonly PageItem[], pageNumber: number, areas: string, check: () => Diagnostic[]): readonly Diagnostic[] {
  const digest = madeFrom(items);
  return keptChecks.resultFor(digest === undefined ? undefined : JSON.stringify([areas, pageNumber, digest]), check);
}

function pageProblems(items: readonly PageItem[], pageNumber: number, pageArea: Area, body: Area): Diagnostic[] {
  const found: Diagnostic[] = [];
  const error = (item: TextItem, problem: string): void => {
    const chars = [...textOf(item)];
    const quoted = chars.slice(0, QUOTED).join('') + (chars.length > QUOTED ? '…' : '');
    found.push({ severity: 'error', file: `page ${pageNumber}`, line: 0, column: 0, path: '', message: `page ${pageNumber}: "${quoted}" ${problem}`, hint: 'a layout error: shorten the text, or report it with the content that shows it' });
  };
  const texts = items.filter((item): item is TextItem => item.kind === 'text' && item.runs.length > 0);
  const panels = items.filter((item): item is RectItem => item.kind === 'rect' && isPanel(item, pageArea)).map(rectArea);
  const areas = texts.map(areaOf);
  const overlapping = overlappingPairs(areas);
  texts.forEach((text, i) => {
    const area = areas[i]!;
    // Running headers and footers sit in the margins; everything else keeps inside them.
    if (!inside(area, text.artifact ? pageArea : body)) error(text, text.artifact ? 'runs off the page' : 'runs past the margins of the page');
    if (panels.some((panel) => overlap(area, panel) && !inside(area, panel))) error(text, 'runs over the edge of its box');
    for (const j of overlapping.get(i) ?? []) error(text, `overlaps "${[...textOf(texts[j]!)].slice(0, QUOTED).join('')}"`);
  });
  return found;
}
