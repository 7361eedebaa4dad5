/** load: everything a build reads from disk — content, theme, templates and fonts — in one place. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Template } from '../compose/compose.js';
import { Content } from '../model/content.js';
import { DiagnosticError } from '../model/diagnostic.js';
import { Theme } from '../model/theme.js';
import { loadFonts, type FontSet } from './fonts.js';
import { parseYaml } from './yaml.js';

export interface Project {
  readonly dir: string;
  readonly content: Content;
  /** The content file's bytes: the document's identity for reproducible IDs. */
  readonly contentSource: string;
  readonly theme: Theme;
  readonly templates: { readonly deck: Template; readonly report: Template };
  readonly fonts: FontSet;
}

export interface ProjectPaths {
  readonly contentFile: string;
  /** Folder holding deck.hbs, report.hbs and theme.yaml; defaults to templates/ beside the content. */
  readonly templatesDir?: string;
}

function readText(file: string, shown: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new DiagnosticError([{ severity: 'error', file: shown, line: 0, column: 0, path: '', message: reason }]);
  }
}

export function loadProject(paths: ProjectPaths): Project {
  const contentFile = path.resolve(paths.contentFile);
  const dir = path.dirname(contentFile);
  const templatesDir = path.resolve(paths.templatesDir ?? path.join(dir, 'templates'));
  const shown = (file: string): string => path.relative(process.cwd(), file) || file;

  const contentSource = readText(contentFile, shown(contentFile));
  const content = parseYaml(Content, contentSource, shown(contentFile));
  const themeFile = path.join(templatesDir, 'theme.yaml');
  const theme = parseYaml(Theme, readText(themeFile, shown(themeFile)), shown(themeFile));
  const template = (name: string): Template => {
    const file = path.join(templatesDir, name);
    return { file: shown(file), source: readText(file, shown(file)) };
  };
  return {
    dir,
    content,
    contentSource,
    theme,
    templates: { deck: template('deck.hbs'), report: template('report.hbs') },
    fonts: loadFonts(theme, dir, shown(themeFile)),
  };
}
