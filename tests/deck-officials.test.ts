/**
 * The deck as an official reads it (issue 10): the first two slides tell the whole story — the
 * cover, then the event's key message, large and first, with the headline figures under it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { readPptx, type SlideText } from './support/pptx.js';

const root = path.resolve(import.meta.dirname, '..');
const contentFile = path.join(root, 'content.yaml');

interface ContentFigure {
  readonly value: number;
  readonly label: string;
  /** Shown as a big number unless false. */
  readonly key?: boolean;
}
interface Content {
  readonly event: { readonly message: string; readonly figures: readonly ContentFigure[] };
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
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-officials-'));
  await build({ contentFile, outDir, only: 'deck' });
  ({ slides, zip } = await readPptx(readFileSync(path.join(outDir, 'briefing.pptx'))));
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
