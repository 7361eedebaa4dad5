/** `<cards>` markup → the cards of a card slide (deck only): `<card>` for a project, `<quote>` for a quote's sentence. */
import type { Card, CardSet } from '../model/document.js';
import { elementsOf, optionalAttrs, paragraphsOf, requiredAttr } from './blocks.js';
import { MarkupError, textOf, type MarkupElement } from './markup.js';

/** Cards on one slide: two at least to be worth the layout, four at most to stay legible. */
const PER_SLIDE = { least: 2, most: 4, usual: 3 } as const;

const notesOf = (element: MarkupElement): string[] => elementsOf(element, 'notes').flatMap(paragraphsOf);

function cardOf(element: MarkupElement): Card {
  switch (element.name) {
    case 'card':
      return {
        kind: 'project',
        title: requiredAttr(element, 'title'),
        ...optionalAttrs(element, ['subtitle', 'tag']),
        paragraphs: paragraphsOf(element),
        items: elementsOf(element, 'item').map(textOf),
        notes: notesOf(element),
      };
    case 'quote': {
      const paragraphs = paragraphsOf(element);
      if (paragraphs.length === 0) throw new MarkupError('a quote card needs its sentence as <p>…</p>', element.line);
      return { kind: 'quote', paragraphs, ...optionalAttrs(element, ['speaker', 'title', 'organisation']), notes: notesOf(element) };
    }
    default:
      throw new MarkupError(`<${element.name}> inside <cards>: expected <card> or <quote>`, element.line);
  }
}

export function cardSetOf(element: MarkupElement): CardSet {
  const perSlide = Number(element.attrs['per-slide'] ?? PER_SLIDE.usual);
  if (!Number.isInteger(perSlide) || perSlide < PER_SLIDE.least || perSlide > PER_SLIDE.most) {
    throw new MarkupError(`<cards per-slide="${element.attrs['per-slide']}">: expected ${PER_SLIDE.least} to ${PER_SLIDE.most}`, element.line);
  }
  return { perSlide, cards: elementsOf(element).map(cardOf) };
}
