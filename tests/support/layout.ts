/** The repository's content and the stress content, loaded, composed and laid out as a build does. */
import path from 'node:path';
import { composeDeck, composeReport } from '../../src/compose/compose.js';
import { layoutDeck } from '../../src/layout/deck/deck.js';
import { layoutReport } from '../../src/layout/report/report.js';
import { reportStyles } from '../../src/layout/report/style.js';
import { loadProject, type Project } from '../../src/load/project.js';
import type { Deck, Report } from '../../src/model/document.js';
import type { LaidOutReport } from '../../src/model/pages.js';
import type { LaidOutDeck } from '../../src/model/slides.js';

export const root = path.resolve(import.meta.dirname, '../..');
export const templatesDir = path.join(root, 'templates');
export const CONTENTS = {
  real: path.join(root, 'content.yaml'),
  stress: path.join(root, 'tests/fixtures/stress/content.yaml'),
} as const;

export interface LaidOut {
  readonly project: Project;
  readonly composed: { readonly deck: Deck; readonly report: Report };
  readonly deck: LaidOutDeck;
  readonly report: LaidOutReport;
}

const cache = new Map<string, LaidOut>();

export function laidOut(contentFile: string): LaidOut {
  let result = cache.get(contentFile);
  if (!result) {
    const project = loadProject({ contentFile, templatesDir });
    const { content, theme, fonts, templates } = project;
    const composed = { deck: composeDeck(content, templates.deck), report: composeReport(content, templates.report) };
    result = {
      project,
      composed,
      deck: layoutDeck(composed.deck, theme, fonts[theme.deck.font]),
      report: layoutReport(composed.report, reportStyles(theme, fonts), theme.report.margins),
    };
    cache.set(contentFile, result);
  }
  return result;
}
