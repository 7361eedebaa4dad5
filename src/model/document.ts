/**
 * The document model: what the templates produce (compose stage) and layout consumes.
 * It says what is shown and in which order; not where, nor in which font.
 */

export interface DocumentMeta {
  readonly title: string;
  readonly subtitle?: string;
  readonly author: string;
  readonly subject: string;
  readonly keywords: readonly string[];
  readonly lang: string;
  readonly date?: Date;
}

export interface BigFigure {
  readonly value: string;
  readonly unit: string;
  /** Printed before the number: 近, 逾, 超, 约. */
  readonly qualifier?: string;
  /** Printed after the unit: 以上, 左右. */
  readonly suffix?: string;
  readonly label: string;
}

export interface ChartSeries {
  readonly name: string;
  readonly labels: readonly string[];
  readonly values: readonly number[];
}

/** A picture as placed: its file's bytes and pixel size travel with it, so layout and render stay pure. */
export interface Picture {
  readonly data: Uint8Array;
  readonly format: 'png' | 'jpeg';
  readonly width: number;
  readonly height: number;
}

/** Who said a quote, each part optional (a department's 有关负责人 has no name). */
export interface Attribution {
  readonly speaker?: string;
  readonly title?: string;
  readonly organisation?: string;
}

export type Block =
  | { readonly kind: 'paragraph'; readonly text: string; readonly role: 'body' | 'lead' | 'note' }
  | { readonly kind: 'heading'; readonly text: string; readonly level: 1 | 2 | 3 }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly string[]; readonly title?: string }
  | (Attribution & { readonly kind: 'quote'; readonly heading?: string; readonly paragraphs: readonly string[] })
  | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly widths: readonly number[] }
  | { readonly kind: 'facts'; readonly items: readonly { readonly label: string; readonly value: string }[] }
  | { readonly kind: 'figures'; readonly items: readonly BigFigure[] }
  | { readonly kind: 'chart'; readonly title: string; readonly series: ChartSeries; readonly unit: string }
  | { readonly kind: 'image'; readonly picture: Picture; readonly caption: string; readonly alt: string };

/**
 * One card of a card slide: a project in brief (name, investor, sector or amount, a few items), or a
 * quote's sentence with who said it. Its notes go with it onto whichever slide layout deals it to.
 */
export type Card =
  | {
      readonly kind: 'project';
      readonly title: string;
      readonly subtitle?: string;
      readonly tag?: string;
      /** Sentences, set as they are, before the items (a summary where the items are too long for a card). */
      readonly paragraphs: readonly string[];
      readonly items: readonly string[];
      readonly notes: readonly string[];
    }
  | (Attribution & { readonly kind: 'quote'; readonly paragraphs: readonly string[]; readonly notes: readonly string[] });

/** Cards that layout deals out over as few slides as read well, at most `perSlide` (2 to 4) on each. */
export interface CardSet {
  readonly perSlide: number;
  readonly cards: readonly Card[];
}

export interface Slide {
  /** Which arrangement the deck renderer uses: a title slide, a section divider or a content slide. */
  readonly layout: 'cover' | 'section' | 'content' | 'closing';
  readonly title: string;
  readonly subtitle?: string;
  readonly blocks: readonly Block[];
  /** A card slide holds cards instead of blocks, and may become several slides. */
  readonly cards?: CardSet;
  /** Speaker notes: the talking points, one paragraph each. */
  readonly notes: readonly string[];
}

export interface Deck {
  readonly meta: DocumentMeta;
  readonly slides: readonly Slide[];
}

export interface ReportSection {
  readonly title: string;
  readonly subtitle?: string;
  readonly blocks: readonly Block[];
}

export interface Report {
  readonly meta: DocumentMeta;
  readonly cover: { readonly title: string; readonly subtitle?: string; readonly lines: readonly string[] };
  readonly tocTitle?: string;
  readonly sections: readonly ReportSection[];
}

/** `平安建投董事长兼CEO`: who the speaker is, organisation then title, from what the quote has. */
export const roleOf = (quote: Attribution): string => `${quote.organisation ?? ''}${quote.title ?? ''}`;

/** `—— 鲁贵卿　平安建投董事长兼CEO`, `—— 某区有关负责人`: a quote's attribution line, from what it has. */
export function attributionLine(quote: Attribution): string {
  const role = roleOf(quote);
  return `—— ${[quote.speaker, role].filter((part) => part).join('　')}`;
}
