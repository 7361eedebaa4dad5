/** load: everything a build reads from disk — content, theme, templates and fonts — in one place. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { followCacheSetting } from '../cache/memo.js';
import { inScriptOf, isTraditional } from '../compose/script.js';
import type { Template } from '../compose/compose.js';
import { Content, type Lang } from '../model/content.js';
import { DiagnosticError, type Diagnostic } from '../model/diagnostic.js';
import { Theme } from '../model/theme.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { loadFonts, type FontSet } from './fonts.js';
import { decodeSource, MAX_SOURCE_BYTES } from './guard.js';
import { loadImages, type LoadedImage } from './images.js';
import { readBounded, UnreadableFile, type Folders } from './read.js';
import { parseYaml, type YamlSource } from './yaml.js';

export interface Project {
  readonly dir: string;
  readonly content: Content;
  /** The content file as parsed: its text (the documents' identity) and where each value is. */
  readonly contentSource: YamlSource;
  readonly theme: Theme;
  /** The templates, their wording already in the document's script (Traditional for zh-TW, zh-HK). */
  readonly templates: { readonly deck: Template; readonly report: Template };
  readonly fonts: FontSet;
  readonly images: ReadonlyMap<string, LoadedImage>;
  /** Problems found while loading that do not stop it (bad images): reported with the checks, all at once. */
  readonly problems: readonly Diagnostic[];
}

export interface ProjectPaths {
  readonly contentFile: string;
  /** Folder holding deck.hbs, report.hbs and theme.yaml; defaults to templates/ beside the content. */
  readonly templatesDir?: string;
}

/** The default templates and theme, shipped with jianbao: a lone content.yaml builds with these. */
export const BUILT_IN_TEMPLATES = path.join(PACKAGE_ROOT, 'templates') + path.sep;

export const TEMPLATE_FILES = ['deck.hbs', 'report.hbs', 'theme.yaml'] as const;
export type TemplateFile = (typeof TEMPLATE_FILES)[number];

/** The files a project is built from (what `watch` watches). */
export function projectFiles(paths: ProjectPaths): { content: string; templatesDir: string; fontsDir: string } {
  const content = path.resolve(paths.contentFile);
  const dir = path.dirname(content);
  return { content, templatesDir: path.resolve(paths.templatesDir ?? path.join(dir, 'templates')), fontsDir: path.join(dir, 'fonts') };
}

/** The project's own template file where it has one, else the built-in one: folders override file by file. */
export function templateFile(templatesDir: string, name: TemplateFile): string {
  const own = path.join(templatesDir, name);
  return existsSync(own) ? own : path.join(BUILT_IN_TEMPLATES, name);
}

/** Paths as a person typed them: relative to the working folder where that is shorter. */
export const shown = (file: string): string => path.relative(process.cwd(), file) || file;

/** A source file of at most MAX_SOURCE_BYTES, as text; `inside` keeps templates to their folder. */
function readText(file: string, kind: string, inside?: Folders): string {
  let bytes: Buffer;
  try {
    bytes = readBounded(file, { limit: MAX_SOURCE_BYTES, kind, ...(inside ? { inside } : {}) });
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    throw new DiagnosticError([{ severity: 'error', file: shown(file), line: 0, column: 0, path: '', message: `the file ${error.message}` }]);
  }
  return decodeSource(bytes, shown(file));
}

/** A Traditional-Chinese document is set in the theme's Traditional fonts, where it names them. */
function forLanguage(theme: Theme, lang: Lang): Theme {
  return isTraditional(lang) && theme.traditionalFonts ? { ...theme, fonts: theme.traditionalFonts } : theme;
}

export function loadProject(paths: ProjectPaths): Project {
  followCacheSetting();
  const files = projectFiles(paths);
  const content = parseYaml(Content, readText(files.content, 'content files'), shown(files.content), 'content');
  const dir = path.dirname(files.content);
  // A project's own templates stay in its folder (or the --templates folder); the built-in ones are jianbao's.
  const ownTemplates = paths.templatesDir ? { folders: [files.templatesDir], name: 'the templates folder' } : { folders: [dir], name: 'the project folder' };
  const readTemplate = (file: string, kind: string): string => readText(file, kind, file.startsWith(BUILT_IN_TEMPLATES) ? undefined : ownTemplates);
  const themeFile = templateFile(files.templatesDir, 'theme.yaml');
  const theme = forLanguage(parseYaml(Theme, readTemplate(themeFile, 'themes'), shown(themeFile), 'theme').value, content.value.document.lang);
  const template = (name: TemplateFile): Template => {
    const file = templateFile(files.templatesDir, name);
    // The templates' own wording, written in Simplified characters, in the document's script: once, here.
    return { file: shown(file), source: inScriptOf(content.value.document.lang, readTemplate(file, 'templates')) };
  };
  const images = loadImages(content.value.images, content.source, dir);
  return {
    dir,
    content: content.value,
    contentSource: content.source,
    theme,
    templates: { deck: template('deck.hbs'), report: template('report.hbs') },
    fonts: loadFonts(theme, dir, shown(themeFile)),
    images: images.images,
    problems: images.problems,
  };
}
