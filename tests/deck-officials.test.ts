/**
 * The deck as an official reads it (issue 10): the first two slides tell the whole story — the
 * cover, then the event's key message, large and first, with the headline figures under it; a
 * quote slide shows one sentence the speaker said, large, and the notes carry the whole statement.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { newProject, run } from './support/cli.js';
import { readPptx, type SlideText } from './support/pptx.js';
import { buildArticleDeck } from './render/pptx/decks.js';

const root = path.resolve(import.meta.dirname, '..');
const contentFile = path.join(root, 'content.yaml');

interface ContentFigure {
  readonly value: number;
  readonly label: string;
  /** Shown as a big number unless false. */
  readonly key?: boolean;
}
interface ContentQuote {
  readonly speaker: string;
  readonly text: readonly string[];
  readonly highlight?: string;
}
interface Content {
  readonly event: { readonly message: string; readonly figures: readonly ContentFigure[] };
  readonly quotes: readonly ContentQuote[];
}
const content = parse(readFileSync(contentFile, 'utf8')) as Content;

/** A text shape of a slide: where it stands (inches from the top), its largest text size (pt) and its text. */
interface PlacedText {
  readonly y: number;
  readonly size: number;
  readonly text: string;
}

const EMU_PER_INCH = 914_400;

function placedTexts(slideXml: string): PlacedText[] {
  return [...slideXml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].flatMap(([, shape]) => {
    const text = [...shape!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map(([, t]) => t).join('');
    const y = /<a:off x="\d+" y="(\d+)"\/>/.exec(shape!)?.[1];
    const sizes = [...shape!.matchAll(/<a:rPr\s[^>]*?\bsz="(\d+)"/g)].map(([, sz]) => Number(sz) / 100);
    return text === '' || y === undefined ? [] : [{ y: Number(y) / EMU_PER_INCH, size: Math.max(...sizes), text }];
  });
}

let slides: SlideText[];
let zip: JSZip;

beforeAll(async () => {
  ({ slides, zip } = await readPptx(await buildArticleDeck()));
}, 60_000);

describe('the summary slide after the cover', () => {
  it('states the key message first, large, then every key figure under it', async () => {
    expect(slides[1]!.text.startsWith('概览')).toBe(true);
    const texts = placedTexts(await zip.file('ppt/slides/slide2.xml')!.async('string'));
    const message = texts.find((placed) => placed.text === content.event.message);
    expect(message, 'the message as one text box, in the content\'s words').toBeDefined();
    expect(message!.size).toBeGreaterThanOrEqual(28);
    const keyFigures = content.event.figures.filter((figure) => figure.key !== false);
    expect(keyFigures.length).toBeGreaterThan(0);
    for (const figure of keyFigures) {
      const number = texts.find((placed) => placed.text.startsWith(String(figure.value)));
      expect(number, `key figure ${figure.value}`).toBeDefined();
      expect(number!.y, `${figure.value} stands under the message`).toBeGreaterThan(message!.y);
    }
    // Nothing above the message but the slide's title.
    expect(texts.filter((placed) => placed.y < message!.y).map((placed) => placed.text)).toEqual(['概览']);
  });
});

describe('the quote slides', () => {
  const highlighted = content.quotes.filter((quote) => quote.highlight !== undefined);

  it('show each quote\'s highlight, a sentence of its text copied exactly, large and attributed', async () => {
    expect(highlighted).toHaveLength(content.quotes.length);
    for (const quote of highlighted) {
      const highlight = quote.highlight!;
      expect(quote.text.some((paragraph) => paragraph.includes(highlight)), `${quote.speaker}'s highlight is verbatim`).toBe(true);
      const at = slides.findIndex((slide) => slide.text.includes(highlight));
      expect(at, `a slide shows ${quote.speaker}'s highlight`).toBeGreaterThan(0);
      const texts = placedTexts(await zip.file(`ppt/slides/slide${at + 1}.xml`)!.async('string'));
      const box = texts.find((placed) => placed.text.startsWith(highlight));
      expect(box!.size).toBeGreaterThanOrEqual(28);
      // The sentence and the speaker's name, nothing else of the statement.
      expect(box!.text.slice(highlight.length)).toMatch(new RegExp(`^\\s*${quote.speaker}`));
    }
  });

  it('carry the whole statement, paragraph by paragraph, in the notes', () => {
    for (const quote of highlighted) {
      const slide = slides.find((candidate) => candidate.text.includes(quote.highlight!))!;
      for (const paragraph of quote.text) expect(slide.notes).toContain(paragraph);
    }
  });

  it('check rejects a highlight that is not in the quote\'s text, at its line', () => {
    const dir = newProject();
    const file = path.join(dir, 'content.yaml');
    const source = readFileSync(file, 'utf8');
    const original = `    highlight: ${highlighted[0]!.highlight!}`;
    const line = source.split('\n').indexOf(original) + 1;
    expect(line).toBeGreaterThan(0);
    // One character changed: a paraphrase, not the speaker's words.
    writeFileSync(file, source.replace(original, original.replace('打造', '建设')));
    const result = run(['check', 'content.yaml'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`content\\.yaml:${line}:\\d+  quotes\\.0\\.highlight  the highlight of quote "lu-guiqing" is not part of its text`));
  });
});
