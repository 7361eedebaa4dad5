import { describe, expect, it } from 'vitest';
import { MarkupError, type MarkupNode, parseMarkup, protectContentBreaks, rootChildren, textOf } from '../../src/compose/markup.js';

describe('template markup', () => {
  it('joins lines broken in the template without inserting spaces into Chinese', () => {
    const root = parseMarkup('<p>\n  科学之城\n  创新高地\n</p>');
    expect(textOf(root)).toBe('科学之城创新高地');
  });

  it('decodes what Handlebars escapes, so content shows exactly as written', () => {
    const root = parseMarkup('<p title="A &amp; B &#x3D; &quot;C&quot;">&lt;b&gt; &#x27;x&#x27; &#x60;</p>');
    expect(root.attrs.title).toBe('A & B = "C"');
    expect(textOf(root)).toBe("<b> 'x' `");
  });

  it('reports a tag that is never closed with its line', () => {
    expect(() => parseMarkup('<deck>\n<slide title="x">\n</deck>')).toThrow(MarkupError);
    try {
      parseMarkup('<deck>\n<slide title="x">\n</deck>');
    } catch (error) {
      expect((error as MarkupError).line).toBe(3);
    }
  });
});

/** An element of markup without the lines it is at. */
const withoutLines = (node: MarkupNode): unknown =>
  typeof node === 'string' ? node : { name: node.name, attrs: node.attrs, children: node.children.map(withoutLines) };

describe('a deck read slide by slide', () => {
  const deck = '<deck>\n<slide title="一">\n  <p>甲</p>\n  <notes><p>乙</p></notes>\n</slide>\n<!-- 注 -->\n<slide title="二"><figures><figure value="1" unit="个" label="项目"/></figures></slide>\n<slide title="三"/>\n</deck>\n';

  it('gives the markup of each slide, which reads as the slide does in place', () => {
    const outline = rootChildren(deck);
    expect(outline?.root).toBe('deck');
    const inPlace = parseMarkup(deck).children.filter((child) => typeof child !== 'string');
    // Lines count from the slide's own first line: they only place a mistake, which is told from the whole markup.
    expect(outline?.children.map((source) => withoutLines(parseMarkup(source)))).toEqual(inPlace.map(withoutLines));
  });

  it('gives none for markup whose root holds text, or whose tags do not pair up: it is read whole, and its mistakes told', () => {
    expect(rootChildren('<deck>文字<slide title="一"/></deck>')).toBeUndefined();
    expect(rootChildren('<deck><slide title="一"></deck>')).toBeUndefined();
    expect(rootChildren('<deck><slide title="一"/></dek>')).toBeUndefined();
    expect(rootChildren('<deck/><deck/>')).toBeUndefined();
  });
});

describe('whitespace of content and of markup', () => {
  /** Markup as a template renders it: content (its breaks protected) inside template wording. */
  const rendered = (content: string): string => `<p>\n  开头\n  ${protectContentBreaks(content)}\n  结尾\n</p>`;

  it('keeps a line break written in the content, and still joins the markup’s own lines', () => {
    expect(textOf(parseMarkup(rendered('IBM Watson\nBuild')))).toBe('开头IBM Watson\nBuild结尾');
    expect(textOf(parseMarkup(rendered('一\r\n二\r三')))).toBe('开头一\n二\n三结尾');
  });

  it('sets a tab as a space and a run of spaces as one, with none left beside a line break', () => {
    expect(textOf(parseMarkup(rendered('two  spaces\tand tab \n next')))).toBe('开头two spaces and tab\nnext结尾');
  });

  it('sets typographic spaces as a space or, where they must not break, a no-break space', () => {
    expect(textOf(parseMarkup('<p>1\u202F000 a\u2009b\u205Fc\u1680d\u2000e\uFEFFf</p>'))).toBe('1\u00A0000 a b c d ef');
  });

  it('refuses an entity no document can hold', () => {
    for (const entity of ['&#0;', '&#xB;', '&#xFFFE;', '&#xDC00;', '&#x110000;']) {
      expect(() => parseMarkup(`<p>${entity}</p>`), entity).toThrow(MarkupError);
    }
  });
});
