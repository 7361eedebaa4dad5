/**
 * The structure tree written at the document's end as pdfkit writes it, cheaper. pdfkit's
 * `endMarkings` ends each element by a recursive `end()` (every element filtering its children
 * anew) and writes each dictionary through PDFObject.convert, which tries a dozen types on every
 * value; a report has a thousand or more elements. Here the elements are ended in the same order
 * (children first, in order, then the element: the order of their objects in the file), each
 * flushed as pdfkit's `_flush` would, and a dictionary holding only names, references, integers
 * and dictionaries of those is written directly, in the same bytes; any other (an /Alt, a
 * /Lang) goes through pdfkit's writer.
 */

/** pdfkit's PDFReference, as far as writing one without a stream goes (not in its type definitions). */
interface Reference {
  readonly id: number;
  readonly gen: number;
  offset: number;
  readonly data: Record<string, unknown>;
  end(): void;
}

/** pdfkit's PDFStructureElement's internals. */
interface StructureElement {
  readonly dictionary: Reference;
  _children: unknown[];
  _ended: boolean;
  _flushed: boolean;
  _isFlushable(): boolean;
  _flushChild(child: unknown): void;
}

/** The part of pdfkit's document that writes the tree. */
interface MarkingsDoc {
  readonly _root: { readonly data: { readonly StructTreeRoot?: Reference; readonly MarkInfo?: Reference } };
  readonly structChildren: readonly StructureElement[];
  readonly _security?: unknown;
  readonly _offset: number;
  _write(data: string): void;
  _refEnd(ref: Reference): void;
  endMarkings(): void;
}

/** Makes `doc` write its structure tree flat when it ends (what pdfkit's `endMarkings` writes, the same bytes). */
export function endMarkingsFlat(doc: object): void {
  const markings = doc as MarkingsDoc;
  markings.endMarkings = () => {
    const { StructTreeRoot: treeRoot, MarkInfo: markInfo } = markings._root.data;
    if (treeRoot) {
      treeRoot.end();
      for (const element of markings.structChildren) endTree(markings, element);
    }
    markInfo?.end();
  };
}

const isElement = (child: unknown, like: StructureElement): child is StructureElement => child instanceof (like.constructor as new () => StructureElement);

/** Ends `top` and the elements under it not ended yet, each after its children, as pdfkit's recursive `end()` does. */
function endTree(doc: MarkingsDoc, top: StructureElement): void {
  if (top._ended) return;
  const stack: { readonly element: StructureElement; readonly children: StructureElement[]; next: number }[] = [];
  const enter = (element: StructureElement): void => {
    stack.push({ element, children: element._children.filter((child): child is StructureElement => isElement(child, top)), next: 0 });
  };
  enter(top);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const child = frame.children[frame.next++];
    if (child) {
      if (!child._ended) enter(child);
      continue;
    }
    stack.pop();
    frame.element._ended = true;
    flush(doc, frame.element);
  }
}

/** pdfkit's `_flush`: the element's dictionary with its kids (/K) written, once it and all under it are ended. */
function flush(doc: MarkingsDoc, element: StructureElement): void {
  if (element._flushed || !element._isFlushable()) return;
  const { dictionary } = element;
  dictionary.data.K = [];
  for (const child of element._children) element._flushChild(child);
  const written = doc._security ? undefined : dictionaryText(dictionary.data, dictionary);
  if (written === undefined) dictionary.end();
  else {
    // PDFReference's finalize for an object without a stream.
    dictionary.offset = doc._offset;
    doc._write(`${dictionary.id} ${dictionary.gen} obj`);
    doc._write(written);
    doc._write('endobj');
    doc._refEnd(dictionary);
  }
  element._children = [];
  dictionary.data.K = null;
  element._flushed = true;
}

/** A dictionary as PDFObject.convert writes it, or undefined when it holds a value not written here. */
function dictionaryText(data: Record<string, unknown>, like: Reference): string | undefined {
  const lines = ['<<'];
  for (const key in data) {
    const value = data[key];
    if (value === undefined) continue;
    const text = valueText(value, like);
    if (text === undefined) return undefined;
    lines.push(`/${key} ${text}`);
  }
  lines.push('>>');
  return lines.join('\n');
}

/** A name, a reference, an integer, or an array or plain dictionary of them, as PDFObject.convert writes it. */
function valueText(value: unknown, like: Reference): string | undefined {
  if (typeof value === 'string') return `/${value}`;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? `${value}` : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (value.constructor === like.constructor) return `${(value as Reference).id} ${(value as Reference).gen} R`;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const text = valueText(item, like);
      if (text === undefined) return undefined;
      items.push(text);
    }
    return `[${items.join(' ')}]`;
  }
  return Object.getPrototypeOf(value) === Object.prototype ? dictionaryText(value as Record<string, unknown>, like) : undefined;
}
