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
import { type FinishedPart, isFinished, PartWork, type Parts, storableDeflated, storedDeflated, textOrFinishedPartNames, xmlPart } from './opc-package.js';
import { readSfnt, tableOffset } from './sfnt.js';
import { DEFLATE_LEVEL, deflated } from './zip.js';
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

/** What embedFonts reads of a part's text. */
export interface FontUse {
  /** Its characters (of text and bullets), each once. */
  readonly characters: string;
  /** Whether some run of it is bold. */
  readonly bold: boolean;
  /** The families it names as a typeface, of those embedFonts is given. */
  readonly families: readonly string[];
}

/**
 * Embeds every family of `families` that some part names as a typeface; the bold face only where
 * some text is bold. Leaves p:embeddedFontLst last in p:presentation: repairSchemaErrors
 * (schema-repairs.ts) moves it to its schema position. Returns what it read of each XML part that
 * was text (a finished part carries it: finished-parts.ts keeps it with the part).
 */
export async function embedFonts(parts: Parts, families: readonly EmbeddedFamily[]): Promise<ReadonlyMap<string, FontUse>> {
  const uses = fontUses(parts, families);
  const used = families.filter(({ family }) => [...uses.values()].some((use) => use.families.includes(family)));
  const read = new Map([...uses].filter(([name]) => !isFinished(parts.get(name)!)));
  if (used.length === 0) return read;
  const characters = deckCharacters(uses.values());
  const usesBold = [...uses.values()].some((use) => use.bold);
  const entries: string[] = [];
  for (const { family, regular, bold } of used) {
    const regularFace = await embeddedFace(regular, characters);
    const regularId = addFontPart(parts, regularFace);
    const boldId = usesBold && bold ? addFontPart(parts, await embeddedFace(bold, characters)) : undefined;
    entries.push(
      `<p:embeddedFont><p:font typeface="${encodeAttribute(family)}" panose="${regularFace.panose}"/>` +
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
  return read;
}

/** What each part read as text gave, by the families looked for and the part's name. */
const partUses = new PartWork<FontUse>();

/** What embedFonts reads of each XML part under ppt/, in code-point order: found in its text, or as its finished part carries it. */
function fontUses(parts: Parts, families: readonly EmbeddedFamily[]): Map<string, FontUse> {
  const typefaces = families.map(({ family }) => ({ family, named: `typeface="${encodeAttribute(family)}"` }));
  const familiesKey = JSON.stringify(typefaces);
  return new Map(
    textOrFinishedPartNames(parts, /^ppt\/.*\.xml$/).map((name) => {
      const part = parts.get(name);
      if (typeof part === 'string') return [name, partUses.result(`${familiesKey}\u0000${name}`, part, () => fontUseOf(part, typefaces))];
      if (part === undefined || !isFinished(part) || part.fontUse === undefined) throw new Error(`pptx: internal error: part ${name} was kept finished without what its text uses`);
      return [name, part.fontUse];
    }),
  );
}

function fontUseOf(xml: string, typefaces: readonly { readonly family: string; readonly named: string }[]): FontUse {
  const bullets = [...xml.matchAll(/<a:buChar\s[^>]*?char="([^"]*)"/g)].map(([, bullet]) => decodeEntities(bullet ?? ''));
  return {
    characters: [...new Set([...textContent(xml), ...bullets.join('')])].join(''),
    bold: /\sb="(?:1|true)"/.test(xml),
    families: typefaces.filter(({ named }) => xml.includes(named)).map(({ family }) => family),
  };
}

/** Every character of the deck's text (text nodes and bullet characters), sorted, plus printable ASCII. */
function deckCharacters(uses: Iterable<FontUse>): string {
  const characters = new Set(PRINTABLE_ASCII);
  for (const use of uses) for (const character of use.characters) characters.add(character);
  return [...characters].sort().join('');
}

/** A face embedded: its subset as EOT, as the ZIP entry of its part, and the subset's PANOSE. */
interface EmbeddedFace {
  readonly part: FinishedPart;
  readonly panose: string;
}

/** Stores a face as the next ppt/fonts/fontN.fntdata; returns its relationship id. */
function addFontPart(parts: Parts, face: EmbeddedFace): string {
  let number = 1;
  while (parts.has(`ppt/fonts/font${number}.fntdata`)) number += 1;
  parts.set(`ppt/fonts/font${number}.fntdata`, face.part);
  return addPresentationRelationship(parts, `fonts/font${number}.fntdata`);
}

const PANOSE_BYTES = 10;

/**
 * The face `ttf` subset to `characters` and embedded, kept on disk (src/cache/disk.ts) by what the
 * subset is made from, zlib's version and level: a deck whose characters did not change neither
 * subsets, wraps nor deflates a font, nor reads one. Kept as the PANOSE, then the entry as
 * storableDeflated keeps it.
 */
async function embeddedFace(ttf: FontBytes, characters: string): Promise<EmbeddedFace> {
  const key = cacheKey('embedded face', subsetKey(ttf, characters), process.versions.zlib ?? '', String(DEFLATE_LEVEL));
  const kept = await keptOnDiskLater('deck-faces', key, async () => {
    const subset = await deckSubset(ttf, characters);
    // The subset's PANOSE is the font's: HarfBuzz copies OS/2 as it is but for the character ranges.
    return Buffer.concat([panoseBytes(subset), storableDeflated(deflated(toEmbeddedOpenType(subset)))]);
  });
  return { part: { entry: storedDeflated(kept.subarray(PANOSE_BYTES)) }, panose: Buffer.from(kept.subarray(0, PANOSE_BYTES)).toString('hex').toUpperCase() };
}

/** The versions of the subsetter and of the HarfBuzz it runs: part of every kept subset's key. */
let subsetterVersions: string | undefined;

const SUBSET_OPTIONS = { targetFormat: 'truetype', keepFeatures: KEPT_FEATURES } as const;

/** What names the subset of `ttf` to `characters`: the font's bytes, the characters and the subsetter's version. */
function subsetKey(ttf: FontBytes, characters: string): string {
  subsetterVersions ??= `${installedVersion('subset-font')} ${installedVersion('harfbuzzjs', 'subset-font')}`;
  return cacheKey('harfbuzz subset', subsetterVersions, fontDigest(ttf), JSON.stringify(SUBSET_OPTIONS), characters);
}

/** HarfBuzz's subset of `ttf` to `characters`, kept on disk (src/cache/disk.ts) by subsetKey. */
async function deckSubset(ttf: FontBytes, characters: string): Promise<Uint8Array> {
  const bytes = (): Uint8Array => (ttf instanceof Uint8Array ? ttf : ttf.data);
  return keptOnDiskLater('deck-subsets', subsetKey(ttf, characters), async () => new Uint8Array(await harfbuzzSubset(bytes(), characters, SUBSET_OPTIONS)));
}

function addPresentationRelationship(parts: Parts, target: string): string {
  const rels = xmlPart(parts, PRESENTATION_RELS);
  const taken = [...rels.matchAll(/\sId="rId(\d+)"/g)].map(([, number]) => Number(number));
  const id = `rId${Math.max(0, ...taken) + 1}`;
  parts.set(PRESENTATION_RELS, rels.replace('</Relationships>', `<Relationship Id="${id}" Type="${FONT_RELATIONSHIP}" Target="${target}"/></Relationships>`));
  return id;
}

/** OS/2 PANOSE, as p:font's panose attribute gives it in hex. */
function panoseBytes(ttf: Uint8Array): Uint8Array {
  const font = readSfnt(ttf);
  const os2 = tableOffset(font, 'OS/2');
  return font.bytes.subarray(os2 + 32, os2 + 32 + PANOSE_BYTES);
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
