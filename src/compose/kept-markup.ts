/**
 * Markup rendered by processes before this one, kept on disk per template (cache/kept.ts), piece by
 * piece: a template renders as the pieces of its top level (compose.ts templatePieces: a slide's
 * `{{#each}}`, the text between two blocks), each kept with the content's top-level fields its
 * rendering read and a digest of their values. A build renders again only the pieces whose fields
 * hold other values: after an edit of the event's message, the pieces that show the event, not the
 * projects' slides; after an edit of a paragraph only the report shows, none of the deck's. The
 * rendering sees the content only through a proxy that notes each field asked for, so equal fields
 * give equal markup.
 */
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { cacheKey, installedVersion, ownCode, readCached, writeCached } from '../cache/disk.js';
import { carriedByJson, writtenAfterLayout } from '../cache/kept.js';
import { memosAnswer } from '../cache/memo.js';

interface KeptPiece {
  /** The top-level fields of the content the piece's rendering read, sorted. */
  readonly fields: readonly string[];
  /** A digest of their values (see FieldDigests). */
  readonly digest: string;
  readonly markup: string;
}

const KIND = 'markup';

/** Per template source: the entry's name, its pieces as last read or rendered, and whether one was rendered (for `write`). */
const entries = new Map<string, { readonly name: string; kept: readonly (KeptPiece | null)[] | undefined; rendered: boolean }>();

/**
 * Writes the markup rendered anew, once a process, with the results of layout (keepLaidOutText):
 * `watch` remembers it in memory, and writing after every edit would cost each rebuild more than it saves.
 */
let written = false;
writtenAfterLayout({
  write: () => {
    const unwritten = [...entries.values()].filter((entry) => entry.rendered && entry.kept);
    if (written || unwritten.length === 0) return;
    for (const { name, kept } of unwritten) writeCached(KIND, name, Buffer.from(JSON.stringify(kept), 'utf8'));
    written = true;
  },
});

/**
 * The digests of the values of `data`'s top-level fields, each made once: a field it does not have
 * digests apart from one it has; undefined for a value JSON would not carry as it is.
 */
class FieldDigests {
  private readonly digests = new Map<string, string | undefined>();

  constructor(private readonly data: object) {}

  /** One digest of the values of `fields`, or undefined when one of them has none. */
  of(fields: readonly string[]): string | undefined {
    const each: string[] = [];
    for (const field of fields) {
      const digest = this.field(field);
      if (digest === undefined) return undefined;
      each.push(digest);
    }
    return each.join(' ');
  }

  private field(field: string): string | undefined {
    if (this.digests.has(field)) return this.digests.get(field);
    const values = Object.hasOwn(this.data, field) ? [(this.data as Record<string, unknown>)[field]] : [];
    const digest = carriedByJson(values) ? createHash('sha256').update(JSON.stringify(values)).digest('base64') : undefined;
    this.digests.set(field, digest);
    return digest;
  }
}

/** `data` seen through a proxy that adds to `read` every top-level field asked for, or whether it is there, or all of them listed. */
function noting<T extends object>(data: T, read: Set<string>): T {
  const note = (key: string | symbol): void => {
    if (typeof key === 'string') read.add(key);
  };
  return new Proxy(data, {
    get: (target, key, receiver) => (note(key), Reflect.get(target, key, receiver)),
    has: (target, key) => (note(key), Reflect.has(target, key)),
    getOwnPropertyDescriptor: (target, key) => (note(key), Reflect.getOwnPropertyDescriptor(target, key)),
    ownKeys: (target) => {
      const keys = Reflect.ownKeys(target);
      keys.forEach(note);
      return keys;
    },
  });
}

/** How a template renders: piece by piece, each a function of the content. */
export type PieceRenders<T> = readonly ((data: T) => string)[];

/**
 * The markup the template `source` makes of `data`: its pieces, each kept from a build before this
 * one when `data` holds the same values in every field that piece's rendering read, else rendered
 * now by `pieces()` (asked for only then: compiling is left to a build that renders). Named by the
 * template, Handlebars' version and the code that renders (helpers, OpenCC's tables).
 */
export function keptMarkup<T extends object>(source: string, data: T, pieces: () => PieceRenders<T>): string {
  if (!memosAnswer()) return pieces().map((render) => render(data)).join('');
  let entry = entries.get(source);
  if (!entry) {
    const name = cacheKey(KIND, ...ownCode(['compose', 'load/guard']), Handlebars.VERSION, installedVersion('opencc-js'), source);
    const stored = readCached(KIND, name);
    entry = { name, kept: stored && (JSON.parse(stored.toString('utf8')) as (KeptPiece | null)[]), rendered: false };
    if (entries.size >= 8) entries.clear(); // old versions of edited templates
    entries.set(source, entry);
  }
  const digests = new FieldDigests(data);
  const before = entry.kept;
  const unchanged = (piece: KeptPiece | null | undefined): piece is KeptPiece => piece != null && digests.of(piece.fields) === piece.digest;
  if (before?.every(unchanged)) return before.map((piece) => piece.markup).join('');
  const renders = pieces();
  const markups: string[] = [];
  // A piece whose fields JSON would not carry as they are is not kept (null): it is rendered every time.
  entry.kept = renders.map((render, index): KeptPiece | null => {
    const known = before?.length === renders.length ? before[index] : undefined;
    if (unchanged(known)) return (markups.push(known.markup), known);
    const read = new Set<string>();
    const markup = render(noting(data, read));
    markups.push(markup);
    const fields = [...read].sort();
    const digest = digests.of(fields);
    return digest === undefined ? null : { fields, digest, markup };
  });
  entry.rendered = true;
  return markups.join('');
}
