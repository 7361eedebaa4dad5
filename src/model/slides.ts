/** Laid-out slides: shapes with positions in inches on a 13.333 × 7.5 in slide, what the pptx renderer draws. */
import type { Diagnostic } from './diagnostic.js';

export interface TextRun {
  readonly text: string;
  readonly bold?: boolean;
  readonly color: string;
  /** Points; the paragraph's size when absent (units beside a big number are smaller). */
  readonly size?: number;
}

export interface TextParagraph {
  readonly runs: readonly TextRun[];
  /** Points. */
  readonly size: number;
  readonly align: 'left' | 'center' | 'right' | 'justify';
  readonly bullet?: 'bullet' | 'number';
  /** The number a numbered paragraph shows, when its list does not start at 1 (a list continued from an earlier slide). */
  readonly number?: number;
  /** Exact line spacing in points (predictable in PowerPoint, WPS and LibreOffice alike). */
  readonly lineSpacing: number;
  /** Space before the paragraph, points. */
  readonly spaceBefore: number;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export type SlideShape =
  | (Box & { readonly kind: 'text'; readonly paragraphs: readonly TextParagraph[]; readonly valign: 'top' | 'middle' | 'bottom' })
  | (Box & { readonly kind: 'rect'; readonly fill: string })
  /** A picture, its aspect ratio kept by layout; `alt` is its alternative text. */
  | (Box & { readonly kind: 'image'; readonly data: Uint8Array; readonly format: 'png' | 'jpeg'; readonly alt: string })
  | (Box & {
      readonly kind: 'table';
      readonly columnWidths: readonly number[];
      readonly header: readonly string[];
      readonly rows: readonly (readonly string[])[];
      readonly rowHeights: readonly number[];
      readonly size: number;
      /** Exact line spacing in points, as layout measured the rows. */
      readonly lineSpacing: number;
    })
  | (Box & { readonly kind: 'chart'; readonly title: string; readonly seriesName: string; readonly labels: readonly string[]; readonly values: readonly number[]; readonly size: number });

export interface LaidOutSlide {
  readonly shapes: readonly SlideShape[];
  /** Speaker notes, one paragraph each (none contains a line break). */
  readonly notes: readonly string[];
}

export interface LaidOutDeck {
  readonly width: number;
  readonly height: number;
  readonly slides: readonly LaidOutSlide[];
  /** Text layout could not fit (a paragraph, list item or table row too long for a slide even alone at the minimum size). */
  readonly warnings: readonly Diagnostic[];
}
