/**
 * What the deck's layout and the handout keep on disk for the next process (slides laid out, lines
 * broken, paragraphs placed) is read whole, and written whole again, by every build after an edit
 * the deck shows. Each result is named by a digest of what it was made from: spelt out, the theme
 * and the faces' names took half of every entry (and more than that of the footers' and lines').
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../../src/build.js';
import { entryBytesIn } from '../../../src/cache/disk.js';
import { KeptFile } from '../../../src/cache/kept-file.js';
import { inOwnCacheFolder } from '../../cache-folder.js';
import { root } from '../../support/cli.js';

inOwnCacheFolder('jianbao-kept-keys-');

/** The results of each entry of `kind`, as [key, value] (JSON both; src/cache/kept-file.ts). */
function keptResults(kind: string): [string, string][] {
  const folder = path.join(process.env.JIANBAO_CACHE_DIR ?? '', kind);
  return readdirSync(folder).flatMap((name) => {
    const store = new KeptFile(entryBytesIn(readFileSync(path.join(folder, name))), Infinity);
    return store.keys().map((key): [string, string] => [key, store.lookup(key)!]);
  });
}

describe('the deck’s results kept on disk', () => {
  it('name each result by a digest, not by the theme, the faces and the text spelt out', async () => {
    await build({ contentFile: path.join(root, 'content.yaml'), outDir: mkdtempSync(path.join(tmpdir(), 'jianbao-kept-keys-out-')) });
    for (const kind of ['deck-slides', 'deck-footers', 'deck-lines', 'deck-placed', 'deck-violations']) {
      const results = keptResults(kind);
      expect(results.length, kind).toBeGreaterThan(10);
      const longest = Math.max(...results.map(([key]) => key.length));
      // A base64 SHA-256 as a JSON string; a violation's key also a hex digest of its slide.
      expect(longest, kind).toBeLessThanOrEqual(kind === 'deck-violations' ? 120 : 48);
    }
    const footers = keptResults('deck-footers');
    const bytes = footers.reduce((sum, [key, value]) => sum + key.length + value.length, 0);
    // The footers are a title and a number each: a few hundred bytes, no theme in them.
    expect(bytes / footers.length).toBeLessThan(600);
  }, 300_000);
});
