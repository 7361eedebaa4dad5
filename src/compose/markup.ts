/**
 * The small XML-like markup the templates emit. Handlebars escapes `{{value}}` for it by default,
 * so content can never inject structure; this parser turns it into a tree with line numbers.
 *
 * Whitespace rules (the same for the deck and the report):
 * - a line break of the template's markup, with the indentation around it, joins lines with no
 *   space, as Chinese text wants;
 * - a line break written in the content (a `|` block, `\n`, `\r\n` or `\r`) is a line break in both
 *   outputs. Handlebars cannot tell content from markup, so `protectContentBreaks` turns content
 *   line breaks into U+2028 LINE SEPARATOR before rendering, and the parser turns U+2028 and U+2029
 *   (and `&#10;`) into `\n`, which the text engine breaks lines at;
 * - a tab is a space, and a run of spaces is one space;
 * - typographic spaces fonts seldom have become a space (U+0020), or a no-break space (U+00A0)
 *   where they must not break; U+FEFF (zero width) is dropped. See `drawnAs`.
 */
import { memo } from '../cache/memo.js';
import { codePoint, forbiddenCharacter } from '../load/guard.js';

export interface MarkupElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly MarkupNode[];
  /** 1-based line in the rendered markup. */
  readonly line: number;
}
export type MarkupNode = MarkupElement | string;

export class MarkupError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'MarkupError';
  }
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** An entity reference: `&amp;`, `&#10;`, `&#x1F680;`. */
export const ENTITY = /&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi;

/** The character an entity reference stands for; throws a MarkupError for one no document can hold. */
export function decodeEntity(whole: string, line = 0): string {
  const name = whole.slice(1, -1);
  if (!name.startsWith('#')) {
    const named = entities[name];
    if (named === undefined) throw new MarkupError(`unknown entity ${whole}`, line);
    return named;
  }
  const hex = name[1] === 'x' || name[1] === 'X';
  const cp = parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
  if (!(cp <= 0x10ffff)) throw new MarkupError(`${whole} is not a Unicode character`, line);
  const ch = String.fromCodePoint(cp);
  // XML cannot carry it: the deck's slide XML would not be well-formed.
  if (forbiddenCharacter(ch)) throw new MarkupError(`${whole} is ${codePoint(ch)}, a control character or lone surrogate, which documents cannot contain`, line);
  return ch;
}

export function decodeEntities(text: string, line = 0): string {
  return text.replace(ENTITY, (whole) => decodeEntity(whole, line));
}

/** Line breaks of the content, kept apart from the markup's own until the parser has folded those. */
const CONTENT_BREAK = '\u2028';

/**
 * Content with every line break (`\r\n`, `\r`, `\n`) in its strings turned into U+2028, which
 * Handlebars does not escape and the markup's whitespace folding leaves alone. Templates render
 * this instead of the content itself.
 */
export function protectContentBreaks<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\r\n?|\n/g, CONTENT_BREAK) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => protectContentBreaks(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, protectContentBreaks(item)])) as T;
  }
  return value;
}

/** Spaces that must not break a line, set as U+00A0, which every text font has. */
const NO_BREAK_SPACES = new Set(['\u2007', '\u202F']);
/** U+0020, U+00A0 and U+3000 (the ideographic space) are drawn as they are. */
const TYPOGRAPHIC_SPACE = /[\u1680\u2000-\u200A\u202F\u205F]/;

/**
 * What a character of text becomes once composed: a line break (U+2028, U+2029, CR) becomes `\n`,
 * a tab or a typographic space a space, U+FEFF nothing; others stay. The glyph check uses this
 * too, so it checks what will be drawn.
 */
export function drawnAs(ch: string): string {
  if (ch === '\u2028' || ch === '\u2029' || ch === '\r') return '\n';
  if (ch === '\t') return ' ';
  if (ch === '\uFEFF') return '';
  if (TYPOGRAPHIC_SPACE.test(ch)) return NO_BREAK_SPACES.has(ch) ? '\u00A0' : ' ';
  return ch;
}

const REPLACED = /[\t\r\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\uFEFF]/g;

/** Applies `drawnAs` to a whole text (after entities are decoded). */
export function normaliseCharacters(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(REPLACED, drawnAs);
}

/** Texts of the markup already folded: a rebuild renders mostly the same texts again. */
const REMEMBERED_TEXTS = 8000;
const foldedTexts = memo<string>(REMEMBERED_TEXTS);

/**
 * Markup text → composed text: the markup's line breaks and indentation vanish, content's stay,
 * spaces fold. `line` only places a bad entity's error, which is thrown, never remembered.
 */
function foldText(raw: string, line: number): string {
  return foldedTexts(raw, () => foldedAt(raw, line));
}

function foldedAt(raw: string, line: number): string {
  const joined = raw.replace(/[ \t]*(?:\r\n?|\n)[ \t\r\n]*/g, '');
  // Spaces beside a content line break would indent the next line in the deck.
  return normaliseCharacters(decodeEntities(joined, line)).replace(/ {2,}/g, ' ').replace(/ ?\n ?/g, '\n');
}

const tagPattern = /<(\/?)([a-z][a-z0-9-]*)((?:\s+[a-z][a-z0-9-]*="[^"]*")*)\s*(\/?)>|<!--[\s\S]*?-->/gy;
const attrPattern = /([a-z][a-z0-9-]*)="([^"]*)"/g;

/** A piece of markup, where it starts: the text up to the next tag, a tag (a comment: one without a name), or a `<` that starts neither. */
type MarkupToken = { readonly at: number } & (
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tag'; readonly whole: string; readonly name: string | undefined; readonly attrText: string; readonly closing: boolean; readonly selfClosing: boolean }
  | { readonly kind: 'malformed' }
);

/** The pieces of `source` in order, for parseMarkup and rootChildren alike; nothing after a malformed one. */
function* markupTokens(source: string): Generator<MarkupToken> {
  let position = 0;
  while (position < source.length) {
    const next = source.indexOf('<', position);
    const textEnd = next === -1 ? source.length : next;
    if (textEnd > position) {
      yield { kind: 'text', at: position, text: source.slice(position, textEnd) };
      position = textEnd;
      continue;
    }
    tagPattern.lastIndex = position;
    const match = tagPattern.exec(source);
    if (!match) {
      yield { kind: 'malformed', at: position };
      return;
    }
    const [whole, closing, name, attrText, selfClosing] = match;
    yield { kind: 'tag', at: position, whole, name, attrText: attrText ?? '', closing: closing === '/', selfClosing: selfClosing === '/' };
    position += whole.length;
  }
}

export function parseMarkup(source: string): MarkupElement {
  const root: { name: string; attrs: Record<string, string>; children: MarkupNode[]; line: number } = {
    name: '#root',
    attrs: {},
    children: [],
    line: 1,
  };
  const stack = [root];
  let line = 1;
  for (const token of markupTokens(source)) {
    if (token.kind === 'malformed') throw new MarkupError(`malformed tag near "${source.slice(token.at, token.at + 30)}"`, line);
    if (token.kind === 'text') {
      const text = foldText(token.text, line);
      if (text.trim() !== '') stack[stack.length - 1]!.children.push(text);
      line += countNewlines(token.text);
      continue;
    }
    const { name } = token;
    if (name !== undefined) {
      if (token.closing) {
        const open = stack.pop();
        if (!open || open === root || open.name !== name) {
          throw new MarkupError(`</${name}> does not close <${open?.name ?? 'nothing'}>`, line);
        }
      } else {
        const attrs: Record<string, string> = {};
        for (const [, key, value] of token.attrText.matchAll(attrPattern)) attrs[key!] = normaliseCharacters(decodeEntities(value!, line));
        const element = { name, attrs, children: [] as MarkupNode[], line };
        stack[stack.length - 1]!.children.push(element);
        if (!token.selfClosing) stack.push(element);
      }
    }
    line += countNewlines(token.whole);
  }
  if (stack.length > 1) throw new MarkupError(`<${stack[stack.length - 1]!.name}> is never closed`, line);
  const elements = root.children.filter((c): c is MarkupElement => typeof c !== 'string');
  if (elements.length !== 1 || root.children.length !== 1) throw new MarkupError('the markup must have exactly one root element', 1);
  return elements[0]!;
}

/**
 * The name of the root element of `source` and the markup of each element directly inside it,
 * when it holds nothing else but whitespace and comments; undefined otherwise, or when its tags do
 * not pair up (parseMarkup then tells what is wrong). Each element's markup parses as it does in
 * place: a deck's slides can be read one by one.
 */
export function rootChildren(source: string): { readonly root: string; readonly children: readonly string[] } | undefined {
  const children: string[] = [];
  let root: string | undefined;
  let closed = false;
  let depth = 0;
  let childStart = 0;
  for (const token of markupTokens(source)) {
    if (token.kind === 'malformed') return undefined;
    if (token.kind === 'text') {
      if (depth <= 1 && !/^[ \t\r\n]*$/.test(token.text)) return undefined;
      continue;
    }
    const { name, whole } = token;
    if (name !== undefined) {
      if (closed) return undefined;
      if (token.closing) {
        depth -= 1;
        if (depth === 1) children.push(source.slice(childStart, token.at + whole.length));
        if (depth === 0) closed = name === root;
        if (!closed && depth <= 0) return undefined;
      } else if (depth === 0) {
        if (token.selfClosing) return undefined;
        root = name;
        depth = 1;
      } else {
        if (depth === 1) childStart = token.at;
        if (token.selfClosing) {
          if (depth === 1) children.push(whole);
        } else depth += 1;
      }
    }
  }
  return closed && root !== undefined ? { root, children } : undefined;
}

function countNewlines(text: string): number {
  let count = 0;
  for (const ch of text) if (ch === '\n') count++;
  return count;
}

/** The text inside an element, trimmed. */
export function textOf(element: MarkupElement): string {
  return element.children
    .map((child) => (typeof child === 'string' ? child : textOf(child)))
    .join('')
    .trim();
}
