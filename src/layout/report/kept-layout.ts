/**
 * The report's blocks as laid out, and the pages made whole (cover, contents, running header and
 * footer), remembered in this process and kept on disk for the next one (cache/kept.ts): a fresh
 * process after an edit of one paragraph lays out that paragraph alone, and takes every other
 * block's slices as a build before it laid them out. On disk an item names
 * its runs' faces by their place among the styles' faces, and the styles by their fonts' digests,
 * sizes and colours: a block is taken only for the very block, place, frame and styles it was
 * laid out with.
 */
import { cacheKey } from '../../cache/disk.js';
import { keptFaceName, keptResults, writtenAfterLayout } from '../../cache/kept.js';
import { identityOf, memo, memosAnswer } from '../../cache/memo.js';
import { named as namedBy } from '../../model/made-from.js';
import type { PageItem } from '../../model/pages.js';
import type { FontFace, PlacedRun, TextStyle } from '../text/types.js';
import type { Slice } from './flow.js';
import type { ReportStyles } from './style.js';

type TextItem = Extract<PageItem, { kind: 'text' }>;

/** A run as kept: its style as the index of its face among the styles' faces, and its size. */
interface KeptRun extends Omit<PlacedRun, 'style'> {
  readonly style: readonly [face: number, size: number];
}
type KeptItem = Exclude<PageItem, TextItem> | (Omit<TextItem, 'runs'> & { readonly runs: readonly KeptRun[] });
interface KeptSlice extends Omit<Slice, 'items' | 'repeatOnBreak'> {
  readonly items: readonly KeptItem[];
  readonly repeatOnBreak?: KeptSlice;
}

/** What slices are laid out with besides their own input: the styles, as this process and as the disk names them. */
interface StylesNamed {
  /** The distinct faces of the styles, in the order kept runs name them. */
  readonly faces: readonly FontFace[];
  /** Each style by its face's index and its size, to give a kept run back a style of this process. */
  readonly byFaceAndSize: Map<string, TextStyle>;
  readonly remembered: string;
  /** A digest of the faces' fonts and the styles' settings; undefined when a face has no bytes to name it by (made for a test): nothing is kept on disk then. */
  readonly kept: string | undefined;
}

const isTextStyle = (value: unknown): value is TextStyle => typeof value === 'object' && value !== null && 'face' in value && 'size' in value;

const named = new WeakMap<ReportStyles, StylesNamed>();

function stylesNamed(styles: ReportStyles): StylesNamed {
  let known = named.get(styles);
  if (known) return known;
  const entries = Object.entries(styles);
  const faces = [...new Set(entries.flatMap(([, value]) => (isTextStyle(value) ? [value.face] : [])))];
  const byFaceAndSize = new Map<string, TextStyle>();
  for (const [, value] of entries) if (isTextStyle(value)) byFaceAndSize.set(`${faces.indexOf(value.face)}|${value.size}`, value);
  const faceNames = faces.map(keptFaceName);
  // Every setting of the styles, each text style as its face's index and its size.
  const settings = entries.map(([name, value]) => [name, isTextStyle(value) ? [faces.indexOf(value.face), value.size] : value]);
  known = {
    faces,
    byFaceAndSize,
    remembered: String(identityOf(styles)),
    kept: faceNames.every((name) => name !== undefined) ? cacheKey(JSON.stringify([faceNames, settings])) : undefined,
  };
  named.set(styles, known);
  return known;
}

/** `items` as kept, or undefined when a run's face is none of the styles' (it could not be given back). */
function keptItems(items: readonly PageItem[], faces: readonly FontFace[]): KeptItem[] | undefined {
  const kept: KeptItem[] = [];
  for (const item of items) {
    if (item.kind !== 'text') {
      kept.push(item);
      continue;
    }
    const runs: KeptRun[] = [];
    for (const run of item.runs) {
      const face = faces.indexOf(run.style.face);
      if (face < 0) return undefined;
      runs.push({ ...run, style: [face, run.style.size] });
    }
    kept.push({ ...item, runs });
  }
  return kept;
}

/** Kept items with this process's styles: one of the report's own where it has that face and size. */
function restoredItems(kept: readonly KeptItem[], named: StylesNamed): PageItem[] {
  const styleOf = ([face, size]: KeptRun['style']): TextStyle => {
    const key = `${face}|${size}`;
    let style = named.byFaceAndSize.get(key);
    if (!style) named.byFaceAndSize.set(key, (style = { face: named.faces[face]!, size }));
    return style;
  };
  return kept.map((item): PageItem => (item.kind === 'text' ? { ...item, runs: item.runs.map((run) => ({ ...run, style: styleOf(run.style) })) } : item));
}

function keptSlice(slice: Slice, faces: readonly FontFace[]): KeptSlice | undefined {
  const { repeatOnBreak, ...rest } = slice;
  const items = keptItems(slice.items, faces);
  const repeated = repeatOnBreak && keptSlice(repeatOnBreak, faces);
  if (!items || (repeatOnBreak && !repeated)) return undefined;
  return { ...rest, items, ...(repeated ? { repeatOnBreak: repeated } : {}) };
}

function restoredSlice(kept: KeptSlice, named: StylesNamed): Slice {
  const { repeatOnBreak, ...rest } = kept;
  return { ...rest, items: restoredItems(kept.items, named), ...(repeatOnBreak ? { repeatOnBreak: restoredSlice(repeatOnBreak, named) } : {}) };
}

/** How one kind of layout is kept: as its parts, each turned into what JSON carries and back, and its items named by what made them (model/made-from.ts). */
interface Keeping<T, K> {
  readonly kept: (part: T, faces: readonly FontFace[]) => K | undefined;
  readonly restored: (kept: K, named: StylesNamed) => T;
  /** Names the part's items by `digest`, which names the whole part (a slice's header to repeat too). */
  readonly name: (part: T, digest: string) => void;
}

/**
 * Layout of one kind, remembered in this process (least recently used first out) and kept on disk
 * (computed by report layout, the text engine and the grid): `remembered(input, styles, layout)`
 * gives the parts `layout` makes with `styles` of what `input` spells out (JSON of everything else
 * it lays out with), as laid out before in this process or a process before it, or laid out now.
 * `input` must not hold a picture's bytes.
 */
function rememberedLayout<T, K>(kind: string, limit: number, keeping: Keeping<T, K>): (input: string, styles: ReportStyles, layout: () => T[]) => T[] {
  const laidOut = memo<readonly T[]>(limit);
  const keptParts = writtenAfterLayout(keptResults<readonly K[]>(kind, LAYOUT_CODE, [], limit));
  return (input, styles, layout) => {
    const named = stylesNamed(styles);
    const parts = laidOut(`${named.remembered}|${input}`, () => {
      const diskKey = memosAnswer() && named.kept !== undefined ? `${named.kept}|${input}` : undefined;
      if (diskKey === undefined) return layout();
      // The key on disk spells out all the parts are made from but the code that made them, which names the store.
      const digest = cacheKey(keptParts.entryName(), diskKey);
      const nameParts = (parts: T[]): T[] => {
        parts.forEach((part, index) => keeping.name(part, `${digest}.${index}`));
        return parts;
      };
      const known = keptParts.get(diskKey);
      if (known) return nameParts(known.map((part) => keeping.restored(part, named)));
      const computed = layout();
      const kept = computed.map((part) => keeping.kept(part, named.faces));
      if (kept.every((part) => part !== undefined)) keptParts.set(diskKey, kept);
      return nameParts(computed);
    });
    return [...parts];
  };
}

/** The code that lays out what these stores keep. */
const LAYOUT_CODE = ['layout/report', 'layout/text', 'layout/grid', 'model/document'];

/**
 * A value layout works out that JSON carries as it is (no items: a setting, a count), remembered
 * and kept on disk as layout's parts are: `remembered(input, styles, compute)` gives what
 * `compute` gives with `styles` for what `input` spells out, as worked out before or now.
 */
export function rememberedValues<V>(kind: string, limit: number): (input: string, styles: ReportStyles, compute: () => V) => V {
  const remembered = memo<V>(limit);
  const kept = writtenAfterLayout(keptResults<V>(kind, LAYOUT_CODE, [], limit));
  return (input, styles, compute) => {
    const named = stylesNamed(styles);
    return remembered(`${named.remembered}|${input}`, () => {
      return kept.resultFor(memosAnswer() && named.kept !== undefined ? `${named.kept}|${input}` : undefined, compute);
    });
  };
}

/**
 * A block's slices (or a section's title): a rebuild after an edit lays out again only the blocks
 * it changed, then paginates them all. A few reports' worth are kept (a few KB each), not thousands.
 */
export const rememberedSlices = rememberedLayout<Slice, KeptSlice>('report-blocks', 400, { kept: keptSlice, restored: restoredSlice, name: (slice, digest) => namedBy(slice.items, digest) });

/** The items of whole pages, or of each page of a part (the contents, a page's header and footer, the cover). */
export const rememberedPages = rememberedLayout<readonly PageItem[], readonly KeptItem[]>('report-pages', 150, { kept: keptItems, restored: restoredItems, name: namedBy });
