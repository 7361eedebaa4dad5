/**
 * Most edits touch only the report (a paragraph of the narrative, which the deck never shows): the
 * deck and its handout are then made from the same inputs, and a build writes them again as they
 * were — kept whole in the process (`watch`) and on disk (a fresh `jianbao build`) — byte for byte
 * what a build with nothing remembered writes. An edit the deck shows makes a deck of its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { cli } from './support/cli.js';
import { projectWithPicture } from './support/picture.js';

const DECK = 'briefing.pptx';
const HANDOUT = 'briefing-slides.pdf';
const REPORT = 'briefing.pdf';

/** The bench's edit: a draft number at the end of the narrative's first paragraph, which only the report shows. */
function reportOnlyEdit(content: string, draft: number): string {
  const edited = content.replace(/^(\s*paragraphs:\n\s*- )(.*)。$/m, `$1$2（第${draft}稿）。`);
  expect(edited).not.toBe(content);
  return edited;
}

/** An edit the deck shows: the total investment, a key figure. */
function deckEdit(content: string): string {
  const edited = content.replace('value: 1012.4', 'value: 1013.4');
  expect(edited).not.toBe(content);
  return edited;
}

/** A fresh `jianbao build --quiet` process: the outputs it wrote, by file name, and what it printed (problems only). */
function cliBuild(contentFile: string, env: NodeJS.ProcessEnv, args: readonly string[] = []): { outputs: Map<string, Buffer>; printed: string } {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-deck-reuse-'));
  const result = spawnSync(process.execPath, [cli, 'build', contentFile, '--out', outDir, '--quiet', ...args], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1600128000', ...env },
  });
  expect(result.status).toBe(0);
  const outputs = new Map(readdirSync(outDir).filter((name) => name !== 'manifest.json').map((name) => [name, readFileSync(path.join(outDir, name))]));
  return { outputs, printed: result.stdout + result.stderr };
}

/** The outputs of a fresh `jianbao build` process that found no problem. */
function builtByCli(contentFile: string, env: NodeJS.ProcessEnv, args: readonly string[] = []): Map<string, Buffer> {
  const { outputs, printed } = cliBuild(contentFile, env, args);
  expect(printed).toBe('');
  return outputs;
}

const same = (a: Map<string, Buffer>, b: Map<string, Buffer>, file: string): boolean => a.get(file)!.equals(b.get(file)!);

/** The entries of the cache on disk, by kind. */
const entriesIn = (cacheDir: string): string[] => readdirSync(cacheDir, { recursive: true, encoding: 'utf8' }).filter((entry) => entry.endsWith('.bin')).sort();

describe('the deck and its handout after an edit of the report alone', () => {
  it('are written again as they were by a fresh process, and as a build with nothing remembered writes them', () => {
    const { contentFile, content } = projectWithPicture();
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-cache-'));
    const first = builtByCli(contentFile, { JIANBAO_CACHE_DIR: cacheDir });
    const kept = entriesIn(cacheDir);

    writeFileSync(contentFile, reportOnlyEdit(content, 1));
    const edited = builtByCli(contentFile, { JIANBAO_CACHE_DIR: cacheDir });
    const uncached = builtByCli(contentFile, { JIANBAO_NO_CACHE: '1' });
    expect(same(edited, first, REPORT)).toBe(false);
    expect(same(edited, first, DECK)).toBe(true);
    expect(same(edited, first, HANDOUT)).toBe(true);
    for (const file of [DECK, HANDOUT, REPORT]) expect(same(edited, uncached, file)).toBe(true);
    // The deck was neither laid out nor rendered again: nothing of it was kept anew.
    const deckEntries = (entries: string[]) => entries.filter((entry) => /^(laid-out-decks|pptx-outputs|handout-outputs|deck-lines|deck-subsets)\//.test(entry));
    expect(deckEntries(entriesIn(cacheDir))).toEqual(deckEntries(kept));

    // The handout with the speaker notes, rendered from the deck as it was laid out and kept by the first build.
    const withNotes = builtByCli(contentFile, { JIANBAO_CACHE_DIR: cacheDir }, ['--notes', '--only', 'slides']);
    expect(withNotes.get(HANDOUT)!.equals(builtByCli(contentFile, { JIANBAO_NO_CACHE: '1' }, ['--notes', '--only', 'slides']).get(HANDOUT)!)).toBe(true);
    expect(same(withNotes, first, HANDOUT)).toBe(false);
  }, 300_000);

  it('change with an edit the deck shows, to what a build with nothing remembered writes', () => {
    const { contentFile, content } = projectWithPicture();
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-cache-'));
    const first = builtByCli(contentFile, { JIANBAO_CACHE_DIR: cacheDir });
    writeFileSync(contentFile, deckEdit(content));
    const edited = builtByCli(contentFile, { JIANBAO_CACHE_DIR: cacheDir });
    const uncached = builtByCli(contentFile, { JIANBAO_NO_CACHE: '1' });
    for (const file of [DECK, HANDOUT]) {
      expect(same(edited, first, file)).toBe(false);
      expect(same(edited, uncached, file)).toBe(true);
    }
  }, 300_000);
});

describe('the warnings of a deck kept whole', () => {
  it('point at the lines of the content as it is now', () => {
    const { contentFile, content } = projectWithPicture();
    // An event's message too long for a slide even alone: a warning at its line.
    const message = `以一份极具分量的招商攻坚成绩单，为科学城建设添注强劲新动能。${'西部（重庆）科学城是重庆市举全市之力、集全市之智，将高标准、高起点建设打造的具有全国影响力的科技创新中心。'.repeat(30)}`;
    const overflowing = content.replace(/^( {2}message: ).*$/m, `$1${message}`);
    expect(overflowing).not.toBe(content);
    writeFileSync(contentFile, overflowing);
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-cache-'));
    const first = cliBuild(contentFile, { JIANBAO_CACHE_DIR: cacheDir });
    expect(first.printed).toMatch(/content\.yaml:81:\d+ +warning: slide 2 "概览": "以一份极具分量的招商攻坚成绩单，为科学城…" does not fit on a slide even alone/);
    expect(first.printed).toMatch(/slide 2 +warning: text "以一份极具分量的招商攻坚成绩单，" lies outside the slide/);
    // A line of the staff's own above everything: the deck is as it was, its text a line further down.
    writeFileSync(contentFile, `# 第2稿\n${overflowing}`);
    const edited = cliBuild(contentFile, { JIANBAO_CACHE_DIR: cacheDir });
    const uncached = cliBuild(contentFile, { JIANBAO_NO_CACHE: '1' });
    expect(same(edited.outputs, first.outputs, DECK)).toBe(true);
    expect(edited.printed).toContain('content.yaml:82:');
    expect(edited.printed).toBe(uncached.printed);
  }, 300_000);
});

describe('the deck and its handout in a `watch` process', () => {
  it('are written again as they were after an edit of the report alone, and anew after an edit the deck shows', async () => {
    const { contentFile, content } = projectWithPicture();
    const outDir = path.join(path.dirname(contentFile), 'out');
    const outputs = async (): Promise<Map<string, Buffer>> => {
      const result = await build({ contentFile, outDir });
      return new Map(result.outputs.map((output) => [path.basename(output.file), readFileSync(output.file)]));
    };
    const first = await outputs();
    writeFileSync(contentFile, reportOnlyEdit(content, 1));
    const reportEdited = await outputs();
    writeFileSync(contentFile, deckEdit(reportOnlyEdit(content, 1)));
    const deckEdited = await outputs();
    expect(same(reportEdited, first, REPORT)).toBe(false);
    expect(same(reportEdited, first, DECK)).toBe(true);
    expect(same(reportEdited, first, HANDOUT)).toBe(true);
    expect(same(deckEdited, reportEdited, DECK)).toBe(false);
    expect(same(deckEdited, reportEdited, HANDOUT)).toBe(false);
  }, 300_000);
});
