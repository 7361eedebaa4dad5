/**
 * render: laid-out report → PDF bytes with pdfkit. pdfkit wraps nothing here: every line, run and
 * box is drawn where layout put it. Fonts are embedded as subsets with a ToUnicode map by pdfkit,
 * glyphs coded by their own ids (cid-font.ts), their programs made valid on the way (font-program.ts).
 *
 * Two editions from the same layout:
 *  - standard (screen and archive): PDF/A-2b, tagged, DeviceRGB with an sRGB output intent;
 *  - print (`options.print`): PDF/X-4 (see pdfx.ts), tagged, CMYK text and rules, images ICC-based
 *    sRGB, A4 trim with bleed, crop and registration marks outside the bleed, a GTS_PDFX output
 *    intent with the FOGRA39 profile embedded.
 */
import { createHash } from 'node:crypto';
import type { FontFace } from '../../layout/text/index.js';
import type { FontSet } from '../../load/fonts.js';
import type { DocumentMeta } from '../../model/document.js';
import type { LaidOutReport, OutlineEntry, PageItem } from '../../model/pages.js';
import { paint, type ColorMode } from './colors.js';
import { CREATOR, drawRunRecorded, openPdf, PRODUCER, type Doc } from './document.js';
import { PageMemory } from './pages.js';
import { spelt } from './pdf-object.js';
import { addOutputIntent, addSrgbOutputIntent } from './pdfa.js';
import { PDFX_PDF_VERSION, PDFX_VERSION, outputProfileFor, placeRgbImagesAsSrgb, writeInfoDirectly } from './pdfx.js';
import { drawPrinterMarks, extendIntoBleed, printGeometry, type PrintGeometry, type PrintSetup } from './print.js';
import { PageRecipe, replayRecipe, type Registration } from './recipe.js';
import { Tagger } from './tagging.js';
import { installXmp } from './xmp.js';

export interface PdfOptions {
  readonly meta: DocumentMeta;
  /** Seed of the document ID, so the same input gives the same bytes. */
  readonly identity: string;
  /** Render the print edition with this setup (see print.ts `printSetup(theme)`); absent: the standard edition. */
  readonly print?: PrintSetup;
  /** Deflate content streams (default true); tests turn it off to read the operators. */
  readonly compress?: boolean;
}


/** Where an edition puts the A4 page: the standard one on a plain A4 sheet, the print one inside the slug. */
interface Sheet {
  readonly width: number;
  readonly height: number;
  /** Offset of the trim's top-left corner on the sheet. */
  readonly offset: number;
  readonly geometry?: PrintGeometry;
}

export function renderPdf(report: LaidOutReport, fonts: FontSet, options: PdfOptions): Promise<Buffer> {
  const { print } = options;
  const geometry = print ? printGeometry(report.width, report.height, print.bleedMm) : undefined;
  const sheet: Sheet = geometry ? { width: geometry.media.width, height: geometry.media.height, offset: geometry.margin, geometry } : { width: report.width, height: report.height, offset: 0 };
  const colors: ColorMode = print ? { space: 'cmyk', palette: print.palette } : { space: 'rgb' };

  const { doc, meta, finish } = openPdf({
    meta: options.meta,
    identity: options.identity,
    edition: print ? 'print' : 'standard',
    size: [sheet.width, sheet.height],
    pdfVersion: print ? PDFX_PDF_VERSION : '1.7',
    compress: options.compress ?? true,
    ...(print ? { info: { GTS_PDFXVersion: PDFX_VERSION } } : {}),
    faces: (['sans', 'serif'] as const).flatMap((role) => [fonts[role].regular, fonts[role].bold]),
  });
  // A print file says whether it has been trapped. Trapped is a name; pdfkit would write a string.
  if (print) (doc as unknown as { info: Record<string, unknown> }).info.Trapped = spelt('/False');
  if (print) writeInfoDirectly(doc);
  installXmp(doc, { meta, producer: PRODUCER, creator: CREATOR, ...(print ? { trapped: 'False' as const, pdfx: pdfxIds(options.identity) } : { pdfa: { part: 2, conformance: 'B' as const } }) });
  if (print) {
    const { identifier, info } = print.outputCondition;
    // A condition we have no profile for gets none, and preflight says the file is no PDF/X-4.
    const profile = outputProfileFor(identifier);
    addOutputIntent(doc, { subtype: 'GTS_PDFX', identifier, info, registry: 'http://www.color.org', ...(profile ? { profile: { data: profile, components: 4 } } : {}) });
    placeRgbImagesAsSrgb(doc);
  } else {
    addSrgbOutputIntent(doc);
  }

  const tagger = new Tagger(doc);
  const pages = new PageMemory(print ? 'report print' : 'report standard');
  const setting = JSON.stringify([sheet, print ? [...print.palette] : 'rgb']);
  const facesByKey = new Map(Object.values(fonts).flatMap(({ regular, bold }) => [regular, bold]).map((face): [string, FontFace] => [face.key, face]));
  for (const page of report.pages) {
    doc.addPage({ size: [sheet.width, sheet.height], margin: 0 });
    if (sheet.geometry) {
      const pageDictionary = (doc.page as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data;
      pageDictionary.TrimBox = [...sheet.geometry.trimBox];
      pageDictionary.BleedBox = [...sheet.geometry.bleedBox];
    }
    // The page's content, and after it the printer's marks: known pages replay the content's registrations only.
    const walk = (content: () => void): void => {
      doc.save().translate(sheet.offset, sheet.offset);
      content();
      tagger.close();
      doc.restore();
      if (sheet.geometry) {
        tagger.artifact({ type: 'Page' });
        drawPrinterMarks(doc, sheet.geometry);
        tagger.close();
      }
    };
    const draw = (): readonly Registration[] => {
      const recipe = new PageRecipe();
      walk(() => tagger.recorded(recipe, () => page.items.forEach((item, index) => drawItem(doc, item, { tagger, colors, sheet, recipe, index }))));
      return recipe.registrations;
    };
    const replay = (registrations: readonly Registration[]): void =>
      walk(() =>
        replayRecipe(doc, registrations, {
          faces: facesByKey,
          tag: (event) => tagger.replay(event),
          item: (index) => registerItem(doc, page.items[index]!, tagger, sheet),
        }),
      );
    pages.page(doc, pages.keyOf(doc, page, setting), draw, replay);
  }
  addOutline(doc.outline, report.outline, sheet.width, sheet.offset);
  const bytes = finish();
  // Once the document has ended, every page's stream has been written, and is kept with it.
  pages.keep();
  return bytes;
}

/** How a page is being drawn: its document's tagger, colours and sheet, and where its registrations are written down. */
interface Drawing {
  readonly tagger: Tagger;
  readonly colors: ColorMode;
  readonly sheet: Sheet;
  readonly recipe: PageRecipe;
  /** The item's index in its page, which names it in the page's recipe. */
  readonly index: number;
}

function drawItem(doc: Doc, item: PageItem, { tagger, colors, sheet, recipe, index }: Drawing): void {
  if (item.kind === 'anchor' || item.kind === 'link') {
    registerItem(doc, item, tagger, sheet);
    recipe.push({ item: index });
    return;
  }
  tagger.begin(item);
  switch (item.kind) {
    case 'text':
      doc.fillColor(paint(item.color, colors) as string);
      for (const run of item.runs) drawRunRecorded(doc, recipe, run, item.x, item.y);
      return;
    case 'rect': {
      const box = sheet.geometry && item.bleed ? extendIntoBleed(item, item.bleed, sheet.geometry.bleed) : item;
      doc.rect(box.x, box.y, box.width, box.height).fill(paint(item.fill, colors) as string);
      return;
    }
    case 'image':
      registerItem(doc, item, tagger, sheet);
      recipe.push({ item: index });
      return;
    case 'rule':
      doc.save().lineWidth(item.thickness).strokeColor(paint(item.color, colors) as string);
      if (item.dash) doc.dash(item.dash[0], { space: item.dash[1] });
      doc.moveTo(item.x, item.y).lineTo(item.x + item.width, item.y).stroke().restore();
      return;
  }
}

/**
 * An item that is an object of the document, drawn or (on a known page, nothing written) registered:
 * a named destination, a link annotation with its place in the structure, an image named in the page's resources.
 */
function registerItem(doc: Doc, item: PageItem, tagger: Tagger, sheet: Sheet): void {
  switch (item.kind) {
    case 'anchor':
      // Named destinations are in PDF space: from the bottom of the sheet, past the print edition's slug.
      doc.addNamedDestination(item.name, 'XYZ', 0, item.y + sheet.offset, null as unknown as number);
      return;
    case 'link': {
      // A print file has no use for links, and press checks reject annotations inside the bleed.
      if (sheet.geometry) return;
      const parent = tagger.linkParent(item);
      doc.goTo(item.x, item.y, item.width, item.height, item.target, parent ? ({ structParent: parent } as object) : {});
      if (parent) tagger.finishLink(parent);
      return;
    }
    case 'image':
      doc.image(Buffer.from(item.data.buffer, item.data.byteOffset, item.data.byteLength), item.x, item.y, { width: item.width, height: item.height });
      return;
    default:
      throw new Error(`a ${item.kind} item is no object of the document`);
  }
}

/** The print edition's XMP ids, from the input: the same content gives the same ids (and bytes). */
function pdfxIds(identity: string): { version: string; documentId: string; instanceId: string } {
  const uuid = (seed: string): string => {
    const hex = createHash('sha256').update(seed).digest('hex');
    return `uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
  return { version: PDFX_VERSION, documentId: uuid(identity), instanceId: uuid(`${identity}:print`) };
}

interface OutlineNode {
  addItem(title: string, options?: object): OutlineNode;
}

function addOutline(parent: OutlineNode, entries: readonly OutlineEntry[], sheetWidth: number, offset: number): void {
  for (const entry of entries) {
    // pdfkit writes `left` as (sheet width − left) and `top` as (sheet height − top): this opens the
    // page at the trim's top-left corner.
    const item = parent.addItem(entry.title, { pageNumber: entry.pageIndex, left: sheetWidth - offset, top: offset });
    addOutline(item, entry.children, sheetWidth, offset);
  }
}
