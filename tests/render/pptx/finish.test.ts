import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as fontkit from 'fontkit';
import JSZip from 'jszip';
import pptxgenjs from 'pptxgenjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { finishPptx, type EmbeddedFamily } from '../../../src/render/pptx/finish.js';
import { hasValidator, validatePptx } from './decks.js';

// pptxgenjs's types describe a CommonJS default export; under ESM the default import is the class itself.
const PptxGenJS = pptxgenjs as unknown as typeof pptxgenjs.default;
const FAMILY = 'Noto Sans SC';
const FONTS = resolve('node_modules/@expo-google-fonts/noto-sans-sc');
const TITLE = '西部（重庆）科学城 签约项目43个';
const BODY = 'IBM Watson Build 落地，CDMO 与 5G 项目';
const NOTES = '讲解要点：总投资额1012.4亿元';
const CATEGORIES = ['大健康', '新一代信息技术', '先进制造', '高技术服务业'];
const DATE = new Date('2024-03-05T08:00:00Z');

const regular = readFileSync(join(FONTS, '400Regular/NotoSansSC_400Regular.ttf'));
const families: EmbeddedFamily[] = [
  { family: FAMILY, regular, bold: readFileSync(join(FONTS, '700Bold/NotoSansSC_700Bold.ttf')) },
  { family: 'Noto Serif SC', regular: readFileSync(resolve('node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf')) },
];

/** A deck built the way jianbao's slide code builds one: Chinese text, a bold run, bullets, charts, notes, a section. */
async function buildDeck(): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_16x9';
  pptx.theme = { headFontFace: FAMILY, bodyFontFace: FAMILY };
  pptx.addSection({ title: '概况' });
  const text = { fontFace: FAMILY, lang: 'zh-CN' };
  const slide = pptx.addSlide({ sectionTitle: '概况' });
  slide.addText(TITLE, { ...text, x: 0.5, y: 0.3, w: 9, h: 0.8, bold: true });
  slide.addText(
    [
      { text: '重点：', options: { ...text, bold: true } },
      { text: BODY, options: text },
    ],
    { ...text, x: 0.5, y: 1.2, w: 9, h: 0.6 },
  );
  slide.addText(
    CATEGORIES.map((category) => ({ text: category, options: { ...text, bullet: true } })),
    { ...text, x: 0.5, y: 1.8, w: 4, h: 1 },
  );
  slide.addText(
    ['签约', '落地'].map((step) => ({ text: step, options: { ...text, bullet: { type: 'number' as const }, breakLine: true } })),
    { ...text, x: 5, y: 1.8, w: 4, h: 1 },
  );
  slide.addChart(pptx.ChartType.bar, [{ name: '项目数', labels: CATEGORIES, values: [3, 5, 1, 2] }], {
    x: 0.5, y: 2, w: 9, h: 3, showValue: true, catAxisLabelFontFace: FAMILY, dataLabelFontFace: FAMILY,
    showTitle: true, title: '签约项目数', titleFontFace: FAMILY, lang: 'zh-CN',
  });
  slide.addNotes(NOTES);
  pptx.addSlide().addChart(pptx.ChartType.line, [{ name: '投资额', labels: ['2023', '2024'], values: [800, 1012.4] }], {
    x: 0.5, y: 0.5, w: 9, h: 4, chartColors: ['B0181E'], catAxisLabelFontFace: FAMILY, valAxisLabelFontFace: FAMILY,
  });
  return (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
}

/** Builds the raw deck with the clock set to `now`, so whatever pptxgenjs stamps differs between builds. */
async function buildDeckAt(now: string): Promise<Uint8Array> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(now));
  try {
    return await buildDeck();
  } finally {
    vi.useRealTimers();
  }
}

interface Eot {
  version: number;
  familyName: string;
  font: fontkit.Font;
}

/** Reads an EOT of version 0x00020001 by walking its header (four names, RootString) to the font data. */
function readEot(eot: Uint8Array): Eot {
  const view = new DataView(eot.buffer, eot.byteOffset, eot.byteLength);
  expect(view.getUint32(0, true)).toBe(eot.length);
  expect(view.getUint16(34, true)).toBe(0x504c);
  expect(view.getUint32(12, true)).toBe(0); // no compression, no XOR encryption
  let at = 80;
  const names: string[] = [];
  for (let i = 0; i < 5; i++) {
    // Padding, size, UTF-16LE name; the fifth is the RootString
    const size = view.getUint16(at + 2, true);
    names.push(Buffer.from(eot.subarray(at + 4, at + 4 + size)).toString('utf16le'));
    at += 4 + size;
  }
  const fontDataSize = view.getUint32(4, true);
  expect(at + fontDataSize).toBe(eot.length);
  const font = fontkit.create(Buffer.from(eot.subarray(at, at + fontDataSize)));
  if ('fonts' in font) throw new Error('expected a single font, got a collection');
  return { version: view.getUint32(8, true), familyName: names[0] ?? '', font };
}

function entry(zip: JSZip, name: string): JSZip.JSZipObject {
  const file = zip.file(name);
  if (file === null) throw new Error(`no part ${name}`);
  return file;
}

async function text(zip: JSZip, name: string): Promise<string> {
  return entry(zip, name).async('string');
}

async function bytes(zip: JSZip, name: string): Promise<Uint8Array> {
  return entry(zip, name).async('uint8array');
}

describe('finishPptx', () => {
  let raw: Uint8Array;
  let finished: Uint8Array;
  let zip: JSZip;

  beforeAll(async () => {
    raw = await buildDeck();
    finished = await finishPptx(raw, { families, date: DATE });
    zip = await JSZip.loadAsync(finished);
  });

  it('embeds the regular and bold faces of the family the deck uses as EOT subsets of its characters', async () => {
    const fontParts = Object.keys(zip.files).filter((name) => name.startsWith('ppt/fonts/')).sort();
    expect(fontParts).toEqual(['ppt/fonts/font1.fntdata', 'ppt/fonts/font2.fntdata']);
    const fullGlyphs = fontkit.create(regular);
    if ('fonts' in fullGlyphs) throw new Error('expected a single font');
    const styles: string[] = [];
    for (const name of fontParts) {
      const eot = readEot(await bytes(zip, name));
      expect(eot.version).toBe(0x00020001);
      expect(eot.familyName).toBe(FAMILY);
      expect(eot.font.familyName).toBe(FAMILY);
      styles.push(eot.font.subfamilyName);
      for (const character of TITLE + BODY + NOTES + CATEGORIES.join('') + '0123456789') {
        expect(eot.font.hasGlyphForCodePoint(character.codePointAt(0)!), `glyph for ${character}`).toBe(true);
      }
      expect(eot.font.hasGlyphForCodePoint('龙'.codePointAt(0)!)).toBe(false);
      expect(eot.font.numGlyphs).toBeLessThan(fullGlyphs.numGlyphs / 20);
    }
    expect(styles).toEqual(['Regular', 'Bold']);
  });

  it('declares the fonts in presentation.xml, its relationships and the content types', async () => {
    const presentation = await text(zip, 'ppt/presentation.xml');
    expect(presentation).toMatch(/<p:presentation\s[^>]*embedTrueTypeFonts="1"/);
    const entry = /<p:embeddedFont><p:font typeface="Noto Sans SC"[^>]*\/><p:regular r:id="(rId\d+)"\/><p:bold r:id="(rId\d+)"\/><\/p:embeddedFont>/.exec(presentation);
    expect(entry).not.toBeNull();
    const rels = await text(zip, 'ppt/_rels/presentation.xml.rels');
    for (const id of entry!.slice(1)) {
      const target = new RegExp(`<Relationship Id="${id}" Type="[^"]*/relationships/font" Target="([^"]+)"`).exec(rels)?.[1];
      expect(zip.file(`ppt/${target}`), `target of ${id}`).not.toBeNull();
    }
    expect(await text(zip, '[Content_Types].xml')).toContain('<Default Extension="fntdata" ContentType="application/x-fontdata"/>');
  });

  it('names the family for East Asian text (theme, charts) and bullets, numbers lists on, marks notes Chinese', async () => {
    const theme = await text(zip, 'ppt/theme/theme1.xml');
    expect(theme).toMatch(/<a:majorFont><a:latin typeface="Noto Sans SC"\/><a:ea typeface="Noto Sans SC"\/>/);
    expect(theme).toMatch(/<a:minorFont><a:latin typeface="Noto Sans SC"\/><a:ea typeface="Noto Sans SC"\/>/);
    const chart = await text(zip, 'ppt/charts/chart1.xml');
    expect(chart).toContain('<a:latin typeface="Noto Sans SC"/><a:ea typeface="Noto Sans SC"/>');
    expect(chart).toContain('签约项目数');
    expect(chart).not.toMatch(/<a:rPr(?![^>]*\blang="zh-CN")[\s/>]/);
    const slide = await text(zip, 'ppt/slides/slide1.xml');
    expect(slide.match(/<a:buChar /g)).toHaveLength(CATEGORIES.length);
    expect(slide.match(/<a:buFont typeface="Noto Sans SC"\/><a:buChar /g)).toHaveLength(CATEGORIES.length);
    expect(slide.match(/<a:buAutoNum type="arabicPeriod"\/>/g), 'numbering runs on through the list').toHaveLength(2);
    const notes = await text(zip, 'ppt/notesSlides/notesSlide1.xml');
    expect(notes).not.toContain('lang="en-US"');
    expect(notes).toContain('lang="zh-CN"');
  });

  it('dates the document and every entry with the given date', async () => {
    const core = await text(zip, 'docProps/core.xml');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-05T08:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-05T08:00:00Z</dcterms:modified>');
    expect(Object.keys(zip.files)[0]).toBe('[Content_Types].xml');
    for (const entry of Object.values(zip.files)) expect(entry.date.toISOString(), entry.name).toBe(DATE.toISOString());
  });

  it('gives the same bytes for decks built at different times', async () => {
    const first = await buildDeckAt('2021-01-01T01:02:03Z');
    const second = await buildDeckAt('2025-06-07T08:09:10Z');
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
    const [a, b] = [await finishPptx(first, { families }), await finishPptx(second, { families })];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(await text(await JSZip.loadAsync(a), 'docProps/core.xml')).not.toContain('dcterms:created');
  });

  it.skipIf(!hasValidator)('passes the ECMA-376 schemas that pptxgenjs output fails', () => {
    expect(validatePptx(raw).summary).not.toMatch(/ 0 errors$/);
    expect(validatePptx(finished).summary).toMatch(/ 0 errors$/);
  });
});
