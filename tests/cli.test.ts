/** The command line as staff use it: exit codes, messages with lines, outputs left alone on failure. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let project: string;
beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', root], { cwd: root });
  project = mkdtempSync(path.join(tmpdir(), 'jianbao-cli-'));
  cpSync(path.join(root, 'templates'), path.join(project, 'templates'), { recursive: true });
  writeFileSync(path.join(project, 'content.yaml'), readFileSync(path.join(root, 'content.yaml')));
}, 60_000);

describe('jianbao build', () => {
  it('builds both files from content.yaml into out/', () => {
    const result = run(['build'], project);
    expect(result.status).toBe(0);
    expect(readdirSync(path.join(project, 'out')).sort()).toEqual(['briefing.pdf', 'briefing.pptx']);
  }, 60_000);

  it('stops on a bad content file with file:line:col, the field and no stack trace, leaving out/ untouched', () => {
    const before = readFileSync(path.join(project, 'out', 'briefing.pdf'));
    const lines = readFileSync(path.join(project, 'content.yaml'), 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes('value: 43'));
    lines[index] = lines[index]!.replace('value: 43', 'value: 四十三');
    writeFileSync(path.join(project, 'broken.yaml'), lines.join('\n'));
    const result = run(['build', 'broken.yaml'], project);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^broken\\.yaml:${index + 1}:\\d+  event\\.figures\\.0\\.value  expected number`, 'm'));
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(path.join(project, 'out', 'briefing.pdf')).equals(before)).toBe(true);
  }, 60_000);

  it('says how to use it and exits 2 on a wrong command', () => {
    const result = run(['biuld'], project);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: jianbao build');
  });
});
