/**
 * Nothing of the content is lost and every character is drawn: real builds of the scaffold with
 * one field or one template line changed, read back with pdftotext and from the slide XML.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG_URL, sans, serif } from './layout/text/fixtures.js';
import { readPptx } from './support/pptx.js';
import { everyProjectOnItsOwnSlide } from './support/templates.js';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist/cli.js');
const PLACEHOLDER_SUMMARY = 'summary: 项目一句话简介。';
const A4_WIDTH = 595.28;
const EMU_PER_PT = 12700;

interface Outcome {
  readonly status: number;
  readonly output: string;
  readonly pdf: string;
  readonly pptx: string;
}

/**
 * The scaffold and the repository's templates in a temporary folder, changed by `edit`, then
 * `jianbao <command>`. Tests of what the deck draws of the summary give the project a slide of its
 * own: on the scaffold's card the summary is in the notes.
 */
function run(command: 'build' | 'check', edit: { summary?: string; deckTemplate?: (source: string) => string }): Outcome {
  const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-text-'));
  cpSync(path.join(root, 'templates'), path.join(dir, 'templates'), { recursive: true });
  const scaffold = readFileSync(path.join(root, 'scaffold/content.yaml'), 'utf8');
  if (!scaffold.includes(PLACEHOLDER_SUMMARY)) throw new Error('the scaffold no longer has the placeholder summary these tests replace');
  writeFileSync(path.join(dir, 'content.yaml'), edit.summary === undefined ? scaffold : scaffold.replace(PLACEHOLDER_SUMMARY, edit.summary));
  if (edit.deckTemplate) {
    const deck = path.join(dir, 'templates/deck.hbs');
    writeFileSync(deck, edit.deckTemplate(readFileSync(deck, 'utf8')));
  }
  const out = path.join(dir, 'out');
  const result = spawnSync(process.execPath, [cli, command, path.join(dir, 'content.yaml'), ...(command === 'build' ? ['--out', out] : [])], { encoding: 'utf8' });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}`, pdf: path.join(out, 'briefing.pdf'), pptx: path.join(out, 'briefing.pptx') };
}

const pdftotext = (file: string, ...args: string[]): string => execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });

/** Each word pdftotext finds, with its right edge in points. */
function words(file: string): { text: string; xMax: number }[] {
  return [...pdftotext(file, '-bbox').matchAll(/<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map(
    ([, xMax, text]) => ({ text: text ?? '', xMax: Number(xMax) }),
  );
}

/** The slides' XML, concatenated. */
async function slideXml(file: string): Promise<string> {
  const { zip } = await readPptx(readFileSync(file));
  const names = Object.keys(zip.files).filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name));
  return (await Promise.all(names.map((name) => zip.file(name)!.async('string')))).join('\n');
}

/** The text of every <a:t> in `xml`, XML entities decoded. */
const drawnText = (xml: string): string =>
  [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map(([, t]) => (t ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')).join('');


describe('a word too long for a line', () => {
  it('breaks a 120-character URL inside the page in the PDF, in a deck box tall enough for it, losing no character', async () => {
    expect(LONG_URL).toHaveLength(120);
    const { status, output, pdf, pptx } = run('build', { summary: `summary: 项目详见${LONG_URL}。`, deckTemplate: everyProjectOnItsOwnSlide });
    expect(status, output).toBe(0);

    const placed = words(pdf);
    const urlWords = placed.filter((w) => /segment|example/.test(w.text));
    expect(urlWords.length).toBeGreaterThan(1);
    // The right edge of the body text: justified lines of the other paragraphs end there.
    const textEdge = Math.max(...placed.filter((w) => !urlWords.includes(w)).map((w) => w.xMax));
    for (const word of urlWords) expect(word.xMax, word.text).toBeLessThanOrEqual(Math.min(textEdge + 0.5, A4_WIDTH));
    expect(pdftotext(pdf).replace(/\s/g, '')).toContain(`项目详见${LONG_URL}。`);

    const xml = await slideXml(pptx);
    const box = [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map(([shape]) => shape).find((shape) => shape.includes(LONG_URL));
    expect(box).toBeDefined();
    const [, cx, cy] = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(box!)!;
    const size = Number(/sz="(\d+)"/.exec(box!)![1]) / 100;
    const lineHeight = Number(/<a:spcPts val="(\d+)"\/>/.exec(box!)![1]) / 100;
    const textWidth = (sans.font.layout(`项目详见${LONG_URL}。`).advanceWidth / sans.font.unitsPerEm) * size;
    const lines = Math.ceil(textWidth / (Number(cx) / EMU_PER_PT));
    expect(lines).toBeGreaterThan(1);
    expect(Number(cy) / EMU_PER_PT).toBeGreaterThanOrEqual(lines * lineHeight);
  }, 60_000);

  it('shows every character of a 3000-character token in the PDF, inside the page', () => {
    const token = 'abcdefghij'.repeat(300);
    const { status, output, pdf } = run('build', { summary: `summary: ${token}` });
    expect(status, output).toBe(0);
    // Page furniture may come between its lines; the scaffold has no other Latin text.
    expect(pdftotext(pdf).replace(/[^a-j]/g, '')).toBe(token);
    for (const word of words(pdf)) expect(word.xMax, word.text).toBeLessThanOrEqual(A4_WIDTH);
  }, 60_000);
});

describe('spaces and line breaks', () => {
  it('draws typographic spaces the fonts lack as spaces they have, in both outputs', async () => {
    const { status, output, pdf, pptx } = run('build', { summary: 'summary: "1\\u202F000 thin\\u2009space\\u205Fmath\\u1680ogham\\u2000quad\\uFEFFend"', deckTemplate: everyProjectOnItsOwnSlide });
    expect(status, output).toBe(0);
    const report = pdftotext(pdf);
    expect(report).toMatch(/1\s000 thin space math ogham quadend/);
    const deck = drawnText(await slideXml(pptx));
    expect(deck).toContain('1\u00A0000 thin space math ogham quadend');
    for (const ch of new Set(report)) if (!/[\n\f]/.test(ch)) expect(serif.font.hasGlyphForCodePoint(ch.codePointAt(0)!), `U+${ch.codePointAt(0)!.toString(16)}`).toBe(true);
    for (const ch of new Set(deck)) expect(sans.font.hasGlyphForCodePoint(ch.codePointAt(0)!), `U+${ch.codePointAt(0)!.toString(16)}`).toBe(true);
  }, 60_000);

  it('keeps the line breaks written in the content (\\n, \\r, | blocks) and folds tabs and runs of spaces', async () => {
    const { status, output, pdf, pptx } = run('build', { summary: 'summary: "IBM Watson\\nBuild and  two  spaces\\tand tab\\rCR here"', deckTemplate: everyProjectOnItsOwnSlide });
    expect(status, output).toBe(0);
    const lines = pdftotext(pdf).split('\n').map((line) => line.trim());
    const at = lines.indexOf('IBM Watson');
    expect(at, lines.join('\n')).toBeGreaterThan(-1);
    expect(lines.slice(at + 1).filter(Boolean).slice(0, 2)).toEqual(['Build and two spaces and tab', 'CR here']);
    const xml = await slideXml(pptx);
    expect(drawnText(xml)).not.toContain('\r');
    expect(xml).toMatch(/IBM Watson<\/a:t><\/a:r><a:br\/><a:r>(<a:rPr[\s\S]*?<\/a:rPr>)?<a:t>Build and two spaces and tab<\/a:t><\/a:r><a:br\/>/);

    const block = run('build', { summary: 'summary: |\n      第一行文字\n      第二行文字', deckTemplate: everyProjectOnItsOwnSlide });
    expect(block.status, block.output).toBe(0);
    expect(pdftotext(block.pdf)).toMatch(/第一行文字\s*\n\s*第二行文字/);
    expect(await slideXml(block.pptx)).toMatch(/第一行文字<\/a:t><\/a:r><a:br\/>/);
  }, 60_000);
});

describe('entities in templates', () => {
  /** The deck template with a paragraph added to its last slide. */
  const withParagraph = (paragraph: string) => (source: string): string => {
    const end = source.lastIndexOf('</slide>');
    return `${source.slice(0, end)}<p>${paragraph}</p>${source.slice(end)}`;
  };

  it('checks the character an entity stands for, at the template line', () => {
    const { status, output } = run('check', { deckTemplate: withParagraph('火箭&#x1F680;') });
    expect(status).toBe(1);
    expect(output).toMatch(/deck\.hbs:\d+:\d+ +U\+1F680 🚀 has no glyph/);
  }, 60_000);

  it('refuses an entity for a character XML cannot hold, at the template line, instead of writing a broken deck', () => {
    for (const entity of ['&#0;', '&#x1B;', '&#xFFFF;', '&#xD800;', '&#x110000;']) {
      const { status, output } = run('build', { deckTemplate: withParagraph(`零${entity}`) });
      expect(status, entity).toBe(1);
      expect(output).toMatch(new RegExp(`deck\\.hbs:\\d+:\\d+ +${entity}`));
    }
  }, 60_000);
});
