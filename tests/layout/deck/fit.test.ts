/** Slides never overflow: every shape on the slide, no text on text, every box tall enough for its text. */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { layoutDeck } from '../../../src/layout/deck/deck.js';
import { parseYaml } from '../../../src/load/yaml.js';
import { verifyDeck } from '../../../src/layout/deck/verify.js';
import type { Block, Deck } from '../../../src/model/document.js';
import type { LaidOutDeck, SlideShape, TextParagraph } from '../../../src/model/slides.js';
import { renderPptx } from '../../../src/render/pptx/render.js';
import { CONTENTS, laidOut, root } from '../../support/layout.js';

const real = (): ReturnType<typeof laidOut> => laidOut(CONTENTS.real);
const stress = (): ReturnType<typeof laidOut> => laidOut(CONTENTS.stress);

const texts = (deck: LaidOutDeck): Extract<SlideShape, { kind: 'text' }>[] =>
  deck.slides.flatMap((slide) => slide.shapes.filter((s): s is Extract<SlideShape, { kind: 'text' }> => s.kind === 'text'));
const textOf = (p: TextParagraph): string => p.runs.map((r) => r.text).join('');
const titleOf = (shapes: readonly SlideShape[]): string => {
  const title = shapes.find((s) => s.kind === 'text');
  return title?.kind === 'text' ? textOf(title.paragraphs[0]!) : '';
};

describe('the deck of the real content and of the stress content', () => {
  it.each([
    ['real', real],
    ['stress', stress],
  ])('%s: lays out with every shape on its slide, no text on text and every text fitting its box', (_name, load) => {
    const { deck, project } = load();
    const faces = project.fonts[project.theme.deck.font];
    expect(verifyDeck(deck, faces)).toEqual([]);
    expect(deck.warnings).toEqual([]);
  });

  it.each([
    ['real', real],
    ['stress', stress],
  ])('%s: sets body and quote text no smaller than the theme minimum, tables at their theme size', (_name, load) => {
    const { deck, project } = load();
    const { sizes } = project.theme.deck;
    const { colors } = project.theme;
    // Body text, list items and quotes are in the text colour; captions, notes and footers are muted.
    const small = texts(deck).flatMap((s) => s.paragraphs).filter((p) => p.runs.some((r) => r.color === colors.text) && p.size < sizes.minimum);
    expect(small.map(textOf)).toEqual([]);
    const tables = deck.slides.flatMap((s) => s.shapes).filter((s) => s.kind === 'table');
    expect(tables.every((t) => t.kind === 'table' && t.size >= Math.min(sizes.table, sizes.minimum))).toBe(true);
  });

  it('continues the stress content on （续） slides and steps text down before it does', () => {
    const { deck, project, composed } = stress();
    const titles = deck.slides.map((s) => titleOf(s.shapes));
    const continued = titles.filter((t) => t.endsWith('（续）'));
    expect(continued.length).toBeGreaterThan(5);
    // Each continuation follows its own slide or another continuation of it.
    titles.forEach((title, index) => {
      if (title.endsWith('（续）')) expect([title, title.replace(/（续）$/, '')]).toContain(titles[index - 1]);
    });
    // A continued slide is set at the minimum size; cards, dealt out at their own sizes, are not stepped down.
    const minimum = project.theme.deck.sizes.minimum;
    const cardSlides = new Set(composed.deck.slides.filter((s) => s.cards).map((s) => `${s.title}（续）`));
    deck.slides.filter((s) => titleOf(s.shapes).endsWith('（续）') && !cardSlides.has(titleOf(s.shapes))).forEach((slide) => {
      const body = slide.shapes.flatMap((s) => (s.kind === 'text' ? s.paragraphs : [])).filter((p) => p.bullet || p.align === 'justify');
      for (const p of body) expect(p.size).toBe(minimum);
    });
  });
});

describe('an overfull slide', () => {
  const meta = { title: '压力测试', author: '测试', subject: '测试', keywords: [], lang: 'zh-CN' };
  const items = Array.from({ length: 40 }, (_, i) => `第${i + 1}项：开展科学教学、加强科学研究、深化科学实验，建设IBM Watson Build与V2X、5G、AI联合实验室`);
  const rows = Array.from({ length: 30 }, (_, i) => [`项目${i + 1}：智能网联汽车研发中心`, `投资方${i + 1}有限公司`, '新一代信息技术']);
  const quote = Array.from({ length: 10 }, (_, i) => `第${i + 1}段：西部（重庆）科学城是推动成渝地区双城经济圈高质量发展的新引擎，总投资1012.4亿元，在A股与H股双上市的业界龙头纷纷落户。`);
  const blocks: Block[] = [
    { kind: 'paragraph', role: 'lead', text: '智博会期间，科学城共签约项目43个，总投资额高达1012.4亿元。' },
    { kind: 'list', ordered: true, title: '建设内容', items },
    { kind: 'table', header: ['项目', '投资方', '产业'], rows, widths: [5, 4, 2] },
    { kind: 'quote', paragraphs: quote, speaker: '鲁贵卿', title: '董事长兼CEO', organisation: '平安建投' },
  ];
  const deck: Deck = { meta, slides: [{ layout: 'content', title: '签约项目一览', blocks, notes: ['备注'] }] };

  it('flows onto （续） slides at the minimum size, every part fitting, nothing lost or repeated', () => {
    const { project } = real();
    const faces = project.fonts[project.theme.deck.font];
    const laid = layoutDeck(deck, project.theme, faces);
    expect(laid.slides.length).toBeGreaterThan(4);
    expect(verifyDeck(laid, faces)).toEqual([]);
    expect(laid.warnings).toEqual([]);
    expect(titleOf(laid.slides[0]!.shapes)).toBe('签约项目一览');
    for (const slide of laid.slides.slice(1)) expect(titleOf(slide.shapes)).toBe('签约项目一览（续）');

    const paragraphs = texts(laid).flatMap((s) => s.paragraphs);
    expect(paragraphs.filter((p) => p.bullet === 'number').map(textOf)).toEqual(items);
    const tableRows = laid.slides.flatMap((s) => s.shapes).flatMap((s) => (s.kind === 'table' ? s.rows : []));
    expect(tableRows).toEqual(rows);
    expect(paragraphs.filter((p) => /^第\d+段/.test(textOf(p))).map(textOf)).toEqual(quote);
    // The speaker is named once, after the quote's last paragraph.
    const bylines = paragraphs.filter((p) => textOf(p).startsWith('—— 鲁贵卿'));
    expect(bylines).toHaveLength(1);
    expect(paragraphs.indexOf(bylines[0]!)).toBeGreaterThan(paragraphs.findIndex((p) => textOf(p).startsWith('第10段')));
    const minimum = project.theme.deck.sizes.minimum;
    // Body text steps down to the minimum; the lead stays larger than it.
    const [lead, ...body] = paragraphs.filter((p) => p.bullet || p.align === 'justify');
    expect(textOf(lead!)).toBe('智博会期间，科学城共签约项目43个，总投资额高达1012.4亿元。');
    expect(lead!.size).toBeGreaterThan(minimum);
    for (const p of body) expect(p.size).toBe(minimum);
  });

  it('keeps the numbering of a list split across slides, in the laid-out deck and in the pptx', async () => {
    const { project } = real();
    const { theme, fonts } = project;
    const faces = fonts[theme.deck.font];
    const laid = layoutDeck(deck, theme, faces);
    const shown: number[] = [];
    for (const shape of texts(laid)) {
      const numbered = shape.paragraphs.filter((p) => p.bullet === 'number');
      numbered.forEach((p, index) => shown.push(p.number ?? index + 1));
    }
    expect(shown).toEqual(items.map((_, i) => i + 1));
    const continuedAt = laid.slides.findIndex((slide, index) => index > 0 && slide.shapes.some((s) => s.kind === 'text' && s.paragraphs.some((p) => p.bullet === 'number')));
    expect(continuedAt).toBeGreaterThan(0);

    const pptx = await renderPptx(laid, { meta, theme, family: { family: faces.regular.family, regular: faces.regular.data, bold: faces.bold.data } });
    const zip = await JSZip.loadAsync(pptx);
    const shownInPptx: number[] = [];
    for (let n = 1; n <= laid.slides.length; n++) {
      const xml = await zip.file(`ppt/slides/slide${n}.xml`)!.async('string');
      const starts = [...xml.matchAll(/<a:buAutoNum [^>]*?\/>/g)].map((m) => /startAt="(\d+)"/.exec(m[0])?.[1]);
      // Without startAt a list counts from 1; a continued list gives every item its own number.
      starts.forEach((start, index) => shownInPptx.push(start === undefined ? index + 1 : Number(start)));
    }
    expect(shownInPptx).toEqual(items.map((_, i) => i + 1));
  }, 30_000);
});

describe('a short list on a project slide that goes on to a （续） slide', () => {
  it('goes over whole, not one item here and three there (district event)', () => {
    const { deck } = laidOut(`${root}/tests/events/district-two-projects/content.yaml`);
    const slideOf = (item: string): number => deck.slides.findIndex((slide) => slide.shapes.some((s) => s.kind === 'text' && s.paragraphs.some((p) => textOf(p) === item)));
    const first = slideOf('电驱动系统总成生产线');
    expect(first).toBeGreaterThan(0);
    expect(titleOf(deck.slides[first]!.shapes)).toMatch(/（续）$/);
    expect(slideOf('零部件研发及检测中心')).toBe(first);
  });
});

describe('a unit too long for any slide', () => {
  const giant = `生物医药产业一直是重庆工业“经济名片”之一。${'西部（重庆）科学城是重庆市举全市之力、集全市之智，将高标准、高起点建设打造的具有全国影响力的科技创新中心。'.repeat(30)}`;
  const longItem = `引入IBM全球领先的人工智能、物联网、5G与边缘计算等新型基础技术${'，开展科技成果转化与高层次人才培养'.repeat(60)}`;
  // A comment quoting the text comes first: warnings point at the value, not at the comment.
  const source = ['# 生物医药产业一直是重庆工业“经济名片”之一', 'sections:', '  - id: lead', '    paragraphs:', `      - ${giant}`, 'builds:', '  - 创新赋能中心', `  - ${longItem}`, ''].join('\n');
  const deck: Deck = {
    meta: { title: '压力测试', author: '测试', subject: '测试', keywords: [], lang: 'zh-CN' },
    slides: [
      { layout: 'cover', title: '封面', blocks: [], notes: [] },
      { layout: 'content', title: '世界500强眼中的科学城', blocks: [{ kind: 'paragraph', role: 'body', text: giant }], notes: [] },
      { layout: 'content', title: 'IBM重庆分公司', blocks: [{ kind: 'list', ordered: false, items: ['创新赋能中心', longItem, 'AI学院平台'] }], notes: [] },
    ],
  };

  it('is set alone on its slide with a warning that names the slide, quotes the text and points into the content file', () => {
    const { project } = real();
    const faces = project.fonts[project.theme.deck.font];
    const laid = layoutDeck(deck, project.theme, faces, { locate: (text) => parseYaml(z.unknown(), source, 'content.yaml').source.locate(text) });
    expect(laid.warnings).toHaveLength(2);
    const [paragraph, item] = laid.warnings;
    expect(paragraph).toMatchObject({ severity: 'warning', file: 'content.yaml', line: 5, column: 9 });
    expect(paragraph!.message).toContain('世界500强眼中的科学城');
    expect(paragraph!.message).toContain('生物医药产业一直是重庆工业');
    expect(item).toMatchObject({ severity: 'warning', file: 'content.yaml', line: 8, column: 5 });
    expect(item!.message).toContain('IBM重庆分公司');
    expect(item!.message).toContain('引入IBM全球领先的人工智能');

    // The items around the long one keep to their own slides, which fit; only the long units overflow.
    const titles = laid.slides.map((s) => titleOf(s.shapes));
    expect(titles).toEqual(['封面', '世界500强眼中的科学城', 'IBM重庆分公司', 'IBM重庆分公司（续）', 'IBM重庆分公司（续）']);
    const overflowing = new Set(verifyDeck(laid, faces).map((v) => v.slide));
    expect([...overflowing]).toEqual([2, 4]);
    expect(laid.warnings.map((w) => /slide (\d+)/.exec(w.message)?.[1])).toEqual(['2', '4']);
  });

  it('names the slide when the text is not in the content file (template wording)', () => {
    const { project } = real();
    const laid = layoutDeck(deck, project.theme, project.fonts[project.theme.deck.font], { locate: () => undefined });
    expect(laid.warnings[0]).toMatchObject({ file: 'slide 2', line: 0, column: 0 });
  });
});

describe('verifyDeck', () => {
  it('finds a shape off the slide, text on text and a box too short for its text, but lets text sit on a panel', () => {
    const { project } = real();
    const faces = project.fonts[project.theme.deck.font];
    const para = (text: string): TextParagraph => ({ runs: [{ text, color: '000000' }], size: 20, align: 'left', lineSpacing: 26, spaceBefore: 0 });
    const box = { valign: 'top' as const, kind: 'text' as const };
    const shapes: SlideShape[] = [
      { kind: 'rect', x: 0.5, y: 0.5, w: 12, h: 3, fill: 'EEEEEE' },
      { ...box, x: 0.6, y: 0.6, w: 6, h: 0.6, paragraphs: [para('放在底板上的文字')] },
      { ...box, x: 6, y: 0.6, w: 3, h: 0.6, paragraphs: [para('压在别的文字上')] },
      { ...box, x: 0.6, y: 4, w: 3, h: 0.5, paragraphs: [para('这一段文字太长，三英寸宽的文本框里一行放不下，需要好几行才能排完。')] },
      { ...box, x: 12, y: 6, w: 2, h: 0.6, paragraphs: [para('出界')] },
    ];
    const deck: LaidOutDeck = { width: 13.333, height: 7.5, slides: [{ shapes, notes: [] }], text: '', warnings: [] };
    const found = verifyDeck(deck, faces).map((v) => v.message);
    expect(found).toHaveLength(3);
    expect(found.find((m) => m.includes('outside the slide'))).toContain('出界');
    expect(found.find((m) => m.includes('overlaps'))).toMatch(/放在底板上的文字.*overlaps.*压在别的文字上/);
    expect(found.find((m) => m.includes('needs'))).toContain('这一段文字太长');
  });
});

describe('verifyDeck on key figures', () => {
  it('finds figure boxes run into each other and a number spilling out of its box', () => {
    const { project } = real();
    const faces = project.fonts[project.theme.deck.font];
    const number = (text: string, x: number, w: number): SlideShape => ({
      kind: 'text', x, y: 2.2, w, h: 0.8, valign: 'bottom',
      paragraphs: [{ runs: [{ text, color: '9E1B1B', bold: true }], size: 32, align: 'center', lineSpacing: 36.8, spaceBefore: 0 }],
    });
    const shapes: SlideShape[] = [
      { kind: 'rect', x: 1, y: 2, w: 3, h: 1.5, fill: 'F6F3F1' },
      { kind: 'rect', x: 1, y: 2, w: 3, h: 0.06, fill: '9E1B1B' },
      number('43个', 1, 3),
      { kind: 'rect', x: 3.5, y: 2, w: 3, h: 1.5, fill: 'F6F3F1' },
      { kind: 'rect', x: 8, y: 2, w: 2, h: 1.5, fill: 'F6F3F1' },
      number('1012.4亿元', 7.5, 3),
    ];
    const deck: LaidOutDeck = { width: 13.333, height: 7.5, slides: [{ shapes, notes: [] }], warnings: [] };
    const found = verifyDeck(deck, faces).map((v) => v.message);
    // The second box runs into the first (its panel, its accent bar and its number); the third box is too narrow for its number.
    expect(found).toEqual([
      'rect "F6F3F1" crosses the edge of rect "F6F3F1"',
      'rect "F6F3F1" crosses the edge of rect "9E1B1B"',
      'text "43个" crosses the edge of rect "F6F3F1"',
      'text "1012.4亿元" crosses the edge of rect "F6F3F1"',
    ]);
  });
});
