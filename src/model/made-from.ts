/**
 * What laid-out items are made from, as layout knows it: a digest of every input and of the code
 * that laid them out, given to the very array of items layout returned. Two arrays with the same
 * digest hold the same items, so a renderer can name a page by it (render/pdf/pages.ts) instead of
 * spelling out every field of every item. An array layout made without knowing one (nothing is
 * remembered, a picture's block), or made elsewhere (a test's edit of a page), has none.
 */
import { cacheKey } from '../cache/disk.js';

const digests = new WeakMap<readonly unknown[], string>();

/** The digest of what made `items`, when layout gave them one. */
export const madeFrom = (items: readonly unknown[]): string | undefined => digests.get(items);

/** `items`, named by `digest` (when there is one): it must name everything they are made from. */
export function named<T extends readonly unknown[]>(items: T, digest: string | undefined): T {
  if (digest !== undefined) digests.set(items, digest);
  return items;
}

/**
 * The digest of items made from others' by one change, given as its name and every detail it takes
 * in its place (strings, numbers: JSON spells a number exactly), the items by their digests:
 * undefined when one has none.
 */
export function madeOf(change: string, ...from: readonly (string | number | readonly unknown[])[]): string | undefined {
  const parts: (string | number)[] = [change];
  for (const part of from) {
    if (typeof part !== 'object') parts.push(part);
    else {
      const digest = madeFrom(part);
      if (digest === undefined) return undefined;
      parts.push(digest);
    }
  }
  return cacheKey(JSON.stringify(parts));
}
