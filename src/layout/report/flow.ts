/**
 * Pagination: a vertical flow of slices onto pages of a fixed body height.
 * Keep rules are links between slices: a heading keeps with the first lines after it, a
 * paragraph's first two and last two lines stay together (no orphans or widows).
 */
import { memosAnswer } from '../../cache/memo.js';
import { madeOf, named } from '../../model/made-from.js';
import type { PageItem } from '../../model/pages.js';

export interface Slice {
  readonly height: number;
  /** Items with y relative to the slice top. */
  readonly items: readonly PageItem[];
  /** Space above the slice; dropped at the top of a page. */
  readonly spaceBefore: number;
  /** This slice must share a page with the next one. */
  readonly keepWithNext: boolean;
  /** Start a new page before this slice. */
  readonly pageBreakBefore?: boolean;
  /** Repeated at the top of a page when the flow breaks before this slice (a table's header row). */
  readonly repeatOnBreak?: Slice;
}

function shift(item: PageItem, dy: number): PageItem {
  return 'y' in item ? { ...item, y: item.y + dy } : item;
}

/**
 * Each slice's items as last placed, and where: slices are remembered between builds
 * (kept-layout.ts), so a rebuild after an edit finds the slices before it, and those after it
 * when the edit moved nothing, placed as they were, and takes their items as they are.
 */
const placed = new WeakMap<Slice, { readonly dy: number; readonly items: readonly PageItem[] }>();

/** The slice's items moved down by `dy`. */
function shifted(slice: Slice, dy: number): readonly PageItem[] {
  const remembering = memosAnswer();
  const last = remembering ? placed.get(slice) : undefined;
  if (last?.dy === dy) return last.items;
  const items = slice.items.map((item) => shift(item, dy));
  if (remembering) placed.set(slice, { dy, items });
  return items;
}

/**
 * A table header repeated on a continuation page, before `before`: the same words again, so not
 * read twice. Named by the slice it goes before, whose own name holds its header (kept-layout.ts).
 */
function repeatedBefore(before: Slice, header: Slice): Slice {
  const items = header.items.map((item): PageItem => {
    if (item.kind === 'anchor') return item;
    const { structure: _read, ...rest } = item;
    return { ...rest, artifact: { type: 'Pagination' } };
  });
  return { ...header, items: named(items, madeOf('header repeated before', before.items)) };
}

/** Groups slices into chains that must not be split by a page break. */
function chains(slices: readonly Slice[]): Slice[][] {
  const result: Slice[][] = [];
  let current: Slice[] = [];
  for (const slice of slices) {
    if (slice.pageBreakBefore && current.length > 0) {
      result.push(current);
      current = [];
    }
    current.push(slice);
    if (!slice.keepWithNext) {
      result.push(current);
      current = [];
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

const chainHeight = (chain: readonly Slice[]): number =>
  chain.reduce((sum, slice, index) => sum + slice.height + (index === 0 ? 0 : slice.spaceBefore), 0);

/**
 * Places slices from `top` down to `top + bodyHeight`, returning the pages' items, each page's
 * named by its slices' items and where they went (model/made-from.ts) when all of theirs are.
 * A chain taller than a page is split where it must be, so the flow always terminates.
 */
export function paginate(slices: readonly Slice[], top: number, bodyHeight: number): PageItem[][] {
  const pages: PageItem[][] = [[]];
  /** Each page's slices' items and how far each went down, as madeOf takes them. */
  const placings: (readonly PageItem[] | number)[][] = [[]];
  let y = 0;
  const newPage = (): void => {
    pages.push([]);
    placings.push([]);
    y = 0;
  };
  const place = (slice: Slice, atTop: boolean): void => {
    const gap = atTop ? 0 : slice.spaceBefore;
    const page = pages[pages.length - 1]!;
    const dy = top + y + gap;
    for (const item of shifted(slice, dy)) page.push(item);
    placings[placings.length - 1]!.push(slice.items, dy);
    y += gap + slice.height;
  };
  const breakBefore = (slice: Slice): void => {
    newPage();
    if (slice.repeatOnBreak) place(repeatedBefore(slice, slice.repeatOnBreak), true);
  };

  for (const chain of chains(slices)) {
    const first = chain[0]!;
    if (first.pageBreakBefore && y > 0) newPage();
    const needed = chainHeight(chain) + (y === 0 ? 0 : first.spaceBefore);
    if (y > 0 && y + needed > bodyHeight && chainHeight(chain) <= bodyHeight) breakBefore(first);
    for (const slice of chain) {
      if (y > 0 && y + slice.spaceBefore + slice.height > bodyHeight) breakBefore(slice);
      place(slice, y === 0);
    }
  }
  return pages.map((page, index) => named(page, madeOf('paginated', ...placings[index]!)));
}
