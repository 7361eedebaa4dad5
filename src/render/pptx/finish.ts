/**
 * The last step of the deck: takes the .pptx pptxgenjs wrote and returns one that carries its
 * Chinese fonts, passes the ECMA-376 schemas and has the same bytes for the same input.
 */
import type { DigestedFont } from '../../cache/fonts.js';
import { embedFonts } from './embed-fonts.js';
import { PartFinishing } from './finished-parts.js';
import { listEmbeddedFamiliesAsFontsUsed, nameOnlyEmbeddedFamilies } from './font-names.js';
import { stateEastAsianLineBreaking } from './line-breaking.js';
import { keepDeflatedParts, NO_DATE, type Parts, readParts, writeParts } from './opc-package.js';
import { writeNotesAsParagraphs } from './notes.js';
import { continueNumberedLists } from './numbered-lists.js';
import { followPowerPointHabits } from './powerpoint-habits.js';
import { renumberCharts } from './renumber-charts.js';
import { repairSchemaErrors } from './schema-repairs.js';
import { renumberShapeIds } from './shape-ids.js';
import { replaceRandomGuids, stabiliseEmbeddedPackages, stampCoreProperties } from './stable-bytes.js';
import { addEastAsianBesideLatin, fillThemeEastAsianFont, giveBulletsTheirTextFont, tagTextWithSlideLanguage } from './text-fonts.js';

/**
 * A full TrueType font: its bytes, or a font that knows their digest and reads them only when asked
 * (a loaded face, load/fonts.ts): a deck whose subsets are kept on disk reads no font.
 */
export type FontBytes = Uint8Array | (DigestedFont & { readonly data: Uint8Array });

/** A font family to embed, as full TrueType fonts (subset here to the deck's characters). */
export interface EmbeddedFamily {
  family: string;
  regular: FontBytes;
  bold?: FontBytes;
}

export interface FinishOptions {
  readonly families: readonly EmbeddedFamily[];
  readonly date?: Date;
  /** What parts were written from, by part name, for parts their writer looked up kept finished already (kept-slides.ts). */
  readonly writtenFrom?: ReadonlyMap<string, string>;
}

/**
 * Takes pptxgenjs's output (a .pptx, or its parts as PackageWriter in pptxgenjs.ts has them); returns a deck with fonts embedded, schema errors repaired, and stable bytes.
 * `families[0]` is the deck's main family: it becomes the theme's East Asian font. `date` becomes the
 * document's created/modified date and every ZIP entry's date; without it the document has none.
 */
export async function finishPptx(pptx: Uint8Array | Parts, options: FinishOptions): Promise<Uint8Array> {
  const parts = pptx instanceof Uint8Array ? readParts(pptx) : pptx;
  renumberCharts(parts);
  const familyNames = options.families.map(({ family }) => family);
  // The slides', notes' and charts' parts finished before: no pass below edits them again.
  const finishing = new PartFinishing(parts, familyNames, options.writtenFrom);
  renumberShapeIds(parts);
  // First: the fixes below (an East Asian font beside each Latin one, bullets' fonts) then apply to the typefaces it renames.
  nameOnlyEmbeddedFamilies(parts, familyNames);
  const main = options.families[0];
  if (main !== undefined) {
    fillThemeEastAsianFont(parts, main.family);
    writeNotesAsParagraphs(parts, main.family);
  }
  addEastAsianBesideLatin(parts, familyNames);
  giveBulletsTheirTextFont(parts, familyNames);
  tagTextWithSlideLanguage(parts, finishing.language);
  continueNumberedLists(parts);
  const fontUses = await embedFonts(parts, options.families);
  listEmbeddedFamiliesAsFontsUsed(parts);
  repairSchemaErrors(parts); // after embedFonts: puts p:embeddedFontLst in its schema position
  followPowerPointHabits(parts, finishing.language);
  stateEastAsianLineBreaking(parts); // after both: each paragraph has one a:pPr, every shape a paragraph
  const zipDate = options.date ?? NO_DATE;
  stampCoreProperties(parts, options.date);
  replaceRandomGuids(parts);
  await stabiliseEmbeddedPackages(parts, options.date, zipDate);
  finishing.keep(parts, fontUses);
  const finished = writeParts(parts, zipDate);
  keepDeflatedParts();
  return finished;
}
