/** Theme colours as each edition paints them. */
import { describe, expect, it } from 'vitest';
import { cmykPalette, paint, rgbToCmyk } from '../../../src/render/pdf/colors.js';
import { laidOut } from './fixture.js';

describe('colours', () => {
  it('paints the theme\'s own CMYK in print and its hex on screen', () => {
    const { theme } = laidOut().project;
    const palette = cmykPalette(theme);
    expect(paint(theme.colors.accent, { space: 'cmyk', palette })).toEqual([0, 95, 90, 40]);
    expect(paint(theme.colors.text, { space: 'cmyk', palette })).toEqual([0, 0, 0, 100]);
    expect(paint(theme.colors.accent, { space: 'rgb' })).toBe('#9E1B1B');
    for (const [name, hex] of Object.entries(theme.colors)) expect(palette.get(hex)).toEqual(theme.print!.cmyk[name as keyof typeof theme.colors]);
  });

  it('falls back to black ink only for greys and to a plain conversion for other colours', () => {
    expect(rgbToCmyk('FFFFFF')).toEqual([0, 0, 0, 0]);
    expect(rgbToCmyk('000000')).toEqual([0, 0, 0, 100]);
    expect(rgbToCmyk('808080')).toEqual([0, 0, 0, 50]);
    expect(rgbToCmyk('FF0000')).toEqual([0, 100, 100, 0]);
    expect(paint('123456', { space: 'cmyk', palette: new Map() })).toEqual(rgbToCmyk('123456'));
  });

  it('derives CMYK from the RGB colours for a theme without a print section', () => {
    const { theme } = laidOut().project;
    const { print: _omitted, ...plain } = theme;
    expect(cmykPalette(plain).get(theme.colors.muted)).toEqual([0, 0, 0, 63]);
  });
});
