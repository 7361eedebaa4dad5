/**
 * After an edit the deck shows (the event's message, on one slide of the handout), a fresh
 * `jianbao build` takes from what the build before it kept on disk everything of the deck the edit
 * did not change: the .pptx's parts as pptxgenjs wrote them, as the finishing passes edited them
 * and as finished and deflated (render/pptx/kept-slides.ts, finished-parts.ts), the handout's
 * paragraphs as placed (layout/deck/placed.ts) and its pages as drawn (render/pdf/pages.ts). It
 * redoes that work for the changed slides alone, and writes the bytes of a build with nothing kept.
 * Each "process" below is a fresh copy of the modules (vi.resetModules), with nothing in memory.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { LaidOutSlide } from '../../src/model/slides.js';
import { readParts } from '../../src/render/pptx/opc-package.js';
import { inOwnCacheFolder } from '../cache-folder.js';
import { root } from '../support/cli.js';
import { family, meta as documentMeta, textBox, theme } from './pptx/decks.js';

/** Every part the deck's ZIP writer deflates, as its bytes. */
const deflatedInputs = vi.hoisted((): Uint8Array[] => []);
vi.mock('node:zlib', async (importOriginal) => {
  const zlib = await importOriginal<typeof import('node:zlib')>();
  const deflateRawSync = (...args: Parameters<typeof zlib.deflateRawSync>): Buffer => {
    deflatedInputs.push(new Uint8Array(args[0] as ArrayBufferLike));
    return zlib.deflateRawSync(...args);
  };
  return { ...zlib, default: { ...zlib, deflateRawSync }, deflateRawSync };
});

/** The paragraphs the handout breaks into the deck's lines (placed.ts), and the texts it draws, each as its text. */
const handoutWork = vi.hoisted(() => ({ placed: [] as string[], drawn: [] as string[] }));
vi.mock('../../src/layout/deck/measure.js', async (importOriginal) => {
  const measure = await importOriginal<typeof import('../../src/layout/deck/measure.js')>();
  return {
    ...measure,
    paragraphLineTexts: (...args: Parameters<typeof measure.paragraphLineTexts>) => {
      handoutWork.placed.push(args[0].runs.map((run) => run.text).join(''));
      return measure.paragraphLineTexts(...args);
    },
  };
});
vi.mock('../../src/render/pdf/glyphs.js', async (importOriginal) => {
  const glyphs = await importOriginal<typeof import('../../src/render/pdf/glyphs.js')>();
  return {
    ...glyphs,
    drawGlyphs: (...args: Parameters<typeof glyphs.drawGlyphs>) => {
      handoutWork.drawn.push(args[1]);
      return glyphs.drawGlyphs(...args);
    },
  };
});

/** The texts renderPptx gives pptxgenjs, and the slide and notes parts the finishing passes edit, each as its text. */
const pptxWork = vi.hoisted(() => ({ given: [] as string[], edited: [] as string[] }));
vi.mock('../../src/render/pptx/pptxgenjs.js', async (importOriginal) => {
  const pptxgenjs = await importOriginal<typeof import('../../src/render/pptx/pptxgenjs.js')>();
  type Slide = ReturnType<InstanceType<typeof pptxgenjs.PptxGenJS>['addSlide']>;
  class Counted extends pptxgenjs.PptxGenJS {
    override addSlide(...args: Parameters<InstanceType<typeof pptxgenjs.PptxGenJS>['addSlide']>): Slide {
      const slide = super.addSlide(...args);
      const addText = slide.addText.bind(slide);
      slide.addText = (...text: Parameters<Slide['addText']>) => {
        const [runs] = text;
        pptxWork.given.push(typeof runs === 'string' ? runs : runs.map((run) => run.text ?? '').join(''));
        return addText(...text);
      };
      return slide;
    }
  }
  return { ...pptxgenjs, PptxGenJS: Counted };
});
vi.mock('../../src/render/pptx/xml.js', async (importOriginal) => {
  const xml = await importOriginal<typeof import('../../src/render/pptx/xml.js')>();
  return {
    ...xml,
    editElements: (...args: Parameters<typeof xml.editElements>) => {
      if (/<p:(?:sld|notes)\s/.test(args[0])) pptxWork.edited.push(args[0]);
      return xml.editElements(...args);
    },
  };
});

/** The results looked up in the stores of results kept on disk (cache/kept.ts), and those added, each as its key. */
const keptWork = vi.hoisted(() => ({ looked: [] as string[], added: [] as string[] }));
vi.mock('../../src/cache/kept.js', async (importOriginal) => {
  const kept = await importOriginal<typeof import('../../src/cache/kept.js')>();
  return {
    ...kept,
    keptResults: <V>(...args: Parameters<typeof kept.keptResults<V>>): ReturnType<typeof kept.keptResults<V>> => {
      const results = kept.keptResults<V>(...args);
      return {
        ...results,
        get: (key) => {
          keptWork.looked.push(key);
          return results.get(key);
        },
        set: (key, value) => {
          keptWork.added.push(key);
          results.set(key, value);
        },
      };
    },
  };
});

inOwnCacheFolder('jianbao-deck-edit-');

/** `run` as a fresh process runs it, with nothing in memory; with nothing kept on disk either when `nothingKept`. */
async function inFreshProcess<T>(run: () => Promise<T>, nothingKept = false): Promise<T> {
  vi.resetModules();
  if (nothingKept) process.env.JIANBAO_NO_CACHE = '1';
  try {
    return await run();
  } finally {
    delete process.env.JIANBAO_NO_CACHE;
  }
}

const decoder = new TextDecoder();

describe('the deck after an edit of one slide, in a fresh process', () => {
  /** Three slides, each with its text and notes; `second` is the text of the one edited. */
  const slides = (second: string): LaidOutSlide[] => [
    { shapes: [textBox(0.6, '西部（重庆）科学城签约项目43个')], notes: ['请介绍签约情况'] },
    { shapes: [textBox(0.6, second)], notes: ['请介绍投资情况'] },
    { shapes: [textBox(0.6, '总投资额1012.4亿元')], notes: ['请介绍项目情况'] },
  ];
  const render = (second: string): Promise<Uint8Array> =>
    import('../../src/render/pptx/render.js').then(({ renderPptx }) => renderPptx({ width: 13.333, height: 7.5, slides: slides(second), warnings: [] }, { meta: documentMeta, theme, family }));

  it('deflates again only the parts the edit changed, and writes the bytes of a render with nothing kept', async () => {
    const before = await inFreshProcess(() => render('签约项目涵盖集成电路、智能网联汽车'));
    deflatedInputs.length = 0;
    const after = await inFreshProcess(() => render('签约项目涵盖集成电路、新能源汽车'));
    const deflatedAfter = new Set(deflatedInputs.map((bytes) => decoder.decode(bytes)));
    expect(Buffer.from(after).equals(Buffer.from(await inFreshProcess(() => render('签约项目涵盖集成电路、新能源汽车'), true)))).toBe(true);

    const [partsBefore, partsAfter] = [readParts(before), readParts(after)];
    const unchanged = [...partsAfter].filter(([name, part]) => typeof part === 'string' && partsBefore.get(name) === part).map(([name]) => name);
    // The other slides and their notes are the same parts, and not one unchanged part was deflated again but the edited slide's
    // relationships, written with it.
    expect(unchanged).toEqual(expect.arrayContaining(['ppt/slides/slide1.xml', 'ppt/slides/slide3.xml', 'ppt/notesSlides/notesSlide1.xml', 'ppt/notesSlides/notesSlide3.xml']));
    expect(unchanged.filter((name) => name !== 'ppt/slides/_rels/slide2.xml.rels' && deflatedAfter.has(partsAfter.get(name) as string))).toEqual([]);
    // The edited slide was.
    expect(partsAfter.get('ppt/slides/slide2.xml')).not.toBe(partsBefore.get('ppt/slides/slide2.xml'));
    expect(deflatedAfter.has(partsAfter.get('ppt/slides/slide2.xml') as string)).toBe(true);
  }, 120_000);

  it('has pptxgenjs write only the edited slide, and the finishing passes edit only its parts', async () => {
    await inFreshProcess(() => render('签约项目涵盖集成电路、生物医药'));
    pptxWork.given.length = 0;
    pptxWork.edited.length = 0;
    const after = await inFreshProcess(() => render('签约项目涵盖集成电路、高端器件'));
    expect(pptxWork.given).toEqual(['签约项目涵盖集成电路、高端器件']);
    expect(pptxWork.edited.length).toBeGreaterThan(0);
    expect(pptxWork.edited.filter((xml) => !xml.includes('高端器件'))).toEqual([]);
    expect(Buffer.from(after).equals(Buffer.from(await inFreshProcess(() => render('签约项目涵盖集成电路、高端器件'), true)))).toBe(true);
  }, 120_000);

  it('looks each part of the deck up once at most, and keeps only the edited slide’s parts', async () => {
    await inFreshProcess(() => render('签约项目涵盖集成电路、航空航天'));
    keptWork.looked.length = 0;
    keptWork.added.length = 0;
    const after = readParts(await inFreshProcess(() => render('签约项目涵盖集成电路、轨道交通')));
    // A kept result names the part it is of by its name, as the ZIP does.
    const naming = (keys: readonly string[], name: string): number => keys.filter((key) => key.includes(`${name}\u0000`)).length;
    const names = [...after.keys()];
    expect(names.filter((name) => naming(keptWork.looked, name) > 1)).toEqual([]);
    expect(names.filter((name) => /^ppt\/(?:slides|notesSlides)\/[^/]+\.xml$/.test(name) && naming(keptWork.looked, name) === 0)).toEqual([]);
    expect(names.filter((name) => naming(keptWork.added, name) > 0)).toEqual(['ppt/slides/_rels/slide2.xml.rels', 'ppt/slides/slide2.xml']);
    expect(naming(keptWork.added, 'ppt/slides/slide2.xml')).toBe(1);
  }, 120_000);

  it('writes a slide whose notes alone were edited with its new notes and its shapes as kept, as a render with nothing kept', async () => {
    const withNotes = (notes: string): Promise<Uint8Array> =>
      import('../../src/render/pptx/render.js').then(({ renderPptx }) =>
        renderPptx({ width: 13.333, height: 7.5, slides: slides('签约项目涵盖集成电路').map((slide, index) => (index === 2 ? { ...slide, notes: [notes] } : slide)), warnings: [] }, { meta: documentMeta, theme, family }),
      );
    await inFreshProcess(() => withNotes('请介绍项目情况'));
    pptxWork.given.length = 0;
    const after = await inFreshProcess(() => withNotes('请介绍项目进展'));
    expect(readParts(after).get('ppt/notesSlides/notesSlide3.xml')).toContain('请介绍项目进展');
    // The slide itself is as it was: pptxgenjs writes its notes alone.
    expect(pptxWork.given).toEqual([]);
    expect(Buffer.from(after).equals(Buffer.from(await inFreshProcess(() => withNotes('请介绍项目进展'), true)))).toBe(true);
  }, 120_000);
});

describe('the handout after an edit of the event’s message, in a fresh process', () => {
  const contentFile = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-deck-edit-content-')), 'content.yaml');
  const MESSAGE = /^(\s*message: )(.*?)。$/m;

  /** The handout built by a fresh process: its bytes. */
  const handout = (nothingKept = false): Promise<Buffer> =>
    inFreshProcess(async () => {
      const { build } = await import('../../src/build.js');
      const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-deck-edit-out-'));
      await build({ contentFile, outDir, only: 'slides' });
      return readFileSync(path.join(outDir, 'briefing-slides.pdf'));
    }, nothingKept);

  it('places and draws again only the slide the edit changed, and writes the bytes of a build with nothing kept', async () => {
    copyFileSync(path.join(root, 'content.yaml'), contentFile);
    const original = readFileSync(contentFile, 'utf8');
    expect(original).toMatch(MESSAGE);
    handoutWork.placed.length = 0;
    handoutWork.drawn.length = 0;
    await handout();
    const drawnBefore = handoutWork.drawn.length;
    expect(handoutWork.placed.length).toBeGreaterThan(50);

    const message = `${MESSAGE.exec(original)?.[2] ?? ''}（第2稿）。`;
    const edited = original.replace(MESSAGE, (_, head: string) => `${head}${message}`);
    writeFileSync(contentFile, edited);
    handoutWork.placed.length = 0;
    handoutWork.drawn.length = 0;
    const after = await handout();
    // The handout shows the message on one slide (the summary): only it was broken into lines again, and only that page drawn,
    // not those of the cover and the closing slide, whose notes alone (not in this handout) hold the message too.
    expect(handoutWork.placed).toEqual([message]);
    expect(handoutWork.drawn.some((text) => text.includes('稿'))).toBe(true);
    expect(handoutWork.drawn.filter((text) => text.includes('科学之城'))).toEqual([]);
    expect(handoutWork.drawn.length).toBeLessThan(drawnBefore / 4);
    expect(after.equals(await handout(true))).toBe(true);
  }, 300_000);
});
