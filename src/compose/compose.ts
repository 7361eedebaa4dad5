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
import { MarkupError, parseMarkup, protectContentBreaks, rootChildren, textOf, type MarkupElement } from './markup.js';
import { unknownNames } from './template-names.js';
import { cacheKey, keptOnDisk } from '../cache/disk.js';
import { keptMarkup, type PieceRenders } from './kept-markup.js';
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
/** Compiled templates by source text, as their pieces: `watch` rebuilds recompile only a template that changed. */
const compiled = new Map<string, PieceRenders<Content>>();

/** What Handlebars.precompile runs on a parsed template, which handlebars.create() has but its types do not list. */
interface HandlebarsCompilers {
  readonly Compiler: new () => { compile(program: hbs.AST.Program, options: object): unknown };
  readonly JavaScriptCompiler: new () => { compile(environment: unknown, options: object): unknown };
}

/**
 * A template checked for unknown names and compiled, piece by piece (templatePieces). Compiling
 * costs a quarter of a second, so the compiled programs (Handlebars.precompile's JavaScript) are
 * kept on disk, keyed by everything they depend on; only a template that passed the name check is
 * kept, so a hit needs no check.
 */
function compileTemplate(template: Template): PieceRenders<Content> {
  const helperNames = Object.keys(handlebars.helpers);
  const partialNames = Object.keys(handlebars.partials);
  const key = cacheKey('pieces', Handlebars.VERSION, JSON.stringify([COMPILE_OPTIONS, helperNames, partialNames]), template.source);
  return piecesOf(new TextDecoder().decode(keptOnDisk('templates', key, () => Buffer.from(precompiled(template, helperNames, partialNames), 'utf8'))));
}

/** Handlebars.precompile's JavaScript of each piece of a template, as an array literal, once its names are checked. */
function precompiled(template: Template, helpers: readonly string[], partials: readonly string[]): string {
  const program = handlebars.parse(template.source);
  const unknown = unknownNames(program, template.file, { helpers, partials });
  if (unknown.length > 0) throw new DiagnosticError(unknown);
  const { Compiler, JavaScriptCompiler } = handlebars as unknown as HandlebarsCompilers;
  // As Handlebars.precompile does, but on each piece as parsed: its whitespace stays as the whole template has it.
  // Copies: Handlebars adds its own settings to the options it is given.
  const options = (): object => ({ ...COMPILE_OPTIONS, data: true });
  const pieces = templatePieces(program).map((piece) => String(new JavaScriptCompiler().compile(new Compiler().compile(piece, options()), options())));
  return `[${pieces.join(',')}]`;
}

/**
 * A parsed template as the pieces of its top level, which rendered one after another make its
 * markup: each block (`{{#if}}`, `{{#each}}`) by itself, and the text and values between two
 * blocks together. A piece that calls a partial carries the template's inline partials with it.
 */
function templatePieces(program: hbs.AST.Program): hbs.AST.Program[] {
  const isDecorator = (statement: hbs.AST.Statement): boolean => statement.type === 'DecoratorBlock' || statement.type === 'Decorator';
  const decorators = program.body.filter(isDecorator);
  const pieces: hbs.AST.Statement[][] = [];
  let between: hbs.AST.Statement[] | undefined;
  for (const statement of program.body) {
    if (isDecorator(statement)) continue;
    if (statement.type === 'BlockStatement') {
      pieces.push([statement]);
      between = undefined;
    } else if (between) between.push(statement);
    else pieces.push((between = [statement]));
  }
  return pieces.map((body) => ({ ...program, body: callsPartial(body) ? [...decorators, ...body] : body }));
}

/** Whether a partial is called anywhere in `node`. */
function callsPartial(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(callsPartial);
  if (node === null || typeof node !== 'object') return false;
  const { type } = node as { type?: unknown };
  if (type === 'PartialStatement' || type === 'PartialBlockStatement') return true;
  return Object.values(node).some(callsPartial);
}

/** Handlebars' precompiled pieces, JavaScript object literals in an array literal, evaluated as Handlebars.compile would. */
const piecesOf = (programs: string): PieceRenders<Content> =>
  (new Function(`return ${programs};`)() as TemplateSpecification[]).map((spec) => {
    const render = handlebars.template(spec);
    return (data: Content) => render(data, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  });

/** The content as templates render it (protectContentBreaks), made once for both templates. */
const protectedContents = new WeakMap<Content, Content>();
function withContentBreaksProtected(content: Content): Content {
  let protectedContent = protectedContents.get(content);
  if (!protectedContent) protectedContents.set(content, (protectedContent = protectContentBreaks(content)));
  return protectedContent;
}

/** Renders a template to markup (or takes it as kept, see kept-markup.ts); errors come back as diagnostics at the template's line. */
export function renderTemplate(template: Template, content: Content): string {
  try {
    return keptMarkup(template.source, withContentBreaksProtected(content), () => {
      let pieces = compiled.get(template.source);
      if (!pieces) {
        pieces = compileTemplate(template);
        if (compiled.size >= 8) compiled.clear(); // old versions of edited templates
        compiled.set(template.source, pieces);
      }
      return pieces;
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

/**
 * Reads a template's markup with `read`; markup mistakes become diagnostics quoting the rendered line.
 */
function readMarkup<T>(template: Template, content: Content, pictures: Pictures, remembered: Memo<T>, read: (markup: string, pictureNames: string) => T): T {
  const markup = renderTemplate(template, content);
  const file = template.file;
  const names = pictureNames(pictures);
  return remembered(`${names}|${JSON.stringify(content.document)}|${markup}`, () => {
    try {
      return read(markup, names);
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
  return readMarkup(template, content, pictures, decksRead, (markup, names) => {
    const meta = documentMeta(content);
    // Not with pictures, whose bytes a slide holds.
    const deckKey = pictures.size === 0 ? cacheKey(markup) : undefined;
    const kept = deckKey === undefined ? undefined : keptDecksRead.get(deckKey);
    if (kept) return { meta, slides: kept };
    const outline = rootChildren(markup);
    let slides: Slide[] | undefined;
    if (outline?.root === 'deck') {
      try {
        slides = outline.children.flatMap((source) => slidesOf(source, pictures, names));
      } catch (error) {
        // Read whole below, so that the mistake is told with its line in the deck's markup.
        if (!(error instanceof MarkupError)) throw error;
      }
    }
    slides ??= slidesOfDeck(parseMarkup(markup), pictures);
    if (deckKey !== undefined) keptDecksRead.set(deckKey, slides);
    return { meta, slides };
  });
}

/**
 * The slides of whole decks read by processes before this one, by a digest of the deck's markup: a
 * fresh build after an edit the deck does not show takes them in one lookup. A few decks.
 */
const keptDecksRead = writtenAfterLayout(keptResults<Slide[]>('composed-decks', ['compose', 'model', 'load/guard'], [], 8));

/** The slides of a deck's markup, read whole. */
function slidesOfDeck(root: MarkupElement, pictures: Pictures): Slide[] {
  if (root.name !== 'deck') throw new MarkupError('the deck template must produce <deck>', root.line);
  return elementsOf(root).flatMap((el) => slideOf(el, pictures));
}

/** The slide `el` says, or none (a card slide without cards). */
function slideOf(el: MarkupElement, pictures: Pictures): Slide[] {
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
}

/** Slides read from their markup at most, in this process and on disk: those of a few decks of some dozens of slides. */
const SLIDES_READ = 400;

/** The slides read from each slide's markup in this process, by it (and the pictures, for a slide that shows one). */
const slidesRead = memo<Slide[]>(SLIDES_READ);

/**
 * The slides read by processes before this one, by a digest of each slide's markup (cache/kept.ts):
 * a fresh build after an edit reads again only the slides whose markup it changed. Not those that
 * show a picture, whose bytes a slide holds.
 */
const keptSlidesRead = writtenAfterLayout(keptResults<Slide[]>('composed-slides', ['compose', 'model', 'load/guard'], [], SLIDES_READ));

/** The slides one `<slide>`'s markup says: remembered, kept by a build before this one, or read now. `names` are the pictures' (pictureNames). */
function slidesOf(source: string, pictures: Pictures, names: string): Slide[] {
  const showsPicture = /<image[\s/>]/.test(source);
  return slidesRead(`${showsPicture ? names : ''}|${source}`, () => {
    const key = showsPicture ? undefined : cacheKey(source);
    const kept = key === undefined ? undefined : keptSlidesRead.get(key);
    if (kept) return kept;
    const slides = slideOf(parseMarkup(source), pictures);
    if (key !== undefined) keptSlidesRead.set(key, slides);
    return slides;
  });
}

export function composeReport(content: Content, template: Template, pictures: Pictures = new Map()): Report {
  return readMarkup(template, content, pictures, reportsRead, (markup) => {
    const root = parseMarkup(markup);
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
