/**
 * render: laid-out report → PDF bytes with pdfkit. pdfkit wraps nothing here: every line, run and
 * box is drawn where layout put it. Fonts are embedded as subsets with a ToUnicode map by pdfkit.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { FontSet } from '../../load/fonts.js';
import type { DocumentMeta } from '../../model/document.js';
import type { LaidOutReport, OutlineEntry, PageItem } from '../../model/pages.js';
import { xmpDescriptions } from './xmp.js';

export interface PdfOptions {
  readonly meta: DocumentMeta;
  /** Seed of the document ID, so the same input gives the same bytes. */
  readonly identity: string;
}

type Doc = InstanceType<typeof PDFDocument>;

const PRODUCER = 'jianbao (pdfkit)';
const CREATOR = 'jianbao';

export function renderPdf(report: LaidOutReport, fonts: FontSet, options: PdfOptions): Promise<Buffer> {
  const { meta } = options;
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: [report.width, report.height],
    margin: 0,
    pdfVersion: '1.7',
    lang: meta.lang,
    displayTitle: true,
    compress: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Keywords: meta.keywords.join(', '),
      Creator: CREATOR,
      Producer: PRODUCER,
      ...(meta.date ? { CreationDate: meta.date, ModDate: meta.date } : {}),
    },
  });
  if (!meta.date) delete (doc.info as { CreationDate?: Date }).CreationDate;
  const internals = doc as unknown as { _id: Buffer; _addInfo: () => void; appendXML: (xml: string) => void };
  // pdfkit derives the file ID from the clock when there is no date; derive it from the input instead.
  internals._id = createHash('md5').update(options.identity).digest();
  internals._addInfo = () => internals.appendXML(xmpDescriptions(meta, PRODUCER, CREATOR));

  for (const role of ['sans', 'serif'] as const) {
    for (const face of [fonts[role].regular, fonts[role].bold]) doc.registerFont(face.key, face.data);
  }

  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  for (const page of report.pages) {
    doc.addPage({ size: [report.width, report.height], margin: 0 });
    for (const item of page.items) drawItem(doc, item);
  }
  addOutline(doc, doc.outline, report.outline, report.width);
  doc.end();
  return done;
}

function drawItem(doc: Doc, item: PageItem): void {
  switch (item.kind) {
    case 'text':
      doc.fillColor(`#${item.color}`);
      for (const run of item.runs) {
        doc.font(run.style.face.key).fontSize(run.style.size);
        doc.text(run.text, item.x + run.x, item.y, {
          lineBreak: false,
          baseline: 'alphabetic',
          characterSpacing: run.letterSpacing,
          features: [...run.features] as PDFKit.Mixins.OpenTypeFeatures[],
        });
      }
      return;
    case 'rect':
      doc.rect(item.x, item.y, item.width, item.height).fill(`#${item.fill}`);
      return;
    case 'rule':
      doc.save().lineWidth(item.thickness).strokeColor(`#${item.color}`);
      if (item.dash) doc.dash(item.dash[0], { space: item.dash[1] });
      doc.moveTo(item.x, item.y).lineTo(item.x + item.width, item.y).stroke().restore();
      return;
    case 'link':
      doc.goTo(item.x, item.y, item.width, item.height, item.target);
      return;
    case 'anchor':
      doc.addNamedDestination(item.name, 'XYZ', 0, item.y, null as unknown as number);
      return;
  }
}

interface OutlineNode {
  addItem(title: string, options?: object): OutlineNode;
}

function addOutline(doc: Doc, parent: OutlineNode, entries: readonly OutlineEntry[], pageWidth: number): void {
  for (const entry of entries) {
    // pdfkit writes `left` as (page width − left), so passing the width puts the view's left edge at 0.
    const item = parent.addItem(entry.title, { pageNumber: entry.pageIndex, left: pageWidth, top: 0 });
    addOutline(doc, item, entry.children, pageWidth);
  }
}
