/**
 * What a fresh process after an edit draws again, and what it takes from a build before it
 * (src/render/pdf/shaping.ts): the runs the report and the handout shaped before are read from
 * their stores, and only the runs no build shaped are shaped and added at the end of a store, the
 * bytes before them as they were. Its outputs are those of a build with nothing kept.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryBytesIn } from '../src/cache/disk.js';
import { KeptFile } from '../src/cache/kept-file.js';
import { expectAsBuiltWithNothingKept, keptKeys, keptProject } from './support/kept.js';

/** The first project's name (a heading of the report, in its contents), and the report's first paragraph (no heading). */
const FIRST_PROJECT_NAME = /^(projects:\n\s*- id: .*\n\s*name: )(.*)$/m;
const REPORT_PARAGRAPH = /^(\s*paragraphs:\n\s*- )(.*)$/m;

/** Each store of shaped texts (one a kind of document), its bytes by its file's name. */
function shapingStores(cacheDir: string): Map<string, Buffer> {
  const folder = path.join(cacheDir, 'pdf-shaping');
  return new Map(readdirSync(folder).map((name) => [name, readFileSync(path.join(folder, name))]));
}

/** The texts a store keeps (its keys: the face, the features and the text). */
const keptTexts = (bytes: Buffer): string[] => new KeptFile(entryBytesIn(bytes), Infinity).keys().map((key) => JSON.parse(key) as string);

describe('a new process after an edit of a name the report and the deck both show', () => {
  it('shapes only the runs no build shaped, adds them at the end of each store, and writes what a build with nothing kept writes', () => {
    const { cacheDir, outDir, content, build } = keptProject();
    const before = shapingStores(cacheDir);
    // The report's store and the handout's.
    expect(before.size).toBe(2);

    content.edit(FIRST_PROJECT_NAME, '（第2稿）');
    build();
    const after = shapingStores(cacheDir);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, bytes] of before) {
      const grown = after.get(name)!;
      // Added at the end, the texts kept before left as they were.
      expect(grown.length).toBeGreaterThan(bytes.length);
      expect(grown.subarray(0, bytes.length).equals(bytes)).toBe(true);
      // Only the runs of the lines the new name is on (and of the lines after it in its paragraph), a few dozen of thousands.
      const known = new Set(keptTexts(bytes));
      const added = keptTexts(grown).filter((text) => !known.has(text));
      expect(added.some((text) => text.includes('（第'))).toBe(true);
      expect(added.length).toBeLessThan(known.size / 20);
    }

    // Nothing new to shape: every store is as it was.
    build();
    for (const [name, bytes] of shapingStores(cacheDir)) expect(bytes.equals(after.get(name)!), name).toBe(true);

    expectAsBuiltWithNothingKept(content.file, outDir);
  }, 300_000);
});

describe('the contents of the report after an edit', () => {
  it('are set again, once and with their page numbers, after an edit of a heading they show, and not after an edit of a paragraph', () => {
    const { cacheDir, outDir, content, build } = keptProject();
    const contentsKeys = (): string[] => keptKeys(cacheDir, 'report-pages').filter((key) => key.includes('\\"contents\\"'));
    const settingsBefore = keptKeys(cacheDir, 'contents-settings');
    const contentsBefore = contentsKeys();
    // The contents as shown, with their page numbers: set once.
    expect(settingsBefore).toHaveLength(1);
    expect(contentsBefore).toHaveLength(1);

    // A paragraph: the contents' setting is the one kept, and they are taken as kept.
    content.edit(REPORT_PARAGRAPH, '（第2稿）');
    build();
    expect(keptKeys(cacheDir, 'contents-settings')).toEqual(settingsBefore);
    expect(contentsKeys()).toEqual(contentsBefore);

    // A heading they show: worked out and set again, once.
    content.edit(FIRST_PROJECT_NAME, '（第2稿）');
    build();
    const settingsAdded = keptKeys(cacheDir, 'contents-settings').filter((key) => !settingsBefore.includes(key));
    const contentsAdded = contentsKeys().filter((key) => !contentsBefore.includes(key));
    expect(settingsAdded).toHaveLength(1);
    expect(contentsAdded).toHaveLength(1);
    expect(contentsAdded[0]).toContain('（第2稿）');

    expectAsBuiltWithNothingKept(content.file, outDir);
  }, 300_000);
});

describe('the check of the laid-out report after an edit', () => {
  it('looks again only at the pages the edit changed', () => {
    const { cacheDir, outDir, content, build } = keptProject();
    const pages = (JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as { outputs: { file: string; pages?: number }[] }).outputs.find((output) => output.file.endsWith('briefing.pdf'))!.pages!;
    const checkedBefore = keptKeys(cacheDir, 'report-checks');
    // Every page, checked once.
    expect(checkedBefore).toHaveLength(pages);

    content.edit(REPORT_PARAGRAPH, '（第2稿）');
    build();
    // The paragraph's page (and the page it runs on to, if any): the others were found sound before.
    const checkedAgain = keptKeys(cacheDir, 'report-checks').filter((key) => !checkedBefore.includes(key));
    expect(checkedAgain.length).toBeGreaterThanOrEqual(1);
    expect(checkedAgain.length).toBeLessThanOrEqual(2);
  }, 300_000);
});
