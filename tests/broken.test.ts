/**
 * The broken-content corpus (tests/broken, regenerate with `node tests/broken/generate.mjs`): every
 * file must fail with exit 1, name its file and the expected line, print no stack trace, and leave
 * an earlier build's out/ byte-for-byte as it was.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const corpus = path.join(root, 'tests', 'broken');
const cases = readdirSync(corpus).filter((name) => name.endsWith('.yaml')).sort();

interface Run {
  readonly status: number | null;
  readonly stderr: string;
  readonly ms: number;
}

function run(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { cwd });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stderr, ms: performance.now() - start }));
  });
}

const hashes = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).sort().map((name) => [name, createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex')]));

let project: string;
let before: Record<string, string>;
const results = new Map<string, Run>();

beforeAll(async () => {
  project = mkdtempSync(path.join(tmpdir(), 'jianbao-broken-'));
  cpSync(path.join(root, 'templates'), path.join(project, 'templates'), { recursive: true });
  cpSync(path.join(root, 'scaffold', 'content.yaml'), path.join(project, 'content.yaml'));
  expect((await run(['build', '--quiet'], project)).status).toBe(0);
  before = hashes(path.join(project, 'out'));
  // A file over the size limit is made here rather than kept in the repository.
  writeFileSync(path.join(project, 'huge.yaml'), `document:\n  title: "${'长'.repeat(4 * 1024 * 1024)}"\n`);
  const all = [...cases.map((name) => path.join(corpus, name)), path.join(project, 'huge.yaml')];
  // Two at a time: the machine has two cores.
  for (let i = 0; i < all.length; i += 2) {
    const pair = all.slice(i, i + 2);
    const runs = await Promise.all(pair.map((file) => run(['build', file, '--out', 'out', '--templates', 'templates', '--quiet'], project)));
    pair.forEach((file, k) => results.set(path.basename(file), runs[k]!));
  }
}, 180_000);

describe('broken content', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s fails at the right line with a readable message', (name) => {
    const [, line, text] = /^# expect: (\d+)  (.*)$/m.exec(readFileSync(path.join(corpus, name), 'utf8'))!;
    const result = results.get(name)!;
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${name.replace(/\./g, '\\.')}:${line}:\\d+ `));
    expect(result.stderr).toContain(text);
    expect(result.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
  });

  it('refuses a file over the size limit without reading it into the parser', () => {
    const result = results.get('huge.yaml')!;
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/huge\.yaml {2}the file is 12\.0 MB; content files may be at most 1 MB/);
  });

  it('left the earlier build in out/ exactly as it was', () => {
    expect(hashes(path.join(project, 'out'))).toEqual(before);
  });
});
