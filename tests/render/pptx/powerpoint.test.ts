/**
 * Decks have what PowerPoint's own files have, whose absence was reported to open pptxgenjs decks
 * with PowerPoint's repair dialog: validate-pptx --powerpoint finds nothing in them.
 */
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SlideShape } from '../../../src/model/slides.js';
import { buildArticleDeck, hasValidator, renderSlides, textBox, validatePptx } from './decks.js';

/** 4 × 3 pixels, blue. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGOQj58HRww4OQD9yw1RonRpRAAAAABJRU5ErkJggg==', 'base64');
/** 1 × 1 pixel, grey. */
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');

function image(x: number, data: Uint8Array, format: 'png' | 'jpeg'): SlideShape {
  return { kind: 'image', x, y: 1.5, w: 4, h: 3, data, format, alt: '科学城鸟瞰' };
}

async function text(zip: JSZip, name: string): Promise<string> {
  const file = zip.file(name);
  if (file === null) throw new Error(`no part ${name}`);
  return file.async('string');
}

/** The package's part names and content types' Default extensions. */
async function defaults(zip: JSZip): Promise<string[]> {
  return [...(await text(zip, '[Content_Types].xml')).matchAll(/<Default\s[^>]*?Extension="([^"]*)"/g)].map(([, extension]) => extension!.toLowerCase()).sort();
}

/** What a deck lacks of PowerPoint's habits, one line per finding (as validate-pptx --powerpoint checks them). */
async function missingHabits(zip: JSZip): Promise<string[]> {
  const findings: string[] = [];
  const names = Object.keys(zip.files);
  const extensions = new Set(names.map((name) => path.posix.extname(name).slice(1).toLowerCase()));
  for (const extension of await defaults(zip)) if (!extensions.has(extension)) findings.push(`Default for .${extension}, which no part has`);
  const themeOf = async (rels: string): Promise<string[]> =>
    [...(await text(zip, rels)).matchAll(/Type="[^"]*\/theme" Target="([^"]+)"/g)].map(([, target]) => path.posix.join(path.posix.dirname(path.posix.dirname(rels)), target!));
  const slideThemes = (await Promise.all(names.filter((name) => /^ppt\/slideMasters\/_rels\//.test(name)).map(themeOf))).flat();
  for (const rels of names.filter((name) => /^ppt\/notesMasters\/_rels\//.test(name))) {
    for (const theme of await themeOf(rels)) {
      if (slideThemes.includes(theme)) findings.push(`${rels} shares ${theme} with a slide master`);
      if (zip.file(theme) === null) findings.push(`${rels}: no ${theme}`);
    }
  }
  for (const name of names.filter((part) => /^ppt\/(?:slides|slideLayouts|slideMasters)\/[^/]+\.xml$/.test(part))) {
    const xml = await text(zip, name);
    const bare = (xml.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []).filter((shape) => !shape.includes('<p:txBody') && !shape.includes('<p:ph'));
    if (bare.length > 0) findings.push(`${name}: ${bare.length} shape(s) without a text body`);
    if (/<p:bgPr>(?:(?!<a:effectLst)[\s\S])*?<\/p:bgPr>/.test(xml)) findings.push(`${name}: a background without an effect list`);
  }
  return findings;
}

describe("PowerPoint's habits", () => {
  let article: Uint8Array;
  let pictures: Uint8Array;

  beforeAll(async () => {
    article = await buildArticleDeck();
    pictures = await renderSlides([{ shapes: [textBox(0.5, '鸟瞰图'), image(0.6, PNG, 'png'), image(6, JPEG, 'jpeg')], notes: ['图片'] }]);
  }, 60_000);

  it('the article deck has them all: a theme of its own for the notes master, a text body in every shape…', async () => {
    const zip = await JSZip.loadAsync(article);
    expect(await missingHabits(zip)).toEqual([]);
    expect(await text(zip, 'ppt/notesMasters/_rels/notesMaster1.xml.rels')).toContain('Target="../theme/theme2.xml"');
    expect(await text(zip, '[Content_Types].xml')).toContain('<Override PartName="/ppt/theme/theme2.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>');
    expect(await text(zip, 'ppt/theme/theme2.xml')).toContain('<a:ea typeface="Noto Sans SC"/>');
    expect(await defaults(zip)).toEqual(['fntdata', 'rels', 'xlsx', 'xml']);
  });

  it('a deck with pictures keeps the Defaults of its PNG and JPEG parts, and only those of media', async () => {
    const zip = await JSZip.loadAsync(pictures);
    expect(await missingHabits(zip)).toEqual([]);
    expect(Object.keys(zip.files).filter((name) => name.startsWith('ppt/media/')).map((name) => path.posix.extname(name)).sort()).toEqual(['.jpeg', '.png']);
    expect(await defaults(zip)).toEqual(['fntdata', 'jpeg', 'png', 'rels', 'xml']);
  });

  it.skipIf(!hasValidator)('validate-pptx --powerpoint reports nothing on either deck', () => {
    for (const deck of [article, pictures]) {
      const { findings, summary } = validatePptx(deck, '--powerpoint');
      expect(findings).toEqual([]);
      expect(summary).toMatch(/ 0 errors$/);
    }
  });
});
