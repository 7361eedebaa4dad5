/**
 * Preflight: what a print shop's check would reject, as diagnostics. Pure: a laid-out report or the
 * bytes of a PDF in, diagnostics out.
 *
 * On a laid-out report (before rendering): text inside the safety zone near the trim, boxes that
 * end exactly at the trim without bleeding, and placed images below 300 dpi.
 * On PDF bytes (after rendering): fonts not embedded, RGB colour in a print file (rg/RG operators,
 * DeviceRGB or RGB-based colour spaces selected or used by images), missing or too small
 * trim and bleed boxes, transparency, and images below 300 dpi as placed on the page.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { LaidOutReport } from '../../model/pages.js';
import { MM, checkImageResolution, type PlacedImage } from './print.js';
import { PdfFile, nameOf, operations, type PdfDict, type PdfValue } from './inspect.js';

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

const RGB_SPACES = new Set(['DeviceRGB', 'CalRGB', 'RGB']);

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
    if (options.print) {
      if (!page.trimBox) diagnostics.push(at(options.file, index, 'no TrimBox: the printer cannot tell where to cut'));
      else if (!page.bleedBox) diagnostics.push(at(options.file, index, 'no BleedBox'));
      else {
        const [tx1, ty1, tx2, ty2] = page.trimBox as [number, number, number, number];
        const [bx1, by1, bx2, by2] = page.bleedBox as [number, number, number, number];
        const least = Math.min(tx1 - bx1, ty1 - by1, bx2 - tx2, by2 - ty2);
        if (least < bleed - EPSILON) diagnostics.push(at(options.file, index, `bleed is ${(least / MM).toFixed(1)} mm, less than ${options.bleedMm ?? 3} mm`));
        const [mx1, my1, mx2, my2] = page.mediaBox as [number, number, number, number];
        if (bx1 < mx1 - EPSILON || by1 < my1 - EPSILON || bx2 > mx2 + EPSILON || by2 > my2 + EPSILON) diagnostics.push(at(options.file, index, 'the BleedBox is larger than the MediaBox'));
      }
    }
    diagnostics.push(...checkContent(pdf, page.content, page.resources, index, options));
    if (options.print) {
      const group = pdf.dict(page.dict.get('Group'));
      if (group && nameOf(group.get('S')) === 'Transparency') diagnostics.push(at(options.file, index, 'the page has a transparency group', 'warning', 'flatten transparency for PDF/X-1a presses'));
      const annots = pdf.resolve(page.dict.get('Annots'));
      if (Array.isArray(annots) && annots.length > 0) diagnostics.push(at(options.file, index, `${annots.length} annotation(s) on a print page`, 'warning', 'print files carry no links or comments'));
    }
  });
  return diagnostics;
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

/** Colour spaces and images a page's content uses, with what they are. */
function checkContent(pdf: PdfFile, content: Uint8Array, resources: PdfDict, page: number, options: PreflightOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const rgb = new Set<string>();
  let transparency = false;
  const spaceIsRgb = (value: PdfValue | undefined): boolean => {
    const name = nameOf(value);
    if (name && RGB_SPACES.has(name)) return true;
    const named = name ? pdf.resolve(pdf.dict(resources.get('ColorSpace'))?.get(name)) : pdf.resolve(value);
    if (!Array.isArray(named)) return nameOf(named) !== undefined && RGB_SPACES.has(nameOf(named)!);
    const family = nameOf(named[0]);
    if (family === 'CalRGB') return true;
    if (family === 'ICCBased') return pdf.dict(named[1])?.get('N') === 3;
    if (family === 'Indexed') return spaceIsRgb(named[1]);
    if (family === 'Separation') return spaceIsRgb(named[2]);
    if (family === 'DeviceN') return spaceIsRgb(named[2]);
    return false;
  };
  const images: PlacedImage[] = [];
  let ctm = [1, 0, 0, 1, 0, 0];
  const stack: number[][] = [];
  for (const { operator, operands } of operations(content)) {
    switch (operator) {
      case 'rg':
      case 'RG':
        rgb.add(`${operator} operator`);
        break;
      case 'cs':
      case 'CS':
        if (spaceIsRgb(operands[0])) rgb.add(`${nameOf(operands[0])} colour space`);
        break;
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
        if (options.print && spaceIsRgb(xobject.get('ColorSpace'))) rgb.add(`RGB image ${nameOf(operands[0])}`);
        if (xobject.has('SMask')) transparency = true;
        const [a, b, c, d] = ctm as [number, number, number, number];
        images.push({
          page,
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
  if (options.print && rgb.size > 0) diagnostics.push(at(options.file, page, `RGB colour in a print file: ${[...rgb].join(', ')}`, 'error', 'give every colour its CMYK (theme print.cmyk)'));
  if (options.print && transparency) diagnostics.push(at(options.file, page, 'transparency (soft masks or opacity below 1)', 'warning', 'flatten transparency for PDF/X-1a presses'));
  diagnostics.push(...checkImageResolution(images, options.file, options.minimumDpi ?? 300));
  return diagnostics;
}
