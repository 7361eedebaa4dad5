/** Laid-out pages: what layout decided and the PDF renderer draws, in points from the top-left. */
import type { PlacedRun } from '../layout/text/types.js';

export type PageItem =
  /** A line of text; runs' x are relative to `x`, `y` is the baseline. */
  | { readonly kind: 'text'; readonly x: number; readonly y: number; readonly runs: readonly PlacedRun[]; readonly color: string }
  | { readonly kind: 'rect'; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly fill: string }
  | {
      readonly kind: 'rule';
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly thickness: number;
      readonly color: string;
      /** Dotted or dashed: length of a dash and of the gap after it. */
      readonly dash?: readonly [number, number];
    }
  /** A clickable area that jumps to a named destination (table of contents entries). */
  | { readonly kind: 'link'; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly target: string }
  /** A named destination at this position (a section start). */
  | { readonly kind: 'anchor'; readonly y: number; readonly name: string };

export interface LaidOutPage {
  readonly items: readonly PageItem[];
}

export interface OutlineEntry {
  readonly title: string;
  /** Named destination (an `anchor` item) the bookmark opens. */
  readonly target: string;
  readonly pageIndex: number;
  readonly children: readonly OutlineEntry[];
}

export interface LaidOutReport {
  readonly width: number;
  readonly height: number;
  readonly pages: readonly LaidOutPage[];
  readonly outline: readonly OutlineEntry[];
}
