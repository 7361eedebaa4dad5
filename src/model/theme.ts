/** The theme: every colour, font and size of both outputs, read from templates/theme.yaml. */
import { z } from 'zod';

const color = z.string().regex(/^[0-9A-F]{6}$/, 'colours are six upper-case hex digits, e.g. "9E1B1B"');
const size = z.number().positive();

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
      coverTitle: size,
      title: size,
      subtitle: size,
      body: size,
      figure: size,
      figureLabel: size,
      table: size,
      quote: size,
      caption: size,
      minimum: size.describe('text steps down to this size before it moves to a continuation slide'),
    }),
    /** Inches on a 13.333 × 7.5 in slide. */
    margin: size,
  }),
  report: z.strictObject({
    bodyFont: z.enum(['sans', 'serif']),
    headingFont: z.enum(['sans', 'serif']),
    sizes: z.strictObject({
      body: size,
      quote: size,
      h1: size,
      h2: size,
      h3: size,
      small: size,
      coverTitle: size,
    }),
    /** Baseline-to-baseline distance as a multiple of the font size. */
    lineHeight: size,
    /** Page margins in millimetres. */
    margins: z.strictObject({ top: size, bottom: size, left: size, right: size }),
    cjkLatinGap: z.boolean(),
  }),
  /** Optional: without it the print edition derives CMYK from the RGB colours (greys as black only). */
  print: Print.optional(),
});

export type Theme = z.infer<typeof Theme>;
export type Cmyk = z.infer<typeof cmyk>;
export type FontRole = keyof Theme['fonts'];
