/**
 * Work remembered in this process between builds (`watch`, `preview`): bounded maps keyed by
 * everything the remembered value is computed from, so a value found is exactly the value that
 * would be computed, and a rebuild after a one-line edit redoes only what the edit touched.
 * JIANBAO_NO_CACHE turns them off, as it turns off every cache (read as each build loads its project).
 */
import { remembering } from './disk.js';

/** A remembered function of a string key: a bounded map that drops its least recently used entry when full. */
export type Memo<V> = (key: string, compute: () => V) => V;

/**
 * Whether memos answer: JIANBAO_NO_CACHE as it was when the project being built was loaded
 * (followCacheSetting). Reading the environment costs more than a lookup, and a build asks thousands.
 */
let answering = remembering();

/** Reads JIANBAO_NO_CACHE again, for the build about to run: every build does as it loads its project. */
export function followCacheSetting(): void {
  answering = remembering();
}

/** Whether memos answer in this build: what they remember may be used (see followCacheSetting). */
export const memosAnswer = (): boolean => answering;

export function memo<V>(limit: number): Memo<V> {
  const entries = new Map<string, V>();
  return (key, compute) => {
    if (!answering) return compute();
    const known = entries.get(key);
    const value = known ?? compute();
    if (known !== undefined) entries.delete(key);
    entries.set(key, value);
    if (entries.size > limit) entries.delete(entries.keys().next().value!);
    return value;
  };
}

const identities = new WeakMap<object, number>();
let lastIdentity = 0;

/**
 * A number for this very object, the same for as long as it lives: keys name objects that stay the
 * same between builds (fonts and the faces made of them, see load/fonts.ts) by it.
 */
export function identityOf(object: object): number {
  let identity = identities.get(object);
  if (identity === undefined) identities.set(object, (identity = ++lastIdentity));
  return identity;
}
