/** Building with `print: true`: both editions from one build, from content with markup characters in its title. */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, preflightPrint, prepare } from '../../src/build.js';
import { PdfFile, textString } from '../../src/render/pdf/inspect.js';
import { preflight } from '../../src/render/pdf/preflight.js';
import { has, root, run } from '../render/pdf/fixture.js';

const TITLE = '西部（重庆）科学城 R&D <成果> "简报"';
let outDir: string;
let contentFile: string;
const epoch = process.env.SOURCE_DATE_EPOCH;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-print-'));
  const content = readFileSync(path.join(root, 'content.yaml'), 'utf8').replace(/^( {2}title: ).*$/m, `$1'${TITLE}'`);
  expect(content).toContain(TITLE);
  contentFile = path.join(dir, 'content.yaml');
  writeFileSync(contentFile, content);
  outDir = path.join(dir, 'out');
  process.env.SOURCE_DATE_EPOCH = '1590537600'; // 2020-05-27
  await build({ contentFile: path.join(dir, 'content.yaml'), templatesDir: path.join(root, 'templates'), outDir, print: true });
}, 60_000);

afterAll(() => {
  if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = epoch;
});

const xmpOf = (pdf: PdfFile): string => Buffer.from(pdf.decode(pdf.object(pdf.dict(pdf.trailer.get('Root'))!.get('Metadata'))!)).toString('utf8');

describe('build({ print: true })', () => {
  it('writes the print edition next to the standard one', () => {
    expect(readdirSync(outDir).filter((f) => f.endsWith('.pdf')).sort()).toEqual(['briefing-print.pdf', 'briefing-slides.pdf', 'briefing.pdf']);
  });

  it('escapes the title in both editions\' XMP and keeps it equal to the info dictionary', () => {
    for (const file of ['briefing.pdf', 'briefing-print.pdf']) {
      const pdf = new PdfFile(readFileSync(path.join(outDir, file)));
      const xmp = xmpOf(pdf);
      expect(xmp).toContain('<rdf:li xml:lang="x-default">西部（重庆）科学城 R&amp;D &lt;成果&gt; &quot;简报&quot;</rdf:li>');
      expect(textString(pdf.resolve(pdf.dict(pdf.trailer.get('Info'))!.get('Title')))).toBe(TITLE);
      expect(xmp).toContain('<xmp:CreateDate>2020-05-27T00:00:00Z</xmp:CreateDate>');
      expect(xmp).toContain('<xmp:ModifyDate>2020-05-27T00:00:00Z</xmp:ModifyDate>');
      if (has('xmllint')) expect(() => run('xmllint', ['--noout', '-'], Buffer.from(xmp))).not.toThrow();
    }
  });

  it('gives a print edition that passes preflight and a standard one that is no print file', () => {
    const printFile = readFileSync(path.join(outDir, 'briefing-print.pdf'));
    expect(preflight(printFile, { file: 'briefing-print.pdf', print: true })).toEqual([]);
    expect(preflight(readFileSync(path.join(outDir, 'briefing.pdf')), { file: 'briefing.pdf', print: true }).length).toBeGreaterThan(0);
  });
});

describe('an undated print edition', () => {
  /** Runs `body` with SOURCE_DATE_EPOCH unset: the repository's content.yaml has no date of its own. */
  const undated = async (body: () => Promise<void>): Promise<void> => {
    delete process.env.SOURCE_DATE_EPOCH;
    try {
      await body();
    } finally {
      process.env.SOURCE_DATE_EPOCH = '1590537600';
    }
  };

  it('is refused by build --print at document.date, before anything is written (PDF/X-4 needs dates)', async () => {
    const elsewhere = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-undated-')), 'out');
    await undated(async () => {
      await expect(build({ contentFile, templatesDir: path.join(root, 'templates'), outDir: elsewhere, print: true })).rejects.toMatchObject({
        diagnostics: [expect.objectContaining({ severity: 'error', path: 'document.date', hint: expect.stringContaining('SOURCE_DATE_EPOCH') })],
      });
    });
    expect(existsSync(elsewhere)).toBe(false);
  }, 60_000);

  it('is reported by check --print as a print shop would, and passes once SOURCE_DATE_EPOCH dates it', async () => {
    const prepared = await prepare({ contentFile, templatesDir: path.join(root, 'templates') });
    expect(await preflightPrint(prepared, 'briefing-print.pdf')).toEqual([]);
    await undated(async () => {
      const messages = (await preflightPrint(prepared, 'briefing-print.pdf')).map((d) => d.message);
      expect(messages).toEqual(['PDF/X-4: no creation date (CreationDate, xmp:CreateDate)', 'PDF/X-4: no modification date (ModDate, xmp:ModifyDate)']);
    });
  }, 60_000);
});
