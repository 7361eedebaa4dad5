/** The theme: every colour, font and size of both outputs, read from templates/theme.yaml. */
import { z } from 'zod';

const color = z.string().regex(/^[0-9A-F]{6}$/, 'colours are six upper-case hex digits, e.g. "9E1B1B"');
const size = z.number().positive();

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
});

export type Theme = z.infer<typeof Theme>;
export type FontRole = keyof Theme['fonts'];
