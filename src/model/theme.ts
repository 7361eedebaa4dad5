/** The theme: every colour, font and size of both outputs, read from templates/theme.yaml. */
import { z } from 'zod';

const color = z.string().regex(/^[0-9A-F]{6}$/, 'colours are six upper-case hex digits, e.g. "9E1B1B"');

/** A number within the range a designer would use, with the range and unit in the message when it is not. */
const within = (min: number, max: number, unit: string): z.ZodNumber => {
  const message = `must be between ${min} and ${max}${unit}`;
  return z.number().min(min, message).max(max, message);
};
/** Font sizes in points. Outside these, layout has no room for a line (too big) or prints unreadably (too small). */
const points = (min: number, max: number): z.ZodNumber => within(min, max, ' pt');

/** The A4 page in millimetres, and the least text area the report needs (a column of ~20 characters, a dozen lines). */
const A4_MM = { width: 210, height: 297 } as const;
const MIN_TEXT_MM = { width: 100, height: 150 } as const;
/** The 16:9 slide in inches (as in layout/deck): a margin of at most a fifth of its height leaves room for text. */
const SLIDE_HEIGHT_IN = 7.5;
/** A page margin in millimetres: room for the running header and footer, and for the binding. */
const margin = within(15, 80, ' mm');

/** A process colour: cyan, magenta, yellow and black coverage in per cent. */
const cmyk = z.tuple([z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100)]);

/** The print edition of the report: press colours, bleed and the printing condition they are meant for. */
const Print = z.strictObject({
  /** Millimetres the print edition extends past the trim on each side (backgrounds that touch the trim run on). */
  bleed: z.number().min(0).max(10),
  /** Millimetres inside the trim that text keeps clear of (preflight warns when text comes closer). */
  safety: z.number().min(0).max(20),
  /** The printing condition the CMYK values are meant for, as registered with the ICC (e.g. FOGRA39). */
  outputCondition: z.strictObject({
    identifier: z.string().min(1),
    info: z.string().min(1),
  }),
  /** CMYK of every theme colour, for the print edition (no RGB reaches the press). */
  cmyk: z.strictObject({ accent: cmyk, text: cmyk, muted: cmyk, rule: cmyk, background: cmyk, panel: cmyk }),
});

const FontFamily = z.strictObject({
  family: z.string().min(1).describe('family name as written in the font file'),
  regular: z.string().min(1).describe('TTF: a path relative to the project (fonts/X.ttf) or an npm package path'),
  bold: z.string().min(1),
});

export const Theme = z.strictObject({
  colors: z.strictObject({
    accent: color,
    text: color,
    muted: color,
    rule: color,
    background: color,
    panel: color,
  }),
  fonts: z.strictObject({ sans: FontFamily, serif: FontFamily }),
  /** Used instead of `fonts` when document.lang is zh-TW or zh-HK. */
  traditionalFonts: z.strictObject({ sans: FontFamily, serif: FontFamily }).optional(),
  deck: z.strictObject({
    font: z.enum(['sans', 'serif']),
    sizes: z.strictObject({
      coverTitle: points(20, 72),
      title: points(16, 48),
      subtitle: points(12, 36),
      body: points(12, 32),
      figure: points(24, 96),
      figureLabel: points(10, 28),
      table: points(10, 24),
      quote: points(12, 32),
      caption: points(10, 24),
      minimum: points(10, 24).describe('text steps down to this size before it moves to a continuation slide'),
    }),
    /** Inches on a 13.333 × 7.5 in slide. */
    margin: within(0.2, SLIDE_HEIGHT_IN / 5, ' in'),
  }),
  report: z.strictObject({
    bodyFont: z.enum(['sans', 'serif']),
    headingFont: z.enum(['sans', 'serif']),
    sizes: z.strictObject({
      body: points(7, 16),
      quote: points(7, 16),
      h1: points(10, 36),
      h2: points(9, 28),
      h3: points(8, 24),
      small: points(6, 12),
      coverTitle: points(12, 60),
    }),
    /** Baseline-to-baseline distance as a multiple of the font size. */
    lineHeight: within(1, 3, ' times the font size'),
    /** Page margins in millimetres. */
    margins: z.strictObject({ top: margin, bottom: margin, left: margin, right: margin }).superRefine((margins, context) => {
      for (const [first, second, side] of [['left', 'right', 'width'], ['top', 'bottom', 'height']] as const) {
        const text = A4_MM[side] - margins[first] - margins[second];
        if (text < MIN_TEXT_MM[side]) {
          context.addIssue({
            code: 'custom',
            path: [first],
            message: `${first} + ${second} margins leave ${Math.round(text)} mm of the page's ${A4_MM[side]} mm ${side} for text; the text needs at least ${MIN_TEXT_MM[side]} mm`,
          });
        }
      }
    }),
    cjkLatinGap: z.boolean(),
  }),
  /** Optional: without it the print edition derives CMYK from the RGB colours (greys as black only). */
  print: Print.optional(),
});

export type Theme = z.infer<typeof Theme>;
export type Cmyk = z.infer<typeof cmyk>;
export type FontRole = keyof Theme['fonts'];
