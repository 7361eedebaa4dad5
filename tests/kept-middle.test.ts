/**
 * What a build keeps on disk for the next one between loading and rendering (src/cache/kept.ts,
 * src/compose/kept-markup.ts): each template's markup with the content fields it read, the deck's
 * slides, the texts' measures, and the texts found drawable. A new process after a one-line edit
 * takes what the edit did not touch from there; its outputs and its problems are those of a build
 * with nothing kept, whichever part of the content the edit is in.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';
import { editableContent } from './support/kept.js';

interface Built {
  readonly status: number | null;
  readonly stderr: string;
  /** The bytes of every file the build wrote, by name (the manifest left out: it holds timings). */
  readonly files: Map<string, Buffer>;
}

/** A fresh `jianbao build` process, with `env` added. */
function buildInNewProcess(contentFile: string, env: NodeJS.ProcessEnv, command = 'build'): Built {
  const outDir = mkdtempSync(path.join(tmpdir(), 'jianbao-kept-'));
  const result = spawnSync(process.execPath, [cli, command, contentFile, ...(command === 'build' ? ['--out', outDir] : []), '--quiet'], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1600128000', ...env },
  });
  const outputs = readdirSync(outDir).filter((name) => name !== 'manifest.json');
  return { status: result.status, stderr: result.stderr, files: new Map(outputs.map((name) => [name, readFileSync(path.join(outDir, name))])) };
}

const sameBytes = (a: Map<string, Buffer>, b: Map<string, Buffer>): boolean =>
  a.size === b.size && [...a].every(([name, bytes]) => b.get(name)?.equals(bytes) === true);

/** The first paragraph of the narrative (only the report shows it), and the event's message (the deck shows it too). */
const REPORT_PARAGRAPH = /^(\s*paragraphs:\n\s*- )(.*)$/m;
const EVENT_MESSAGE = /^(\s*message: )(.*)$/m;

describe('a new process after a one-line edit, with what the build before it kept', () => {
  it('writes the bytes of a build with nothing kept, whether the edit is in a text only the report shows or one the deck shows', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-kept-cache-'));
    const kept = { JIANBAO_CACHE_DIR: cacheDir };
    const nothingKept = { JIANBAO_NO_CACHE: '1' };
    const content = editableContent();
    expect(buildInNewProcess(content.file, kept).status).toBe(0);
    // The markup of both templates, the slides, the measures and the texts found drawable are kept.
    expect(readdirSync(cacheDir).filter((kind) => ['markup', 'deck-slides', 'measures', 'drawable-texts'].includes(kind)).sort()).toEqual([
      'deck-slides',
      'drawable-texts',
      'markup',
      'measures',
    ]);
    expect(readdirSync(path.join(cacheDir, 'markup'))).toHaveLength(2);

    content.edit(REPORT_PARAGRAPH, '（第2稿）');
    const reportEdited = buildInNewProcess(content.file, kept);
    expect(reportEdited.stderr).toBe('');
    expect(sameBytes(reportEdited.files, buildInNewProcess(content.file, nothingKept).files)).toBe(true);

    content.edit(EVENT_MESSAGE, '（第3稿）');
    const deckEdited = buildInNewProcess(content.file, kept);
    expect(deckEdited.stderr).toBe('');
    expect(deckEdited.files.get('briefing.pptx')!.equals(reportEdited.files.get('briefing.pptx')!)).toBe(false);
    expect(sameBytes(deckEdited.files, buildInNewProcess(content.file, nothingKept).files)).toBe(true);
  }, 300_000);

  it('reports a character no font has, at its place, as a check with nothing kept does', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'jianbao-kept-cache-'));
    const content = editableContent();
    expect(buildInNewProcess(content.file, { JIANBAO_CACHE_DIR: cacheDir }, 'check').status).toBe(0);
    // A character every font lacks, in a paragraph whose other characters were all found drawable.
    content.edit(REPORT_PARAGRAPH, '🚀');
    const checked = buildInNewProcess(content.file, { JIANBAO_CACHE_DIR: cacheDir }, 'check');
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain('U+1F680 🚀 has no glyph in');
    expect(checked.stderr).toBe(buildInNewProcess(content.file, { JIANBAO_NO_CACHE: '1' }, 'check').stderr);
  }, 300_000);
});
