/** Tagged PDF: the structure tree follows the content, and everything drawn is tagged or an artifact. */
import { beforeAll, describe, expect, it } from 'vitest';
import { paginate, type Slice } from '../../../src/layout/report/flow.js';
import type { PageItem } from '../../../src/model/pages.js';
import { PdfFile, PdfRef, nameOf, operations, textString, type PdfDict, type PdfValue } from '../../../src/render/pdf/inspect.js';
import { has, laidOut, render, run, tempFile } from './fixture.js';

interface Element {
  readonly type: string;
  readonly dict: PdfDict;
  readonly children: Element[];
  /** Marked content of this element: page object number and MCID. */
  readonly content: { page: number; mcid: number }[];
  /** Annotations (OBJR) with the page they name. */
  readonly objects: { page: number; annotation: number }[];
}

function structureTree(pdf: PdfFile): Element {
  const root = pdf.dict(pdf.dict(pdf.trailer.get('Root'))!.get('StructTreeRoot'))!;
  const walk = (dict: PdfDict): Element => {
    const element: Element = { type: nameOf(dict.get('S')) ?? 'StructTreeRoot', dict, children: [], content: [], objects: [] };
    const page = dict.get('Pg') instanceof PdfRef ? (dict.get('Pg') as PdfRef).num : -1;
    const kids = pdf.resolve(dict.get('K'));
    for (const kid of Array.isArray(kids) ? kids : kids === undefined ? [] : [kids]) {
      if (typeof kid === 'number') element.content.push({ page, mcid: kid });
      else {
        const child = pdf.dict(kid as PdfValue)!;
        const type = nameOf(child.get('Type'));
        if (type === 'MCR') element.content.push({ page: (child.get('Pg') as PdfRef).num, mcid: child.get('MCID') as number });
        else if (type === 'OBJR') element.objects.push({ page: (child.get('Pg') as PdfRef).num, annotation: (child.get('Obj') as PdfRef).num });
        else element.children.push(walk(child));
      }
    }
    return element;
  };
  return walk(root);
}

const flatten = (element: Element): Element[] => [element, ...element.children.flatMap(flatten)];

let bytes: Buffer;
let pdf: PdfFile;
let tree: Element;
let pageNumbers: number[];

beforeAll(async () => {
  bytes = await render({ compress: false });
  pdf = new PdfFile(bytes);
  tree = structureTree(pdf);
  pageNumbers = (pdf.resolve(pdf.dict(pdf.dict(pdf.trailer.get('Root'))!.get('Pages'))!.get('Kids')) as PdfRef[]).map((ref) => ref.num);
}, 60_000);

describe('the structure tree', () => {
  it('marks the document as tagged, in Chinese', () => {
    const catalog = pdf.dict(pdf.trailer.get('Root'))!;
    expect(pdf.dict(catalog.get('MarkInfo'))?.get('Marked')).toBe(true);
    expect(catalog.get('Lang')).toBe('zh-CN');
    expect(tree.children.map((c) => c.type)).toEqual(['Document']);
  });

  it('has a section per chapter, each opening with its H1, in the order of the outline', () => {
    const sections = tree.children[0]!.children;
    expect(sections.every((s) => s.type === 'Sect')).toBe(true);
    expect(sections.map((s) => s.children[0]?.type)).toEqual(sections.map(() => 'H1'));
    const { report } = laidOut();
    // Cover, contents, then one Sect per chapter, as many as the outline has top-level entries.
    expect(sections).toHaveLength(report.outline.length + 1);
  });

  it('uses the standard types for what the report shows', () => {
    const types = new Set(flatten(tree).map((e) => e.type));
    for (const type of ['H1', 'H2', 'H3', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'Figure', 'BlockQuote', 'TOC', 'TOCI', 'Link']) expect(types).toContain(type);
  });

  it('gives figures replacement text and header cells their scope', () => {
    const elements = flatten(tree);
    const figures = elements.filter((e) => e.type === 'Figure');
    expect(figures.length).toBeGreaterThan(0);
    const alts = figures.map((f) => textString(f.dict.get('Alt')));
    expect(alts).toContain('签约项目：43个');
    expect(alts.every((alt) => typeof alt === 'string' && alt.length > 0)).toBe(true);
    const scopes = elements.filter((e) => e.type === 'TH').map((th) => nameOf(pdf.dict(th.dict.get('A'))?.get('Scope')));
    expect(new Set(scopes)).toEqual(new Set(['Column', 'Row']));
  });

  it('puts each list item\'s label before its body', () => {
    for (const item of flatten(tree).filter((e) => e.type === 'LI')) expect(item.children.map((c) => c.type)).toEqual(['Lbl', 'LBody']);
  });

  it('keeps a paragraph broken over a page as one P, with content on both pages', () => {
    const split = flatten(tree).filter((e) => e.type === 'P' && new Set(e.content.map((c) => c.page)).size > 1);
    expect(split.length).toBeGreaterThan(0);
    const pages = split[0]!.content.map((c) => pageNumbers.indexOf(c.page));
    expect(pages[pages.length - 1]).toBe(pages[0]! + 1);
  });

  it('ties each contents link annotation to its Link element on the page that holds it (pdfkit names the last page)', () => {
    const links = flatten(tree).filter((e) => e.type === 'Link');
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) {
      expect(link.objects).toHaveLength(1);
      const annotation = link.objects[0]!;
      const page = pageNumbers.find((num) => {
        const annots = pdf.resolve(pdf.dict(new PdfRef(num, 0))!.get('Annots'));
        return Array.isArray(annots) && annots.some((a) => a instanceof PdfRef && a.num === annotation.annotation);
      });
      expect(annotation.page).toBe(page);
      expect(link.content[0]?.page).toBe(page);
    }
  });

  it('has every MCID of every page in the parent tree, pointing back at its element', () => {
    const root = pdf.dict(pdf.dict(pdf.trailer.get('Root'))!.get('StructTreeRoot'))!;
    const nums = pdf.dict(root.get('ParentTree'))!.get('Nums') as PdfValue[];
    const parentTree = new Map<number, PdfValue>();
    for (let i = 0; i < nums.length; i += 2) parentTree.set(nums[i] as number, pdf.resolve(nums[i + 1]) as PdfValue);
    const owner = new Map<string, number>();
    const objectNumber = new Map<PdfDict, number>();
    for (const [num, object] of pdf.objects) if (object.value instanceof Map) objectNumber.set(object.value, num);
    for (const element of flatten(tree)) for (const c of element.content) owner.set(`${c.page}:${c.mcid}`, objectNumber.get(element.dict)!);
    for (const num of pageNumbers) {
      const page = pdf.dict(new PdfRef(num, 0))!;
      const key = page.get('StructParents');
      if (typeof key !== 'number') continue;
      const entries = parentTree.get(key) as PdfRef[];
      entries.forEach((entry, mcid) => expect(entry.num).toBe(owner.get(`${num}:${mcid}`)));
    }
  });
});

describe('marked content', () => {
  it('draws nothing outside marked content: every text and path is tagged or an artifact', () => {
    for (const page of pdf.pages()) {
      let depth = 0;
      for (const { operator } of operations(page.content)) {
        if (operator === 'BDC' || operator === 'BMC') depth++;
        else if (operator === 'EMC') depth--;
        else if (['TJ', 'Tj', 'f', 'S', 're'].includes(operator)) expect(depth).toBeGreaterThan(0);
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth).toBe(0);
    }
  });

  it('marks running headers and footers as pagination artifacts with their subtype (pdfkit drops Subtype)', () => {
    const raw = bytes.toString('latin1');
    const pages = laidOut().report.pages.length;
    expect(raw.match(/\/Artifact <<\/Type \/Pagination \/Subtype \/Header \/Attached \[\/Top\]>> BDC/g)).toHaveLength(pages - 1);
    expect(raw.match(/\/Artifact <<\/Type \/Pagination \/Subtype \/Footer \/Attached \[\/Bottom\]>> BDC/g)).toHaveLength(pages - 1);
    expect(raw).toContain('/Artifact <</Type /Layout>> BDC');
  });

  it('shows headings and paragraphs in reading order to pdfinfo -struct-text', () => {
    if (!has('pdfinfo')) return;
    const text = run('pdfinfo', ['-struct-text', tempFile(bytes)]);
    const order = ['"概况"', '"基本情况"', '"定位"', '"签约构成"', '"招商引资见成效"', 'H1 (block)\n      "签约项目"', '"平安建投大健康产业园"', '"五个科学"', '"五个科技"'];
    const positions = order.map((heading) => text.indexOf(heading, text.indexOf('Sect\n    H1 (block)\n      "概况"')));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toMatch(/H1 \(block\)\n\s+"招商引资见成效"\n\s+P \(block\)\n\s+"6家世界500强企业加盟"/);
    expect(text).toContain('"招商引资是科学城建设的“奠基石”。');
    // Page furniture is not read: the running title appears once, on the cover.
    expect(text.match(/西部（重庆）科学城2020线上智博会招商签约成果/g)).toHaveLength(1);
  }, 60_000); // poppler re-reads the page for every marked-content sequence: about 5 s
});

describe('layout records roles', () => {
  it('turns a table header repeated on a continuation page into an artifact', () => {
    const th: PageItem = { kind: 'text', x: 0, y: 10, runs: [], color: '000000', structure: [{ type: 'Table', id: 't' }, { type: 'TR', id: 't.1' }, { type: 'TH', id: 't.1.1' }] };
    const header: Slice = { height: 20, items: [th], spaceBefore: 0, keepWithNext: true };
    const rows: Slice[] = Array.from({ length: 8 }, (_, i) => ({
      height: 20,
      spaceBefore: 0,
      keepWithNext: false,
      repeatOnBreak: header,
      items: [{ ...th, structure: [{ type: 'Table', id: 't' }, { type: 'TR', id: `t.${i + 2}` }, { type: 'TD', id: `t.${i + 2}.1` }] }],
    }));
    const pages = paginate([header, ...rows], 0, 100);
    expect(pages.length).toBeGreaterThan(1);
    const repeated = pages[1]![0] as Extract<PageItem, { kind: 'text' }>;
    expect(repeated.structure).toBeUndefined();
    expect(repeated.artifact).toEqual({ type: 'Pagination' });
    expect((pages[0]![0] as Extract<PageItem, { kind: 'text' }>).structure?.at(-1)?.type).toBe('TH');
  });

  it('tags every text item of the report but the page furniture', () => {
    const { report } = laidOut();
    for (const page of report.pages) {
      for (const item of page.items) {
        if (item.kind !== 'text') continue;
        if (item.artifact) expect(item.artifact.type).toBe('Pagination');
        else expect(item.structure?.length).toBeGreaterThan(0);
      }
    }
  });
});
