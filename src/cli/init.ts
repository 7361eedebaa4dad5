/** `jianbao init DIR`: a new event folder with a commented content.yaml skeleton and the templates. */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticError } from '../model/diagnostic.js';
import { PACKAGE_ROOT } from '../package-root.js';


export function initProject(dir: string): string[] {
  const target = path.resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new DiagnosticError([{ severity: 'error', file: dir, line: 0, column: 0, path: '', message: 'the folder is not empty; init only creates new projects' }]);
  }
  mkdirSync(target, { recursive: true });
  cpSync(path.join(PACKAGE_ROOT, 'scaffold', 'content.yaml'), path.join(target, 'content.yaml'));
  cpSync(path.join(PACKAGE_ROOT, 'templates'), path.join(target, 'templates'), { recursive: true });
  cpSync(path.join(PACKAGE_ROOT, 'content.schema.json'), path.join(target, 'content.schema.json'));
  return ['content.yaml', 'templates/', 'content.schema.json'].map((name) => path.join(dir, name));
}
