/**
 * Types of the text engine: styled text in, positioned lines out.
 * The engine is pure (no pdfkit, no pptxgenjs): both renderers draw what it decides.
 */
import type { Font } from 'fontkit';

/** A font face the engine can shape with. `key` is how renderers name it (pdfkit font name). */
export interface FontFace {
  readonly key: string;
  readonly font: Font;
  /** The font's bytes, where known: what names it among paragraphs kept on disk (kept.ts). */
  readonly data?: Uint8Array;
  /** The SHA-256 of those bytes, where known without reading them (a loaded face, load/fonts.ts). */
  readonly digest?: string;
}

export interface TextStyle {
  readonly face: FontFace;
  /** Font size in points. */
  readonly size: number;
}

/** A stretch of text in one style. A paragraph is a list of spans. */
export interface Span {
  readonly text: string;
  readonly style: TextStyle;
}

export interface ParagraphOptions {
  /** Measure (line length) in points. */
  readonly width: number;
  /** Extra indent of the first line in points (2 em for Chinese body text). */
  readonly firstLineIndent?: number;
  /** Indent of every line but the first, in points (hanging indents for lists and quotes). */
  readonly hangingIndent?: number;
  readonly align: 'justify' | 'start' | 'center';
  /** Insert a quarter-em gap between Chinese and Latin letters or digits where none is typed. */
  readonly cjkLatinGap?: boolean;
}

/** A run placed on a line: drawn with one font at one size, starting at `x`. */
export interface PlacedRun {
  readonly text: string;
  readonly style: TextStyle;
  /** Left edge relative to the paragraph's left edge, in points. */
  readonly x: number;
  /** Advance of the run as laid out, in points (includes letterSpacing after every glyph but the last). */
  readonly width: number;
  /** Extra space after every character of the run, in points (PDF `Tc`; pdfkit `characterSpacing`). */
  readonly letterSpacing: number;
  /** OpenType features the run was measured with (e.g. `halt`); renderers must draw with the same. */
  readonly features: readonly string[];
}

export interface Line {
  readonly runs: readonly PlacedRun[];
  /** Distance from the paragraph's left edge to the end of the last glyph, in points. */
  readonly width: number;
  /** Largest font size on the line, in points (renderers derive line height from it). */
  readonly size: number;
  /** The paragraph's last line (never justified). */
  readonly last: boolean;
  /** The characters of the paragraph this line shows, as [start, end) offsets into the joined span text. */
  readonly start: number;
  readonly end: number;
}
