/**
 * The small XML-like markup the templates emit. Handlebars escapes `{{value}}` for it by default,
 * so content can never inject structure; this parser turns it into a tree with line numbers.
 * Text is whitespace-folded the Chinese way: a line break and its indentation join lines with no space.
 */

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

export function decodeEntities(text: string, line = 0): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const named = entities[name];
    if (named === undefined) throw new MarkupError(`unknown entity ${whole}`, line);
    return named;
  });
}

/** Folds template whitespace: newline + indentation vanishes, other runs of spaces become one. */
function foldWhitespace(text: string): string {
  return text.replace(/[ \t]*\r?\n[ \t\r\n]*/g, '').replace(/[ \t]+/g, ' ');
}

const tagPattern = /<(\/?)([a-z][a-z0-9-]*)((?:\s+[a-z][a-z0-9-]*="[^"]*")*)\s*(\/?)>|<!--[\s\S]*?-->/gy;
const attrPattern = /([a-z][a-z0-9-]*)="([^"]*)"/g;

export function parseMarkup(source: string): MarkupElement {
  const root: { name: string; attrs: Record<string, string>; children: MarkupNode[]; line: number } = {
    name: '#root',
    attrs: {},
    children: [],
    line: 1,
  };
  const stack = [root];
  let line = 1;
  let position = 0;
  while (position < source.length) {
    const next = source.indexOf('<', position);
    const textEnd = next === -1 ? source.length : next;
    if (textEnd > position) {
      const raw = source.slice(position, textEnd);
      const text = decodeEntities(foldWhitespace(raw), line);
      const top = stack[stack.length - 1]!;
      if (text.trim() !== '') top.children.push(text);
      line += countNewlines(raw);
      position = textEnd;
      continue;
    }
    tagPattern.lastIndex = position;
    const match = tagPattern.exec(source);
    if (!match) throw new MarkupError(`malformed tag near "${source.slice(position, position + 30)}"`, line);
    const [whole, closing, name, attrText, selfClosing] = match;
    if (name !== undefined) {
      if (closing) {
        const open = stack.pop();
        if (!open || open === root || open.name !== name) {
          throw new MarkupError(`</${name}> does not close <${open?.name ?? 'nothing'}>`, line);
        }
      } else {
        const attrs: Record<string, string> = {};
        for (const [, key, value] of (attrText ?? '').matchAll(attrPattern)) attrs[key!] = decodeEntities(value!, line);
        const element = { name, attrs, children: [] as MarkupNode[], line };
        stack[stack.length - 1]!.children.push(element);
        if (!selfClosing) stack.push(element);
      }
    }
    line += countNewlines(whole);
    position += whole.length;
  }
  if (stack.length > 1) throw new MarkupError(`<${stack[stack.length - 1]!.name}> is never closed`, line);
  const elements = root.children.filter((c): c is MarkupElement => typeof c !== 'string');
  if (elements.length !== 1 || root.children.length !== 1) throw new MarkupError('the markup must have exactly one root element', 1);
  return elements[0]!;
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
