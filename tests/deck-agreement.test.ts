/**
 * Our layout agrees with a real renderer: each deck (the article and every corpus event) is built,
 * rendered by LibreOffice (which loads the embedded fonts), and the lines it set in every text box
 * and table cell, read back with `pdftotext -bbox-layout`, are compared with the lines our layout
 * predicts PowerPoint sets there (layout/deck/measure.ts, what the preview draws).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, prepare } from '../src/build.js';
import { CELL_MARGIN } from '../src/layout/deck/blocks.js';
import { breakInto, type SlideStyle } from '../src/layout/deck/placed.js';
import { cellLines, endsInRunt, INSET, linesHeight, paragraphLineTexts, paragraphsNeed, type DeckFaces } from '../src/layout/deck/measure.js';
import type { Box, LaidOutDeck } from '../src/model/slides.js';

const root = path.resolve(import.meta.dirname, '..');
const LO_RENDER = path.resolve(root, '..', 'shared', 'tools', 'lo-render');
const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const canRender = existsSync(LO_RENDER) && has('pdftotext') && has('pdftoppm');

const decks: Record<string, string> = {
  article: path.join(root, 'content.yaml'),
  ...Object.fromEntries(readdirSync(path.join(root, 'tests', 'events')).sort().map((name) => [name, path.join(root, 'tests', 'events', name, 'content.yaml')])),
};

const PT = 72;

/** A line LibreOffice set, in points from the slide's top-left corner, with its text. */
interface SetLine {
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
  readonly text: string;
}

/** Every page's lines, from `pdftotext -bbox-layout`'s XHTML. */
function setLines(pdf: string): SetLine[][] {
  const xhtml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return xhtml.split('<page ').slice(1).map((page) =>
    [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)].map(([, xMin, yMin, xMax, yMax, words]) => ({
      xMin: Number(xMin),
      yMin: Number(yMin),
      xMax: Number(xMax),
      yMax: Number(yMax),
      text: [...(words ?? '').matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map(([, word]) => word).join(''),
    })),
  );
}

/** A box our layout filled with text, and the text lines it predicts there. */
interface PredictedBox extends Box {
  /** A text box, or a table cell. */
  readonly kind: 'text' | 'cell';
  readonly slide: number;
  readonly lines: readonly string[];
  /** Each paragraph's lines. */
  readonly paragraphs: readonly (readonly string[])[];
  /** Points of its largest text: lines closer than half of this are one line. */
  readonly size: number;
  /** Inches the predicted lines take, insets or cell margins included. */
  readonly need: number;
}

function predictedBoxes(deck: LaidOutDeck, faces: DeckFaces): PredictedBox[] {
  return deck.slides.flatMap((slide, index) =>
    slide.shapes.flatMap((shape): PredictedBox[] => {
      if (shape.kind === 'text') {
        const paragraphs = shape.paragraphs.map((paragraph) => paragraphLineTexts(paragraph, faces, shape.w));
        return [{ ...shape, kind: 'text', slide: index, lines: paragraphs.flat(), paragraphs, size: Math.max(...shape.paragraphs.map((p) => p.size)), need: paragraphsNeed(shape.paragraphs, faces, shape.w) }];
      }
      if (shape.kind !== 'table') return [];
      let y = shape.y;
      return [shape.header, ...shape.rows].flatMap((cells, row) => {
        const h = shape.rowHeights[row] ?? 0;
        let x = shape.x;
        const boxes = cells.map((cell, column): PredictedBox => {
          const w = shape.columnWidths[column] ?? 0;
          const lines = cellLines(cell, row === 0 ? faces.bold : faces.regular, shape.size, w - 2 * CELL_MARGIN.x);
          const need = linesHeight(lines.length, shape.size) + 2 * CELL_MARGIN.y;
          const box: PredictedBox = { kind: 'cell', x, y, w, h, slide: index, lines, paragraphs: [lines], size: shape.size, need };
          x += w;
          return box;
        });
        y += h;
        return boxes.filter((box) => box.lines.join('') !== '');
      });
    }),
  );
}

const overlap = (line: SetLine, box: Box): number =>
  Math.max(0, Math.min(line.xMax, (box.x + box.w) * PT) - Math.max(line.xMin, box.x * PT)) * Math.max(0, Math.min(line.yMax, (box.y + box.h) * PT) - Math.max(line.yMin, box.y * PT));

/** Rows of text: lines whose vertical centres are closer than half the text size are one row. */
function rows(lines: readonly SetLine[], size: number): SetLine[][] {
  const sorted = [...lines].sort((a, b) => a.yMin + a.yMax - b.yMin - b.yMax);
  const grouped: SetLine[][] = [];
  for (const line of sorted) {
    const last = grouped.at(-1);
    const centre = (l: SetLine): number => (l.yMin + l.yMax) / 2;
    if (last && Math.abs(centre(line) - centre(last[0]!)) < size / 2) last.push(line);
    else grouped.push([line]);
  }
  return grouped;
}

interface Comparison {
  readonly box: PredictedBox;
  readonly rendered: readonly string[];
  /** How far LibreOffice's text (its em boxes) passes the box's edge, points (0 inside), and which edge. */
  readonly overflow: number;
  readonly edge: string;
}

/**
 * The em box of a line's glyphs: pdftotext's box runs from the font's ascent to its descent
 * (hhea, beyond the line's pitch); ideographs fill the em box its OS/2 typo metrics give.
 */
function emBox(line: SetLine, font: DeckFaces['regular']['font']): SetLine {
  const { ascent, descent, unitsPerEm } = font;
  const os2 = (font as unknown as { 'OS/2': { typoAscender: number; typoDescender: number } })['OS/2'];
  const size = ((line.yMax - line.yMin) * unitsPerEm) / (ascent - descent);
  const baseline = line.yMax + (descent / unitsPerEm) * size;
  return { ...line, yMin: baseline - (os2.typoAscender / unitsPerEm) * size, yMax: baseline - (os2.typoDescender / unitsPerEm) * size };
}

function compare(boxes: readonly PredictedBox[], pages: readonly SetLine[][], font: DeckFaces['regular']['font']): Comparison[] {
  const assigned = new Map<PredictedBox, SetLine[]>(boxes.map((box) => [box, []]));
  pages.forEach((lines, slide) => {
    const onSlide = boxes.filter((box) => box.slide === slide);
    for (const line of lines) {
      const best = onSlide.reduce<PredictedBox | undefined>((a, b) => (a && overlap(line, a) >= overlap(line, b) ? a : b), undefined);
      if (best && overlap(line, best) > 0) assigned.get(best)!.push(emBox(line, font));
    }
  });
  return boxes.map((box) => {
    const lines = assigned.get(box)!;
    // A mark that hangs (hangingPunct) may pass the right edge by its own advance, one em.
    const hanging = (l: SetLine): number => (/[、。，．]$/.test(l.text) ? l.yMax - l.yMin : 0);
    const edges = lines.flatMap((l) => [
      ['left', box.x * PT - l.xMin],
      ['right', l.xMax - (box.x + box.w) * PT - hanging(l)],
      ['top', box.y * PT - l.yMin],
      ['bottom', l.yMax - (box.y + box.h) * PT],
    ] as const);
    const [edge, overflow] = edges.reduce<readonly [string, number]>((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
    return { box, rendered: rows(lines, box.size).map((row) => row.sort((a, b) => a.xMin - b.xMin).map((l) => l.text).join('')), overflow, edge };
  });
}

/** Each deck's boxes as layout predicts them; LibreOffice's lines beside them where it can render. */
const predictions = new Map<string, PredictedBox[]>();
const results = new Map<string, Comparison[]>();
/** Paragraphs whose lines as the handout and the preview draw them (layout/deck/placed.ts) differ from the .pptx's. */
const drawnElsewise = new Map<string, string[]>();

function drawnDifferently(deck: LaidOutDeck, style: SlideStyle): string[] {
  const texts = (lines: readonly string[]): string => lines.map((line) => line.replace(/\s/g, '')).join('|');
  return deck.slides.flatMap((slide, index) =>
    slide.shapes.flatMap((shape) => (shape.kind !== 'text' ? [] : shape.paragraphs.flatMap((paragraph) => {
      const pptx = texts(paragraphLineTexts(paragraph, style.faces, shape.w));
      const drawn = texts(breakInto(paragraph, (shape.w - 2 * INSET) * 72, style).lines.map((line) => line.runs.map((run) => run.text).join('')));
      return pptx === drawn ? [] : [`slide ${index + 1}: ${pptx} ≠ ${drawn}`];
    }))),
  );
}

beforeAll(async () => {
  for (const [name, contentFile] of Object.entries(decks)) {
    const { laidOut, project } = await prepare({ contentFile });
    const faces = project.fonts[project.theme.deck.font];
    predictions.set(name, predictedBoxes(laidOut.deck, faces));
    drawnElsewise.set(name, drawnDifferently(laidOut.deck, { faces, colors: project.theme.colors }));
    if (!canRender) continue;
    const outDir = mkdtempSync(path.join(tmpdir(), `jianbao-agree-${name}-`));
    await build({ contentFile, outDir, only: 'deck' });
    const rendered = execFileSync(LO_RENDER, [path.join(outDir, 'briefing.pptx'), path.join(outDir, 'lo')], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
    results.set(name, compare(predictions.get(name)!, setLines(rendered), faces.regular.font));
  }
}, 300_000);

const slideLines = (box: PredictedBox, lines: readonly string[] = box.lines): string => `slide ${box.slide + 1}: ${lines.join('|')}`;

describe('the deck’s lines as layout predicts them', () => {
  it.each(Object.keys(decks))('%s: no paragraph of a text box ends in a runt, and every box holds its lines', (name) => {
    const boxes = predictions.get(name)!;
    expect(boxes.filter((box) => box.kind === 'text' && box.paragraphs.some(endsInRunt)).map((box) => slideLines(box))).toEqual([]);
    expect(boxes.filter((box) => box.need > box.h + 1e-6).map((box) => slideLines(box))).toEqual([]);
  });

  it.each(Object.keys(decks))('%s: the handout and the preview draw the lines the .pptx will have', (name) => {
    expect(drawnElsewise.get(name)).toEqual([]);
  });
});

if (!canRender) console.warn('deck-agreement: lo-render, pdftotext or pdftoppm missing (see ../shared/tools/README.md): LibreOffice comparison skipped');

describe.skipIf(!canRender)('the deck’s lines as LibreOffice sets them', () => {
  it.each(Object.keys(decks))('%s: the number of lines agrees in at least 95 boxes of 100', (name) => {
    const comparisons = results.get(name)!;
    const disagreeing = comparisons.filter((c) => c.rendered.length !== c.box.lines.length).map((c) => `${slideLines(c.box)} ≠ ${c.rendered.join('|')}`);
    // The lines' text too, for the record: LibreOffice's rows carry the bullet or number, spaces between words.
    const squeeze = (lines: readonly string[]): string => lines.map((l) => l.replace(/^(?:•|\d+\.)/, '').replace(/\s/g, '')).join('|');
    const sameBreaks = comparisons.filter((c) => squeeze(c.rendered) === squeeze(c.box.lines)).length;
    console.log(`${name}: ${comparisons.length - disagreeing.length} of ${comparisons.length} boxes set in as many lines as predicted, ${sameBreaks} with the same breaks`);
    expect(disagreeing.length, disagreeing.join('\n')).toBeLessThanOrEqual(0.05 * comparisons.length);
  });

  it.each(Object.keys(decks))('%s: no box’s text passes its edges as LibreOffice sets it', (name) => {
    // Within this, points: a line's last glyph may overshoot its advance a little.
    const TOLERANCE = 3;
    const over = results.get(name)!.filter((c) => c.overflow > TOLERANCE);
    expect(over.map((c) => `${slideLines(c.box, c.rendered)} (${c.edge}, ${c.overflow.toFixed(1)} pt)`)).toEqual([]);
  });

  it.each(Object.keys(decks))('%s: no paragraph of a text box ends in a runt as LibreOffice sets it', (name) => {
    // LibreOffice's rows, paragraph by paragraph where it set as many lines as predicted (nearly always).
    const renderedParagraphs = (c: Comparison): (readonly string[])[] => {
      if (c.rendered.length !== c.box.lines.length) return [c.rendered];
      let row = 0;
      return c.box.paragraphs.map((lines) => c.rendered.slice(row, (row += lines.length)));
    };
    const runts = results.get(name)!.filter((c) => c.box.kind === 'text' && renderedParagraphs(c).some(endsInRunt));
    expect(runts.map((c) => slideLines(c.box, c.rendered))).toEqual([]);
  });
});
