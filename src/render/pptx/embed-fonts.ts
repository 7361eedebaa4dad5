/**
 * Embeds the deck's fonts the way PowerPoint does ("Embed fonts" + "only the characters used"):
 * each face subset to the deck's characters, wrapped as EOT in ppt/fonts/fontN.fntdata, related
 * from the presentation part and listed in its p:embeddedFontLst.
 */
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import type subsetFont from 'subset-font';
import { cacheKey, installedVersion, keptOnDiskLater } from '../../cache/disk.js';
import { fontDigest } from '../../cache/fonts.js';
import { toEmbeddedOpenType } from './eot.js';
import type { EmbeddedFamily, FontBytes } from './finish.js';
import { keptPartCharacters } from './kept-edits.js';
import { PartWork, type Parts, xmlPart, xmlPartNames } from './opc-package.js';
import { readSfnt, tableOffset } from './sfnt.js';
import { decodeEntities, encodeAttribute, setAttributes, textContent } from './xml.js';

declare module 'subset-font' {
  interface SubsetOptions {
    /** Layout features to keep (default: all); subset-font 2.x supports it, src/types does not list it. */
    keepFeatures?: readonly string[];
  }
}

const PRESENTATION = 'ppt/presentation.xml';
const PRESENTATION_RELS = 'ppt/_rels/presentation.xml.rels';
const CONTENT_TYPES = '[Content_Types].xml';
const FONT_RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/font';
const FONT_DATA_DEFAULT = '<Default Extension="fntdata" ContentType="application/x-fontdata"/>';
/**
 * OpenType features the subsets keep: those shaping applies unasked (HarfBuzz's defaults), vertical
 * forms and proportional CJK spacing. Leaving out the on-request alternates (aalt, fwid, hwid, pwid,
 * ruby…), which no deck text asks for, keeps their glyphs out: a small deck's subset is a third the size.
 */
const KEPT_FEATURES = [
  'rvrn', 'ccmp', 'locl', 'mark', 'mkmk', 'rlig', 'calt', 'clig', 'curs', 'dist', 'kern', 'liga', 'rclt', 'abvm', 'blwm',
  'vert', 'vrt2', 'palt', 'halt', 'vpal', 'vhal', 'vkrn',
];
/** Kept in every subset: renderers draw text that no part holds (axis numbers, slide numbers). */
const PRINTABLE_ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');

/**
 * Embeds every family of `families` that some part names as a typeface; the bold face only where
 * some text is bold. Leaves p:embeddedFontLst last in p:presentation: repairSchemaErrors
 * (schema-repairs.ts) moves it to its schema position.
 */
export async function embedFonts(parts: Parts, families: readonly EmbeddedFamily[]): Promise<void> {
  const deckXml = new Map(xmlPartNames(parts, /^ppt\/.*\.xml$/).map((name) => [name, xmlPart(parts, name)]));
  const xmls = [...deckXml.values()];
  const used = families.filter(({ family }) => xmls.some((xml) => xml.includes(`typeface="${encodeAttribute(family)}"`)));
  if (used.length === 0) return;
  const characters = deckCharacters(deckXml);
  const usesBold = xmls.some((xml) => /\sb="(?:1|true)"/.test(xml));
  const entries: string[] = [];
  for (const { family, regular, bold } of used) {
    const regularSubset = await deckSubset(regular, characters);
    const regularId = addFontPart(parts, regularSubset);
    const boldId = usesBold && bold ? addFontPart(parts, await deckSubset(bold, characters)) : undefined;
    // The subset's PANOSE is the font's: HarfBuzz copies OS/2 as it is but for the character ranges.
    entries.push(
      `<p:embeddedFont><p:font typeface="${encodeAttribute(family)}" panose="${panose(regularSubset)}"/>` +
        `<p:regular r:id="${regularId}"/>${boldId ? `<p:bold r:id="${boldId}"/>` : ''}</p:embeddedFont>`,
    );
  }
  const presentation = setAttributes(xmlPart(parts, PRESENTATION), 'p:presentation', { embedTrueTypeFonts: '1', saveSubsetFonts: '1' });
  parts.set(
    PRESENTATION,
    presentation
      .replace(/<p:embeddedFontLst>[\s\S]*?<\/p:embeddedFontLst>|<p:embeddedFontLst\/>/, '')
      .replace('</p:presentation>', `<p:embeddedFontLst>${entries.join('')}</p:embeddedFontLst></p:presentation>`),
  );
  const contentTypes = xmlPart(parts, CONTENT_TYPES);
  if (!/<Default\s+Extension="fntdata"/i.test(contentTypes)) {
    parts.set(CONTENT_TYPES, contentTypes.replace(/<Types\b[^>]*>/, (types) => types + FONT_DATA_DEFAULT));
  }
}

/** The characters of each part's text. */
const partCharacters = new PartWork<ReadonlySet<string>>();

/** Every character of the deck's text (text nodes and bullet characters), sorted, plus printable ASCII. */
function deckCharacters(deckXml: ReadonlyMap<string, string>): string {
  const characters = new Set(PRINTABLE_ASCII);
  for (const [name, xml] of deckXml) {
    const ofPart = partCharacters.result(name, xml, () =>
      keptPartCharacters(name, xml, () => {
        const bullets = [...xml.matchAll(/<a:buChar\s[^>]*?char="([^"]*)"/g)].map(([, bullet]) => decodeEntities(bullet ?? ''));
        return new Set([...textContent(xml), ...bullets.join('')]);
      }),
    );
    for (const character of ofPart) characters.add(character);
  }
  return [...characters].sort().join('');
}

/** Stores a face's subset as the next ppt/fonts/fontN.fntdata; returns its relationship id. */
function addFontPart(parts: Parts, subset: Uint8Array): string {
  let number = 1;
  while (parts.has(`ppt/fonts/font${number}.fntdata`)) number += 1;
  parts.set(`ppt/fonts/font${number}.fntdata`, toEmbeddedOpenType(subset));
  return addPresentationRelationship(parts, `fonts/font${number}.fntdata`);
}

/** The versions of the subsetter and of the HarfBuzz it runs: part of every kept subset's key. */
let subsetterVersions: string | undefined;

/**
 * HarfBuzz's subset of `ttf` to `characters`, kept on disk (src/cache/disk.ts) by the font's bytes,
 * the characters and the subsetter's version: a deck whose characters did not change never runs
 * HarfBuzz, nor reads the font.
 */
async function deckSubset(ttf: FontBytes, characters: string): Promise<Uint8Array> {
  const options = { targetFormat: 'truetype', keepFeatures: KEPT_FEATURES } as const;
  subsetterVersions ??= `${installedVersion('subset-font')} ${installedVersion('harfbuzzjs', 'subset-font')}`;
  const key = cacheKey('harfbuzz subset', subsetterVersions, fontDigest(ttf), JSON.stringify(options), characters);
  const bytes = (): Uint8Array => (ttf instanceof Uint8Array ? ttf : ttf.data);
  return keptOnDiskLater('deck-subsets', key, async () => new Uint8Array(await harfbuzzSubset(bytes(), characters, options)));
}

function addPresentationRelationship(parts: Parts, target: string): string {
  const rels = xmlPart(parts, PRESENTATION_RELS);
  const taken = [...rels.matchAll(/\sId="rId(\d+)"/g)].map(([, number]) => Number(number));
  const id = `rId${Math.max(0, ...taken) + 1}`;
  parts.set(PRESENTATION_RELS, rels.replace('</Relationships>', `<Relationship Id="${id}" Type="${FONT_RELATIONSHIP}" Target="${target}"/></Relationships>`));
  return id;
}

/** OS/2 PANOSE as the hex string p:font's panose attribute takes. */
function panose(ttf: Uint8Array): string {
  const font = readSfnt(ttf);
  const os2 = tableOffset(font, 'OS/2');
  return Buffer.from(font.bytes.subarray(os2 + 32, os2 + 42)).toString('hex').toUpperCase();
}


let subsetter: typeof subsetFont | undefined;

/**
 * subset-font, loaded when a subset is first needed (a deck whose subsets are on disk never loads
 * HarfBuzz: ~130 ms of a cold build) with require, not import(): a process started from the
 * start-up snapshot has no import(), and HarfBuzz's WebAssembly cannot be part of the snapshot
 * (src/snapshot.ts). On V8's baseline WebAssembly tier: HarfBuzz runs a few milliseconds per deck,
 * so the optimising tier only costs: after the first instantiation it holds the event loop for
 * ~250 ms while TurboFan recompiles the module. Set before the first compile (HarfBuzz is the only
 * WebAssembly jianbao runs, so nothing else is affected).
 */
export async function harfbuzzSubset(...args: Parameters<typeof subsetFont>): ReturnType<typeof subsetFont> {
  // The build that compiles the snapshot's code (src/snapshot.ts) has no WebAssembly: it embeds the font whole, and its deck is thrown away.
  if (v8.startupSnapshot.isBuildingSnapshot()) return Buffer.from(args[0]);
  if (!subsetter) {
    v8.setFlagsFromString('--liftoff-only');
    subsetter = createRequire(import.meta.url)('subset-font') as typeof subsetFont;
  }
  return subsetter(...args);
}
