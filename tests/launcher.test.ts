/**
 * bin/jianbao, the command `npm run build` and the installed `jianbao` run: which Node program it
 * starts, found by the shell alone, and what of the environment it leaves out.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './support/cli.js';

const launcher = path.join(root, 'bin', 'jianbao');
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

/** `sh -x bin/jianbao --version` as `command` (a path to the launcher), with `env` added: its output and the line it exec'd. */
function traced(command: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string; started: string } {
  const result = spawnSync('/bin/sh', ['-x', command, '--version'], { encoding: 'utf8', env: { ...process.env, ...env } });
  const started = result.stderr.split('\n').find((line) => line.includes('exec node')) ?? '';
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr, started };
}

describe('bin/jianbao', () => {
  it('finds its package and the snapshot with nothing but Node on the PATH', () => {
    const onlyNode = mkdtempSync(path.join(tmpdir(), 'jianbao-path-'));
    symlinkSync(process.execPath, path.join(onlyNode, 'node'));
    const run = traced(launcher, { PATH: onlyNode });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(version);
    expect(run.started).toContain(`JIANBAO_ROOT=${root} exec node`);
    expect(run.started).toContain(`--snapshot-blob ${path.join(root, 'dist', 'jianbao.blob')}`);
  });

  it('runs through a relative symlink, as npm links node_modules/.bin/jianbao', () => {
    const bin = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-bin-')), 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(path.relative(bin, launcher), path.join(bin, 'jianbao'));
    const run = traced(path.join(bin, 'jianbao'));
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(version);
    expect(run.started).toContain(`JIANBAO_ROOT=${root} exec node`);
  });

  it('runs the compiled CLI instead of a snapshot another Node made', () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'jianbao-copy-'));
    for (const item of ['package.json', 'bin', 'dist']) cpSync(path.join(root, item), path.join(copy, item), { recursive: true });
    symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
    // The mark of the Node that made it: one second older than this Node.
    const olderNode = statSync(process.execPath).mtimeMs / 1000 - 1;
    utimesSync(path.join(copy, 'dist', 'jianbao.blob.node'), olderNode, olderNode);
    const run = traced(path.join(copy, 'bin', 'jianbao'));
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(version);
    expect(run.started).toContain(`exec node`);
    expect(run.started).toContain(path.join(copy, 'dist', 'cli.js'));
    expect(run.started).not.toContain('--snapshot-blob');
  }, 60_000);

  it('starts Node without the certificates NODE_EXTRA_CA_CERTS names (jianbao opens no connection)', () => {
    const missing = path.join(tmpdir(), 'jianbao-no-such-certificates.pem');
    // Node itself warns that it cannot read them; jianbao never asks it to.
    expect(spawnSync(process.execPath, ['-e', '0'], { encoding: 'utf8', env: { ...process.env, NODE_EXTRA_CA_CERTS: missing } }).stderr).toContain(missing);
    const run = spawnSync(launcher, ['--version'], { encoding: 'utf8', env: { ...process.env, NODE_EXTRA_CA_CERTS: missing } });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(version);
  });
});

