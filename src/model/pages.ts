/** Laid-out pages: what layout decided and the PDF renderer draws, in points from the top-left. */
import type { PlacedRun } from '../layout/text/types.js';

/** Standard structure types of tagged PDF (ISO 32000-1, 14.8.4) that the report uses. */
export type StructureType =
  | 'Sect'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Figure'
  | 'Caption'
  | 'BlockQuote'
  | 'TOC'
  | 'TOCI'
  | 'Link';

/** One element of the logical structure. */
export interface StructureNode {
  readonly type: StructureType;
  /**
   * Unique in the report. Items carrying the same id belong to one element: a paragraph broken
   * over two pages is one `P` with content on both.
   */
  readonly id: string;
  /** Replacement text of a `Figure`. */
  readonly alt?: string;
  /** Which cells a `TH` heads. */
  readonly scope?: 'Column' | 'Row';
}

/**
 * Where an item's content sits in the document's logical structure: its ancestors first, the
 * element holding the content last. Elements appear in reading order: the order in which their
 * ids are first met, page by page, item by item.
 */
export type StructurePath = readonly StructureNode[];

/**
 * Content that is not part of the text a reader reads (ISO 32000-1, 14.8.2.2): running headers and
 * footers (`Pagination`), decoration (`Layout`), printer's marks (`Page`).
 */
export interface Artifact {
  readonly type: 'Pagination' | 'Layout' | 'Page';
  readonly subtype?: 'Header' | 'Footer';
}

/** Edges of the page an item runs to: the print edition extends it past them into the bleed. */
export type Edge = 'top' | 'right' | 'bottom' | 'left';

/** What every drawn item may say about its role. An item with neither is a `Layout` artifact. */
interface Tagged {
  readonly structure?: StructurePath;
  readonly artifact?: Artifact;
}

export type PageItem =
  /** A line of text; runs' x are relative to `x`, `y` is the baseline. */
  | ({ readonly kind: 'text'; readonly x: number; readonly y: number; readonly runs: readonly PlacedRun[]; readonly color: string } & Tagged)
  | ({
      readonly kind: 'rect';
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly height: number;
      readonly fill: string;
      /** Page edges this box touches and, in print, runs on past into the bleed (full-bleed backgrounds). */
      readonly bleed?: readonly Edge[];
    } & Tagged)
  | ({
      readonly kind: 'rule';
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly thickness: number;
      readonly color: string;
      /** Dotted or dashed: length of a dash and of the gap after it. */
      readonly dash?: readonly [number, number];
    } & Tagged)
  /** A picture scaled to width × height (its aspect ratio kept by layout). */
  | ({
      readonly kind: 'image';
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly height: number;
      readonly data: Uint8Array;
      /** The picture's own size in pixels (for its effective resolution as placed). */
      readonly pixelWidth: number;
      readonly pixelHeight: number;
    } & Tagged)
  /** A clickable area that jumps to a named destination (table of contents entries). */
  | ({ readonly kind: 'link'; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly target: string } & Tagged)
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
