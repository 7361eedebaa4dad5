/** The whole pipeline on the repository's content: what an official and a print shop would check. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { readPdf, type PdfText } from './support/pdf.js';
import { readPptx, type SlideText } from './support/pptx.js';

const root = path.resolve(import.meta.dirname, '..');
const contentFile = path.join(root, 'content.yaml');

let pdfBytes: Buffer;
let pptxBytes: Buffer;
let pdf: PdfText;
let slides: SlideText[];
let fntdata: string[];

beforeAll(async () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-build-'));
  await build({ contentFile, outDir });
  pdfBytes = readFileSync(path.join(outDir, 'briefing.pdf'));
  pptxBytes = readFileSync(path.join(outDir, 'briefing.pptx'));
  pdf = await readPdf(pdfBytes);
  const deck = await readPptx(pptxBytes);
  slides = deck.slides;
  fntdata = Object.keys(deck.zip.files).filter((name) => name.endsWith('.fntdata'));
}, 60_000);

const squash = (text: string): string => text.replace(/\s+/g, '');

describe('the report (PDF)', () => {
  it('states the headline figures of the article', () => {
    const text = squash(pdf.pages.join(''));
    expect(text).toContain('共签约项目43个，总投资额高达1012.4亿元');
    expect(text).toContain('6家世界500强企业');
  });

  it('gives back the article verbatim when its text is copied out', () => {
    const text = squash(pdf.pages.join(''));
    expect(text).toContain('招商引资是科学城建设的“奠基石”。');
    expect(text).toContain('新增就业岗位1500个');
    expect(text).toContain('形成六位一体全场景交通数字能源系统，最终建成星星充电——数字能源生态中国样本');
  });

  it('profiles every named project and quotes all six executives with title and organisation', () => {
    const text = squash(pdf.pages.join(''));
    for (const name of ['平安建投大健康产业园', '国药集团医疗电子CDMO智能智造基地暨研发服务平台', '百度阿波罗西部（重庆）科学城智能汽车研发中心', '中电科集团项目']) {
      expect(text).toContain(name);
    }
    for (const byline of ['鲁贵卿', '曹子玮', '王福敏', '李大鹏', '江建清', '潘东']) expect(text).toContain(byline);
    expect(text).toContain('招商局重庆交通科研设计院有限公司董事长');
  });

  it('has a table of contents whose page numbers lead to the sections', () => {
    const tocPage = pdf.lines[1]!;
    expect(tocPage.some((line) => line.includes('目录'))).toBe(true);
    const entry = tocPage.find((line) => line.startsWith('签约项目'));
    const page = Number(/(\d+)$/.exec(entry ?? '')?.[1]);
    expect(page).toBeGreaterThan(2);
    expect(pdf.lines[page - 1]!.some((line) => line.includes('签约项目'))).toBe(true);
  });

  it('has bookmarks for the sections and projects', () => {
    expect(pdf.outline).toContain('目录');
    expect(pdf.outline).toContain('招商引资见成效');
    expect(pdf.outline).toContain('小米华西总部');
  });

  it('numbers its pages in the footer', () => {
    expect(pdf.lines[2]!.at(-1)).toBe('— 3 —');
  });

  it('carries title, author and language in its metadata', () => {
    expect(pdf.info.Title).toBe('西部（重庆）科学城2020线上智博会招商签约成果');
    expect(pdf.info.Language).toBe('zh-CN');
  });

  it('embeds every font as a subset with a Unicode map', () => {
    const raw = pdfBytes.toString('latin1');
    const fonts = [...raw.matchAll(/\/BaseFont \/([A-Z]{6})\+([\w-]+)/g)].map((m) => m[2]);
    expect(new Set(fonts)).toEqual(new Set(['NotoSerifSC-Regular', 'NotoSansSC-Bold', 'NotoSansSC-Regular']));
    const descendants = raw.match(/\/Subtype \/Type0/g)?.length ?? 0;
    expect(raw.match(/\/FontFile2 /g)?.length).toBe(descendants);
    expect(raw.match(/\/ToUnicode /g)?.length).toBe(descendants);
  });

  it('never starts a line with closing punctuation', () => {
    const lines = pdf.lines.flat();
    expect(lines.filter((line) => /^[，。、；：？！）」』”’》]/.test(line))).toEqual([]);
  });
});

describe('the deck (PPTX)', () => {
  it('opens with the cover and puts the key figures first', () => {
    expect(squash(slides[0]!.text)).toContain('西部（重庆）科学城2020线上智博会招商签约成果');
    expect(squash(slides[1]!.text)).toMatch(/43.*1012\.4.*6/s);
  });

  it('shows every named project with something to say on a slide or a card, all it will build in the notes, and lists all eleven', () => {
    const briefed = slides.filter((s) => !s.text.startsWith('签约项目一览'));
    for (const name of ['平安建投大健康产业园', '苏交科集团西南中心', '星星数字能源总部', 'IBM重庆分公司', '小米华西总部', '百度阿波罗西部（重庆）科学城智能汽车研发中心']) {
      expect(briefed.some((s) => s.text.includes(name)), name).toBe(true);
    }
    // What a card has no room for is said in the notes of the slide that shows the card.
    const ibm = briefed.find((s) => s.text.includes('IBM重庆分公司'));
    expect(ibm?.notes).toContain('AI学院平台');
    // The article says nothing of the CETC project but its name: it is in the table, with no empty slide or card of its own.
    expect(slides.some((s) => s.text.startsWith('中电科集团项目') || (s.text.startsWith('重点项目') && s.text.includes('中电科集团项目')))).toBe(false);
    const table = slides.find((s) => s.text.startsWith('签约项目一览'));
    for (const name of ['平安建投大健康产业园', '大唐高鸿重庆智能网联中心', '中电科集团项目']) expect(table?.text).toContain(name);
  });

  it('quotes the six executives with speaker, title and organisation', () => {
    for (const [speaker, role] of [['鲁贵卿', '平安建投董事长兼CEO'], ['潘东', '国药集团医疗器械研究院西部中心主任']]) {
      expect(squash(slides.find((s) => s.text.includes(speaker))?.text ?? '')).toContain(`${speaker}${role}`);
    }
    for (const speaker of ['鲁贵卿', '曹子玮', '王福敏', '李大鹏', '江建清', '潘东']) expect(slides.filter((s) => s.text.includes(speaker)), speaker).toHaveLength(1);
  });

  it('has speaker notes on every content slide', () => {
    expect(slides.slice(1).filter((s) => squash(s.notes) === '')).toEqual([]);
  });

  it('carries the Chinese font inside the file, regular and bold', () => {
    expect(fntdata).toHaveLength(2);
  });
});

describe('templates decide the structure', () => {
  it('reorders slides when the template is reordered, with no code change', async () => {
    const templates = mkdtempSync(path.join(tmpdir(), 'jianbao-templates-'));
    cpSync(path.join(root, 'templates'), templates, { recursive: true });
    const deckFile = path.join(templates, 'deck.hbs');
    const source = readFileSync(deckFile, 'utf8');
    const quotes = /<slide title="\{\{#if quotesIntro\}\}[\s\S]*?<\/slide>\n/.exec(source)![0];
    // Quotes straight after the cover instead of near the end.
    writeFileSync(deckFile, source.replace(quotes, '').replace('<slide title="概览">', `${quotes}\n<slide title="概览">`));
    const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-reordered-'));
    await build({ contentFile, outDir, templatesDir: templates });
    const reordered = (await readPptx(readFileSync(path.join(outDir, 'briefing.pptx')))).slides;
    expect(reordered[1]!.text.startsWith('企业声音')).toBe(true);
    expect(slides[1]!.text.startsWith('概览')).toBe(true);
  }, 60_000);
});
