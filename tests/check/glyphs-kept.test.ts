/**
 * A template found to hold no character the fonts lack is kept so (check/glyphs.ts): a new process
 * does not look at its wording again. Kept by its text, so an edited template is checked anew and
 * its problems are those of a check with nothing kept.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root } from '../support/cli.js';

/** A fresh `jianbao check` process, with `env` added. */
function checkInNewProcess(contentFile: string, env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [cli, 'check', contentFile, '--quiet'], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, stderr: result.stderr };
}

describe('a template checked for glyphs by a process before', () => {
  it('is checked anew once edited, its problems at their place as with nothing kept', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-glyphs-kept-'));
    const contentFile = path.join(dir, 'content.yaml');
    copyFileSync(path.join(root, 'content.yaml'), contentFile);
    mkdirSync(path.join(dir, 'templates'));
    const deckFile = path.join(dir, 'templates', 'deck.hbs');
    const deck = readFileSync(path.join(root, 'templates', 'deck.hbs'), 'utf8');
    writeFileSync(deckFile, deck);
    const kept = { JIANBAO_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'jianbao-glyphs-cache-')) };

    expect(checkInNewProcess(contentFile, kept)).toEqual({ status: 0, stderr: '' });
    expect(checkInNewProcess(contentFile, kept)).toEqual({ status: 0, stderr: '' });

    // A character no font has, written as itself and as an entity, in the template's last slide.
    const end = deck.lastIndexOf('</slide>');
    writeFileSync(deckFile, `${deck.slice(0, end)}<p>火箭🚀 &#x1F681;</p>${deck.slice(end)}`);
    const edited = checkInNewProcess(contentFile, kept);
    expect(edited.status).toBe(1);
    expect(edited.stderr).toMatch(/deck\.hbs:\d+:\d+ +U\+1F680 🚀 has no glyph/);
    expect(edited.stderr).toMatch(/deck\.hbs:\d+:\d+ +U\+1F681 🚁 has no glyph/);
    expect(edited.stderr).toBe(checkInNewProcess(contentFile, { JIANBAO_NO_CACHE: '1' }).stderr);
    expect(checkInNewProcess(contentFile, kept).stderr).toBe(edited.stderr);

    writeFileSync(deckFile, deck);
    expect(checkInNewProcess(contentFile, kept)).toEqual({ status: 0, stderr: '' });
  }, 300_000);
});
