/**
 * Pages drawn once. After a one-line edit almost every page of the report is what it was, and
 * since a glyph's code is its own id (cid-font.ts) its content stream is too: the operators depend
 * only on the page's items and on what the document had registered when the page began (which
 * font has which resource name, how many images came before). A page whose key is known gets its
 * operators written as they were, and registers what the document needs from it (its fonts and
 * glyphs, its structure elements and marked-content ids, links, named destinations, images) from
 * the recipe its drawing returned (recipe.ts): the key holds every item (or the digest of what
 * layout made them from: model/made-from.ts), so the same key makes the same recipe.
 *
 * Remembered in this process by key, and on disk (cache/disk.ts) per edition for the next process:
 * the pages of the last document drawn, each under the digest of its key, its recipe as JSON, and
 * its whole content stream as deflated once written (deflate.ts): a known page's stream holding
 * the same bytes is not deflated again.
 */
import type { FontFace } from '../../layout/text/index.js';
import { bytesDigest, cacheKey, contentDigest, installedVersion, ownCode, packRecords, readCached, remembering, unpackRecords, writeCached } from '../../cache/disk.js';
import { fontDigest } from '../../cache/fonts.js';
import { keepForNextProcess } from '../../cache/kept.js';
import { madeFrom } from '../../model/made-from.js';
import type { LaidOutPage } from '../../model/pages.js';
import { deflatesAs, whenDeflated } from './deflate.js';
import { fileOf } from './shaping.js';

/** The part of pdfkit's document a page's operators go to (not in its type definitions). */
interface ContentDoc {
  readonly page: { write(chunk: Uint8Array | string): unknown; readonly content: ContentStream };
  readonly _fontFamilies: Record<string, { readonly id: string }>;
  readonly _imageCount: number;
}

/** pdfkit's reference of a page's content stream. */
interface ContentStream {
  readonly buffer: readonly Uint8Array[];
  write(chunk: Uint8Array): unknown;
}

/** A page's operators, what it registers in its document, and the digest of its key that names it on disk. */
interface KnownPage {
  readonly content: Uint8Array;
  /** What the page's drawing returned: plain data. */
  readonly recipe: unknown;
  /** The recipe as JSON, as the entry on disk holds it: made once, when first kept, or as read. */
  recipeJson?: Buffer;
  readonly digest: string;
  /** The page's content stream as written, once it has been. */
  stream?: WrittenStream;
}

/** A page's content stream as written: what it held before the page's operators (pdfkit's first transform), and all of it deflated. */
interface WrittenStream {
  readonly head: Uint8Array;
  readonly deflated: Uint8Array;
}

/** Pages kept in the process, by key: both editions of a report of some dozens of pages, and the build before's. */
const REMEMBERED_PAGES = 400;
const remembered = new Map<string, KnownPage>();

function recall(key: string): KnownPage | undefined {
  const known = remembered.get(key);
  if (known) {
    remembered.delete(key);
    remembered.set(key, known);
  }
  return known;
}

function remember(key: string, known: KnownPage): void {
  remembered.set(key, known);
  if (remembered.size > REMEMBERED_PAGES) remembered.delete(remembered.keys().next().value!);
}

let codeParts: readonly (string | Uint8Array)[] | undefined;
/** What a page's operators are made by besides its items: pdfkit, fontkit (shaping) and the modules that write them. */
const keyParts = (): readonly (string | Uint8Array)[] =>
  (codeParts ??= [
    'pdf pages',
    installedVersion('pdfkit'),
    installedVersion('fontkit'),
    ...ownCode(['model/made-from', 'render/pdf/render', 'render/pdf/pages', 'render/pdf/recipe', 'render/pdf/document', 'render/pdf/glyphs', 'render/pdf/cid-font', 'render/pdf/shaping', 'render/pdf/tagging', 'render/pdf/colors', 'render/pdf/print']),
  ]);

// A loaded face knows its digest without opening the font.
const faceName = (face: FontFace): string => `${face.key}:${face.digest ?? fontDigest(fileOf(face.font))}`;

/** The keys of the arrays met in pages: layout hands a rebuild the very runs and structure paths it made before, never changed. */
const keysOfArrays = new WeakMap<readonly unknown[], string>();

/**
 * A page's items as its operators depend on them, every field of every item (a field added to
 * an item is in the key without a word here): faces by their bytes, images by theirs. Strings
 * carry their length, so no two different items read the same. Written out by hand: it is a
 * third of the time JSON.stringify with a replacer takes. The key of an array is remembered (a
 * rebuild's items are new objects, their runs and structure paths not) and made flat, joined from
 * its parts: a string concatenated piece by piece is a tree that every lookup by it flattens again.
 */
function itemsKey(items: readonly unknown[]): string {
  if (items.length === 0) return '[]';
  let key = keysOfArrays.get(items);
  if (key === undefined) {
    const parts = ['['];
    for (const element of items) {
      addKey(element, parts);
      parts.push(',');
    }
    parts.push(']');
    keysOfArrays.set(items, (key = parts.join('')));
  }
  return key;
}

function addKey(value: unknown, parts: string[]): void {
  switch (typeof value) {
    case 'string':
      parts.push(`s${value.length}:`, value);
      return;
    case 'number':
      parts.push(`n${value}`);
      return;
    case 'object':
      break;
    default:
      parts.push(`${typeof value}:${String(value)}`);
      return;
  }
  if (value === null) parts.push('null');
  else if (Array.isArray(value)) parts.push(itemsKey(value));
  else if (value instanceof Uint8Array) parts.push(`bytes:${bytesDigest(value)}`);
  else {
    parts.push('{');
    for (const field in value) {
      const fieldValue = (value as Record<string, unknown>)[field];
      if (field === 'face') parts.push(`face:${faceName(fieldValue as FontFace)}`);
      else {
        parts.push(`${field}:`);
        addKey(fieldValue, parts);
      }
      parts.push(',');
    }
    parts.push('}');
  }
}

/** The pages of one edition of a document, as this process and the build before drew them. */
export class PageMemory {
  /** The key of this edition's entry on disk; none when caching is off. */
  private readonly diskKey: string | undefined;
  /** The pages the entry on disk holds, by the digest of their keys: read when a page is not known in the process. */
  private kept: Map<string, KeptPage> | undefined;
  /** The pages of the document being drawn: what the entry on disk will hold. */
  private readonly drawn: KnownPage[] = [];
  private grown = false;

  /** `edition` names the document and its setup (the same for every build that draws its pages alike). */
  constructor(edition: string) {
    this.diskKey = remembering() ? cacheKey(...keyParts(), edition) : undefined;
  }

  /**
   * The key of `page` drawn on the page now open in `doc`, with `setting`: whatever else its
   * operators depend on. Kept whole in the process (hashed only to look a page up on disk). The
   * page's items by what layout made them from when it says (model/made-from.ts): a digest, not
   * every field of every item.
   */
  keyOf(doc: object, page: LaidOutPage, setting: string): string {
    // Nothing is remembered: no page is looked up.
    if (this.diskKey === undefined) return '';
    const { _fontFamilies: fonts, _imageCount: images } = doc as ContentDoc;
    const registered = Object.entries(fonts).map(([name, font]) => `${name}=${font.id}`);
    const madeBy = madeFrom(page.items);
    return [setting, registered.join(','), images, madeBy === undefined ? itemsKey(page.items) : `made from ${madeBy}`].join('\0');
  }

  /** The page drawn under `key` before, in this process or the one that kept the entry on disk (never with JIANBAO_NO_CACHE). */
  private known(key: string): KnownPage | undefined {
    if (this.diskKey === undefined) return undefined;
    const inProcess = recall(key);
    if (inProcess) return inProcess;
    this.kept ??= new Map(unpack(readCached('pdf-pages', this.diskKey) ?? Buffer.alloc(0)));
    if (this.kept.size === 0) return undefined;
    const digest = contentDigest(key);
    const kept = this.kept.get(digest);
    if (!kept) return undefined;
    const known: KnownPage = {
      content: kept.content,
      recipe: JSON.parse(kept.recipe.toString('utf8')) as unknown,
      recipeJson: kept.recipe,
      digest,
      ...(kept.deflated.length > 0 ? { stream: { head: kept.head, deflated: kept.deflated } } : {}),
    };
    remember(key, known);
    return known;
  }

  /**
   * Draws a page: `draw` writes its operators into the page open in `doc` and returns its recipe,
   * what it registered in the document (plain data); both are remembered under `key`. Or, when the
   * key is known, `register` registers it all again from the recipe, with nothing written, and the
   * known operators are written after.
   */
  page<Recipe>(doc: object, key: string, draw: () => Recipe, register: (recipe: Recipe) => void): void {
    const { page } = doc as ContentDoc;
    const known = this.known(key);
    if (known) {
      page.write = () => undefined;
      try {
        register(known.recipe as Recipe);
      } finally {
        delete (page as { write?: unknown }).write;
      }
      const { stream } = known;
      if (stream) deflatesAs(page.content, { head: stream.head, content: known.content, deflated: stream.deflated });
      else this.learnStream(page.content, known);
      page.content.write(known.content);
      this.drawn.push(known);
      return;
    }
    const start = page.content.buffer.length;
    const recipe = draw();
    if (this.diskKey === undefined) return;
    const drawn = { content: Buffer.concat(page.content.buffer.slice(start)), recipe, digest: contentDigest(key) };
    this.learnStream(page.content, drawn);
    remember(key, drawn);
    this.drawn.push(drawn);
    this.grown = true;
  }

  /** Keeps the page's content stream as written, if it ends with the page's operators (nothing was written after them). */
  private learnStream(content: ContentStream, page: KnownPage): void {
    whenDeflated(content, ({ plain, deflated }) => {
      const headLength = plain.length - page.content.length;
      if (headLength < 0 || !Buffer.from(plain.buffer, plain.byteOffset + headLength, page.content.length).equals(page.content)) return;
      page.stream = { head: Uint8Array.from(plain.subarray(0, headLength)), deflated };
      this.grown = true;
    });
  }

  /**
   * Keeps the document's pages on disk for the next process, when any was drawn afresh or its
   * stream newly written: once the document has ended, the last page's stream too (under `watch`,
   * once the build is reported).
   */
  keep(): void {
    const diskKey = this.diskKey;
    if (diskKey === undefined || !this.grown) return;
    keepForNextProcess(() => {
      if (!this.grown) return;
      writeCached('pdf-pages', diskKey, pack(this.drawn));
      this.grown = false;
    });
  }
}

/**
 * A page as the entry on disk holds it: its operators, its recipe as JSON, parsed
 * when the page is met, and its stream as written (both empty when not known).
 */
interface KeptPage {
  readonly content: Uint8Array;
  readonly recipe: Buffer;
  readonly head: Uint8Array;
  readonly deflated: Uint8Array;
}

const NOTHING = new Uint8Array(0);

/** Pages as records of (digest of the key, content, recipe as JSON, stream's head, stream deflated). */
function pack(pages: readonly KnownPage[]): Buffer {
  return packRecords(
    pages.map((page) => [
      Buffer.from(page.digest, 'utf8'),
      page.content,
      (page.recipeJson ??= Buffer.from(JSON.stringify(page.recipe), 'utf8')),
      page.stream?.head ?? NOTHING,
      page.stream?.deflated ?? NOTHING,
    ]),
    5,
  );
}

const unpack = (entry: Buffer): [string, KeptPage][] =>
  unpackRecords(entry, 5).map(([digest, content, recipe, head, deflated]) => [digest!.toString('utf8'), { content: content!, recipe: recipe!, head: head!, deflated: deflated! }]);
