/** Every XML part of a deck is well-formed, whatever the document's fields hold; a part that is not never gets written. */
import JSZip from 'jszip';
import pptxgenjs from 'pptxgenjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentMeta } from '../../../src/model/document.js';
import { finishPptx } from '../../../src/render/pptx/finish.js';
import { assertWellFormed } from '../../../src/render/pptx/well-formed.js';
import { decodeEntities } from '../../../src/render/pptx/xml.js';
import { family, hasValidator, meta, renderSlides, table, textBox, validatePptx } from './decks.js';

// pptxgenjs's types describe a CommonJS default export; under ESM the default import is the class itself.
const PptxGenJS = pptxgenjs as unknown as typeof pptxgenjs.default;
const HOSTILE = `科学城 & 高新区 <局> "引号" '单引号'`;
const hostileMeta: DocumentMeta = { ...meta, title: `简报 ${HOSTILE}`, author: HOSTILE, subject: `主题 ${HOSTILE}` };

describe('well-formed XML', () => {
  let deck: Uint8Array;
  let zip: JSZip;

  beforeAll(async () => {
    deck = await renderSlides(
      [
        {
          shapes: [
            textBox(0.5, HOSTILE),
            table(1.5, [[HOSTILE, '1 < 2 & 3 > 2']]),
            { kind: 'chart', x: 0.6, y: 3.5, w: 8, h: 3, title: HOSTILE, seriesName: HOSTILE, labels: [HOSTILE, '<b>'], values: [1, 2], size: 12 },
          ],
          notes: [HOSTILE],
        },
      ],
      hostileMeta,
    );
    zip = await JSZip.loadAsync(deck);
  });

  it('holds document fields with & < > " \' as they were written', async () => {
    const app = await zip.file('docProps/app.xml')!.async('string');
    expect(decodeEntities(/<Company>([^<]*)<\/Company>/.exec(app)?.[1] ?? '')).toBe(HOSTILE);
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(decodeEntities(/<dc:creator>([^<]*)<\/dc:creator>/.exec(core)?.[1] ?? '')).toBe(HOSTILE);
    expect(decodeEntities(/<dc:title>([^<]*)<\/dc:title>/.exec(core)?.[1] ?? '')).toBe(hostileMeta.title);
    for (const name of Object.keys(zip.files).filter((part) => /\.(?:xml|rels)$/.test(part))) {
      const xml = await zip.file(name)!.async('string');
      expect(() => assertWellFormed(xml), name).not.toThrow();
    }
  });

  it.skipIf(!hasValidator)('passes validate-pptx --powerpoint', () => {
    const { findings, summary } = validatePptx(deck, '--powerpoint');
    expect(findings).toEqual([]);
    expect(summary).toMatch(/ 0 errors$/);
  });

  it('a family name with & < > " \' is escaped wherever the deck names it, and embedded', async () => {
    const odd = await renderSlides([{ shapes: [textBox(0.5, '正文')], notes: [] }], meta, { ...family, family: `Noto & "Sans" <SC>` });
    const oddZip = await JSZip.loadAsync(odd);
    const theme = await oddZip.file('ppt/theme/theme1.xml')!.async('string');
    expect(theme).toContain('<a:latin typeface="Noto &amp; &quot;Sans&quot; &lt;SC&gt;"/>');
    expect(await oddZip.file('ppt/presentation.xml')!.async('string')).toContain('<p:font typeface="Noto &amp; &quot;Sans&quot; &lt;SC&gt;"');
  });

  it('stops the deck with an internal error naming a part that is not well-formed', async () => {
    const pptx = new PptxGenJS();
    pptx.company = HOSTILE; // written into docProps/app.xml unescaped
    pptx.addSlide().addText('正文', { x: 1, y: 1, w: 4, h: 1 });
    const raw = (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
    await expect(finishPptx(raw, { families: [family] })).rejects.toThrow(/internal error: part docProps\/app\.xml is not well-formed XML: '&' that starts no entity/);
  });
});

describe('the well-formedness check', () => {
  const WELL_FORMED = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<a:root xmlns:a="urn:a" b=\'1 &amp; 2\'><a:x/><!-- note --><?pi data?><![CDATA[<&>]]>&#x4E2D;&#25991;&lt;&gt;&quot;&apos;</a:root>\n',
    '<r>西部（重庆）科学城 𠀀</r>',
  ];
  const NOT_WELL_FORMED: Record<string, string> = {
    'a bare &': '<r>A & B</r>',
    'an unknown entity': '<r>&nbsp;</r>',
    '< in an attribute': '<r a="<"/>',
    'an unquoted attribute': '<r a=1/>',
    'a repeated attribute': '<r a="1" a="2"/>',
    'attributes without space between': '<r a="1"b="2"/>',
    'crossed elements': '<r><a><b></a></b></r>',
    'an unclosed element': '<r><a></r>',
    'two roots': '<r/><r/>',
    'text after the root': '<r/>x',
    'no root': '<?xml version="1.0"?>',
    'a control character': '<r>\u0001</r>',
    'a reference to NUL': '<r>&#0;</r>',
    'a lone surrogate': '<r>\uD800</r>',
    ']]> in text': '<r>]]></r>',
    'a DOCTYPE': '<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>',
    '-- in a comment': '<r><!-- a -- b --></r>',
    'a declaration not at the start': '<r><?xml version="1.0"?></r>',
  };

  it('accepts well-formed XML', () => {
    for (const xml of WELL_FORMED) expect(() => assertWellFormed(xml), xml).not.toThrow();
  });

  it.each(Object.entries(NOT_WELL_FORMED))('rejects %s', (_what, xml) => {
    expect(() => assertWellFormed(xml)).toThrow(/line \d+/);
  });
});
