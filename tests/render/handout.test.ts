/**
 * The handout of the slides, out/briefing-slides.pdf, as an official opens it on a phone: one page
 * per slide, at the slide's size, every text of the slide in it (copied out as written), the
 * deck's fonts embedded as subsets, the speaker notes under each slide when built with --notes,
 * clean for qpdf, and the same bytes from the same input.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, prepare, type BuildOptions } from '../../src/build.js';
import { INSET, INSET_Y } from '../../src/layout/deck/measure.js';
import type { LaidOutSlide } from '../../src/model/slides.js';
import { newProject, run as runCli } from '../support/cli.js';
import { readPptx } from '../support/pptx.js';
import { has, run } from './pdf/fixture.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const article = path.join(root, 'content.yaml');
/** A corpus event in Traditional characters (Noto Sans TC), with a chart and a table. */
const citywide = path.join(root, 'tests', 'events', 'citywide-zh-hk', 'content.yaml');
const havePoppler = has('pdftotext') && has('pdffonts') && has('pdfinfo') && has('qpdf');

async function handout(contentFile: string, options: Omit<BuildOptions, 'outDir' | 'contentFile'> = {}): Promise<{ file: string; bytes: Buffer; outDir: string }> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-handout-'));
  await build({ contentFile, outDir, ...options });
  const file = path.join(outDir, 'briefing-slides.pdf');
  return { file, bytes: readFileSync(file), outDir };
}

const squash = (text: string): string => text.replace(/\s+/g, '');

/** Each page's text in the order it is drawn (pdftotext -raw), whitespace removed. */
function pageTexts(file: string, pages: number): string[] {
  return Array.from({ length: pages }, (_, index) => squash(run('pdftotext', ['-raw', '-f', String(index + 1), '-l', String(index + 1), file, '-'])));
}

/** Every text a slide shows: its paragraphs, table cells, chart titles, labels and values. */
function slideTexts(slide: LaidOutSlide): string[] {
  return slide.shapes.flatMap((shape) => {
    switch (shape.kind) {
      case 'text':
        return shape.paragraphs.map((paragraph) => paragraph.runs.map((r) => r.text).join(''));
      case 'table':
        return [...shape.header, ...shape.rows.flat()];
      case 'chart':
        return [shape.title, ...shape.labels, ...shape.values.map(String)];
      default:
        return [];
    }
  }).map(squash).filter((text) => text !== '');
}

/** pdffonts' rows: name, and whether embedded, subset and with a Unicode map. */
function fontsOf(file: string): { name: string; flags: string[] }[] {
  return run('pdffonts', [file])
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => {
      const fields = line.split(/\s+/);
      return { name: fields[0] ?? '', flags: fields.slice(-5, -2) };
    });
}

const pageSizes = (file: string, pages: number): string[] =>
  [...run('pdfinfo', ['-f', '1', '-l', String(pages), file]).matchAll(/Page\s+\d+ size:\s+([\d.]+ x [\d.]+) pts/g)].map((match) => match[1] ?? '');

describe.skipIf(!havePoppler)('the handout of the slides', () => {
  const events = { article, citywide };
  const built: Record<string, { file: string; bytes: Buffer; outDir: string; slides: readonly LaidOutSlide[]; texts: string[] }> = {};
  let withNotes: { file: string; texts: string[] };

  beforeAll(async () => {
    for (const [name, contentFile] of Object.entries(events)) {
      const { file, bytes, outDir } = await handout(contentFile);
      const { slides } = (await prepare({ contentFile })).laidOut.deck;
      built[name] = { file, bytes, outDir, slides, texts: pageTexts(file, slides.length) };
    }
    const notes = await handout(article, { only: 'slides', notes: true });
    withNotes = { file: notes.file, texts: pageTexts(notes.file, built.article!.slides.length) };
  }, 180_000);

  it('has one page per slide, each the slide’s 960 × 540 pt', () => {
    for (const { file, slides } of Object.values(built)) {
      expect(run('pdfinfo', [file])).toMatch(new RegExp(`Pages:\\s+${slides.length}\\n`));
      expect(new Set(pageSizes(file, slides.length))).toEqual(new Set(['960 x 540']));
    }
  });

  it('shows on each page the text of its slide, copied out exactly as written', () => {
    for (const { slides, texts } of Object.values(built)) {
      slides.forEach((slide, index) => {
        for (const text of slideTexts(slide)) expect(texts[index], `slide ${index + 1}`).toContain(text);
      });
    }
  });

  it('gives the article’s titles, figures with their qualifiers and a quote’s highlight on their slides', () => {
    const { texts } = built.article!;
    expect(texts[0]).toContain('西部（重庆）科学城2020线上智博会招商签约成果');
    expect(texts[1]).toContain('超1000亿元');
    expect(texts[1]).toContain('1012.4亿元');
    expect(texts[1]).toContain('6家');
    const quote = texts.findIndex((text) => text.includes('平安建投致力将本项目打造为成渝城市群乃至全国的标杆项目，助力科学城的建设。'));
    expect(quote).toBeGreaterThan(1);
    expect(texts[quote]).toContain('鲁贵卿');
  });

  it('matches the .pptx, whose text boxes are inset as layout measured them (so PowerPoint breaks and places lines as the handout does)', async () => {
    const { zip } = await readPptx(readFileSync(path.join(built.article!.outDir, 'briefing.pptx')));
    const emu = (inches: number): string => String(Math.round(inches * 914_400));
    const slideParts = Object.keys(zip.files).filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name));
    const insets = new Set<string>();
    for (const name of slideParts) {
      const xml = await zip.file(name)!.async('string');
      for (const [, attributes] of xml.matchAll(/<a:bodyPr wrap="square"([^>]*)>/g)) {
        const inset = (side: string): string => new RegExp(`${side}="(\\d+)"`).exec(attributes ?? '')?.[1] ?? '';
        insets.add(['lIns', 'tIns', 'rIns', 'bIns'].map(inset).join(' '));
      }
    }
    expect([...insets]).toEqual([[INSET, INSET_Y, INSET, INSET_Y].map(emu).join(' ')]);
  });

  it('embeds only subsets of the deck’s own faces, each with a Unicode map', () => {
    const families = { article: 'NotoSansSC', citywide: 'NotoSansTC' } as const;
    for (const [name, { file }] of Object.entries(built)) {
      const fonts = fontsOf(file);
      expect(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([`${families[name as keyof typeof families]}-Bold`, `${families[name as keyof typeof families]}-Regular`]);
      for (const font of fonts) {
        expect(font.name).toMatch(/^[A-Z]{6}\+/);
        expect(font.flags).toEqual(['yes', 'yes', 'yes']);
      }
    }
  });

  it('is clean for qpdf, tagged, in the document’s language', () => {
    for (const { file } of Object.values(built)) {
      expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors');
      expect(run('pdfinfo', [file])).toMatch(/Tagged:\s+yes/);
    }
    expect(built.citywide!.bytes.toString('latin1')).toContain('/Lang (zh-HK)');
  });

  it('sets the speaker notes under each slide with --notes, on a taller page, and not without', () => {
    const { slides, texts } = built.article!;
    slides.forEach((slide, index) => {
      const paragraphs = slide.notes.map(squash).filter((text) => text !== '');
      for (const paragraph of paragraphs) expect(withNotes.texts[index], `slide ${index + 1}`).toContain(paragraph);
      // The slide itself is on the page as without notes.
      expect(withNotes.texts[index]?.startsWith(texts[index] ?? '')).toBe(true);
    });
    expect(texts.join('')).not.toContain('平安建投董事长兼CEO鲁贵卿的发言全文');
    const sizes = pageSizes(withNotes.file, slides.length);
    sizes.forEach((size, index) => {
      const [width, height] = size.split(' x ').map(Number);
      expect(width).toBe(960);
      if (slides[index]!.notes.every((note) => note.trim() === '')) expect(height).toBe(540);
      else expect(height).toBeGreaterThan(540);
    });
  });

  it('gives the same bytes for the same input, built alone or with the other outputs', async () => {
    const again = await handout(article, { only: 'slides' });
    expect(again.bytes.equals(built.article!.bytes)).toBe(true);
  }, 60_000);
});

describe('jianbao build --only slides', () => {
  // Runs dist/cli.js, which `npm test` compiles first.
  it('writes only the handout and the manifest that lists it', () => {
    const project = newProject();
    const result = runCli(['build', '--only', 'slides', '--notes', '--out', 'slides', '--quiet'], project);
    expect(result.status, result.stderr).toBe(0);
    const out = path.join(project, 'slides');
    expect(readdirSync(out).sort()).toEqual(['briefing-slides.pdf', 'manifest.json']);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { outputs: { file: string; pages: number; fonts: { glyphs: number }[] }[] };
    expect(manifest.outputs.map((output) => path.basename(output.file))).toEqual(['briefing-slides.pdf']);
    expect(manifest.outputs[0]!.pages).toBeGreaterThan(10);
  }, 120_000);
});
