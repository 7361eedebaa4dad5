/**
 * The theme's bounds: a value outside what a designer would use stops the build at its line in
 * templates/theme.yaml, and every value inside them builds (no crash, no runaway page count).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Theme } from '../src/model/theme.js';
import { newProject, root, run } from './support/cli.js';

const themeSource = readFileSync(path.join(root, 'templates', 'theme.yaml'), 'utf8');

/** A project whose templates/theme.yaml is `text`; its lines, to find where an error should point. */
function projectWithTheme(text: string): { dir: string; lines: string[] } {
  const dir = newProject();
  writeFileSync(path.join(dir, 'templates', 'theme.yaml'), text);
  return { dir, lines: text.split('\n') };
}

/** Line and column (1-based) of the first `needle` after the line holding `after`. */
function positionOf(lines: readonly string[], needle: string, after = ''): string {
  const start = lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, i) => i >= start && line.includes(needle));
  return `${index + 1}:${lines[index]!.indexOf(needle) + 1}`;
}

/** Every bounded number of the theme set to the low or the high end of its range. */
function atExtremes(schema: z.ZodType, value: unknown, end: 'min' | 'max'): unknown {
  if (schema instanceof z.ZodNumber && schema.minValue !== null && schema.maxValue !== null && Number.isFinite(schema.minValue) && Number.isFinite(schema.maxValue)) {
    return end === 'min' ? schema.minValue : schema.maxValue;
  }
  if (schema instanceof z.ZodObject && typeof value === 'object' && value !== null) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shape[key] ? atExtremes(shape[key], child, end) : child]));
  }
  return value;
}


describe('theme bounds', () => {
  it('stops margins, sizes and line heights the layout cannot use, each at its line in theme.yaml, writing nothing', () => {
    const text = themeSource
      .replace('margins: { top: 25, bottom: 25, left: 25, right: 25 }', 'margins: { top: 400, bottom: 25, left: 70, right: 50 }')
      .replace(/margin: 0\.6\b/, 'margin: 7')
      .replace(/(\n {4}body:) 20\b/, '$1 400')
      .replace(/lineHeight: 1\.8/, 'lineHeight: 0.2');
    const { dir, lines } = projectWithTheme(text);
    const result = run(['build'], dir);
    expect(result.status).toBe(1);
    const theme = 'templates/theme.yaml';
    expect(result.stderr).toContain(`${theme}:${positionOf(lines, '400', 'margins:')}  report.margins.top  must be between 15 and 80 mm`);
    expect(result.stderr).toContain(`${theme}:${positionOf(lines, '70', 'margins:')}  report.margins.left  left + right margins leave 90 mm of the page's 210 mm width for text; the text needs at least 100 mm`);
    expect(result.stderr).toContain(`${theme}:${positionOf(lines, '7', 'margin: 7')}  deck.margin  must be between 0.2 and 1.5 in`);
    expect(result.stderr).toContain(`${theme}:${positionOf(lines, '400', 'sizes:')}  deck.sizes.body  must be between 12 and 32 pt`);
    expect(result.stderr).toContain(`${theme}:${positionOf(lines, '0.2', 'lineHeight')}  report.lineHeight  must be between 1 and 3 times the font size`);
    expect(result.stderr).not.toContain('paragraph width');
    expect(readdirSync(dir).sort()).toEqual(['content.yaml', 'templates']);
  }, 60_000);

  it('stops top and bottom margins that leave less than 150 mm of text height', () => {
    const { dir, lines } = projectWithTheme(themeSource.replace('margins: { top: 25, bottom: 25,', 'margins: { top: 80, bottom: 70,'));
    const result = run(['check'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`templates/theme.yaml:${positionOf(lines, '80', 'margins:')}  report.margins.top  top + bottom margins leave 147 mm of the page's 297 mm height for text; the text needs at least 150 mm`);
  }, 60_000);

  it.each(['min', 'max'] as const)('lays out both documents with every size, line height and margin at its %s', (end) => {
    const theme = atExtremes(Theme, parse(themeSource), end) as z.infer<typeof Theme>;
    // The widest margins the page allows together: 100 × 150 mm of text remain.
    if (end === 'max') theme.report.margins = { top: 80, bottom: 67, left: 80, right: 30 };
    expect(Theme.safeParse(theme).success).toBe(true);
    const { dir } = projectWithTheme(stringify(theme));
    const result = run(['check'], dir);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
    const [, slides, pages] = /\((\d+) slides, (\d+) pages\)/.exec(result.stdout) ?? [];
    expect(Number(slides)).toBeGreaterThanOrEqual(13);
    // A fuller page than the repository's theme, or a sparser one, but never hundreds of pages.
    expect(Number(pages)).toBeGreaterThan(5);
    expect(Number(pages)).toBeLessThan(150);
  }, 120_000);
});
