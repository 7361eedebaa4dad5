/** Running the compiled command line the way staff do, in a project folder of its own. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const cli = path.join(root, 'dist', 'cli.js');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): CliRun {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A project folder of its own with the repository's content and templates. */
export function newProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jianbao-cli-'));
  cpSync(path.join(root, 'templates'), path.join(dir, 'templates'), { recursive: true });
  writeFileSync(path.join(dir, 'content.yaml'), readFileSync(path.join(root, 'content.yaml')));
  return dir;
}

/** A lone copy of the repository's content.yaml, in a folder of its own (it builds with the built-in templates). */
export function loneContent(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'jianbao-content-')), 'content.yaml');
  copyFileSync(path.join(root, 'content.yaml'), file);
  return file;
}

/** A fresh `jianbao build` process writing into `outDir`, dated (SOURCE_DATE_EPOCH), with `env` added: it must succeed and say nothing. */
export function quietBuild(contentFile: string, outDir: string, env: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync(process.execPath, [cli, 'build', contentFile, '--out', outDir, '--quiet'], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1600128000', ...env },
  });
  if (result.stderr !== '' || result.status !== 0) throw new Error(`jianbao build exited ${result.status}: ${result.stderr}`);
}
