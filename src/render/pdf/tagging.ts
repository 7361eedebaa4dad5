/**
 * Tagged PDF: the structure tree (Document → Sect → H1/H2/H3, P, L/LI/Lbl/LBody, Table/TR/TH/TD,
 * Figure, BlockQuote, TOC/TOCI/Link) built from the roles layout recorded on each item, and the
 * marked content that ties every drawn item to its element or marks it as an artifact.
 *
 * pdfkit 0.20.2 provides the structure elements (`doc.struct`, `addStructure`), marked content with
 * MCIDs (`markStructureContent`) and the parent tree; an element may collect content from several
 * pages (it writes MCR dictionaries for the pages after the first), so a paragraph broken over a
 * page is one P. Its gaps, worked around here and tested in tests/render/pdf/tagging.test.ts:
 *  - `markContent('Artifact', …)` writes Type and BBox but drops Subtype, so running headers and
 *    footers could not say /Subtype /Header or /Footer: we write the artifact's BDC ourselves and
 *    keep pdfkit's list of open markings in step, so its page-end bookkeeping still closes them.
 *  - a link annotation's OBJR takes its /Pg from whatever page is current when the element is
 *    finally written (usually the last page): we end a Link element on the page that holds it.
 * And at the document's end pdfkit writes the tree by a recursive `end()`, each element's
 * dictionary through its general object writer: here the tree is ended in the same order without
 * recursion, and the common dictionaries written directly (structure-tree.ts).
 */
import type { Artifact, PageItem, StructureNode, StructurePath } from '../../model/pages.js';
import { endMarkingsFlat } from './structure-tree.js';

interface StructureElement {
  add(child: StructureElement | object): StructureElement;
  end(): void;
}

interface Page {
  markings: { tag: string; options?: object }[];
}

/** The part of pdfkit's document the tagger uses. */
interface TaggingDoc {
  page: Page;
  struct(type: string, options?: object): StructureElement;
  addStructure(element: StructureElement): unknown;
  markStructureContent(tag: string, options?: object): object;
  endMarkedContent(): unknown;
  addContent(data: string): unknown;
}

const LAYOUT: Artifact = { type: 'Layout' };

/**
 * What the tagger did to the document, in order: marked content opened for an element (created,
 * with its ancestors, when first met) or as an artifact, and closed. A known page replays them
 * (pages.ts); plain data, kept on disk as JSON.
 */
const CLOSE = 'close';
export type TagEvent = { readonly mark: StructurePath } | { readonly artifact: Artifact } | typeof CLOSE;

/** Where a page's tag events are written down, among what else it registers. */
export interface TagEvents {
  push(event: TagEvent): unknown;
}

const artifactKey = (artifact: Artifact): string => `artifact:${artifact.type}:${artifact.subtype ?? ''}`;

export class Tagger {
  private readonly doc: TaggingDoc;
  private readonly root: StructureElement;
  private readonly elements = new Map<string, StructureElement>();
  /** The marked-content sequence now open: the element id it belongs to, or the artifact it is. */
  private open: string | undefined;
  /** Where what the tagger does is written down, while a page is drawn. */
  private recording: TagEvents | undefined;

  constructor(doc: object) {
    this.doc = doc as TaggingDoc;
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    endMarkingsFlat(doc);
  }

  /** Opens the marked content `item` is drawn in, unless the one open already fits it. */
  begin(item: { readonly structure?: StructurePath; readonly artifact?: Artifact }): void {
    const path = item.structure;
    if (path && path.length > 0) {
      if (this.open === path[path.length - 1]!.id) return;
      this.close();
      this.mark(path);
      return;
    }
    this.artifact(item.artifact ?? LAYOUT);
  }

  /** Opens an artifact sequence (decoration, running header or footer, printer's marks). */
  artifact(artifact: Artifact): void {
    if (this.open === artifactKey(artifact)) return;
    this.close();
    this.markArtifact(artifact);
  }

  /** Closes the open sequence: at the end of a page, or before drawing outside the tagged content. */
  close(): void {
    if (this.open === undefined) return;
    this.doc.endMarkedContent();
    this.open = undefined;
    this.recording?.push(CLOSE);
  }

  /** Writes down in `events` what the tagger does to the document while `draw` runs. */
  recorded(events: TagEvents, draw: () => void): void {
    this.recording = events;
    try {
      draw();
    } finally {
      this.recording = undefined;
    }
  }

  /** Does to the document what it did when `event` was recorded. */
  replay(event: TagEvent): void {
    if (event === CLOSE) this.close();
    else if ('mark' in event) this.mark(event.mark);
    else this.markArtifact(event.artifact);
  }

  /** Opens the marked content of the element at the end of `path`, its content numbered on the page (MCID). */
  private mark(path: StructurePath): void {
    const leaf = path[path.length - 1]!;
    this.element(path).add(this.doc.markStructureContent(leaf.type));
    this.open = leaf.id;
    this.recording?.push({ mark: path });
  }

  private markArtifact(artifact: Artifact): void {
    const entries = [`/Type /${artifact.type}`];
    if (artifact.subtype) entries.push(`/Subtype /${artifact.subtype}`, `/Attached [/${artifact.subtype === 'Header' ? 'Top' : 'Bottom'}]`);
    this.doc.page.markings.push({ tag: 'Artifact', options: { type: artifact.type } });
    this.doc.addContent(`/Artifact <<${entries.join(' ')}>> BDC`);
    this.open = artifactKey(artifact);
    this.recording?.push({ artifact });
  }

  /** The element a link annotation belongs to (its OBJR is added by pdfkit's annotate). */
  linkParent(item: Extract<PageItem, { kind: 'link' }>): StructureElement | undefined {
    return item.structure && item.structure.length > 0 ? this.element(item.structure) : undefined;
  }

  /** Writes a Link element out now, while its page is current, so its OBJR names the right page. */
  finishLink(element: StructureElement): void {
    element.end();
  }

  /** The element at the end of `path`, creating it and its ancestors, in reading order, when first met. */
  private element(path: readonly StructureNode[]): StructureElement {
    let parent = this.root;
    for (const node of path) {
      let element = this.elements.get(node.id);
      if (!element) {
        element = this.doc.struct(node.type, { ...(node.alt ? { alt: node.alt } : {}), ...(node.scope ? { scope: node.scope } : {}) });
        parent.add(element);
        this.elements.set(node.id, element);
      }
      parent = element;
    }
    return parent;
  }
}
