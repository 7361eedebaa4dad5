/**
 * Laid-out slides → SVG: a thin drawer of the marks layout/deck/placed.ts puts on each slide (the
 * handout PDF draws the same marks), so the preview shows the line breaks the deck will have, not
 * the browser's.
 */
import type { DeckFaces } from '../layout/deck/measure.js';
import { placeSlide, type PlacedMark } from '../layout/deck/placed.js';
import type { LaidOutDeck, LaidOutSlide } from '../model/slides.js';
import type { Theme } from '../model/theme.js';
import { drawLine, escapeMarkup, imageHref, num, type FamilyOf } from './svg.js';

export interface SlideDrawing {
  readonly faces: DeckFaces;
  readonly colors: Theme['colors'];
  readonly familyOf: FamilyOf;
  /** The path of the content.yaml scalar a text comes from (`projects[3].name`); undefined for the templates' own wording. */
  readonly sourceOf: (text: string) => string | undefined;
}

const ANCHOR = { start: '', middle: ' text-anchor="middle"', end: ' text-anchor="end"' } as const;

function drawMark(mark: PlacedMark, drawing: SlideDrawing): string {
  switch (mark.kind) {
    case 'paragraph': {
      const { marker } = mark;
      const symbol = marker
        ? `<text y="${num(marker.baseline)}" font-family="${drawing.familyOf(marker.face.key, marker.text)}" font-size="${num(marker.size)}" fill="#${marker.color}">${marker.text}</text>`
        : '';
      const lines = mark.lines.map((line) => drawLine(line.runs, line.left, line.baseline, drawing.familyOf, (run) => run.color)).join('');
      // Carries its text and, when known, the content scalar it comes from: the page shows a click's source by them.
      const found = drawing.sourceOf(mark.text);
      const source = found === undefined ? '' : ` data-source="${escapeMarkup(found)}"`;
      return `<g class="text"${source} data-text="${escapeMarkup(mark.text)}" transform="translate(${num(mark.x)} ${num(mark.y)})">${symbol}${lines}</g>`;
    }
    case 'label':
      return `<text x="${num(mark.x)}" y="${num(mark.baseline)}"${ANCHOR[mark.anchor]} font-family="${drawing.familyOf(mark.face.key, mark.text)}" font-size="${mark.size}" fill="#${mark.color}">${escapeMarkup(mark.text)}</text>`;
    case 'rect':
      return `<rect x="${num(mark.x)}" y="${num(mark.y)}" width="${num(mark.w)}" height="${num(mark.h)}" fill="#${mark.fill}"/>`;
    case 'rule':
      return `<line x1="${num(mark.x1)}" x2="${num(mark.x2)}" y1="${num(mark.y)}" y2="${num(mark.y)}" stroke="#${mark.color}" stroke-width="${mark.thickness}"/>`;
    case 'image':
      return `<image x="${num(mark.x)}" y="${num(mark.y)}" width="${num(mark.w)}" height="${num(mark.h)}" preserveAspectRatio="none" href="${imageHref(mark.data, mark.format)}"><title>${escapeMarkup(mark.alt)}</title></image>`;
  }
}

export function slideSvg(slide: LaidOutSlide, deck: LaidOutDeck, drawing: SlideDrawing): string {
  const placed = placeSlide(slide, deck, drawing);
  const marks = placed.shapes.flat().map((mark) => drawMark(mark, drawing)).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="slide" viewBox="0 0 ${num(placed.width)} ${num(placed.height)}"><rect width="${num(placed.width)}" height="${num(placed.height)}" fill="#${placed.background}"/>${marks}</svg>`;
}
