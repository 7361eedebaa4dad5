/**
 * The print edition's page geometry and printer's marks: the A4 trim, a bleed past it on each side,
 * and beyond the bleed a slug holding crop marks and registration marks, in registration colour
 * (Separation /All, so they appear on every plate). Also the print setup taken from the theme and
 * the resolution check for placed images.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Edge } from '../../model/pages.js';
import type { Theme } from '../../model/theme.js';
import { cmykPalette, type CmykPalette } from './colors.js';

export const MM = 72 / 25.4;

/** What the print edition needs from the theme. */
export interface PrintSetup {
  /** Bleed past the trim on each side, millimetres. */
  readonly bleedMm: number;
  /** Distance from the trim that text keeps clear of, millimetres (checked by preflight). */
  readonly safetyMm: number;
  readonly palette: CmykPalette;
  /** The printing condition, by its name in the ICC registry; FOGRA39's profile is embedded (pdfx.ts). */
  readonly outputCondition: { readonly identifier: string; readonly info: string };
}

export function printSetup(theme: Theme): PrintSetup {
  return {
    bleedMm: theme.print?.bleed ?? 3,
    safetyMm: theme.print?.safety ?? 3,
    palette: cmykPalette(theme),
    outputCondition: theme.print?.outputCondition ?? {
      identifier: 'FOGRA39',
      info: 'Coated FOGRA39 (ISO 12647-2:2004/Amd 1:2007), sheet-fed offset, paper type 1 or 2',
    },
  };
}

/** Crop marks start this far outside the bleed, so a slightly mis-cut sheet does not show them. */
const MARK_GAP_MM = 2;
const MARK_LENGTH_MM = 5;
/** Registration targets: radius, centred in the slug on each side's middle. */
const TARGET_RADIUS_MM = 2.5;
const SLUG_MM = 2;

export interface PrintGeometry {
  readonly trim: { readonly width: number; readonly height: number };
  readonly bleed: number;
  /** From the media edge to the trim, points, on every side. */
  readonly margin: number;
  readonly media: { readonly width: number; readonly height: number };
  /** PDF boxes, in PDF user space (origin bottom-left). */
  readonly trimBox: readonly [number, number, number, number];
  readonly bleedBox: readonly [number, number, number, number];
}

export function printGeometry(trimWidth: number, trimHeight: number, bleedMm: number): PrintGeometry {
  const bleed = bleedMm * MM;
  const margin = (bleedMm + MARK_GAP_MM + MARK_LENGTH_MM + SLUG_MM) * MM;
  const media = { width: trimWidth + 2 * margin, height: trimHeight + 2 * margin };
  return {
    trim: { width: trimWidth, height: trimHeight },
    bleed,
    margin,
    media,
    trimBox: [margin, margin, margin + trimWidth, margin + trimHeight],
    bleedBox: [margin - bleed, margin - bleed, margin + trimWidth + bleed, margin + trimHeight + bleed],
  };
}

/** A box extended by `bleed` past each of the page edges it runs to. */
export function extendIntoBleed<T extends { x: number; y: number; width: number; height: number }>(box: T, edges: readonly Edge[], bleed: number): T {
  let { x, y, width, height } = box;
  if (edges.includes('left')) {
    x -= bleed;
    width += bleed;
  }
  if (edges.includes('right')) width += bleed;
  if (edges.includes('top')) {
    y -= bleed;
    height += bleed;
  }
  if (edges.includes('bottom')) height += bleed;
  return { ...box, x, y, width, height };
}

/** The lines and circles of the marks, in top-down media coordinates (as pdfkit draws). */
export interface Marks {
  readonly lines: readonly (readonly [number, number, number, number])[];
  readonly targets: readonly { readonly x: number; readonly y: number; readonly radius: number }[];
}

export function printerMarks(geometry: PrintGeometry): Marks {
  const { margin, trim, bleed } = geometry;
  const left = margin;
  const right = margin + trim.width;
  const top = margin;
  const bottom = margin + trim.height;
  const start = bleed + MARK_GAP_MM * MM;
  const end = start + MARK_LENGTH_MM * MM;
  const lines: [number, number, number, number][] = [];
  for (const x of [left, right]) {
    for (const [y, direction] of [[top, -1], [bottom, 1]] as const) {
      // Vertical mark in line with the trim's side, above or below the sheet; horizontal mark beside it.
      lines.push([x, y + direction * start, x, y + direction * end]);
      const outward = x === left ? -1 : 1;
      lines.push([x + outward * start, y, x + outward * end, y]);
    }
  }
  const radius = TARGET_RADIUS_MM * MM;
  const middle = start + (end - start) / 2;
  const targets = [
    { x: left + trim.width / 2, y: top - middle, radius },
    { x: left + trim.width / 2, y: bottom + middle, radius },
    { x: left - middle, y: top + trim.height / 2, radius },
    { x: right + middle, y: top + trim.height / 2, radius },
  ];
  return { lines, targets };
}

interface DrawingDoc {
  spotColors: Record<string, unknown>;
  addSpotColor(name: string, c: number, m: number, y: number, k: number): unknown;
  save(): DrawingDoc;
  restore(): DrawingDoc;
  lineWidth(width: number): DrawingDoc;
  strokeColor(color: string): DrawingDoc;
  moveTo(x: number, y: number): DrawingDoc;
  lineTo(x: number, y: number): DrawingDoc;
  circle(x: number, y: number, radius: number): DrawingDoc;
  stroke(): DrawingDoc;
}

/** Registration colour: every separation at 100 %, so the marks print on each plate. */
const REGISTRATION = 'All';

/** Draws the crop and registration marks (the caller marks them as artifacts). */
export function drawPrinterMarks(doc: object, geometry: PrintGeometry): void {
  const d = doc as DrawingDoc;
  const marks = printerMarks(geometry);
  if (!d.spotColors[REGISTRATION]) d.addSpotColor(REGISTRATION, 100, 100, 100, 100);
  d.save().lineWidth(0.25).strokeColor(REGISTRATION);
  for (const [x1, y1, x2, y2] of marks.lines) d.moveTo(x1, y1).lineTo(x2, y2);
  for (const target of marks.targets) {
    d.circle(target.x, target.y, target.radius * 0.6);
    d.moveTo(target.x - target.radius, target.y).lineTo(target.x + target.radius, target.y);
    d.moveTo(target.x, target.y - target.radius).lineTo(target.x, target.y + target.radius);
  }
  d.stroke().restore();
}

/** An image as placed on a page: its size on the page and in pixels. */
export interface PlacedImage {
  /** 0-based page index. */
  readonly page: number;
  /** What a person would call it: the file name or the figure's caption. */
  readonly name: string;
  readonly widthPt: number;
  readonly heightPt: number;
  readonly pixelWidth: number;
  readonly pixelHeight: number;
}

/** Effective resolution of a placed image: the lower of its two directions, in pixels per inch. */
export function effectiveDpi(image: PlacedImage): number {
  return Math.min(image.pixelWidth / (image.widthPt / 72), image.pixelHeight / (image.heightPt / 72));
}

/** Warns for every image that prints below `minimumDpi` at the size it is placed (300 for offset). */
export function checkImageResolution(images: readonly PlacedImage[], file: string, minimumDpi = 300): Diagnostic[] {
  return images
    .filter((image) => effectiveDpi(image) < minimumDpi)
    .map((image) => ({
      severity: 'warning' as const,
      file,
      line: 0,
      column: 0,
      path: `page ${image.page + 1}`,
      message: `image "${image.name}" prints at ${Math.floor(effectiveDpi(image))} dpi, below ${minimumDpi} dpi`,
      hint: `give it at least ${Math.ceil((image.widthPt / 72) * minimumDpi)} × ${Math.ceil((image.heightPt / 72) * minimumDpi)} pixels, or place it smaller`,
    }));
}
