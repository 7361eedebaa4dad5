/**
 * compose: content + Handlebars templates → document model (Deck, Report).
 * Templates decide which slides and sections exist, their order and their wording.
 */
import Handlebars from 'handlebars';
import type { Content } from '../model/content.js';
import type { Deck, DocumentMeta, Report, ReportSection, Slide } from '../model/document.js';
import { DiagnosticError } from '../model/diagnostic.js';
import { blocksOf, elementsOf, paragraphsOf, requiredAttr, type Pictures } from './blocks.js';
import { cardSetOf } from './cards.js';
import { helpers } from './helpers.js';
import { MarkupError, parseMarkup, protectContentBreaks, textOf, type MarkupElement } from './markup.js';
import { unknownNames } from './template-names.js';
import { cacheKey, keptOnDisk } from '../cache/disk.js';
import { keptMarkup } from './kept-markup.js';
import { keptResults, writtenAfterLayout } from '../cache/kept.js';
import { identityOf, memo, type Memo } from '../cache/memo.js';

export interface Template {
  readonly file: string;
  readonly source: string;
}

const handlebars = Handlebars.create();
handlebars.registerHelper(helpers);
/** strict: a misspelt field is an error, not an empty string. Content strings are data only. */
const COMPILE_OPTIONS = { strict: true, noEscape: false } as const;
/** Compiled templates by source text: `watch` rebuilds recompile only a template that changed. */
const compiled = new Map<string, HandlebarsTemplateDelegate>();

/**
 * A template checked for unknown names and compiled. Compiling costs a quarter of a second, so the
 * compiled program (Handlebars.precompile's JavaScript) is kept on disk, keyed by everything it
 * depends on; only a template that passed the name check is kept, so a hit needs no check.
 */
function compileTemplate(template: Template): HandlebarsTemplateDelegate {
  const helperNames = Object.keys(handlebars.helpers);
  const partialNames = Object.keys(handlebars.partials);
  const key = cacheKey(Handlebars.VERSION, JSON.stringify([COMPILE_OPTIONS, helperNames, partialNames]), template.source);
  return templateOf(new TextDecoder().decode(keptOnDisk('templates', key, () => Buffer.from(precompiled(template, helperNames, partialNames), 'utf8'))));
}

/** Handlebars.precompile's JavaScript of a template, once its names are checked. */
function precompiled(template: Template, helpers: readonly string[], partials: readonly string[]): string {
  const program = handlebars.parse(template.source);
  const unknown = unknownNames(program, template.file, { helpers, partials });
  if (unknown.length > 0) throw new DiagnosticError(unknown);
  // A copy: Handlebars adds its own settings to the options it is given, which would change the next key.
  return String(handlebars.precompile(program, { ...COMPILE_OPTIONS }));
}

/** Handlebars' precompiled form, a JavaScript object literal, evaluated as Handlebars.compile would. */
const templateOf = (program: string): HandlebarsTemplateDelegate =>
  handlebars.template(new Function(`return ${program};`)() as TemplateSpecification);

/** The content as templates render it (protectContentBreaks), made once for both templates. */
const protectedContents = new WeakMap<Content, Content>();
function withContentBreaksProtected(content: Content): Content {
  let protectedContent = protectedContents.get(content);
  if (!protectedContent) protectedContents.set(content, (protectedContent = protectContentBreaks(content)));
  return protectedContent;
}

/** Renders a template to markup (or takes it as kept, see kept-markup.ts); errors come back as diagnostics at the template's line. */
function renderTemplate(template: Template, content: Content): string {
  try {
    return keptMarkup(template.source, withContentBreaksProtected(content), (data) => {
      let render = compiled.get(template.source);
      if (!render) {
        render = compileTemplate(template);
        if (compiled.size >= 8) compiled.clear(); // old versions of edited templates
        compiled.set(template.source, render);
      }
      return render(data, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    });
  } catch (error) {
    if (error instanceof DiagnosticError) throw error;
    const message = (error as Error).message;
    const line = /line (\d+)/.exec(message)?.[1] ?? / - (\d+):\d+/.exec(message)?.[1] ?? '0';
    const column = / - \d+:(\d+)/.exec(message)?.[1] ?? '0';
    const missing = /^"([^"]+)" not defined in/.exec(message)?.[1];
    throw new DiagnosticError([
      {
        severity: 'error',
        file: template.file,
        line: Number(line),
        column: Number(column) + 1,
        path: '',
        message: missing ? `"${missing}" is not in the content here` : (message.split('\n')[0] ?? message),
        ...(missing ? { hint: `check the spelling; an optional field needs {{#if ${missing}}}…{{/if}}` } : {}),
      },
    ]);
  }
}

/**
 * Documents read from markup, by everything they are read from: the markup, the document's
 * metadata and the pictures (this process's objects, see pictureNames). A rebuild whose edit leaves
 * a template's markup as it was (the deck's, after an edit of the report's narrative) reads it no
 * more, and its document is the very object it was.
 */
const decksRead = memo<Deck>(4);
const reportsRead = memo<Report>(4);

/** The pictures by id and this process's identity of each: what a document read with them is remembered by. */
const pictureNames = (pictures: Pictures): string => JSON.stringify([...pictures].map(([id, picture]) => [id, identityOf(picture)]));

/** A document read from markup by a process before this one, by the markup: `take` gives it back, or undefined. */
interface KeptReading<T> {
  take(markup: string): T | undefined;
  keep(markup: string, value: T): void;
}

/**
 * Parses a template's markup and reads it, or takes what `kept` gives back for it; markup mistakes
 * become diagnostics quoting the rendered line.
 */
function readMarkup<T>(template: Template, content: Content, pictures: Pictures, remembered: Memo<T>, read: (root: MarkupElement) => T, kept?: KeptReading<T>): T {
  const markup = renderTemplate(template, content);
  const file = template.file;
  return remembered(`${pictureNames(pictures)}|${JSON.stringify(content.document)}|${markup}`, () => {
    const known = kept?.take(markup);
    if (known) return known;
    try {
      const value = read(parseMarkup(markup));
      kept?.keep(markup, value);
      return value;
    } catch (error) {
      if (!(error instanceof MarkupError)) throw error;
      const excerpt = markup.split('\n')[error.line - 1]?.trim() ?? '';
      throw new DiagnosticError([
        { severity: 'error', file, line: 0, column: 0, path: '', message: `${error.message} (rendered line ${error.line}: ${excerpt.slice(0, 80)})` },
      ]);
    }
  });
}

export function documentMeta(content: Content): DocumentMeta {
  const { document } = content;
  return {
    title: document.title,
    ...(document.subtitle ? { subtitle: document.subtitle } : {}),
    author: document.author,
    subject: document.subject ?? document.title,
    keywords: document.keywords,
    lang: document.lang,
    ...(document.date ? { date: new Date(`${document.date}T00:00:00Z`) } : {}),
  };
}

const slideLayouts = ['cover', 'section', 'content', 'closing'] as const;

export function composeDeck(content: Content, template: Template, pictures: Pictures = new Map()): Deck {
  return readMarkup(template, content, pictures, decksRead, (root) => {
    if (root.name !== 'deck') throw new MarkupError('the deck template must produce <deck>', root.line);
    const slides = elementsOf(root).flatMap((el): Slide[] => {
      if (el.name !== 'slide') throw new MarkupError(`<${el.name}> inside <deck>: expected <slide>`, el.line);
      const layout = el.attrs.layout ?? 'content';
      const known = slideLayouts.find((l) => l === layout);
      if (!known) throw new MarkupError(`<slide layout="${layout}">: expected one of ${slideLayouts.join(', ')}`, el.line);
      const notes = elementsOf(el, 'notes')[0];
      const blocks = blocksOf(el, pictures, ['notes', 'cards']);
      const [cardsElement, ...more] = elementsOf(el, 'cards');
      if (cardsElement && (more.length > 0 || blocks.length > 0 || known !== 'content')) {
        throw new MarkupError('<cards> must be the only content of a content slide', cardsElement.line);
      }
      const cards = cardsElement ? cardSetOf(cardsElement) : undefined;
      // A card slide whose template found no card to show is left out, like any slide without content.
      if (cards && cards.cards.length === 0) return [];
      return [
        {
          layout: known,
          title: requiredAttr(el, 'title'),
          ...(el.attrs.subtitle ? { subtitle: el.attrs.subtitle } : {}),
          blocks,
          ...(cards ? { cards } : {}),
          notes: notes ? paragraphsOf(notes) : [],
        },
      ];
    });
    return { meta: documentMeta(content), slides };
  }, pictures.size === 0 ? keptDeckReading(content) : undefined);
}

/**
 * Slides read by processes before this one from the deck's markup, by a digest of it (cache/kept.ts):
 * a fresh build after an edit the deck does not show takes them as they were. Not with pictures,
 * whose bytes a slide holds.
 */
const keptDeckSlides = writtenAfterLayout(keptResults<readonly Slide[]>('deck-documents', ['compose', 'model', 'load/guard']));

const keptDeckReading = (content: Content): KeptReading<Deck> => ({
  take: (markup) => {
    const slides = keptDeckSlides.get(cacheKey(markup));
    return slides && { meta: documentMeta(content), slides };
  },
  keep: (markup, deck) => keptDeckSlides.set(cacheKey(markup), deck.slides),
});

export function composeReport(content: Content, template: Template, pictures: Pictures = new Map()): Report {
  return readMarkup(template, content, pictures, reportsRead, (root) => {
    if (root.name !== 'report') throw new MarkupError('the report template must produce <report>', root.line);
    const cover = elementsOf(root, 'cover')[0];
    if (!cover) throw new MarkupError('the report needs a <cover>', root.line);
    const toc = elementsOf(root, 'toc')[0];
    const sections = elementsOf(root, 'section').map(
      (el): ReportSection => ({
        title: requiredAttr(el, 'title'),
        ...(el.attrs.subtitle ? { subtitle: el.attrs.subtitle } : {}),
        blocks: blocksOf(el, pictures),
      }),
    );
    return {
      meta: documentMeta(content),
      cover: {
        title: requiredAttr(cover, 'title'),
        ...(cover.attrs.subtitle ? { subtitle: cover.attrs.subtitle } : {}),
        lines: elementsOf(cover, 'line').map(textOf),
      },
      ...(toc ? { tocTitle: requiredAttr(toc, 'title') } : {}),
      sections,
    };
  });
}
