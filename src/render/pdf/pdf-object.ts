/**
 * pdfkit's objects written directly, in the bytes pdfkit writes. pdfkit writes each object's
 * dictionary through PDFObject.convert, which tries a dozen types on every value, and copies a
 * stream's bytes once more before writing them; the structure tree (structure-tree.ts) and the
 * deflated streams (deflate.ts) are thousands of objects. A dictionary holding only names,
 * references, integers, and arrays and dictionaries of those is written here; any other value
 * (a text string, a fraction) leaves the object to pdfkit.
 */

/** pdfkit's PDFReference, as far as writing it goes (not in its type definitions). */
export interface ObjectReference {
  readonly id: number;
  readonly gen: number;
  offset: number;
  readonly data: Record<string, unknown>;
}

/** The part of pdfkit's document an object is written to. */
export interface ObjectWriter {
  readonly _security?: unknown;
  readonly _offset: number;
  _write(data: string | Uint8Array): void;
  _refEnd(ref: ObjectReference): void;
}

/**
 * Writes `ref` with its dictionary and, if given, `stream` as its stream, as PDFReference's
 * finalize does; false, with nothing written, when the dictionary holds a value not written here
 * (or the document is encrypted).
 */
export function writeObjectDirectly(doc: ObjectWriter, ref: ObjectReference, stream?: Uint8Array): boolean {
  const dictionary = doc._security ? undefined : dictionaryText(ref.data, ref);
  if (dictionary === undefined) return false;
  ref.offset = doc._offset;
  doc._write(`${ref.id} ${ref.gen} obj`);
  doc._write(dictionary);
  if (stream) {
    doc._write('stream');
    doc._write(stream);
    doc._write('\nendstream');
  }
  doc._write('endobj');
  doc._refEnd(ref);
  return true;
}

/** A dictionary as PDFObject.convert writes it, or undefined when it holds a value not written here. */
function dictionaryText(data: Record<string, unknown>, like: ObjectReference): string | undefined {
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

/** A name, a reference (of `like`'s class), an integer, or an array or plain dictionary of them, as PDFObject.convert writes it. */
function valueText(value: unknown, like: ObjectReference): string | undefined {
  if (typeof value === 'string') return `/${value}`;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? `${value}` : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (value.constructor === like.constructor) return `${(value as ObjectReference).id} ${(value as ObjectReference).gen} R`;
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

/** A number as pdfkit writes it into a content stream or a dictionary (PDFObject.number): at most six decimals. */
export const pdfNumber = (n: number): number => Math.round(n * 1e6) / 1e6;

/**
 * A value pdfkit writes as `text`, spelt already (PDFObject.convert writes an object of a class it
 * does not know by its toString): a name pdfkit would write as a string, an array of thousands of
 * numbers made in one pass.
 */
export function spelt(text: string): object {
  return { [Symbol.toStringTag]: 'PDFSpelt', toString: () => text };
}
