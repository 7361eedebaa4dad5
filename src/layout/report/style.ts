/** The report's text styles, derived once from the theme and the loaded fonts. */
import { identityOf, memo } from '../../cache/memo.js';
import type { FontSet } from '../../load/fonts.js';
import type { Theme } from '../../model/theme.js';
import type { TextStyle } from '../text/types.js';

export interface ReportStyles {
  readonly body: TextStyle;
  readonly bodyBold: TextStyle;
  readonly quote: TextStyle;
  readonly h1: TextStyle;
  readonly h1Sub: TextStyle;
  readonly h2: TextStyle;
  readonly h3: TextStyle;
  readonly small: TextStyle;
  readonly smallBold: TextStyle;
  readonly figure: TextStyle;
  readonly coverTitle: TextStyle;
  readonly coverSub: TextStyle;
  /** Baseline-to-baseline distance as a multiple of the font size. */
  readonly lineHeight: number;
  readonly cjkLatinGap: boolean;
  readonly colors: Theme['colors'];
}

/**
 * Styles already derived: a rebuild with the same theme and fonts gets the very objects it had,
 * and with them what report layout remembers by them (report.ts).
 */
const derived = memo<ReportStyles>(4);

export function reportStyles(theme: Theme, fonts: FontSet): ReportStyles {
  const { sizes } = theme.report;
  const body = fonts[theme.report.bodyFont];
  const heading = fonts[theme.report.headingFont];
  const faces = [body.regular, body.bold, heading.regular, heading.bold].map(identityOf);
  return derived(JSON.stringify([faces, theme.report, theme.colors]), () => ({
    body: { face: body.regular, size: sizes.body },
    bodyBold: { face: body.bold, size: sizes.body },
    quote: { face: body.regular, size: sizes.quote },
    h1: { face: heading.bold, size: sizes.h1 },
    h1Sub: { face: heading.regular, size: sizes.h2 },
    h2: { face: heading.bold, size: sizes.h2 },
    h3: { face: heading.bold, size: sizes.h3 },
    small: { face: heading.regular, size: sizes.small },
    smallBold: { face: heading.bold, size: sizes.small },
    figure: { face: heading.bold, size: sizes.h1 * 1.6 },
    coverTitle: { face: heading.bold, size: sizes.coverTitle },
    coverSub: { face: heading.regular, size: sizes.h2 },
    lineHeight: theme.report.lineHeight,
    cjkLatinGap: theme.report.cjkLatinGap,
    colors: theme.colors,
  }));
}
