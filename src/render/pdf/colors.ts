/**
 * Colours as the two editions paint them. Layout speaks in the theme's RGB hex; the standard
 * edition paints that (DeviceRGB, characterised by the sRGB output intent), the print edition the
 * theme's CMYK for the same colour (DeviceCMYK, no RGB operator anywhere).
 */
import type { Cmyk, Theme } from '../../model/theme.js';

/** What pdfkit's fillColor/strokeColor take: `#RRGGBB`, or C, M, Y, K in per cent. */
export type PaintColor = string | readonly [number, number, number, number];

/** Theme colour (hex) → its CMYK, from the theme's print section. */
export type CmykPalette = ReadonlyMap<string, Cmyk>;

export function cmykPalette(theme: Theme): CmykPalette {
  const palette = new Map<string, Cmyk>();
  for (const [name, hex] of Object.entries(theme.colors) as [keyof Theme['colors'], string][]) {
    // Two names may share a hex value; the first one's CMYK wins, as the colour is the same.
    if (!palette.has(hex)) palette.set(hex, theme.print?.cmyk[name] ?? rgbToCmyk(hex));
  }
  return palette;
}

/**
 * A fallback for colours the theme gives no CMYK for: greys become black ink only (no colour cast,
 * no registration trouble), other colours take the simple complement with all the grey component
 * moved to black. Not colour-managed: the theme's print section is the place for exact values.
 */
export function rgbToCmyk(hex: string): Cmyk {
  const value = Number.parseInt(hex, 16);
  const [r, g, b] = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff].map((channel) => channel / 255) as [number, number, number];
  const k = 1 - Math.max(r, g, b);
  const round = (part: number): number => Math.round(part * 100);
  if (r === g && g === b) return [0, 0, 0, round(k)];
  if (k >= 1) return [0, 0, 0, 100];
  const ink = (channel: number): number => round((1 - channel - k) / (1 - k));
  return [ink(r), ink(g), ink(b), round(k)];
}

/** How an edition turns the layout's hex colours into paint. */
export type ColorMode = { readonly space: 'rgb' } | { readonly space: 'cmyk'; readonly palette: CmykPalette };

export function paint(hex: string, mode: ColorMode): PaintColor {
  if (mode.space === 'rgb') return `#${hex}`;
  return mode.palette.get(hex) ?? rgbToCmyk(hex);
}
