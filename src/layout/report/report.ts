/**
 * layout: Report → laid-out A4 pages: cover, table of contents, sections, running header and
 * footer, and the outline (bookmarks). Pure: fonts in, positions out.
 */
import { memosAnswer } from '../../cache/memo.js';
import type { Block, Report } from '../../model/document.js';
import { madeOf, named } from '../../model/made-from.js';
import type { Artifact, LaidOutPage, LaidOutReport, OutlineEntry, PageItem, StructurePath } from '../../model/pages.js';
import { measureText, type TextStyle } from '../text/index.js';
import { child, layoutBlock, lineBaseline, lineItem, runItem, setText, type Frame, type Place, type TextBox } from './blocks.js';
import { paginate, type Slice } from './flow.js';
import { rememberedPages, rememberedSlices, rememberedValues } from './kept-layout.js';
import type { ReportStyles } from './style.js';

export const A4 = { width: 595.28, height: 841.89 } as const;
const MM = 72 / 25.4;
/** The cover's band along the top edge, in the accent colour; it runs into the bleed in print. */
export const COVER_BAND = 9 * MM;

export interface Margins {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

interface Heading {
  readonly title: string;
  readonly target: string;
  readonly level: 1 | 2;
}

export function layoutReport(report: Report, styles: ReportStyles, marginsMm: Margins): LaidOutReport {
  const margins = { top: marginsMm.top * MM, bottom: marginsMm.bottom * MM, left: marginsMm.left * MM, right: marginsMm.right * MM };
  const frame: Frame = { x: margins.left, width: A4.width - margins.left - margins.right };
  const bodyHeight = A4.height - margins.top - margins.bottom;

  const headings: Heading[] = [];
  const slices: Slice[] = [];
  const afterHeading = keepAfterHeadings();
  report.sections.forEach((section, sectionIndex) => {
    const target = `section-${sectionIndex + 1}`;
    const sect = child([], 'Sect', `s${sectionIndex + 1}`);
    headings.push({ title: section.title, target, level: 1 });
    const title = () => sectionTitle(section.title, section.subtitle, target, frame, styles, sect);
    slices.push(...afterHeading(rememberedSlices(JSON.stringify(['section title', section.title, section.subtitle, target, frame, sect]), styles, title), true));
    let subIndex = 0;
    section.blocks.forEach((block, blockIndex) => {
      const blockSlices = rememberedBlock(block, frame, styles, { parent: sect, key: `s${sectionIndex + 1}.${blockIndex + 1}` });
      if (isLevel2(block)) {
        const subTarget = `${target}.${++subIndex}`;
        headings.push({ title: block.text, target: subTarget, level: 2 });
        const first = blockSlices[0];
        if (first) blockSlices[0] = anchored(first, subTarget);
      }
      slices.push(...afterHeading(blockSlices, block.kind === 'heading'));
    });
  });

  const bodyPages = paginate(slices, margins.top, bodyHeight);
  const tocEntries = report.tocTitle ? headings : [];
  // The contents' length does not depend on the page numbers it shows: its pages are counted from its titles' heights.
  const contents: Contents | undefined = report.tocTitle ? { title: report.tocTitle, entries: tocEntries, frame, margins, bodyHeight, styles } : undefined;
  const { spacing, pageCount: tocPageCount } = contents ? contentsSetting(contents) : { spacing: USUAL_TOC_SPACING, pageCount: 0 };
  const firstBodyPage = 1 + tocPageCount;
  const pageOf = new Map<string, number>();
  bodyPages.forEach((items, index) => {
    for (const item of items) if (item.kind === 'anchor') pageOf.set(item.name, firstBodyPage + index);
  });
  const toc = contents ? tocPages(contents, pageOf, spacing) : [];

  const sectionOnPage = (pageIndex: number): string => {
    let title = '';
    for (const heading of headings) if (heading.level === 1 && (pageOf.get(heading.target) ?? Infinity) <= pageIndex) title = heading.title;
    return title;
  };
  const pages: LaidOutPage[] = [
    { items: rememberedPages(JSON.stringify(['cover', report.cover, frame, margins.bottom]), styles, () => [coverPage(report.cover, frame, styles, margins.bottom)])[0]! },
    ...toc.map((items, index) => withFurniture(items, pageFurniture(1 + index, report.meta.title, report.tocTitle ?? '', frame, margins, styles))),
    ...bodyPages.map((items, index) => withFurniture(items, pageFurniture(firstBodyPage + index, report.meta.title, sectionOnPage(firstBodyPage + index), frame, margins, styles))),
  ];
  const tocEntry: OutlineEntry[] = report.tocTitle ? [{ title: report.tocTitle, target: 'contents', pageIndex: 1, children: [] }] : [];
  return { width: A4.width, height: A4.height, pages, outline: [...tocEntry, ...outline(headings, pageOf)] };
}

/** A page of `items` with its running header and footer, named by what made both (model/made-from.ts). */
const withFurniture = (items: readonly PageItem[], furniture: readonly PageItem[]): LaidOutPage => ({
  items: named([...items, ...furniture], madeOf('with furniture', items, furniture)),
});

/**
 * A block's slices, laid out before (kept-blocks.ts) or now. A picture's bytes are not spelt out
 * in a key: image blocks are laid out every time, which is quick.
 */
function rememberedBlock(block: Block, frame: Frame, styles: ReportStyles, at: Place): Slice[] {
  if (block.kind === 'image') return layoutBlock(block, frame, styles, at);
  return rememberedSlices(JSON.stringify(['block', block, frame, at]), styles, () => layoutBlock(block, frame, styles, at));
}

/**
 * A change to a slice that gives the same new slice for the same slice and `detail` from build to
 * build, as the slices themselves are remembered (kept-layout.ts): flow.ts and verify.ts find what
 * they placed and checked before, and a rebuild does not place nor check it again.
 */
function sameFromBuildToBuild(change: (slice: Slice, detail: string) => Slice): (slice: Slice, detail: string) => Slice {
  const changed = new WeakMap<Slice, { readonly detail: string; readonly slice: Slice }>();
  return (slice, detail) => {
    const remembering = memosAnswer();
    const last = remembering ? changed.get(slice) : undefined;
    if (last?.detail === detail) return last.slice;
    const made = change(slice, detail);
    if (remembering) changed.set(slice, { detail, slice: made });
    return made;
  };
}

/** The first slice of a subsection's heading, with the anchor its entry in the contents and the outline links to. */
const anchored = sameFromBuildToBuild((slice, name) => ({ ...slice, items: named([{ kind: 'anchor', y: 0, name }, ...slice.items], madeOf('anchored', name, slice.items)) }));
const keptWithNext = sameFromBuildToBuild((slice) => ({ ...slice, keepWithNext: true }));

/** Lines of what follows that a heading keeps with on its page. */
const LINES_AFTER_HEADING = 2;

/**
 * Chains each heading to the first LINES_AFTER_HEADING slices after it (lines, or table rows),
 * also when the block after it is shorter: a heading over a one-line paragraph keeps the next
 * block's first line too, so no heading stands at a page's foot over a single line. Headings keep
 * with their first slice themselves; this adds the links the following blocks do not make.
 */
function keepAfterHeadings(): (slices: readonly Slice[], heading: boolean) => Slice[] {
  let owed = 0;
  return (slices, heading) => {
    if (heading) {
      owed = LINES_AFTER_HEADING;
      return [...slices];
    }
    return slices.map((slice) => {
      if (owed === 0) return slice;
      owed--;
      return owed > 0 ? keptWithNext(slice, '') : slice;
    });
  };
}

const isLevel2 = (block: Block): block is Extract<Block, { kind: 'heading' }> => block.kind === 'heading' && block.level === 2;

function outline(headings: readonly Heading[], pageOf: ReadonlyMap<string, number>): OutlineEntry[] {
  const result: { title: string; target: string; pageIndex: number; children: OutlineEntry[] }[] = [];
  for (const heading of headings) {
    const entry = { title: heading.title, target: heading.target, pageIndex: pageOf.get(heading.target) ?? 0, children: [] };
    if (heading.level === 1 || result.length === 0) result.push(entry);
    else result[result.length - 1]!.children.push(entry);
  }
  return result;
}

function sectionTitle(title: string, subtitle: string | undefined, target: string, frame: Frame, styles: ReportStyles, sect: StructurePath): Slice[] {
  const { colors } = styles;
  const id = sect.at(-1)!.id;
  const box = setText(title, styles.h1, { width: frame.width, align: 'start' }, 1.4);
  const heading = child(sect, 'H1', `${id}.title`);
  const items: PageItem[] = [
    { kind: 'anchor', y: 0, name: target },
    { kind: 'rect', x: frame.x, y: 0, width: 36, height: 3, fill: colors.accent },
    ...box.lines.map((line, i) => lineItem(line, frame.x, 14 + i * box.lineHeight, box.lineHeight, colors.text, heading)),
  ];
  let height = 14 + box.height;
  if (subtitle) {
    const sub = setText(subtitle, styles.h1Sub, { width: frame.width, align: 'start' }, 1.5);
    const p = child(sect, 'P', `${id}.subtitle`);
    items.push(...sub.lines.map((line, i) => lineItem(line, frame.x, height + i * sub.lineHeight, sub.lineHeight, colors.muted, p)));
    height += sub.height;
  }
  return [{ height: height + styles.body.size * 0.6, items, spaceBefore: 0, keepWithNext: true, pageBreakBefore: true }];
}

/**
 * The cover: title and subtitle from 30 % of the height, the event's lines at the foot. Every line
 * keeps its own height (a long line wraps), the foot sits above the bottom margin, and the title
 * steps down in size until it clears the foot: nothing overlaps, whatever the theme and content.
 */
function coverPage(cover: Report['cover'], frame: Frame, styles: ReportStyles, bottomMargin: number): PageItem[] {
  const { colors } = styles;
  const sect = child([], 'Sect', 'cover');
  const items: PageItem[] = [
    // A band of the accent colour along the top edge, over the full width: in print it runs on into the bleed.
    { kind: 'rect', x: 0, y: 0, width: A4.width, height: COVER_BAND, fill: colors.accent, bleed: ['top', 'left', 'right'] },
    { kind: 'rect', x: frame.x, y: A4.height * 0.3, width: 64, height: 5, fill: colors.accent },
  ];
  const footLines = cover.lines.map((text) => setText(text, styles.coverSub, { width: frame.width, align: 'start' }, 1.6));
  const footHeight = footLines.reduce((sum, line) => sum + line.height, 0);
  const footTop = Math.min(A4.height * 0.78, A4.height - bottomMargin - footHeight);
  const titleTop = A4.height * 0.3 + 28;
  const subtitle = cover.subtitle ? setText(cover.subtitle, styles.coverSub, { width: frame.width, align: 'start' }, 1.5) : undefined;
  const room = footTop - 24 - titleTop - (subtitle ? subtitle.height + 10 : 0);
  const titleAt = (size: number): TextBox => setText(cover.title, { ...styles.coverTitle, size }, { width: frame.width, align: 'start' }, 1.35);
  let title = titleAt(styles.coverTitle.size);
  for (let size = styles.coverTitle.size - 1; title.height > room && size >= styles.coverSub.size; size--) title = titleAt(size);
  let top = titleTop;
  const heading = child(sect, 'H1', 'cover.title');
  title.lines.forEach((line, i) => items.push(lineItem(line, frame.x, top + i * title.lineHeight, title.lineHeight, colors.text, heading)));
  top += title.height + 10;
  if (subtitle) {
    const p = child(sect, 'P', 'cover.subtitle');
    subtitle.lines.forEach((line, i) => items.push(lineItem(line, frame.x, top + i * subtitle.lineHeight, subtitle.lineHeight, colors.accent, p)));
  }
  items.push({ kind: 'rule', x: frame.x, y: footTop - 12, width: frame.width, thickness: 0.5, color: colors.rule });
  let footY = footTop;
  footLines.forEach((line, i) => {
    const p = child(sect, 'P', `cover.line${i + 1}`);
    line.lines.forEach((l, k) => items.push(lineItem(l, frame.x, footY + k * line.lineHeight, line.lineHeight, i === 0 ? colors.text : colors.muted, p)));
    footY += line.height;
  });
  return items;
}

/** Line steps of the contents' entries, in ems of their size: sections, then subsections. */
type TocSpacing = readonly [number, number];
const USUAL_TOC_SPACING: TocSpacing = [2.2, 1.75];
/** Tried, loosest first, only to keep a last page of contents from holding a few entries alone. */
const TIGHTER_TOC_SPACINGS: readonly TocSpacing[] = [
  [2.0, 1.6],
  [1.85, 1.5],
];
/** Fewer entries than this alone on the last page of contents is a page wasted. */
const FEWEST_ON_LAST_PAGE = 4;

/** How the contents are set whatever page numbers they show: their line steps, and the pages they take. */
interface ContentsSetting {
  readonly spacing: TocSpacing;
  readonly pageCount: number;
}

/** Contents' settings worked out before (kept-layout.ts): a few reports' worth. */
const rememberedSettings = rememberedValues<ContentsSetting>('contents-settings', 150);

/**
 * The contents' setting, as worked out before for these entries or now, from their titles'
 * heights: the contents are laid out once, with their page numbers, and after an edit that changes
 * no heading their setting is a lookup.
 */
function contentsSetting(contents: Contents): ContentsSetting {
  const { title, entries, frame, margins, bodyHeight, styles } = contents;
  const input = JSON.stringify(['contents setting', title, entries, frame, margins, bodyHeight]);
  return rememberedSettings(input, styles, () => {
    // The loosest spacing that sets the contents on as few pages as any, when the usual one leaves a few entries alone on a page.
    const usual = entriesPerPage(contents, USUAL_TOC_SPACING);
    if (usual.length > 1 && (usual[usual.length - 1] ?? 0) < FEWEST_ON_LAST_PAGE) {
      for (const spacing of TIGHTER_TOC_SPACINGS) {
        const pageCount = entriesPerPage(contents, spacing).length;
        if (pageCount < usual.length) return { spacing, pageCount };
      }
    }
    return { spacing: USUAL_TOC_SPACING, pageCount: usual.length };
  });
}

/**
 * The number of entries on each page of the contents at `spacing`: pagination needs the heights
 * of their titles alone, which the page numbers they show do not change, each entry counted by its link.
 */
function entriesPerPage(contents: Contents, spacing: TocSpacing): number[] {
  const { title, entries, frame, margins, bodyHeight, styles } = contents;
  const heading = sectionTitle(title, undefined, 'contents', frame, styles, child([], 'Sect', 'contents'));
  const rows = entries.map((entry, index): Slice => {
    const { box } = entryTitle(entry, contents, spacing);
    return { height: box.height, items: [{ kind: 'link', x: frame.x, y: 0, width: frame.width, height: box.height, target: entry.target }], spaceBefore: entrySpace(entry, index, styles), keepWithNext: false };
  });
  return paginate([...heading, ...rows], margins.top, bodyHeight).map((items) => items.filter((item) => item.kind === 'link').length);
}

/** An entry's title set in the contents: its style, indent and line step, and its lines. */
function entryTitle(entry: Heading, { frame, styles }: Contents, spacing: TocSpacing): { style: TextStyle; indent: number; step: number; box: TextBox } {
  const style = entry.level === 1 ? styles.h3 : styles.body;
  const indent = entry.level === 1 ? 0 : 2 * styles.body.size;
  const step = style.size * (entry.level === 1 ? spacing[0] : spacing[1]);
  return { style, indent, step, box: setText(entry.title, style, { width: frame.width - indent - 4 * style.size, align: 'start' }, step / style.size) };
}

/** Space above an entry: a little above each section's but the first. */
const entrySpace = (entry: Heading, index: number, styles: ReportStyles): number => (entry.level === 1 && index > 0 ? styles.body.size * 0.3 : 0);

/** What the contents are laid out from, besides the page numbers they show and their spacing. */
interface Contents {
  readonly title: string;
  readonly entries: readonly Heading[];
  readonly frame: Frame;
  readonly margins: Margins;
  readonly bodyHeight: number;
  readonly styles: ReportStyles;
}

/** The contents' pages (see tocPageItems), as laid out before with these entries and page numbers, or laid out now. */
function tocPages(contents: Contents, pageOf: ReadonlyMap<string, number>, spacing: TocSpacing): (readonly PageItem[])[] {
  const { title, entries, frame, margins, bodyHeight, styles } = contents;
  const numbers = entries.map((entry) => pageOf.get(entry.target));
  const input = JSON.stringify(['contents', title, entries, numbers, frame, margins, bodyHeight, spacing]);
  return rememberedPages(input, styles, () => tocPageItems(contents, pageOf, spacing));
}

function tocPageItems(contents: Contents, pageOf: ReadonlyMap<string, number>, spacing: TocSpacing): PageItem[][] {
  const { title, entries, frame, margins, bodyHeight, styles } = contents;
  const { colors } = styles;
  const sect = child([], 'Sect', 'contents');
  const heading = sectionTitle(title, undefined, 'contents', frame, styles, sect);
  const toc = child(sect, 'TOC', 'contents.toc');
  const rows = entries.map((entry, index): Slice => {
    // Each entry is a link (its title and page number) inside a TOC item.
    const link = child(child(toc, 'TOCI', `contents.${index + 1}`), 'Link', `contents.${index + 1}.link`);
    const { style, indent, step, box } = entryTitle(entry, contents, spacing);
    const pageNumber = String((pageOf.get(entry.target) ?? 0) + 1);
    const numberWidth = measureText(pageNumber, style);
    const lastLine = box.lines[box.lines.length - 1];
    const lastTop = (box.lines.length - 1) * step;
    const baseline = lineBaseline(lastTop, step, style.size);
    const leaderStart = frame.x + indent + (lastLine?.width ?? 0) + style.size * 0.5;
    const leaderEnd = frame.x + frame.width - numberWidth - style.size * 0.5;
    const items: PageItem[] = [
      ...box.lines.map((line, i) => lineItem(line, frame.x + indent, i * step, step, colors.text, link)),
      // The leader is drawn, not typed: copying the contents gives titles and numbers only.
      { kind: 'rule', x: leaderStart, y: baseline, width: Math.max(0, leaderEnd - leaderStart), thickness: 0.8, color: colors.muted, dash: [0.8, 2.4] },
      runItem(pageNumber, style, frame.x + frame.width - numberWidth, baseline, colors.text, link),
      { kind: 'link', x: frame.x, y: 0, width: frame.width, height: box.height, target: entry.target, structure: link },
    ];
    return { height: box.height, items, spaceBefore: entrySpace(entry, index, styles), keepWithNext: false };
  });
  return paginate([...heading, ...rows], margins.top, bodyHeight);
}

/** `text`, or as much of it as fits `width` followed by …, for a line that must stay one line. */
function fitted(text: string, style: Parameters<typeof measureText>[1], width: number): string {
  if (measureText(text, style) <= width) return text;
  const characters = [...text];
  while (characters.length > 1 && measureText(`${characters.join('')}…`, style) > width) characters.pop();
  return `${characters.join('')}…`;
}

/** A page's running header and footer, as set before for this page, title and section, or set now. */
function pageFurniture(pageIndex: number, docTitle: string, section: string, frame: Frame, margins: Margins, styles: ReportStyles): readonly PageItem[] {
  const input = JSON.stringify(['header and footer', pageIndex, docTitle, section, frame, margins]);
  return rememberedPages(input, styles, () => [headerAndFooter(pageIndex, docTitle, section, frame, margins, styles)])[0]!;
}

function headerAndFooter(pageIndex: number, docTitle: string, section: string, frame: Frame, margins: Margins, styles: ReportStyles): PageItem[] {
  const { colors, small } = styles;
  const headerBaseline = margins.top - 16;
  // Title and section share the header line: each keeps to its half, shortened with … if it must.
  const half = frame.width / 2 - small.size;
  const title = fitted(docTitle, small, half);
  const sectionTitle = fitted(section, small, half);
  const sectionWidth = measureText(sectionTitle, small);
  const number = `— ${pageIndex + 1} —`; // pages are counted from the cover, as printed
  const header: Artifact = { type: 'Pagination', subtype: 'Header' };
  const footer: Artifact = { type: 'Pagination', subtype: 'Footer' };
  const items: PageItem[] = [
    runItem(title, small, frame.x, headerBaseline, colors.muted),
    runItem(sectionTitle, small, frame.x + frame.width - sectionWidth, headerBaseline, colors.muted),
    { kind: 'rule', x: frame.x, y: headerBaseline + 6, width: frame.width, thickness: 0.4, color: colors.rule },
    runItem(number, small, frame.x + (frame.width - measureText(number, small)) / 2, A4.height - margins.bottom + 28, colors.muted),
  ];
  return items.map((item, index) => ({ ...item, artifact: index < 3 ? header : footer }));
}
