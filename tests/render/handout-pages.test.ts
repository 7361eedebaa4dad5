/**
 * The handout's pages drawn once (src/render/handout/render.ts over src/render/pdf/pages.ts): a
 * page whose slide is as before is neither placed nor drawn again, in the process or the next one;
 * it registers its fonts, glyphs, structure and pictures from what its drawing recorded, also when
 * its slide has moved. The file is byte for byte the one a build without any cache writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepare } from '../../src/build.js';
import type { LaidOutDeck } from '../../src/model/slides.js';
import { renderHandout } from '../../src/render/handout/render.js';
import { Tagger } from '../../src/render/pdf/tagging.js';
import { inOwnCacheFolder } from '../cache-folder.js';
import { contentCopy, countedInOwnProcess, root } from './pdf/fixture.js';

describe('the handout after an edit of the event’s message', () => {
  it('is drawn again only where a slide shows the message, by the next process: the other pages’ marks are not walked, and the file is the one a build without cache writes', () => {
    const { dir, contentFile } = contentCopy('jianbao-handout-pages-');
    // A handout build in a process of its own, counting the marks whose marked content was opened one by one (not replayed from a recipe).
    const build = (out: string, extra: NodeJS.ProcessEnv = {}): number =>
      countedInOwnProcess<number>(
        dir,
        out,
        `const { Tagger } = await import(${JSON.stringify(path.join(root, 'dist', 'render', 'pdf', 'tagging.js'))});
        let counted = 0;
        const begin = Tagger.prototype.begin;
        Tagger.prototype.begin = function (...args) { counted++; return begin.apply(this, args); };`,
        extra,
        'slides',
      );
    const walkedBefore = build('before');
    // Characters the deck has nowhere else: the fonts' subsets change, and every page's glyphs are registered anew.
    writeFileSync(contentFile, readFileSync(contentFile, 'utf8').replace(/^(\s*message: .*)$/m, '$1鑫龘齉爨'));
    const walkedAfter = build('after');
    build('fresh', { JIANBAO_NO_CACHE: '1' });
    const handout = (out: string): Buffer => readFileSync(path.join(dir, out, 'briefing-slides.pdf'));
    expect(handout('after').equals(handout('before'))).toBe(false);
    expect(handout('after').equals(handout('fresh'))).toBe(true);
    // The slide that shows the message was drawn; the others, of sixteen, registered from their recipes.
    expect(walkedAfter).toBeGreaterThan(0);
    expect(walkedAfter).toBeLessThan(walkedBefore / 4);
  }, 120_000);
});

describe('a known page of the handout', () => {
  inOwnCacheFolder('jianbao-handout-moved-', 'each');
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env.JIANBAO_NO_CACHE;
  });

  it('whose slide has moved registers its structure under its new place, and the file is the one a build without cache writes', async () => {
    const { project, composed, laidOut } = await prepare({ contentFile: path.join(root, 'content.yaml') });
    const render = (deck: LaidOutDeck): Promise<Buffer> =>
      renderHandout(deck, {
        meta: { ...composed.deck.meta, date: new Date(Date.UTC(2020, 8, 15)) },
        identity: 'moved',
        style: { faces: project.fonts[project.theme.deck.font], colors: project.theme.colors },
      });
    const { deck } = laidOut;
    await render(deck);
    // The fourth slide shown second too: every later slide moves one page down, and the fourth's page is met twice.
    const moved: LaidOutDeck = { ...deck, slides: [deck.slides[0]!, deck.slides[3]!, ...deck.slides.slice(1)] };
    const begin = vi.spyOn(Tagger.prototype, 'begin');
    const rebuilt = await render(moved);
    // Every page was known: none was walked mark by mark.
    expect(begin).not.toHaveBeenCalled();
    begin.mockRestore();
    process.env.JIANBAO_NO_CACHE = '1';
    const fresh = await render(moved);
    expect(rebuilt.equals(fresh)).toBe(true);
  }, 120_000);
});
