import { describe, expect, it } from 'vitest';
import { MarkupError, parseMarkup, textOf } from '../../src/compose/markup.js';

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
