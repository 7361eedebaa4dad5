/**
 * An edit only the deck shows (the event's message) leaves the report made from what it was made
 * from before: a build writes its two editions (the report and its print edition) again as they
 * were — kept whole in the process (`watch`) and on disk (a fresh `jianbao build`), neither laid
 * out nor rendered again — byte for byte what a build with nothing remembered writes. Its file ID
 * is a digest of what the report is made from, so the deck's edits do not change it. An edit the
 * report shows makes a report of its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli } from './support/cli.js';
import { projectWithPicture } from './support/picture.js';

const REPORT = 'briefing.pdf';
const PRINT = 'briefing-print.pdf';
const DECK = 'briefing.pptx';
const HANDOUT = 'briefing-slides.pdf';

/** How often the report was laid out, and its editions rendered, in this process (the modules below, counted). */
const counted = vi.hoisted(() => ({ layouts: 0, renders: 0 }));

vi.mock('../src/layout/report/report.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/layout/report/report.js')>();
  return {
    ...original,
    layoutReport: (...args: Parameters<typeof original.layoutReport>) => {
      counted.layouts++;
      return original.layoutReport(...args);
    },
  };
});

// The report's editions are opened here (the handout's too, as an edition of its own): renderPdf itself, loaded by build on use, cannot be counted.
vi.mock('../src/render/pdf/document.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/render/pdf/document.js')>();
  return {
    ...original,
    openPdf: (...args: Parameters<typeof original.openPdf>) => {
      if (args[0].edition === 'standard' || args[0].edition === 'print') counted.renders++;
      return original.openPdf(...args);
    },
  };
});

/** An edit of one line: `addition` at the end of the first line `line` finds. */
function edited(content: string, line: RegExp, addition: string): string {
  const result = content.replace(line, (_, head: string, text: string) => `${head}${text}${addition}`);
  expect(result).not.toBe(content);
  return result;
}

/** The event's message, which only the deck shows. */
const messageEdit = (content: string, draft: number): string => edited(content, /^( {2}message: )(.*)$/m, `（第${draft}稿）`);
/** The narrative's first paragraph, which only the report shows. */
const paragraphEdit = (content: string, draft: number): string => edited(content, /^(\s*paragraphs:\n\s*- )(.*)$/m, `（第${draft}稿）`);
/** The first project's name, which both show. */
const nameEdit = (content: string, draft: number): string => edited(content, /^(projects:\n\s*- id: .*\n\s*name: )(.*)$/m, `（第${draft}稿）`);

const SOURCE_DATE_EPOCH = '1600128000';

/** A fresh `jianbao build --print --quiet` process: the outputs it wrote, by file name. */
function builtByCli(contentFile: string, env: NodeJS.ProcessEnv): Map<string, Buffer> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-report-reuse-'));
  const result = spawnSync(process.execPath, [cli, 'build', contentFile, '--out', outDir, '--print', '--quiet'], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH, ...env },
  });
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
  return new Map(readdirSync(outDir).filter((name) => name !== 'manifest.json').map((name) => [name, readFileSync(path.join(outDir, name))]));
}

const same = (a: Map<string, Buffer>, b: Map<string, Buffer>, file: string): boolean => a.get(file)!.equals(b.get(file)!);

describe('the report and its print edition in fresh processes', () => {
  it('are written again as they were after an edit only the deck shows, and anew after edits the report shows, as a build with nothing remembered writes them', () => {
    const { contentFile, content } = projectWithPicture();
    const kept = { JIANBAO_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'jianbao-cache-')) };
    const nothingKept = { JIANBAO_NO_CACHE: '1' };
    const first = builtByCli(contentFile, kept);

    writeFileSync(contentFile, messageEdit(content, 2));
    const deckEdited = builtByCli(contentFile, kept);
    const deckEditedAlone = builtByCli(contentFile, nothingKept);
    for (const file of [REPORT, PRINT]) {
      expect(same(deckEdited, first, file), file).toBe(true);
      expect(same(deckEditedAlone, first, file), file).toBe(true);
    }
    for (const file of [DECK, HANDOUT]) expect(same(deckEdited, first, file), file).toBe(false);

    for (const edit of [paragraphEdit, nameEdit]) {
      writeFileSync(contentFile, edit(messageEdit(content, 2), 3));
      const reportEdited = builtByCli(contentFile, kept);
      const reportEditedAlone = builtByCli(contentFile, nothingKept);
      for (const file of [REPORT, PRINT]) {
        expect(same(reportEdited, first, file), `${edit.name} ${file}`).toBe(false);
        expect(same(reportEdited, reportEditedAlone, file), `${edit.name} ${file}`).toBe(true);
      }
    }
  }, 600_000);
});

describe('the report kept whole', () => {
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-cache-'));
    vi.stubEnv('JIANBAO_CACHE_DIR', cacheDir);
    vi.stubEnv('SOURCE_DATE_EPOCH', SOURCE_DATE_EPOCH);
  });
  afterEach(() => vi.unstubAllEnvs());

  /** jianbao's modules as a new process has them, remembering nothing but what is on disk. */
  const newProcess = async (): Promise<typeof import('../src/build.js')> => {
    vi.resetModules();
    return import('../src/build.js');
  };

  /** What a build with `--print` wrote, by file name, and how often it laid out and rendered the report. */
  const built = async (jianbao: typeof import('../src/build.js'), contentFile: string): Promise<{ outputs: Map<string, Buffer>; layouts: number; renders: number }> => {
    Object.assign(counted, { layouts: 0, renders: 0 });
    const result = await jianbao.build({ contentFile, outDir: mkdtempSync(path.join(tmpdir(), 'jianbao-report-reuse-')), print: true });
    const outputs = new Map(result.outputs.map((output) => [path.basename(output.file), readFileSync(output.file)]));
    return { outputs, ...counted };
  };

  it('is neither laid out nor rendered after an edit only the deck shows, in a new process and in the same one', async () => {
    const { contentFile, content } = projectWithPicture();
    const first = await built(await newProcess(), contentFile);
    expect([first.layouts, first.renders]).toEqual([1, 2]);

    writeFileSync(contentFile, messageEdit(content, 2));
    const jianbao = await newProcess();
    const inNewProcess = await built(jianbao, contentFile);
    expect([inNewProcess.layouts, inNewProcess.renders]).toEqual([0, 0]);
    writeFileSync(contentFile, messageEdit(content, 3));
    const inSameProcess = await built(jianbao, contentFile);
    expect([inSameProcess.layouts, inSameProcess.renders]).toEqual([0, 0]);
    for (const file of [REPORT, PRINT]) {
      expect(same(inNewProcess.outputs, first.outputs, file), file).toBe(true);
      expect(same(inSameProcess.outputs, first.outputs, file), file).toBe(true);
    }

    // An edit the report shows lays it out and renders both editions again.
    writeFileSync(contentFile, paragraphEdit(messageEdit(content, 3), 4));
    const reportEdited = await built(jianbao, contentFile);
    expect([reportEdited.layouts, reportEdited.renders]).toEqual([1, 2]);
    expect(same(reportEdited.outputs, first.outputs, REPORT)).toBe(false);
  }, 600_000);

  it('is laid out only when asked for, as `check` counts its pages and `check --print` checks them', async () => {
    const { contentFile, content } = projectWithPicture();
    const unedited = await newProcess();
    const first = await unedited.prepare({ contentFile });
    const pages = first.laidOut.report.laidOut().pages.length;
    const printProblems = await unedited.preflightPrint(first, 'briefing-print.pdf');

    writeFileSync(contentFile, messageEdit(content, 2));
    const jianbao = await newProcess();
    Object.assign(counted, { layouts: 0, renders: 0 });
    const prepared = await jianbao.prepare({ contentFile });
    expect(prepared.laidOut.report.pageCount).toBe(pages);
    expect(prepared.warnings).toEqual(first.warnings);
    expect(counted.layouts).toBe(0);
    expect(await jianbao.preflightPrint(prepared, 'briefing-print.pdf')).toEqual(printProblems);
    expect(counted.layouts).toBe(1);
    expect(prepared.laidOut.report.laidOut().pages).toHaveLength(pages);
  }, 600_000);
});
