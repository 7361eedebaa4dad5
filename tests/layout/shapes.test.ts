/**
 * Layout holds for any shape of content: 1 to 16 key figures, several blocks on one slide, long
 * lists. Checked on the laid-out deck and report (positions, sizes, what is on which slide) and on
 * a real .pptx and .pdf of twelve figures.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocksOf } from '../../src/compose/blocks.js';
import { parseMarkup } from '../../src/compose/markup.js';
import { FIGURE_FLOOR } from '../../src/layout/deck/blocks.js';
import { FOOTER_Y, layoutDeck } from '../../src/layout/deck/deck.js';
import { paragraphLines } from '../../src/layout/deck/measure.js';
import { verifyDeck } from '../../src/layout/deck/verify.js';
import { REPORT_FIGURE_FLOOR } from '../../src/layout/report/blocks.js';
import { layoutReport } from '../../src/layout/report/report.js';
import { reportStyles } from '../../src/layout/report/style.js';
import { verifyReport } from '../../src/layout/report/verify.js';
import type { BigFigure, Block, Deck, Report } from '../../src/model/document.js';
import type { PageItem } from '../../src/model/pages.js';
import type { Box, LaidOutDeck, LaidOutSlide, SlideShape, TextParagraph } from '../../src/model/slides.js';
import { renderPdf } from '../../src/render/pdf/render.js';
import { renderPptx } from '../../src/render/pptx/render.js';
import { readPdf } from '../support/pdf.js';
import { readPptx } from '../support/pptx.js';
import { CONTENTS, laidOut, root } from '../support/layout.js';

const { project } = laidOut(CONTENTS.real);
const { theme, fonts } = project;
const faces = fonts[theme.deck.font];
const { colors } = theme;
const meta = { title: '形状测试', author: '测试', subject: '测试', keywords: [], lang: 'zh-CN' };

/** Short numbers (as most events have), and long ones with qualifiers and suffixes. */
const SHORT: readonly BigFigure[] = [
  { value: '43', unit: '个', label: '签约项目' },
  { value: '9', unit: '家', label: '世界500强企业' },
  { value: '26', unit: '所', label: '高校' },
  { value: '118', unit: '项', label: '科技成果' },
];
const LONG: readonly BigFigure[] = [
  { qualifier: '近', value: '1012.4', unit: '亿元', suffix: '以上', label: '总投资额' },
  { qualifier: '超', value: '300', unit: '家', label: '世界500强及行业龙头企业入驻' },
  { qualifier: '约', value: '25.6', unit: '万平方米', label: '建筑面积' },
  { qualifier: '逾', value: '5000', unit: '人', suffix: '左右', label: '科研人员' },
];
/** `count` figures, each value told apart by its index so each can be found again. */
const figures = (count: number, kind: readonly BigFigure[]): BigFigure[] =>
  Array.from({ length: count }, (_, i) => {
    const base = kind[i % kind.length]!;
    return { ...base, value: `${base.value}${i >= kind.length ? i : ''}`, label: `${base.label}${i + 1}` };
  });

const COUNTS = [1, 3, 4, 6, 12, 16] as const;
const KINDS = [
  ['short', SHORT],
  ['long', LONG],
] as const;
const CASES = COUNTS.flatMap((count) => KINDS.map(([name, kind]) => [count, name, kind] as const));

const content = (title: string, blocks: readonly Block[]): Deck['slides'][number] => ({ layout: 'content', title, blocks, notes: [] });
const deckOf = (...slides: Deck['slides']): LaidOutDeck => layoutDeck({ meta, slides }, theme, faces);
const reportOf = (blocks: readonly Block[]): Report => ({ meta, cover: { title: '形状测试', lines: [] }, sections: [{ title: '关键数字', blocks }] });
const laidReport = (report: Report) => layoutReport(report, reportStyles(theme, fonts), theme.report.margins);

type TextShape = Extract<SlideShape, { kind: 'text' }>;
const textOf = (p: TextParagraph): string => p.runs.map((r) => r.text).join('');
const overlaps = (a: Box, b: Box): boolean => Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 1e-6 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 1e-6;
/** A figure's box: the panel under its number and label. */
const panels = (slide: LaidOutSlide): Box[] => slide.shapes.filter((s) => s.kind === 'rect' && s.fill === colors.panel);
/** A figure's number: centred bold text in the accent colour. */
const numbers = (slide: LaidOutSlide): TextShape[] =>
  slide.shapes.filter((s): s is TextShape => s.kind === 'text' && s.paragraphs.some((p) => p.align === 'center' && p.runs.some((r) => r.bold && r.color === colors.accent)));
/** What a slide shows below its title and above its footer. */
const body = (slide: LaidOutSlide): SlideShape[] => {
  const rule = slide.shapes.find((s) => s.kind === 'rect' && s.h < 0.02);
  return slide.shapes.filter((s) => s.y > (rule?.y ?? 0) && s.y < FOOTER_Y);
};
/** Items per row of a grid of boxes, top row first. */
const rowCounts = (boxes: readonly Box[]): number[] => {
  const rows = new Map<number, number>();
  for (const box of boxes) rows.set(Math.round(box.y * 100), (rows.get(Math.round(box.y * 100)) ?? 0) + 1);
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, count]) => count);
};

describe('key figures in the deck', () => {
  it.each(CASES)('%i %s figures: a balanced grid of boxes that do not overlap, on the slide above the footer, numbers ≥ 32 pt on one line', (count, _name, kind) => {
    const items = figures(count, kind);
    const deck = deckOf(content(`${count}个关键数字`, [{ kind: 'figures', items }]));
    expect(verifyDeck(deck, faces)).toEqual([]);
    expect(deck.warnings).toEqual([]);
    const shown: string[] = [];
    for (const slide of deck.slides) {
      const boxes = panels(slide);
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
      for (const shape of body(slide)) {
        expect(shape.x).toBeGreaterThanOrEqual(0);
        expect(shape.x + shape.w).toBeLessThanOrEqual(deck.width);
        expect(shape.y + shape.h).toBeLessThanOrEqual(FOOTER_Y);
      }
      // Rows as full as each other: 6 go 3 + 3, 12 go 4 × 3, never 5 + 5 + 2.
      const rows = rowCounts(boxes);
      expect(Math.max(...rows) - Math.min(...rows)).toBeLessThanOrEqual(1);
      for (const number of numbers(slide)) {
        const paragraph = number.paragraphs[0]!;
        expect(paragraph.size).toBeGreaterThanOrEqual(FIGURE_FLOOR);
        expect(paragraphLines(paragraph, faces, number.w)).toBe(1);
        shown.push(textOf(paragraph));
      }
    }
    expect(shown).toEqual(items.map((f) => `${f.qualifier ?? ''}${f.value}${f.unit}${f.suffix ?? ''}`));
    // Slides that share the figures share them evenly: no slide with a figure or two left over.
    const perSlide = deck.slides.map((slide) => panels(slide).length);
    expect(Math.min(...perSlide)).toBeGreaterThanOrEqual(Math.max(...perSlide) / 2);
  });

  it('sets 12 short figures 4 × 3 on one slide, 16 over two slides of 4 × 2', () => {
    expect(rowCounts(panels(deckOf(content('十二个', [{ kind: 'figures', items: figures(12, SHORT) }])).slides[0]!))).toEqual([4, 4, 4]);
    expect(deckOf(content('十六个', [{ kind: 'figures', items: figures(16, SHORT) }])).slides.map((slide) => rowCounts(panels(slide)))).toEqual([
      [4, 4],
      [4, 4],
    ]);
    expect(rowCounts(panels(deckOf(content('六个', [{ kind: 'figures', items: figures(6, SHORT) }])).slides[0]!))).toEqual([3, 3]);
  });
});

describe('key figures in the report', () => {
  type TextItem = Extract<PageItem, { kind: 'text' }>;
  type RectItem = Extract<PageItem, { kind: 'rect' }>;
  const MM = 72 / 25.4;

  it.each(CASES)('%i %s figures: boxes that do not overlap, inside the page body, numbers ≥ 14 pt inside their boxes', (count, _name, kind) => {
    const items = figures(count, kind);
    const report = laidReport(reportOf([{ kind: 'paragraph', role: 'body', text: '智博会期间，科学城共签约项目43个。' }, { kind: 'figures', items }]));
    expect(verifyReport(report, theme.report.margins)).toEqual([]);
    const { margins } = theme.report;
    const bodyArea = { x: margins.left * MM, y: margins.top * MM, w: report.width - (margins.left + margins.right) * MM, h: report.height - (margins.top + margins.bottom) * MM };
    const shown: string[] = [];
    for (const page of report.pages.slice(1)) {
      const boxes = page.items.filter((i): i is RectItem => i.kind === 'rect' && i.fill === colors.panel).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height }));
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
      const rows = rowCounts(boxes);
      if (boxes.length > 0) expect(Math.max(...rows) - Math.min(...rows)).toBeLessThanOrEqual(1);
      for (const box of boxes) {
        expect(box.x).toBeGreaterThanOrEqual(bodyArea.x - 0.01);
        expect(box.x + box.w).toBeLessThanOrEqual(bodyArea.x + bodyArea.w + 0.01);
        expect(box.y + box.h).toBeLessThanOrEqual(bodyArea.y + bodyArea.h + 0.01);
      }
      const big = page.items.filter((i): i is TextItem => i.kind === 'text' && i.color === colors.accent && i.runs.some((r) => r.style.size > theme.report.sizes.h3));
      for (const number of big) {
        for (const run of number.runs) expect(run.style.size).toBeGreaterThanOrEqual(REPORT_FIGURE_FLOOR);
        const width = number.runs.reduce((sum, run) => sum + run.width, 0);
        const inBox = boxes.filter((b) => number.x >= b.x && number.x + width <= b.x + b.w && number.y > b.y && number.y < b.y + b.h);
        expect(inBox).toHaveLength(1);
        shown.push(number.runs.map((run) => run.text).join(''));
      }
    }
    // The qualifier is set in the number's run, so that the text copies out as printed (超70%).
    expect(shown).toEqual(items.map((f) => `${f.qualifier ?? ''}${f.value}`));
  });

  it('sets 12 short figures 4 × 3', () => {
    const report = laidReport(reportOf([{ kind: 'figures', items: figures(12, SHORT) }]));
    const boxes = report.pages.flatMap((page) => page.items.filter((i): i is RectItem => i.kind === 'rect' && i.fill === colors.panel)).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height }));
    expect(rowCounts(boxes)).toEqual([4, 4, 4]);
  });
});

describe('several blocks on one slide', () => {
  const items = Array.from({ length: 5 }, (_, i) => `第${i + 1}项：开展科学教学、加强科学研究、深化科学实验，建设联合实验室与创新中心`);
  const list: Block = { kind: 'list', ordered: false, items };
  const facts: Block = { kind: 'facts', items: items.map((value, i) => ({ label: `事项${i + 1}`, value })) };
  const one = (figure: BigFigure): Block => ({ kind: 'figures', items: [figure] });
  const shapes = [
    ['a list and three single figures', [list, one(LONG[0]!), one(LONG[1]!), one(LONG[2]!)]],
    ['a list and three blocks of three figures', [list, ...[0, 1, 2].map((n): Block => ({ kind: 'figures', items: figures(3 + n, LONG).slice(n) }))]],
    ['facts and six figures', [facts, { kind: 'figures', items: figures(6, LONG) }]],
    ['facts, figures and a list', [facts, { kind: 'figures', items: figures(4, SHORT) }, list]],
  ] as const;

  it.each(shapes)('%s: nothing runs off the slide or over the footer; what does not fit goes on the next slide', (_name, blocks) => {
    const deck = deckOf(content('项目概况', blocks));
    expect(verifyDeck(deck, faces)).toEqual([]);
    for (const slide of deck.slides) for (const shape of body(slide)) expect(shape.y + shape.h).toBeLessThanOrEqual(FOOTER_Y - 0.2 + 1e-9);
    const shown = deck.slides.flatMap((slide) => numbers(slide).map((n) => textOf(n.paragraphs[0]!)));
    const expected = blocks.flatMap((b) => (b.kind === 'figures' ? b.items.map((f) => `${f.qualifier ?? ''}${f.value}${f.unit}${f.suffix ?? ''}`) : []));
    expect(shown).toEqual(expected);
  });
});

describe('long lists', () => {
  const item = (i: number): string => `第${i + 1}项：开展科学教学、加强科学研究、深化科学实验，建设IBM Watson Build与V2X、5G、AI联合实验室，推动科技成果转化`;
  const listDeck = (count: number, after: readonly Block[] = []): LaidOutDeck =>
    deckOf(content('建设内容', [{ kind: 'list', ordered: true, items: Array.from({ length: count }, (_, i) => item(i)) }, ...after]));
  const itemsPerSlide = (deck: LaidOutDeck): number[] => deck.slides.map((slide) => slide.shapes.flatMap((s) => (s.kind === 'text' ? s.paragraphs : [])).filter((p) => p.bullet === 'number').length);

  it.each(Array.from({ length: 22 }, (_, i) => i + 6))('%i items: split at balanced points, no slide with one or two items', (count) => {
    const deck = listDeck(count);
    expect(verifyDeck(deck, faces)).toEqual([]);
    const parts = itemsPerSlide(deck);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(count);
    if (parts.length > 1) {
      expect(Math.min(...parts)).toBeGreaterThanOrEqual(3);
      expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
    }
  });

  it('stays on one slide when it fits there at the minimum size', () => {
    // The longest list that fits one slide: it is set smaller than the theme's body size, not split.
    let count = 1;
    while (listDeck(count + 1).slides.length === 1) count++;
    const deck = listDeck(count);
    const sizes = deck.slides[0]!.shapes.flatMap((s) => (s.kind === 'text' ? s.paragraphs : [])).filter((p) => p.bullet).map((p) => p.size);
    expect(sizes.every((size) => size === theme.deck.sizes.minimum)).toBe(true);
    expect(theme.deck.sizes.minimum).toBeLessThan(theme.deck.sizes.body);
  });

  it('no near-empty slide: a paragraph that does not fit after a full list takes some of the list with it', () => {
    let count = 1;
    while (listDeck(count + 1).slides.length === 1) count++;
    const paragraph: Block = { kind: 'paragraph', role: 'body', text: '以上项目均已完成签约。' };
    const deck = listDeck(count, [paragraph]);
    expect(deck.slides.length).toBe(2);
    const fill = deck.slides.map((slide) => {
      const shapes = body(slide);
      const top = Math.min(...shapes.map((s) => s.y));
      return (Math.max(...shapes.map((s) => s.y + s.h)) - top) / (FOOTER_Y - 0.2 - top);
    });
    // Each slide carries a fair share: the last is not a line under a title.
    expect(Math.min(...fill)).toBeGreaterThan(0.35);
    expect(itemsPerSlide(deck)[1]).toBeGreaterThanOrEqual(3);
  });
});

describe('figure qualifiers and suffixes in the markup', () => {
  it('reads qualifier="…" and suffix="…" of a <figure>', () => {
    const markup = parseMarkup('<slide><figures><figure qualifier="近" value="1000" unit="亿元" suffix="以上" label="总投资额"/><figure value="43" unit="个" label="签约项目"/></figures></slide>');
    const [block] = blocksOf(markup, new Map());
    expect(block).toEqual({
      kind: 'figures',
      items: [
        { qualifier: '近', value: '1000', unit: '亿元', suffix: '以上', label: '总投资额' },
        { value: '43', unit: '个', label: '签约项目' },
      ],
    });
  });
});

const tool = (name: string): string => path.join(root, '..', 'shared', 'tools', name);
const hasTools = existsSync(tool('pdf-typography')) && existsSync(tool('ooxml/validate-pptx')) && spawnSync('pdftotext', ['-v']).status === 0;

describe.skipIf(!hasTools)('a real deck and report of twelve figures', () => {
  it('pass validate-pptx and pdf-typography and show every figure', async () => {
    const items = figures(12, LONG);
    // Running text around the figures, enough for pdf-typography to find the column's edge.
    const text = (n: number): Block => ({ kind: 'paragraph', role: 'body', text: `第${n}段：智博会期间，科学城共签约项目43个，总投资额高达1012.4亿元，世界500强企业纷纷落户。西部（重庆）科学城是重庆市举全市之力、集全市之智，高标准、高起点建设的具有全国影响力的科技创新中心。` });
    const blocks: Block[] = [text(1), text(2), text(3), { kind: 'figures', items }, text(4), text(5), text(6)];
    const deck = layoutDeck({ meta, slides: [{ layout: 'cover', title: '形状测试', blocks: [], notes: [] }, content('十二个关键数字', blocks)] }, theme, faces);
    const report = laidReport(reportOf(blocks));
    const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-shapes-'));
    const pptxFile = path.join(dir, 'shapes.pptx');
    const pdfFile = path.join(dir, 'shapes.pdf');
    const pptx = await renderPptx(deck, { meta, theme, family: { family: faces.regular.family, regular: faces.regular.data, bold: faces.bold.data } });
    const pdf = await renderPdf(report, fonts, { meta, identity: 'shapes' });
    writeFileSync(pptxFile, pptx);
    writeFileSync(pdfFile, pdf);
    execFileSync(tool('ooxml/validate-pptx'), [pptxFile], { stdio: 'pipe' });
    execFileSync(tool('pdf-typography'), [pdfFile], { stdio: 'pipe' });

    const values = items.map((f) => `${f.qualifier}${f.value}${f.unit}${f.suffix ?? ''}`);
    const slides = (await readPptx(pptx)).slides.map((s) => s.text.replace(/\s/g, '')).join('\n');
    for (const value of values) expect(slides).toContain(value);
    const pages = (await readPdf(pdf)).pages.join('\n').replace(/\s/g, '');
    for (const value of values) expect(pages).toContain(value);
  }, 60_000);
});
