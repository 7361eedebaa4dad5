/**
 * render: laid-out slides → .pptx bytes. pptxgenjs writes native text boxes, tables and charts;
 * finishPptx then embeds the fonts and repairs what pptxgenjs gets wrong. (A build renders a deck
 * only when it was not made from the same inputs before: cache/deck.ts.)
 */
import type { DocumentMeta } from '../../model/document.js';
import { CELL_MARGIN } from '../../layout/deck/blocks.js';
import { INSET, INSET_Y } from '../../layout/deck/measure.js';
import type { LaidOutDeck, SlideShape, TextParagraph } from '../../model/slides.js';
import type { Theme } from '../../model/theme.js';
import { finishPptx, type EmbeddedFamily } from './finish.js';
import { SlidePlan } from './kept-slides.js';
import type { Parts } from './opc-package.js';
import { PptxGenJS, writtenParts } from './pptxgenjs.js';
import { encodeAttribute } from './xml.js';

export interface PptxOptions {
  readonly meta: DocumentMeta;
  readonly theme: Theme;
  /** The deck's one font family, embedded in the file. */
  readonly family: EmbeddedFamily;
}

type Slide = ReturnType<PptxGenJS['addSlide']>;
type TextProps = import('pptxgenjs').default.TextProps;
type TableCell = import('pptxgenjs').default.TableCell;

export async function renderPptx(deck: LaidOutDeck, options: PptxOptions): Promise<Uint8Array> {
  const { meta, theme, family } = options;
  const style = { fontFace: encodeAttribute(family.family), lang: meta.lang };
  // A slide or notes whose parts an earlier build finished are written empty here and completed from them.
  const plan = new SlidePlan(deck.slides, JSON.stringify([style, theme]), [family.family]);
  let parts: Parts;
  // Written again (seldom) when some kept slide was finished in a language other than the deck's now.
  do parts = await writtenParts(pptxgenjsDeck(deck, options, style, plan));
  while (!plan.complete(parts));
  return finishPptx(parts, { families: [family], ...(meta.date ? { date: meta.date } : {}), writtenFrom: plan.writtenFrom() });
}

/** The deck as pptxgenjs is to write it, each piece of a slide `plan` keeps left empty. */
function pptxgenjsDeck(deck: LaidOutDeck, { meta, theme }: PptxOptions, style: RunStyle, plan: SlidePlan): PptxGenJS {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = meta.title;
  pptx.author = meta.author;
  pptx.subject = meta.subject;
  // pptxgenjs escapes text, titles and names, but writes these two as they come into the XML.
  pptx.company = encodeAttribute(meta.author);
  pptx.theme = { headFontFace: style.fontFace, bodyFontFace: style.fontFace };
  for (const [index, laidOut] of deck.slides.entries()) {
    const slide = pptx.addSlide();
    slide.background = { color: theme.colors.background };
    if (!plan.has(index, 'shapes')) for (const shape of laidOut.shapes) addShape(pptx, slide, shape, style, theme);
    // pptxgenjs writes notes as one run; finishPptx makes each line of it a paragraph of its own.
    if (!plan.has(index, 'notes') && laidOut.notes.length > 0) slide.addNotes(laidOut.notes.join('\n'));
  }
  return pptx;
}

/** The deck's one font family and its language, given to every run. */
interface RunStyle {
  readonly fontFace: string;
  readonly lang: string;
}

function textProps(paragraphs: readonly TextParagraph[], { fontFace, lang }: RunStyle): TextProps[] {
  return paragraphs.flatMap((paragraph, pIndex) =>
    paragraph.runs.flatMap((run, rIndex) => softBreaks(run.text).map(({ text, broken, last }): TextProps => ({
      text,
      options: {
        // A line break in the text is <a:br/> inside the paragraph (pptxgenjs would start a new, bulleted one).
        ...(broken ? { softBreakBefore: true } : {}),
        fontFace,
        fontSize: run.size ?? paragraph.size,
        color: run.color,
        bold: run.bold ?? false,
        lang,
        align: paragraph.align,
        lineSpacing: paragraph.lineSpacing,
        paraSpaceBefore: paragraph.spaceBefore,
        ...(paragraph.bullet ? { bullet: bulletOf(paragraph), indentLevel: 0 } : {}),
        // The last run of each paragraph but the final one ends the paragraph.
        breakLine: last && rIndex === paragraph.runs.length - 1 && pIndex < paragraphs.length - 1,
      },
    }))),
  );
}

/** The lines of a run's text: each but the first comes after a line break. */
function softBreaks(text: string): { text: string; broken: boolean; last: boolean }[] {
  const lines = text.split('\n');
  return lines.map((line, index) => ({ text: line, broken: index > 0, last: index === lines.length - 1 }));
}

/** A bullet, or a number; a list continued from an earlier slide numbers each item explicitly. */
function bulletOf(paragraph: TextParagraph): NonNullable<TextProps['options']>['bullet'] {
  if (paragraph.bullet !== 'number') return { code: '2022' };
  return paragraph.number === undefined ? { type: 'number' } : { type: 'number', numberStartAt: paragraph.number };
}

function addShape(pptx: PptxGenJS, slide: Slide, shape: SlideShape, style: RunStyle, theme: Theme): void {
  const { fontFace, lang } = style;
  const box = { x: shape.x, y: shape.y, w: shape.w, h: shape.h };
  const { colors } = theme;
  switch (shape.kind) {
    case 'rect':
      slide.addShape(pptx.ShapeType.rect, { ...box, fill: { color: shape.fill }, line: { type: 'none' } });
      return;
    case 'image':
      slide.addImage({ ...box, data: `image/${shape.format};base64,${Buffer.from(shape.data).toString('base64')}`, altText: shape.alt });
      return;
    case 'text':
      // The insets layout measured with. pptxgenjs reads a text box's margin as [left, right, bottom, top], in points.
      slide.addText(textProps(shape.paragraphs, style), { ...box, valign: shape.valign, margin: [INSET * 72, INSET * 72, INSET_Y * 72, INSET_Y * 72], fit: 'none', wrap: true, fontFace, lang });
      return;
    case 'table': {
      // pptxgenjs applies a cell's lineSpacing to its paragraphs, though its types do not list it.
      type CellOptions = NonNullable<TableCell['options']> & { lineSpacing: number };
      const cell = (text: string, header: boolean): TableCell => {
        const options: CellOptions = {
          bold: header,
          // Exact spacing, as in text boxes: PowerPoint's single spacing for Noto is ~1.45 em, not what layout measured.
          lineSpacing: shape.lineSpacing,
          lang, // pptxgenjs does not pass the table's lang down to its cells
          fill: { color: header ? colors.panel : colors.background },
          color: colors.text,
          border: [{ type: 'none' }, { type: 'none' }, { type: 'solid', pt: header ? 1.5 : 0.75, color: header ? colors.accent : colors.rule }, { type: 'none' }],
        };
        return { text, options };
      };
      slide.addTable([shape.header.map((text) => cell(text, true)), ...shape.rows.map((row) => row.map((text) => cell(text, false)))], {
        ...box,
        colW: [...shape.columnWidths],
        rowH: [...shape.rowHeights],
        fontFace,
        fontSize: shape.size,
        lang,
        margin: [CELL_MARGIN.y, CELL_MARGIN.x, CELL_MARGIN.y, CELL_MARGIN.x],
        valign: 'middle',
      });
      return;
    }
    case 'chart':
      slide.addChart(pptx.ChartType.bar, [{ name: shape.seriesName, labels: [...shape.labels], values: [...shape.values] }], {
        ...box,
        barDir: 'bar',
        chartColors: [colors.accent],
        showValue: true,
        dataLabelFontFace: fontFace,
        dataLabelFontSize: shape.size + 2,
        dataLabelColor: colors.text,
        catAxisLabelFontFace: fontFace,
        catAxisLabelFontSize: shape.size + 4,
        catAxisLabelColor: colors.text,
        // First category on top; pptxgenjs writes any orientation but its types only list minMax.
        catAxisOrientation: 'maxMin' as 'minMax',
        valAxisHidden: true,
        valGridLine: { style: 'none' },
        catAxisLineShow: false,
        showTitle: true,
        title: shape.title,
        titleFontFace: fontFace,
        titleFontSize: shape.size + 2,
        titleColor: colors.muted,
        showLegend: false,
        lang,
      });
      return;
  }
}
