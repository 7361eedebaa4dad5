/** Edits of the repository's deck template that tests build with. */

/** Where deck.hbs gives a project a slide of its own, and where a card. */
const FULL_SLIDE = '{{#if (and (or builds.length phases.length) (or amount landArea jobs numbers.length))}}';
const CARD = '{{#if (and (or summary builds.length phases.length) (not (and (or builds.length phases.length) (or amount landArea jobs numbers.length))))}}';

/** The deck template with every project that has something to say on a slide of its own, none on a card. */
export function everyProjectOnItsOwnSlide(deckTemplate: string): string {
  if (!deckTemplate.includes(FULL_SLIDE) || !deckTemplate.includes(CARD)) throw new Error('deck.hbs no longer chooses between a project slide and a card as these tests expect');
  return deckTemplate.replace(FULL_SLIDE, '{{#if (or summary builds.length phases.length)}}').replace(CARD, '{{#if false}}');
}
