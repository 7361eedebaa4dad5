/**
 * Preflight: what a print shop's check would reject, as diagnostics. Pure: a laid-out report or the
 * bytes of a PDF in, diagnostics out.
 *
 * On a laid-out report (before rendering): text inside the safety zone near the trim, boxes that
 * end exactly at the trim without bleeding, and placed images below 300 dpi.
 * On PDF bytes (after rendering): fonts not embedded, and images below 300 dpi as placed on the
 * page. As a print file, PDF/X-4's rules too: the document's (pdfx.ts) and each page's, which are
 * TrimBox (or ArtBox, not both) inside the BleedBox inside the MediaBox, and colour that is
 * DeviceCMYK, grey, spot or device-independent (ICC-based, CalRGB, Lab) in every content stream,
 * form, image, shading, pattern and transparency group: device RGB (rg/RG operators, DeviceRGB
 * selected, or under an Indexed, Separation or DeviceN space) is an error. Besides the standard,
 * the house rules: a bleed of 3 mm, no annotations, and transparency flagged for older presses.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { LaidOutReport } from '../../model/pages.js';
import { MM, checkImageResolution, type PlacedImage } from './print.js';
import { PdfFile, nameOf, operations, type PdfDict, type PdfPage, type PdfValue } from './inspect.js';
import { checkPdfxDocument } from './pdfx.js';

export interface PreflightOptions {
  /** The file named in the diagnostics, e.g. `out/briefing-print.pdf`. */
  readonly file: string;
  /** Check as a print file: CMYK only, trim and bleed boxes, no transparency. */
  readonly print: boolean;
  /** Text keeps at least this far inside the trim, millimetres (default 3). */
  readonly safetyMm?: number;
  /** Bleed the print file must have on each side, millimetres (default 3). */
  readonly bleedMm?: number;
  /** Lowest acceptable effective resolution of images, pixels per inch (default 300). */
  readonly minimumDpi?: number;
}

/** Checks a laid-out report (layout stage) or a rendered PDF (its bytes). */
export function preflight(input: Uint8Array | LaidOutReport, options: PreflightOptions): Diagnostic[] {
  return input instanceof Uint8Array ? preflightPdf(input, options) : preflightReport(input, options);
}

const at = (file: string, page: number, message: string, severity: Diagnostic['severity'] = 'error', hint?: string): Diagnostic => ({
  severity,
  file,
  line: 0,
  column: 0,
  path: `page ${page + 1}`,
  message,
  ...(hint ? { hint } : {}),
});

/** Ideographic em box above and below the baseline, as a fraction of the size (as layout sets it). */
const ASCENT = 0.88;
const DESCENT = 0.12;
const EPSILON = 0.01;

export function preflightReport(report: LaidOutReport, options: PreflightOptions): Diagnostic[] {
  const safety = (options.safetyMm ?? 3) * MM;
  const diagnostics: Diagnostic[] = [];
  report.pages.forEach((page, index) => {
    let closest: { distance: number; text: string } | undefined;
    for (const item of page.items) {
      if (item.kind === 'text') {
        for (const run of item.runs) {
          const left = item.x + run.x;
          const right = left + run.width;
          const top = item.y - ASCENT * run.style.size;
          const bottom = item.y + DESCENT * run.style.size;
          const distance = Math.min(left, top, report.width - right, report.height - bottom);
          if (distance < safety - EPSILON && (!closest || distance < closest.distance)) closest = { distance, text: run.text };
        }
      }
      if (options.print && item.kind === 'rect') {
        const edges = [
          ['left', item.x] as const,
          ['top', item.y] as const,
          ['right', report.width - item.x - item.width] as const,
          ['bottom', report.height - item.y - item.height] as const,
        ];
        const unbled = edges.filter(([edge, gap]) => Math.abs(gap) < EPSILON && !item.bleed?.includes(edge)).map(([edge]) => edge);
        if (unbled.length > 0) {
          diagnostics.push(at(options.file, index, `a filled box ends at the ${unbled.join(' and ')} trim without bleed`, 'error', 'a cut a little off would show a white sliver: let it run into the bleed (`bleed` on the item)'));
        }
      }
    }
    if (closest) {
      const mm = Math.max(0, closest.distance / MM).toFixed(1);
      diagnostics.push(at(options.file, index, `text "${closest.text.slice(0, 12)}" is ${mm} mm from the trim, inside the ${options.safetyMm ?? 3} mm safety zone`, 'warning', 'the cut may touch it: keep text further in'));
    }
  });
  const images = report.pages.flatMap((page, index) =>
    page.items.flatMap((item): PlacedImage[] =>
      item.kind === 'image'
        ? [{ page: index, name: item.structure?.at(-1)?.alt ?? 'image', widthPt: item.width, heightPt: item.height, pixelWidth: item.pixelWidth, pixelHeight: item.pixelHeight }]
        : [],
    ),
  );
  diagnostics.push(...checkImageResolution(images, options.file, options.minimumDpi ?? 300));
  return diagnostics;
}

/** Device RGB by its names in resources and in inline images; CalRGB and ICC-based RGB are device-independent. */
const DEVICE_RGB = new Set(['DeviceRGB', 'RGB']);

export function preflightPdf(bytes: Uint8Array, options: PreflightOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let pdf: PdfFile;
  try {
    pdf = new PdfFile(bytes);
  } catch (error) {
    return [{ severity: 'error', file: options.file, line: 0, column: 0, path: '', message: `cannot read the PDF: ${(error as Error).message}` }];
  }
  diagnostics.push(...checkFonts(pdf, options.file));
  const pages = pdf.pages();
  if (pages.length === 0) diagnostics.push({ severity: 'error', file: options.file, line: 0, column: 0, path: '', message: 'the PDF has no pages' });
  const bleed = (options.bleedMm ?? 3) * MM;
  pages.forEach((page, index) => {
    if (options.print) diagnostics.push(...checkBoxes(pdf, page, index, options.file, bleed, options.bleedMm ?? 3));
    diagnostics.push(...checkContent(pdf, page, index, options));
    if (options.print) {
      const group = pdf.dict(page.dict.get('Group'));
      if (group && nameOf(group.get('S')) === 'Transparency') diagnostics.push(at(options.file, index, 'the page has a transparency group', 'warning', 'flatten transparency for PDF/X-1a presses'));
      const annots = pdf.resolve(page.dict.get('Annots'));
      if (Array.isArray(annots) && annots.length > 0) diagnostics.push(at(options.file, index, `${annots.length} annotation(s) on a print page`, 'warning', 'print files carry no links or comments'));
    }
  });
  if (options.print) diagnostics.push(...checkPdfxDocument(pdf, options.file));
  return diagnostics;
}

type Box = [number, number, number, number];
const inside = ([ix1, iy1, ix2, iy2]: Box, [ox1, oy1, ox2, oy2]: Box): boolean => ix1 >= ox1 - EPSILON && iy1 >= oy1 - EPSILON && ix2 <= ox2 + EPSILON && iy2 <= oy2 + EPSILON;

/** PDF/X-4's boxes: a TrimBox (or an ArtBox, never both) inside the BleedBox inside the MediaBox; and our bleed. */
function checkBoxes(pdf: PdfFile, page: PdfPage, index: number, file: string, bleed: number, bleedMm: number): Diagnostic[] {
  const artBox = pdf.resolve(page.dict.get('ArtBox'));
  if (page.trimBox && artBox) return [at(file, index, 'PDF/X-4: both TrimBox and ArtBox', 'error', 'a PDF/X page names its finished size once: keep the TrimBox')];
  if (!page.trimBox) return [at(file, index, 'no TrimBox: the printer cannot tell where to cut', 'error', 'PDF/X-4 needs a TrimBox (or ArtBox) on every page')];
  if (!page.bleedBox) return [at(file, index, 'no BleedBox', 'error', 'give the page a BleedBox around the TrimBox')];
  const [trim, bleedBox, media] = [page.trimBox, page.bleedBox, page.mediaBox] as Box[] as [Box, Box, Box];
  const problems: Diagnostic[] = [];
  if (!inside(trim, bleedBox)) problems.push(at(file, index, 'PDF/X-4: the TrimBox extends beyond the BleedBox', 'error', 'the bleed surrounds the trim'));
  else {
    const least = Math.min(trim[0] - bleedBox[0], trim[1] - bleedBox[1], bleedBox[2] - trim[2], bleedBox[3] - trim[3]);
    if (least < bleed - EPSILON) problems.push(at(file, index, `bleed is ${(least / MM).toFixed(1)} mm, less than ${bleedMm} mm`));
  }
  if (!inside(bleedBox, media)) problems.push(at(file, index, 'the BleedBox is larger than the MediaBox'));
  return problems;
}

function checkFonts(pdf: PdfFile, file: string): Diagnostic[] {
  const missing = new Set<string>();
  for (const object of pdf.objects.values()) {
    const dict = object.value;
    if (!(dict instanceof Map) || nameOf(dict.get('Type')) !== 'Font') continue;
    const subtype = nameOf(dict.get('Subtype'));
    if (subtype === 'Type0' || subtype === 'Type3') continue; // checked through its descendant / drawn by glyph procedures
    const name = nameOf(dict.get('BaseFont')) ?? '(unnamed)';
    const descriptor = pdf.dict(dict.get('FontDescriptor'));
    if (!descriptor || !['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor.has(key))) missing.add(name);
  }
  return [...missing].map((name) => ({ severity: 'error' as const, file, line: 0, column: 0, path: '', message: `font ${name} is not embedded`, hint: 'the press substitutes another font: embed it' }));
}

/** Names each use of device RGB in a content stream and the resources it paints with, forms and tiling patterns included. */
function deviceRgbUses(pdf: PdfFile, content: Uint8Array, resources: PdfDict, depth = 0): string[] {
  const uses = new Set<string>();
  const named = (kind: string): PdfDict => pdf.dict(resources.get(kind)) ?? new Map<string, PdfValue>();
  const isDeviceRgb = (space: PdfValue | undefined, guard = 0): boolean => {
    const value = pdf.resolve(space);
    const name = nameOf(value);
    if (name !== undefined) return DEVICE_RGB.has(name) || (guard < 8 && named('ColorSpace').has(name) && isDeviceRgb(named('ColorSpace').get(name), guard + 1));
    if (!Array.isArray(value) || guard >= 8) return false;
    // ICCBased, CalRGB and Lab are device-independent: PDF/X-4 allows them.
    switch (nameOf(value[0])) {
      case 'Indexed':
      case 'Pattern':
        return isDeviceRgb(value[1], guard + 1);
      case 'Separation':
      case 'DeviceN':
        return isDeviceRgb(value[2], guard + 1);
      default:
        return false;
    }
  };
  for (const [name, shading] of named('Shading')) if (isDeviceRgb(pdf.dict(shading)?.get('ColorSpace'))) uses.add(`RGB shading ${name}`);
  for (const [name, reference] of named('Pattern')) {
    const pattern = pdf.dict(reference);
    if (isDeviceRgb(pdf.dict(pattern?.get('Shading'))?.get('ColorSpace'))) uses.add(`RGB shading in pattern ${name}`);
    const tiling = pdf.object(reference);
    if (tiling?.stream && depth < 8) for (const use of deviceRgbUses(pdf, pdf.decode(tiling), pdf.dict(pattern?.get('Resources')) ?? resources, depth + 1)) uses.add(`${use} in pattern ${name}`);
  }
  for (const { operator, operands } of operations(content)) {
    if (operator === 'rg' || operator === 'RG') uses.add(`${operator} operator`);
    if ((operator === 'cs' || operator === 'CS') && isDeviceRgb(operands[0])) uses.add(`${nameOf(operands[0])} colour space`);
    if (operator !== 'Do') continue;
    const reference = named('XObject').get(nameOf(operands[0]) ?? '');
    const xobject = pdf.dict(reference);
    const subtype = nameOf(xobject?.get('Subtype'));
    if (subtype === 'Image' && isDeviceRgb(xobject?.get('ColorSpace'))) uses.add(`RGB image ${nameOf(operands[0])}`);
    if (subtype === 'Form' && depth < 8) {
      const form = pdf.object(reference);
      if (isDeviceRgb(pdf.dict(xobject?.get('Group'))?.get('CS'))) uses.add(`RGB transparency group in form ${nameOf(operands[0])}`);
      if (form) for (const use of deviceRgbUses(pdf, pdf.decode(form), pdf.dict(xobject?.get('Resources')) ?? resources, depth + 1)) uses.add(`${use} in form ${nameOf(operands[0])}`);
    }
  }
  return [...uses];
}

/** Colour, transparency and image resolution of a page's content. */
function checkContent(pdf: PdfFile, page: PdfPage, index: number, options: PreflightOptions): Diagnostic[] {
  const { content, resources } = page;
  const diagnostics: Diagnostic[] = [];
  if (options.print) {
    const rgb = deviceRgbUses(pdf, content, resources);
    const group = pdf.dict(page.dict.get('Group'));
    if (nameOf(pdf.resolve(group?.get('CS'))) === 'DeviceRGB') rgb.push('DeviceRGB transparency group');
    if (rgb.length > 0) diagnostics.push(at(options.file, index, `RGB colour in a print file: ${rgb.join(', ')}`, 'error', 'give every colour its CMYK (theme print.cmyk); images may stay RGB if ICC-based (sRGB)'));
  }
  let transparency = false;
  const images: PlacedImage[] = [];
  let ctm = [1, 0, 0, 1, 0, 0];
  const stack: number[][] = [];
  for (const { operator, operands } of operations(content)) {
    switch (operator) {
      case 'q':
        stack.push(ctm);
        break;
      case 'Q':
        ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
        break;
      case 'cm': {
        const [a, b, c, d, e, f] = operands as number[];
        const [A, B, C, D, E, F] = ctm as [number, number, number, number, number, number];
        ctm = [a! * A + b! * C, a! * B + b! * D, c! * A + d! * C, c! * B + d! * D, e! * A + f! * C + E, e! * B + f! * D + F];
        break;
      }
      case 'gs': {
        const state = pdf.dict(pdf.dict(resources.get('ExtGState'))?.get(nameOf(operands[0]) ?? ''));
        const smask = state?.get('SMask');
        if (state && ((typeof state.get('ca') === 'number' && (state.get('ca') as number) < 1) || (typeof state.get('CA') === 'number' && (state.get('CA') as number) < 1) || (smask !== undefined && nameOf(smask) !== 'None'))) transparency = true;
        break;
      }
      case 'Do': {
        const xobject = pdf.dict(pdf.dict(resources.get('XObject'))?.get(nameOf(operands[0]) ?? ''));
        if (!xobject || nameOf(xobject.get('Subtype')) !== 'Image') break;
        if (xobject.has('SMask')) transparency = true;
        const [a, b, c, d] = ctm as [number, number, number, number];
        images.push({
          page: index,
          name: nameOf(operands[0]) ?? 'image',
          widthPt: Math.hypot(a, b),
          heightPt: Math.hypot(c, d),
          pixelWidth: pdf.resolve(xobject.get('Width')) as number,
          pixelHeight: pdf.resolve(xobject.get('Height')) as number,
        });
        break;
      }
    }
  }
  if (options.print && transparency) diagnostics.push(at(options.file, index, 'transparency (soft masks or opacity below 1)', 'warning', 'flatten transparency for PDF/X-1a presses'));
  diagnostics.push(...checkImageResolution(images, options.file, options.minimumDpi ?? 300));
  return diagnostics;
}
