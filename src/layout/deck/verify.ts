/**
 * A check of a laid-out deck, independent of how layout got there: every shape on the slide, no
 * text on other text, no panel (a figure's or a quote's box) partly over another or text crossing
 * a panel's edge, and every text box tall enough for its text re-measured with the real font.
 */
import { createHash } from 'node:crypto';
import { contentDigest } from '../../cache/disk.js';
import { keptFaceName, keptResults, writtenAfterLayout } from '../../cache/kept.js';
import { identityOf, memo, memosAnswer } from '../../cache/memo.js';
import type { Box, LaidOutDeck, LaidOutSlide, SlideShape } from '../../model/slides.js';
import { CELL_MARGIN } from './blocks.js';
import { countLines, INSET, linesHeight, paragraphsNeed, type DeckFaces } from './measure.js';

export interface DeckViolation {
  /** 1-based, as the slide is numbered in the deck. */
  readonly slide: number;
  readonly message: string;
}

/** Shapes may touch (a box ending where the next begins) within this, inches. */
const EPSILON = 1e-6;

const label = (shape: SlideShape): string => {
  const text = shape.kind === 'text' ? shape.paragraphs.map((p) => p.runs.map((r) => r.text).join('')).join(' ')
    : shape.kind === 'table' ? shape.header.join(' ') : shape.kind === 'chart' ? shape.title : shape.kind === 'image' ? shape.alt : shape.fill;
  return `${shape.kind} "${[...text].slice(0, 16).join('')}"`;
};

const overlaps = (a: Box, b: Box): boolean =>
  Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > EPSILON && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > EPSILON;
const contains = (outer: Box, inner: Box): boolean =>
  inner.x >= outer.x - EPSILON && inner.y >= outer.y - EPSILON && inner.x + inner.w <= outer.x + outer.w + EPSILON && inner.y + inner.h <= outer.y + outer.h + EPSILON;
/** Overlapping without either holding the other: two figure boxes run into each other, a number spills out of its box. */
const crosses = (a: Box, b: Box): boolean => overlaps(a, b) && !contains(a, b) && !contains(b, a);

/** What the shape's text does not fit: a text box too short for its paragraphs, a table row too short for a cell. */
function tooTall(shape: SlideShape, faces: DeckFaces): string[] {
  switch (shape.kind) {
    case 'text': {
      const need = paragraphsNeed(shape.paragraphs, faces, shape.w);
      return need > shape.h + EPSILON ? [`needs ${need.toFixed(3)} in but its box is ${shape.h.toFixed(3)} in tall`] : [];
    }
    case 'table': {
      const problems = [shape.header, ...shape.rows].flatMap((cells, row) => {
        const face = row === 0 ? faces.bold : faces.regular;
        const width = (i: number): number => (shape.columnWidths[i] ?? 0) - 2 * CELL_MARGIN.x + 2 * INSET;
        const need = Math.max(...cells.map((cell, i) => linesHeight(countLines(cell, face, shape.size, width(i)), shape.size))) + 2 * CELL_MARGIN.y;
        const has = shape.rowHeights[row] ?? 0;
        return need > has + EPSILON ? [`row ${row} needs ${need.toFixed(3)} in but is ${has.toFixed(3)} in tall`] : [];
      });
      const rows = shape.rowHeights.reduce((a, b) => a + b, 0);
      return rows > shape.h + EPSILON ? [...problems, `rows take ${rows.toFixed(3)} in but the box is ${shape.h.toFixed(3)} in tall`] : problems;
    }
    default:
      return [];
  }
}

/** Everything wrong with one slide of a deck `width` × `height` inches: a function of its shapes alone. */
function slideViolations(slide: Pick<LaidOutSlide, 'shapes'>, width: number, height: number, faces: DeckFaces): string[] {
  const found: string[] = [];
  const report = (message: string): void => void found.push(message);
  const texts = slide.shapes.filter((s) => s.kind !== 'rect');
  for (const shape of slide.shapes) {
    if (shape.x < -EPSILON || shape.y < -EPSILON || shape.x + shape.w > width + EPSILON || shape.y + shape.h > height + EPSILON) {
      report(`${label(shape)} lies outside the slide`);
    }
    for (const problem of tooTall(shape, faces)) report(`${label(shape)} ${problem}`);
  }
  texts.forEach((a, i) => {
    for (const b of texts.slice(i + 1)) if (overlaps(a, b)) report(`${label(a)} overlaps ${label(b)}`);
  });
  const panels = slide.shapes.filter((s) => s.kind === 'rect');
  panels.forEach((a, i) => {
    for (const b of [...panels.slice(i + 1), ...texts]) if (crosses(a, b)) report(`${label(b)} crosses the edge of ${label(a)}`);
  });
  return found;
}

/**
 * Slides already looked at, by a digest of the slide, the deck's size and the faces (this
 * process's objects), and those kept on disk by processes before this one (the faces named by
 * their fonts): a build after an edit looks again only at the slides it changed. A slide showing
 * a picture is looked at every time rather than its bytes digested.
 */
const REMEMBERED_SLIDES = 500;
const lookedAt = memo<readonly string[]>(REMEMBERED_SLIDES);
const keptViolations = writtenAfterLayout(keptResults<readonly string[]>('deck-violations', ['layout/deck', 'layout/text']));

/** Everything wrong with the deck's geometry; empty when every slide is sound. */
export function verifyDeck(deck: Omit<LaidOutDeck, 'warnings'>, faces: DeckFaces): DeckViolation[] {
  const faceNames = [keptFaceName(faces.regular), keptFaceName(faces.bold)];
  const kept = memosAnswer() && faceNames.every((name) => name !== undefined);
  // The faces' names as a digest: spelt out, they are most of the entry.
  const faceDigest = kept ? contentDigest(JSON.stringify(faceNames)) : '';
  const violations = (slide: LaidOutSlide): readonly string[] => {
    if (slide.shapes.some((shape) => shape.kind === 'image')) return slideViolations(slide, deck.width, deck.height, faces);
    // Its shapes alone: notes are not on the slide, and an edit of them (most edits the deck shows are also in notes) looks at nothing again.
    const digest = createHash('sha256').update(JSON.stringify([deck.width, deck.height, slide.shapes])).digest('hex');
    return lookedAt(`${identityOf(faces.regular)},${identityOf(faces.bold)}|${digest}`, () => {
      const diskKey = kept ? `${faceDigest}|${digest}` : undefined;
      return keptViolations.resultFor(diskKey, () => slideViolations(slide, deck.width, deck.height, faces));
    });
  };
  return deck.slides.flatMap((slide, index) => violations(slide).map((message) => ({ slide: index + 1, message })));
}
