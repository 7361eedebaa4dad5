/**
 * The default deck reads as a briefing (issue 10, items 1, 2 and 8): about fifteen slides, none
 * with more than 150 characters of body text, none a quarter full or less; projects with little to
 * say as cards, quotes as quote cards two or three to a slide, and what leaves the slides in the notes.
 *
 * Body text: the characters (spaces aside) of every text shape of a slide but its title (its first
 * text shape) and its footer; tables and notes aside. Fill: the area of the union of a content
 * slide's shapes below its title rule (text boxes that hold text, panels, tables, charts, pictures)
 * over its content area, from the rule to the footer between the margins.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, prepare } from '../src/build.js';
import { composeDeck } from '../src/compose/compose.js';
import { loadProject } from '../src/load/project.js';
import type { Deck } from '../src/model/document.js';
import { FOOTER_Y, SLIDE } from '../src/layout/deck/deck.js';
import type { LaidOutSlide } from '../src/model/slides.js';
import { readPptx, type SlideText } from './support/pptx.js';
import { everyProjectOnItsOwnSlide } from './support/templates.js';

const root = path.resolve(import.meta.dirname, '..');
const contentFile = path.join(root, 'content.yaml');
const MARGIN = 0.6;

interface ContentProject {
  readonly name: string;
  readonly investor?: string;
  readonly summary?: string;
  readonly builds: readonly string[];
}
interface ContentQuote {
  readonly speaker: string;
  readonly text: readonly string[];
  readonly highlight: string;
}
const content = parse(readFileSync(contentFile, 'utf8')) as { projects: readonly ContentProject[]; quotes: readonly ContentQuote[] };
const withContent = content.projects.filter((project) => project.summary || project.builds.length > 0);

const EMU_PER_INCH = 914_400;
const decode = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** Each text shape of a slide's XML (tables are graphic frames, not shapes): its top in inches and its text. */
function textShapes(slideXml: string): { y: number; text: string }[] {
  return [...slideXml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].flatMap(([, shape]) => {
    const text = decode([...shape!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map(([, t]) => t).join(''));
    const y = /<a:off x="-?\d+" y="(-?\d+)"\/>/.exec(shape!)?.[1];
    return text === '' || y === undefined ? [] : [{ y: Number(y) / EMU_PER_INCH, text }];
  });
}

/** Body characters of a slide: spaces aside, its title and footer aside. */
function bodyCharacters(slideXml: string): number {
  const [, ...body] = textShapes(slideXml).filter((shape) => shape.y < FOOTER_Y);
  return [...body.map((shape) => shape.text).join('').replace(/\s/g, '')].length;
}

/** Fill of a content slide: its shapes' union below the title rule, over the content area (sampled every 0.02 in). */
function fill(slide: LaidOutSlide): number {
  const rule = slide.shapes.find((shape) => shape.kind === 'rect' && shape.h <= 0.02 && shape.y < 3);
  if (!rule) throw new Error('not a content slide: no title rule');
  const area = { left: MARGIN, right: SLIDE.width - MARGIN, top: rule.y + rule.h, bottom: FOOTER_Y - 0.2 };
  const content = slide.shapes.filter(
    (shape) => shape.y >= area.top && shape.y < area.bottom && (shape.kind !== 'text' || shape.paragraphs.some((p) => p.runs.some((run) => run.text.trim() !== ''))) && !(shape.kind === 'rect' && shape.h <= 0.02),
  );
  const step = 0.02;
  let covered = 0;
  let total = 0;
  for (let y = area.top + step / 2; y < area.bottom; y += step) {
    for (let x = area.left + step / 2; x < area.right; x += step) {
      total++;
      if (content.some((shape) => x >= shape.x && x <= shape.x + shape.w && y >= shape.y && y <= shape.y + shape.h)) covered++;
    }
  }
  return covered / total;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface BuiltDeck {
  readonly slides: SlideText[];
  readonly xml: string[];
  readonly laidOut: readonly LaidOutSlide[];
}

async function builtDeck(templatesDir?: string): Promise<BuiltDeck> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-briefing-'));
  const paths = { contentFile, ...(templatesDir ? { templatesDir } : {}) };
  await build({ ...paths, outDir, only: 'deck' });
  const { slides, zip } = await readPptx(readFileSync(path.join(outDir, 'briefing.pptx')));
  const xml = await Promise.all(slides.map((_, index) => (zip as JSZip).file(`ppt/slides/slide${index + 1}.xml`)!.async('string')));
  const prepared = await prepare(paths);
  return { slides, xml, laidOut: prepared.laidOut.deck.slides };
}

let deck: BuiltDeck;
let everyProjectFull: BuiltDeck;

beforeAll(async () => {
  deck = await builtDeck();
  // A template that gives every project with something to say a slide of its own, and none a card.
  const templates = mkdtempSync(path.join(tmpdir(), 'jianbao-full-projects-'));
  cpSync(path.join(root, 'templates'), templates, { recursive: true });
  const deckFile = path.join(templates, 'deck.hbs');
  writeFileSync(deckFile, everyProjectOnItsOwnSlide(readFileSync(deckFile, 'utf8')));
  everyProjectFull = await builtDeck(templates);
}, 120_000);

/** Slides 2 to the one before the closing slide: the content slides. */
const contentSlides = (built: BuiltDeck): number[] => built.laidOut.slice(1, -1).map((_, index) => index + 1);

describe('the article deck as a briefing', () => {
  it('has about fifteen slides', () => {
    expect(deck.slides.length).toBeGreaterThanOrEqual(13);
    expect(deck.slides.length).toBeLessThanOrEqual(17);
  });

  it('carries at most 150 characters of body text on any slide', () => {
    const counts = deck.xml.map(bodyCharacters);
    console.info(`slides ${counts.length}; body characters per slide: max ${Math.max(...counts)}, median ${median(counts)} (${counts.join(' ')})`);
    expect(counts.map((count, index) => ({ slide: index + 1, count })).filter(({ count }) => count > 150)).toEqual([]);
  });

  it('fills every content slide more than a quarter', () => {
    const fills = contentSlides(deck).map((index) => ({ slide: index + 1, fill: Math.round(fill(deck.laidOut[index]!) * 100) / 100 }));
    console.info(`fill of the content slides: smallest ${Math.min(...fills.map((f) => f.fill))} (${fills.map((f) => f.fill).join(' ')})`);
    expect(fills.filter(({ fill }) => fill < 0.25)).toEqual([]);
  });

  it('loses nothing a project says: what its slide or card does not show is in that slide\'s notes', () => {
    for (const project of withContent) {
      const own = (candidate: SlideText): boolean => candidate.text.startsWith(project.name) || (candidate.text.startsWith('重点项目') && candidate.text.includes(project.name));
      const slide = deck.slides.find(own);
      expect(slide, project.name).toBeDefined();
      const both = `${slide!.text}\n${slide!.notes}`;
      for (const said of [project.summary ?? '', ...project.builds]) expect(both, `${project.name}: ${said}`).toContain(said);
    }
  });
});

describe('project cards', () => {
  const cardSlides = (): SlideText[] => deck.slides.filter((slide) => slide.text.startsWith('重点项目'));

  it('put two to four projects on a slide, each with its name and investor', () => {
    expect(cardSlides().length).toBeGreaterThan(0);
    for (const slide of cardSlides()) {
      const shown = withContent.filter((project) => slide.text.includes(project.name));
      expect(shown.length, slide.text).toBeGreaterThanOrEqual(2);
      expect(shown.length, slide.text).toBeLessThanOrEqual(4);
      for (const project of shown) expect(slide.text, project.name).toContain(project.investor);
    }
  });

  it('take the projects whose own slide would be less than half full; the others keep their slide', () => {
    const onCards = new Set(withContent.filter((project) => cardSlides().some((slide) => slide.text.includes(project.name))).map((project) => project.name));
    expect(onCards.size).toBeGreaterThan(withContent.length / 2);
    for (const project of withContent) {
      const own = everyProjectFull.slides.findIndex((slide) => slide.text.startsWith(project.name));
      expect(own, `${project.name} has a slide of its own when the template says so`).toBeGreaterThan(0);
      const half = fill(everyProjectFull.laidOut[own]!) >= 0.5;
      expect(onCards.has(project.name), `${project.name}: its own slide is ${half ? 'half full or more' : 'less than half full'}`).toBe(!half);
      if (!onCards.has(project.name)) expect(deck.slides.some((slide) => slide.text.startsWith(project.name)), project.name).toBe(true);
    }
    expect(everyProjectFull.slides.some((slide) => slide.text.startsWith('重点项目'))).toBe(false);
  });
});

describe('quote cards', () => {
  it('put two or three quotes on a slide, each highlight shown and its whole statement in that slide\'s notes', () => {
    const quoteSlides = deck.slides.filter((slide) => content.quotes.some((quote) => slide.text.includes(quote.highlight)));
    expect(quoteSlides.length).toBeLessThan(content.quotes.length);
    for (const slide of quoteSlides) {
      const shown = content.quotes.filter((quote) => slide.text.includes(quote.highlight));
      expect(shown.length).toBeGreaterThanOrEqual(2);
      expect(shown.length).toBeLessThanOrEqual(3);
      for (const quote of shown) for (const paragraph of quote.text) expect(slide.notes, quote.speaker).toContain(paragraph);
    }
    expect(content.quotes.every((quote) => quoteSlides.some((slide) => slide.text.includes(quote.highlight)))).toBe(true);
  });
});

describe('the <cards> markup', () => {
  const project = loadProject({ contentFile, templatesDir: path.join(root, 'templates') });
  const compose = (slides: string): Deck => composeDeck(project.content, { file: 'deck.hbs', source: `<deck>${slides}</deck>` });
  const card = '<card title="甲项目" subtitle="甲公司"><item>一</item><notes><p>甲的全部</p></notes></card>';

  it('reads cards with their notes, and leaves out a card slide with no card', () => {
    const deck = compose(`<slide title="重点项目"><cards per-slide="2">${card}${card}</cards></slide><slide title="空"><cards></cards></slide>`);
    expect(deck.slides).toHaveLength(1);
    const cards = deck.slides[0]!.cards;
    expect(cards?.perSlide).toBe(2);
    expect(cards?.cards).toHaveLength(2);
    expect(cards?.cards[0]).toEqual({ kind: 'project', title: '甲项目', subtitle: '甲公司', paragraphs: [], items: ['一'], notes: ['甲的全部'] });
  });

  it('refuses cards beside other blocks, and a per-slide outside two to four, at the template', () => {
    expect(() => compose(`<slide title="重点项目"><p>另有</p><cards>${card}</cards></slide>`)).toThrow(/<cards> must be the only content/);
    expect(() => compose(`<slide title="重点项目"><cards per-slide="5">${card}</cards></slide>`)).toThrow(/per-slide="5".*2 to 4/);
    expect(() => compose(`<slide title="重点项目"><cards><p>散句</p></cards></slide>`)).toThrow(/<p> inside <cards>/);
  });
});
