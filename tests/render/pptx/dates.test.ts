/**
 * Any date a document can carry builds: ZIP entries hold only 1980–2107, so their dates are clamped
 * while the document keeps its true date; a SOURCE_DATE_EPOCH no document can carry is refused.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { parseDocument } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { build } from '../../../src/build.js';
import { DiagnosticError } from '../../../src/model/diagnostic.js';
import { meta, renderSlides, textBox } from './decks.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** The document's created date and the dates of its ZIP entries (all the same). */
async function datesOf(pptx: Uint8Array): Promise<{ created: string | undefined; entries: string[] }> {
  const zip = await JSZip.loadAsync(pptx);
  const core = await zip.file('docProps/core.xml')!.async('string');
  return {
    created: /<dcterms:created[^>]*>([^<]*)</.exec(core)?.[1],
    entries: [...new Set(Object.values(zip.files).map((entry) => entry.date.toISOString()))],
  };
}

/** A project folder holding the repository's content with `document.date` set, or removed. */
function project(date: string | undefined): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-dates-'));
  cpSync(path.join(root, 'templates'), path.join(dir, 'templates'), { recursive: true });
  const content = parseDocument(readFileSync(path.join(root, 'content.yaml'), 'utf8'));
  if (date === undefined) content.deleteIn(['document', 'date']);
  else content.setIn(['document', 'date'], date);
  writeFileSync(path.join(dir, 'content.yaml'), content.toString());
  return path.join(dir, 'content.yaml');
}

async function buildBytes(contentFile: string): Promise<{ pptx: Buffer; pdf: Buffer }> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-dates-out-'));
  await build({ contentFile, outDir });
  return { pptx: readFileSync(path.join(outDir, 'briefing.pptx')), pdf: readFileSync(path.join(outDir, 'briefing.pdf')) };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('document dates', () => {
  it.each([
    ['1979-12-31', '1980-01-01T00:00:00.000Z'],
    ['2108-01-01', '2107-12-31T23:59:58.000Z'],
    ['0000-01-01', '1980-01-01T00:00:00.000Z'],
    ['9999-12-31', '2107-12-31T23:59:58.000Z'],
  ])('%s: the deck keeps it, its ZIP entries are dated %s', async (day, entryDate) => {
    const deck = await renderSlides([{ shapes: [textBox(0.5, '日期')], notes: [] }], { ...meta, date: new Date(`${day}T00:00:00Z`) });
    expect(await datesOf(deck)).toEqual({ created: `${day}T00:00:00Z`, entries: [entryDate] });
  });

  it.each([
    ['year 10000', new Date('+010000-01-01T00:00:00Z'), /year 10000 cannot be a document date \(years 0000–9999 only\)/],
    ['an invalid date', new Date(Number.NaN), /an invalid date cannot be a document date/],
  ])('%s, which no document can carry, stops the deck with an error saying why', async (_label, date, message) => {
    await expect(renderSlides([{ shapes: [textBox(0.5, '日期')], notes: [] }], { ...meta, date })).rejects.toThrow(message);
  });

  it('a build of content dated 1979-12-31 writes both documents', async () => {
    const { pptx, pdf } = await buildBytes(project('1979-12-31'));
    expect((await datesOf(pptx)).created).toBe('1979-12-31T00:00:00Z');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 60_000);

  it('SOURCE_DATE_EPOCH=0 (1970) builds, the same bytes twice', async () => {
    vi.stubEnv('SOURCE_DATE_EPOCH', '0');
    const contentFile = project(undefined);
    const first = await buildBytes(contentFile);
    const second = await buildBytes(contentFile);
    expect(first.pptx.equals(second.pptx)).toBe(true);
    expect(first.pdf.equals(second.pdf)).toBe(true);
    expect(await datesOf(first.pptx)).toEqual({ created: '1970-01-01T00:00:00Z', entries: ['1980-01-01T00:00:00.000Z'] });
  }, 60_000);

  it.each(['253402300800', '1e9', '-1'])('SOURCE_DATE_EPOCH=%s stops the build with an error naming it, writing nothing', async (epoch) => {
    vi.stubEnv('SOURCE_DATE_EPOCH', epoch);
    const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-dates-out-'));
    const built = build({ contentFile: project(undefined), outDir });
    await expect(built).rejects.toBeInstanceOf(DiagnosticError);
    await expect(built).rejects.toThrow(/^SOURCE_DATE_EPOCH {2}"[^"]+" is not a date the documents can carry$/);
    expect(existsSync(path.join(outDir, 'briefing.pptx')) || existsSync(path.join(outDir, 'briefing.pdf'))).toBe(false);
  }, 60_000);
});
