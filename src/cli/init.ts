/** `jianbao init DIR`: a new event folder with a commented content.yaml skeleton and the templates. */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticError } from '../model/diagnostic.js';

/** jianbao's own folder (dist/cli/init.js → ../../). */
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function initProject(dir: string): string[] {
  const target = path.resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new DiagnosticError([{ severity: 'error', file: dir, line: 0, column: 0, path: '', message: 'the folder is not empty; init only creates new projects' }]);
  }
  mkdirSync(target, { recursive: true });
  cpSync(path.join(packageRoot, 'scaffold', 'content.yaml'), path.join(target, 'content.yaml'));
  cpSync(path.join(packageRoot, 'templates'), path.join(target, 'templates'), { recursive: true });
  cpSync(path.join(packageRoot, 'content.schema.json'), path.join(target, 'content.schema.json'));
  return ['content.yaml', 'templates/', 'content.schema.json'].map((name) => path.join(dir, name));
}
