/**
 * The article's deck, paragraph by paragraph: every paragraph of the slides, their tables and the
 * notes states East Asian line breaking; the speaker notes are real paragraphs, each run in the
 * deck's language and embedded family.
 */
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../../../src/build.js';
import type { LaidOutDeck } from '../../../src/model/slides.js';
import { buildArticleDeck, FAMILY, hasValidator, validatePptx } from './decks.js';

const root = path.resolve(import.meta.dirname, '../../..');
const byNumber = (a: string, b: string): number => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]);

let deck: Uint8Array;
let zip: JSZip;
let laidOut: LaidOutDeck;
/** Each slide's notes part, in slide order. */
let notes: string[];

beforeAll(async () => {
  deck = await buildArticleDeck();
  zip = await JSZip.loadAsync(deck);
  laidOut = (await prepare({ contentFile: path.join(root, 'content.yaml') })).laidOut.deck;
  const names = Object.keys(zip.files).filter((name) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(name)).sort(byNumber);
  notes = await Promise.all(names.map((name) => zip.file(name)!.async('string')));
}, 60_000);

const paragraphsOf = (xml: string): string[] => [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map(([, content]) => content ?? '');
/** The paragraphs of the notes placeholder (not the slide number's). */
const notesParagraphs = (xml: string): string[] => paragraphsOf(/<p:ph type="body"[\s\S]*?<p:txBody>([\s\S]*?)<\/p:txBody>/.exec(xml)?.[1] ?? '');

describe('East Asian line breaking, stated on every paragraph', () => {
  it('each paragraph of every slide (text boxes and table cells) and of the notes has eaLnBrk="1", hangingPunct="1", latinLnBrk="0"', async () => {
    const parts = Object.keys(zip.files).filter((name) => /^ppt\/(slides\/slide|notesSlides\/notesSlide)\d+\.xml$/.test(name));
    const paragraphs = (await Promise.all(parts.map((name) => zip.file(name)!.async('string')))).flatMap(paragraphsOf);
    expect(paragraphs.length).toBeGreaterThan(300);
    const unstated = paragraphs.filter((p) => !/^<a:pPr\b(?=[^>]*\beaLnBrk="1")(?=[^>]*\bhangingPunct="1")(?=[^>]*\blatinLnBrk="0")/.test(p));
    expect(unstated).toEqual([]);
  });

  it.skipIf(!hasValidator)('and the deck still passes validate-pptx --powerpoint', () => {
    const { findings, summary } = validatePptx(deck, '--powerpoint');
    expect(findings).toEqual([]);
    expect(summary).toMatch(/ 0 errors$/);
  });
});

describe('speaker notes', () => {
  it('have one paragraph per notes paragraph of the laid-out slide, and no line feed inside any text', () => {
    expect(notes).toHaveLength(laidOut.slides.length);
    laidOut.slides.forEach((slide, index) => {
      const xml = notes[index]!;
      expect([...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].filter(([, text]) => /[\n\r]/.test(text ?? ''))).toEqual([]);
      const paragraphs = notesParagraphs(xml);
      expect(paragraphs.length, `slide ${index + 1}`).toBe(Math.max(1, slide.notes.length));
      const texts = paragraphs.map((p) => [...p.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map(([, t]) => t).join(''));
      expect(texts.filter((t) => t !== '')).toHaveLength(slide.notes.filter((note) => note !== '').length);
    });
    expect(laidOut.slides.filter((slide) => slide.notes.length > 1).length).toBeGreaterThan(3);
  });

  it('each run carries lang and the embedded family as its East Asian font', () => {
    const runs = notes.flatMap((xml) => [...xml.matchAll(/<a:r>([\s\S]*?)<\/a:r>/g)].map(([, run]) => run ?? ''));
    expect(runs.length).toBeGreaterThan(20);
    expect(runs.filter((run) => !/<a:rPr\b[^>]*\blang="zh-CN"/.test(run) || !run.includes(`<a:ea typeface="${FAMILY}"/>`))).toEqual([]);
  });
});
