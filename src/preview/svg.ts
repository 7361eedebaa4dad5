/** What the slide and page drawings share: escaping, numbers as SVG writes them, a line of placed runs. */
import type { PlacedRun } from '../layout/text/index.js';

/** Text and attribute values for SVG/HTML: nothing in content.yaml can open an element or end an attribute. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.codePointAt(0)};`);
}

/** A coordinate with two decimals, no trailing zeros: small markup, stable bytes. */
export const num = (value: number): string => String(Math.round(value * 100) / 100);

/**
 * The CSS family the page names a face by (its subset is served through @font-face, see fonts.ts);
 * told the text drawn with it, so the subset holds every character drawn.
 */
export type FamilyOf = (faceKey: string, text: string) => string;

/**
 * One line of placed runs from the text engine, each run a <text> at its x with the engine's
 * letterSpacing and OpenType features: what pdfkit is told for the report, and what the deck's
 * lines are broken into here.
 */
export function drawLine<Run extends PlacedRun>(runs: readonly Run[], left: number, baseline: number, familyOf: FamilyOf, colorOf: (run: Run) => string): string {
  return runs
    .filter((run) => run.text.trim() !== '')
    .map((run) => {
      const features = run.features.length > 0 ? ` style="font-feature-settings:${run.features.map((f) => `'${f}'`).join(',')}"` : '';
      const spacing = run.letterSpacing !== 0 ? ` letter-spacing="${num(run.letterSpacing)}"` : '';
      return `<text x="${num(left + run.x)}" y="${num(baseline)}" font-family="${familyOf(run.style.face.key, run.text)}" font-size="${num(run.style.size)}" fill="#${colorOf(run)}"${spacing}${features} xml:space="preserve">${escapeMarkup(run.text)}</text>`;
    })
    .join('');
}

export function imageHref(data: Uint8Array, format: 'png' | 'jpeg'): string {
  return `data:image/${format};base64,${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')}`;
}
