/**
 * verifyDeck looks at what is on a slide: its shapes. A slide's speaker notes are not on it, and
 * most edits the deck shows are also in notes (the event's message is on the summary slide and in
 * the notes of the cover and the closing slide): a build after such an edit does not measure the
 * text of the slides whose notes alone it changed again.
 */
import { describe, expect, it, vi } from 'vitest';
import { verifyDeck } from '../../../src/layout/deck/verify.js';
import type { LaidOutDeck } from '../../../src/model/slides.js';
import { inOwnCacheFolder } from '../../cache-folder.js';
import { CONTENTS, laidOut } from '../../support/layout.js';

inOwnCacheFolder('jianbao-verify-notes-');

/** The texts verifyDeck measures: each paragraph set's first run. */
const measured = vi.hoisted((): string[] => []);
vi.mock('../../../src/layout/deck/measure.js', async (importOriginal) => {
  const measure = await importOriginal<typeof import('../../../src/layout/deck/measure.js')>();
  return {
    ...measure,
    paragraphsNeed: (...args: Parameters<typeof measure.paragraphsNeed>) => {
      measured.push(args[0][0]?.runs[0]?.text ?? '');
      return measure.paragraphsNeed(...args);
    },
  };
});

describe('verifyDeck after an edit of a slide’s notes alone', () => {
  it('measures no slide again, and finds what it found before', () => {
    const { project, deck } = laidOut(CONTENTS.real);
    const faces = project.fonts[project.theme.deck.font];
    const before = verifyDeck(deck, faces);
    expect(measured.length).toBeGreaterThan(10);
    measured.length = 0;
    const renoted: LaidOutDeck = { ...deck, slides: deck.slides.map((slide, index) => (index === 0 ? { ...slide, notes: [...slide.notes, '（第2稿）'] } : slide)) };
    expect(verifyDeck(renoted, faces)).toEqual(before);
    expect(measured).toEqual([]);
  }, 120_000);
});
