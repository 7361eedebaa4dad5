/**
 * render: laid-out slides → the handout, a PDF of the slides for phones: one slide per page, the
 * page the slide's size (960 × 540 pt), every mark drawn where layout/deck/placed.ts puts it (the
 * preview draws the same marks as SVG), with the deck's font subset and embedded as the report's
 * fonts are (CID fonts with a ToUnicode map, valid programs). PDF/A-2b and tagged like the report:
 * a section per slide holding its paragraphs, tables and figures.
 *
 * With notes, each page runs on below its slide, as wide as the slide, for the speaker notes: a
 * phone fits the page's width to its screen, so the slide is as large as it can be and the notes,
 * set at 20 pt on the 960 pt width, read like 12 pt text on an A4 page's width (an A4 portrait page
 * with the slide scaled on top would set them smaller, or the slide).
 */
import { bytesDigest, cacheKey, installedVersion, ownCode } from '../../cache/disk.js';
import { keptFaceName } from '../../cache/kept.js';
import { breakInto, keepPlacedText, placeSlide, PT_PER_INCH, type PlacedMark, type SlideStyle } from '../../layout/deck/placed.js';
import type { FontFace } from '../../layout/text/index.js';
import type { DocumentMeta } from '../../model/document.js';
import type { LaidOutPage, StructureNode, StructurePath } from '../../model/pages.js';
import type { LaidOutDeck, LaidOutSlide, SlideShape } from '../../model/slides.js';
import { paint } from '../pdf/colors.js';
import { CREATOR, drawGlyphsRecorded, drawRunRecorded, openPdf, PRODUCER, type Doc } from '../pdf/document.js';
import { advanceOf } from '../pdf/glyphs.js';
import { PageMemory } from '../pdf/pages.js';
import { addSrgbOutputIntent } from '../pdf/pdfa.js';
import { PageRecipe, replayRecipe, type Registration } from '../pdf/recipe.js';
import { Tagger, type TagEvent } from '../pdf/tagging.js';
import { installXmp } from '../pdf/xmp.js';

export interface HandoutOptions {
  readonly meta: DocumentMeta;
  /** Seed of the document ID, so the same input gives the same bytes. */
  readonly identity: string;
  readonly style: SlideStyle;
  /** Set each slide's speaker notes under it. */
  readonly notes?: boolean;
  /** Deflate content streams (default true). */
  readonly compress?: boolean;
}

/** The notes below a slide, points: text size, line pitch, margins around the text, space between paragraphs. */
const NOTES = { size: 20, lineSpacing: 30, side: 48, top: 30, bottom: 40, paragraphGap: 10 } as const;

/** Markers and labels are set as typed, without the features of half-width marks. */
const NO_FEATURES: readonly string[] = [];

const rgb = (hex: string): string => paint(hex, { space: 'rgb' }) as string;

/** The page of a slide: the .pptx's 16:9 slide is 12192000 × 6858000 EMU, 960 × 540 pt, that layout's 13.333 in rounds. */
const pageSize = (deck: LaidOutDeck): { width: number; height: number } => ({ width: Math.round(deck.width * PT_PER_INCH), height: Math.round(deck.height * PT_PER_INCH) });

/**
 * What a page's drawing registered in the document (pdf/recipe.ts), its items the slide's shapes
 * (a picture registers itself), and the id of the slide's section when it was drawn: its structure
 * elements' ids begin with it, and a known page of a slide that has moved names them anew.
 */
interface HandoutRecipe {
  readonly section: string;
  readonly registrations: readonly Registration[];
}

export function renderHandout(deck: LaidOutDeck, options: HandoutOptions): Promise<Buffer> {
  const { style } = options;
  const page = pageSize(deck);
  const first = deck.slides.length > 0 ? page : { width: 0, height: 0 };
  const { doc, meta, finish } = openPdf({
    meta: options.meta,
    identity: options.identity,
    edition: options.notes ? 'slides-with-notes' : 'slides',
    size: [first.width, first.height],
    pdfVersion: '1.7',
    compress: options.compress ?? true,
    faces: [style.faces.regular, style.faces.bold],
  });
  installXmp(doc, { meta, producer: PRODUCER, creator: CREATOR, pdfa: { part: 2, conformance: 'B' } });
  addSrgbOutputIntent(doc);
  const tagger = new Tagger(doc);
  const edition = options.notes ? 'slides with notes' : 'slides';
  const pages = new PageMemory(`${edition}\0${placingCode()}`);
  const setting = pageSetting(deck, style, edition);
  const faces = new Map([style.faces.regular, style.faces.bold].map((face): [string, FontFace] => [face.key, face]));
  deck.slides.forEach((slide, index) => {
    const notes = options.notes ? placeNotes(slide.notes, page, style) : [];
    const notesHeight = notes.length > 0 ? NOTES.top + notes.reduce((sum, note) => sum + note.height, 0) - NOTES.paragraphGap + NOTES.bottom : 0;
    doc.addPage({ size: [page.width, page.height + notesHeight], margin: 0 });
    const section: StructureNode = { type: 'Sect', id: `slide-${index + 1}` };
    const draw = (): HandoutRecipe => {
      const recipe = new PageRecipe();
      tagger.recorded(recipe, () => {
        tagger.artifact({ type: 'Layout' });
        doc.rect(0, 0, page.width, page.height + notesHeight).fill(rgb(style.colors.background));
        placeSlide(slide, deck, style).shapes.forEach((marks, shapeIndex) => {
          const shape = slide.shapes[shapeIndex] as SlideShape;
          marks.forEach((mark, markIndex) => {
            tagger.begin({ structure: structureOf(mark, shape, [section], `${section.id}-${shapeIndex}`, markIndex) });
            drawMark(doc, mark, recipe);
            if (mark.kind === 'image') recipe.push({ item: shapeIndex });
          });
        });
        if (notes.length > 0) {
          tagger.artifact({ type: 'Layout' });
          doc.save().lineWidth(0.75).strokeColor(rgb(style.colors.rule)).moveTo(0, page.height).lineTo(page.width, page.height).stroke().restore();
          notes.forEach((note, noteIndex) => {
            tagger.begin({ structure: [section, { type: 'P', id: `${section.id}-notes-${noteIndex}` }] });
            drawMark(doc, note.mark, recipe);
          });
        }
        tagger.close();
      });
      return { section: section.id, registrations: recipe.registrations };
    };
    // A known page's slide is not placed: its shapes register from its recipe, a picture by placing its shape alone.
    const replay = (drawn: HandoutRecipe): void =>
      replayRecipe(doc, drawn.registrations, {
        faces,
        tag: (event) => tagger.replay(renamed(event, drawn.section, section.id)),
        item: (shapeIndex) => {
          for (const mark of placeSlide({ ...slide, shapes: [slide.shapes[shapeIndex]!] }, deck, style).shapes[0]!) if (mark.kind === 'image') drawImage(doc, mark);
        },
      });
    if (setting === undefined) draw();
    else pages.page(doc, pages.keyOf(doc, NO_ITEMS, `${setting}\0${slideKey(slide, options.notes ?? false)}`), draw, replay);
  });
  keepPlacedText();
  const bytes = finish();
  // Once the document has ended, every page's stream has been written, and is kept with it.
  pages.keep();
  return bytes;
}

/** A tag event of a page drawn as the slide whose section was `drawnAs`, for that slide's page as `section` now. */
function renamed(event: TagEvent, drawnAs: string, section: string): TagEvent {
  if (drawnAs === section || typeof event !== 'object' || !('mark' in event)) return event;
  return { mark: event.mark.map((node) => (node.id.startsWith(drawnAs) ? { ...node, id: `${section}${node.id.slice(drawnAs.length)}` } : node)) };
}

/** A page's key holds its slide in the setting (pdf/pages.ts keys a report's page by its items): the page itself has none. */
const NO_ITEMS: LaidOutPage = { items: [] };

/**
 * What every page of the handout is drawn with besides its slide: the deck's size, the faces (by
 * their fonts' bytes) and colours, and the edition; undefined when a face has no bytes to name it
 * by (made for a test), and pages are then always drawn.
 */
function pageSetting(deck: LaidOutDeck, style: SlideStyle, edition: string): string | undefined {
  const faces = [keptFaceName(style.faces.regular), keptFaceName(style.faces.bold)];
  if (faces.some((face) => face === undefined)) return undefined;
  return JSON.stringify([edition, deck.width, deck.height, faces, style.colors]);
}

/**
 * A slide as its page's key spells it: its shapes, each picture's bytes as their digest, and its
 * notes when the page shows them (an edit of the notes alone then leaves the handout without them
 * drawn as it was). Not its number: that names only its structure elements, which a known page
 * registers anew.
 */
function slideKey(slide: LaidOutSlide, withNotes: boolean): string {
  const shapes = slide.shapes.map((shape) => (shape.kind === 'image' ? { ...shape, data: bytesDigest(shape.data) } : shape));
  return JSON.stringify(withNotes ? [shapes, slide.notes] : [shapes]);
}

let placing: string | undefined;
/**
 * What makes a page's marks from its slide besides pdf/pages.ts's own makers: this module, the
 * deck's placing and the text engine, and the line breaker's package and Unicode's version under
 * them. Part of every page's name on disk, so a change to any never reuses a page drawn before it.
 */
const placingCode = (): string =>
  (placing ??= cacheKey('handout pages', ...ownCode(['render/handout', 'layout/deck/placed', 'layout/deck/measure', 'layout/text']), installedVersion('linebreak'), process.versions.unicode ?? ''));

/**
 * Where a mark sits in the handout's structure: paragraphs are P, a table's cells TH and TD in
 * their rows, a picture and a chart (its labels and values) one Figure with its alternative text;
 * fills and rules are decoration (no path: an artifact).
 */
function structureOf(mark: PlacedMark, shape: SlideShape, section: StructurePath, id: string, markIndex: number): StructurePath | undefined {
  switch (shape.kind) {
    case 'image':
      return [...section, { type: 'Figure', id, alt: shape.alt }];
    case 'chart':
      if (mark.kind !== 'label') return undefined;
      return [...section, { type: 'Figure', id, alt: [shape.title, ...shape.labels.map((label, index) => `${label} ${shape.values[index] ?? ''}`)].join('；') }];
    case 'table': {
      if (mark.kind !== 'paragraph' || !mark.cell) return undefined;
      const { row, column } = mark.cell;
      const cell: StructureNode = row === 0 ? { type: 'TH', id: `${id}-${row}-${column}`, scope: 'Column' } : { type: 'TD', id: `${id}-${row}-${column}` };
      return [...section, { type: 'Table', id }, { type: 'TR', id: `${id}-${row}` }, cell];
    }
    case 'text':
      return mark.kind === 'paragraph' ? [...section, { type: 'P', id: `${id}-${markIndex}` }] : undefined;
    case 'rect':
      return undefined;
  }
}

interface PlacedNote {
  readonly mark: PlacedMark;
  /** Its lines and the space after it, points. */
  readonly height: number;
}

/** The notes' paragraphs (one a line of the notes), broken across the page's width below the slide. */
function placeNotes(notes: readonly string[], slide: { width: number; height: number }, style: SlideStyle): PlacedNote[] {
  const width = slide.width - 2 * NOTES.side;
  let y = slide.height + NOTES.top;
  return notes
    .filter((text) => text.trim() !== '')
    .map((text) => {
      const paragraph = { runs: [{ text, color: style.colors.text }], size: NOTES.size, align: 'justify' as const, lineSpacing: NOTES.lineSpacing, spaceBefore: 0 };
      const { lines, count } = breakInto(paragraph, width, style);
      const note = { mark: { kind: 'paragraph' as const, x: NOTES.side, y, text, lines }, height: count * NOTES.lineSpacing + NOTES.paragraphGap };
      y += note.height;
      return note;
    });
}

/** Draws `mark`, writing down in `recipe` the fonts and glyphs it registers (a picture is written down as its shape). */
function drawMark(doc: Doc, mark: PlacedMark, recipe: PageRecipe): void {
  switch (mark.kind) {
    case 'paragraph':
      if (mark.marker) {
        const { marker } = mark;
        doc.fillColor(rgb(marker.color));
        drawGlyphsRecorded(doc, recipe, marker.text, { face: marker.face, size: marker.size, letterSpacing: 0, features: NO_FEATURES }, mark.x, mark.y + marker.baseline);
      }
      for (const line of mark.lines) {
        for (const run of line.runs) {
          if (run.text.trim() === '') continue;
          doc.fillColor(rgb(run.color));
          drawRunRecorded(doc, recipe, run, mark.x + line.left, mark.y + line.baseline);
        }
      }
      return;
    case 'label': {
      const style = { face: mark.face, size: mark.size, letterSpacing: 0, features: NO_FEATURES };
      const width = mark.anchor === 'start' ? 0 : advanceOf(doc, mark.text, style);
      const left = mark.x - (mark.anchor === 'middle' ? width / 2 : mark.anchor === 'end' ? width : 0);
      doc.fillColor(rgb(mark.color));
      drawGlyphsRecorded(doc, recipe, mark.text, style, left, mark.baseline);
      return;
    }
    case 'rect':
      doc.rect(mark.x, mark.y, mark.w, mark.h).fill(rgb(mark.fill));
      return;
    case 'rule':
      doc.save().lineWidth(mark.thickness).strokeColor(rgb(mark.color)).moveTo(mark.x1, mark.y).lineTo(mark.x2, mark.y).stroke().restore();
      return;
    case 'image':
      // A picture is an object of the document, named in the page's resources.
      drawImage(doc, mark);
      return;
  }
}

function drawImage(doc: Doc, mark: Extract<PlacedMark, { kind: 'image' }>): void {
  doc.image(Buffer.from(mark.data.buffer, mark.data.byteOffset, mark.data.byteLength), mark.x, mark.y, { width: mark.w, height: mark.h });
}
