/** Markup elements → document-model blocks, shared by the deck and the report. */
import type { Block, Picture } from '../model/document.js';
import { MarkupError, textOf, type MarkupElement } from './markup.js';

export function elementsOf(element: MarkupElement, name?: string): MarkupElement[] {
  return element.children.filter(
    (child): child is MarkupElement => typeof child !== 'string' && (name === undefined || child.name === name),
  );
}

export function requiredAttr(element: MarkupElement, name: string): string {
  const value = element.attrs[name];
  if (value === undefined || value.trim() === '') throw new MarkupError(`<${element.name}> needs ${name}="…"`, element.line);
  return value;
}

function paragraphsOf(element: MarkupElement): string[] {
  return elementsOf(element, 'p').map(textOf);
}

function numberAttr(element: MarkupElement, name: string): number {
  const value = Number(requiredAttr(element, name));
  if (!Number.isFinite(value)) throw new MarkupError(`<${element.name}> ${name}="${element.attrs[name]}" is not a number`, element.line);
  return value;
}

/** The attributes among `names` that the element has, non-empty. */
export function optionalAttrs<Name extends string>(element: MarkupElement, names: readonly Name[]): Partial<Record<Name, string>> {
  return Object.fromEntries(names.flatMap((name) => (element.attrs[name] ? [[name, element.attrs[name]]] : []))) as Partial<Record<Name, string>>;
}

/** The pictures content.yaml names, by id (loaded by src/load/images.ts). */
export type Pictures = ReadonlyMap<string, Picture>;

const blockReaders: Record<string, (element: MarkupElement, pictures: Pictures) => Block> = {
  p: (el) => {
    const role = el.attrs.role ?? 'body';
    if (role !== 'body' && role !== 'lead' && role !== 'note') throw new MarkupError(`<p role="${role}"> is not body, lead or note`, el.line);
    return { kind: 'paragraph', text: textOf(el), role };
  },
  h2: (el) => ({ kind: 'heading', text: textOf(el), level: 2 }),
  h3: (el) => ({ kind: 'heading', text: textOf(el), level: 3 }),
  list: (el) => ({
    kind: 'list',
    ordered: el.attrs.ordered === 'true',
    items: elementsOf(el, 'item').map(textOf),
    ...(el.attrs.title ? { title: el.attrs.title } : {}),
  }),
  quote: (el) => ({
    kind: 'quote',
    ...(el.attrs.heading ? { heading: el.attrs.heading } : {}),
    paragraphs: paragraphsOf(el),
    ...optionalAttrs(el, ['speaker', 'title', 'organisation']),
  }),
  table: (el) => {
    const rows = elementsOf(el, 'tr');
    const header = rows[0] ? elementsOf(rows[0], 'th').map(textOf) : [];
    if (header.length === 0) throw new MarkupError('<table> must start with a <tr> of <th> cells', el.line);
    const body = rows.slice(1).map((row) => elementsOf(row, 'td').map(textOf));
    const widths = (el.attrs.widths ?? header.map(() => '1').join(',')).split(',').map(Number);
    if (widths.length !== header.length || widths.some((w) => !(w > 0))) {
      throw new MarkupError(`<table widths="${el.attrs.widths}"> needs one positive number per column`, el.line);
    }
    for (const [index, row] of body.entries()) {
      if (row.length !== header.length) throw new MarkupError(`table row ${index + 1} has ${row.length} cells, the header has ${header.length}`, el.line);
    }
    return { kind: 'table', header, rows: body, widths };
  },
  facts: (el) => ({
    kind: 'facts',
    items: elementsOf(el, 'fact').map((fact) => ({ label: requiredAttr(fact, 'label'), value: textOf(fact) })),
  }),
  figures: (el) => ({
    kind: 'figures',
    items: elementsOf(el, 'figure').map((figure) => ({
      value: requiredAttr(figure, 'value'),
      unit: figure.attrs.unit ?? '',
      label: requiredAttr(figure, 'label'),
      ...optionalAttrs(figure, ['qualifier', 'suffix']),
    })),
  }),
  image: (el, pictures) => {
    const id = requiredAttr(el, 'id');
    const picture = pictures.get(id);
    if (!picture) throw new MarkupError(`<image id="${id}">: content.yaml has no image with this id (images: ${[...pictures.keys()].join(', ') || 'none'})`, el.line);
    return { kind: 'image', picture, caption: el.attrs.caption ?? '', alt: requiredAttr(el, 'alt') };
  },
  chart: (el) => {
    const points = elementsOf(el, 'point');
    return {
      kind: 'chart',
      title: requiredAttr(el, 'title'),
      unit: el.attrs.unit ?? '',
      series: {
        name: requiredAttr(el, 'series'),
        labels: points.map((point) => requiredAttr(point, 'label')),
        values: points.map((point) => numberAttr(point, 'value')),
      },
    };
  },
};

/** Reads the block children of an element; `skip` names children handled by the caller. */
export function blocksOf(element: MarkupElement, pictures: Pictures, skip: readonly string[] = []): Block[] {
  return elementsOf(element)
    .filter((child) => !skip.includes(child.name))
    .map((child) => {
      const read = blockReaders[child.name];
      if (!read) throw new MarkupError(`<${child.name}> is not a block (expected one of ${Object.keys(blockReaders).join(', ')})`, child.line);
      return read(child, pictures);
    });
}

export { paragraphsOf };
