/**
 * The structure tree written at the document's end as pdfkit writes it, cheaper. pdfkit's
 * `endMarkings` ends each element by a recursive `end()` (every element filtering its children
 * anew) and writes each dictionary through PDFObject.convert, which tries a dozen types on every
 * value; a report has a thousand or more elements. Here the elements are ended in the same order
 * (children first, in order, then the element: the order of their objects in the file), each
 * flushed as pdfkit's `_flush` would, its dictionary written directly (pdf-object.ts) unless it
 * holds what only pdfkit writes (an /Alt).
 */
import { writeObjectDirectly, type ObjectReference, type ObjectWriter } from './pdf-object.js';

/** pdfkit's PDFReference of a dictionary. */
interface Reference extends ObjectReference {
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
interface MarkingsDoc extends ObjectWriter {
  readonly _root: { readonly data: { readonly StructTreeRoot?: Reference; readonly MarkInfo?: Reference } };
  readonly structChildren: readonly StructureElement[];
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
  if (!writeObjectDirectly(doc, dictionary)) dictionary.end();
  element._children = [];
  dictionary.data.K = null;
  element._flushed = true;
}
