/**
 * Markup rendered by processes before this one, kept on disk per template (cache/kept.ts): with it,
 * the content's top-level fields the rendering read and a digest of their values. A build whose
 * content holds the same values in those fields (an edit elsewhere: a paragraph only the report
 * shows) takes the markup as it is, and compiles and renders nothing. The rendering sees the
 * content only through a proxy that notes each field asked for, so equal fields give equal markup.
 */
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { cacheKey, installedVersion, ownCode, readCached, writeCached } from '../cache/disk.js';
import { carriedByJson, writtenAfterLayout } from '../cache/kept.js';
import { memosAnswer } from '../cache/memo.js';

interface KeptMarkup {
  /** The top-level fields of the content the rendering read, sorted. */
  readonly fields: readonly string[];
  /** SHA-256 of their values (see fieldsDigest). */
  readonly digest: string;
  readonly markup: string;
}

const KIND = 'markup';

/** Per template source: the entry's name, its markup as last read or rendered, and whether rendered (for `write`). */
const entries = new Map<string, { readonly name: string; kept: KeptMarkup | undefined; rendered: boolean }>();

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

/** The values of `fields` in `data` (a field it does not have apart from one it has), digested; undefined when JSON would not carry them as they are. */
function fieldsDigest(data: object, fields: readonly string[]): string | undefined {
  const values = fields.map((field) => (Object.hasOwn(data, field) ? [(data as Record<string, unknown>)[field]] : []));
  if (!carriedByJson(values)) return undefined;
  return createHash('sha256').update(JSON.stringify(values)).digest('hex');
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

/**
 * The markup `render` makes of `data` with the template `source`: kept from a build before this
 * one when `data` holds the same values in every field that rendering read, else rendered now.
 * Named by the template, Handlebars' version and the code that renders (helpers, OpenCC's tables).
 */
export function keptMarkup<T extends object>(source: string, data: T, render: (data: T) => string): string {
  if (!memosAnswer()) return render(data);
  let entry = entries.get(source);
  if (!entry) {
    const name = cacheKey(KIND, ...ownCode(['compose', 'load/guard']), Handlebars.VERSION, installedVersion('opencc-js'), source);
    const stored = readCached(KIND, name);
    entry = { name, kept: stored && (JSON.parse(stored.toString('utf8')) as KeptMarkup), rendered: false };
    if (entries.size >= 8) entries.clear(); // old versions of edited templates
    entries.set(source, entry);
  }
  const before = entry.kept;
  const digestBefore = before && fieldsDigest(data, before.fields);
  if (before && digestBefore === before.digest) return before.markup;
  const read = new Set<string>();
  const markup = render(noting(data, read));
  const fields = [...read].sort();
  // Rendering mostly reads the fields it read before: their digest is the one just taken.
  const sameFields = before !== undefined && fields.length === before.fields.length && fields.every((field, index) => field === before.fields[index]);
  const digest = sameFields ? digestBefore : fieldsDigest(data, fields);
  entry.kept = digest === undefined ? undefined : { fields, digest, markup };
  entry.rendered = true;
  return markup;
}
