/**
 * A build in a fresh process after a one-line edit starts from what the build before it kept on
 * disk (the content's parse, the fonts' digests: load/yaml.ts, load/fonts.ts). Its outputs, and its
 * problems with their places, must be exactly those of a build that keeps nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newProject, run } from '../support/cli.js';

const OUTPUTS = ['briefing.pdf', 'briefing.pptx', 'briefing-slides.pdf'];

describe('a fresh process after a one-line edit', () => {
  const dir = newProject();
  const contentFile = path.join(dir, 'content.yaml');
  const original = readFileSync(contentFile, 'utf8');
  const cached = { ...process.env, JIANBAO_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'jianbao-cold-edit-cache-')) };
  const uncached = { ...process.env, JIANBAO_NO_CACHE: '1' };
  const build = (text: string, out: string, env: NodeJS.ProcessEnv): ReturnType<typeof run> => {
    writeFileSync(contentFile, text);
    return run(['build', 'content.yaml', '--out', out, '--quiet'], dir, env);
  };

  it('writes the bytes a build that keeps nothing writes', () => {
    expect(build(original, 'before', cached).stderr).toBe('');
    // The bench's edit: a few characters more in the first paragraph of the narrative.
    const edited = original.replace('是顺应全球科技革命和城市化浪潮', '是顺应全球科技革命和城市化浪潮（第二稿）');
    expect(edited).not.toBe(original);
    expect(build(edited, 'kept', cached).stderr).toBe('');
    expect(build(edited, 'afresh', uncached).stderr).toBe('');
    for (const output of OUTPUTS) {
      expect(readFileSync(path.join(dir, 'kept', output)).equals(readFileSync(path.join(dir, 'afresh', output))), output).toBe(true);
    }
  }, 300_000);

  it('reports a problem the edit brings at its file, line and column', () => {
    expect(build(original, 'before', cached).stderr).toBe('');
    const edited = original.replace('lang: zh-CN', 'lang: zh-XX');
    const line = edited.slice(0, edited.indexOf('lang: zh-XX')).split('\n').length;
    const column = edited.split('\n')[line - 1]!.indexOf('zh-XX') + 1;
    const kept = build(edited, 'kept', cached);
    expect(kept.status).not.toBe(0);
    expect(kept.stderr).toContain(`content.yaml:${line}:${column}`);
    expect(kept.stderr).toBe(build(edited, 'afresh', uncached).stderr);
  }, 300_000);
});
