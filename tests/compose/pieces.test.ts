/**
 * A template renders piece by piece (src/compose/compose.ts templatePieces), so that a build after an
 * edit renders again only the pieces that show what it changed: the pieces together are the markup
 * Handlebars renders of the whole template, for every event the tests build.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../src/compose/compose.js';
import { helpers } from '../../src/compose/helpers.js';
import { protectContentBreaks } from '../../src/compose/markup.js';
import { loadProject } from '../../src/load/project.js';
import type { Content } from '../../src/model/content.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const events = path.join(root, 'tests', 'events');
const contentFiles = [path.join(root, 'content.yaml'), ...readdirSync(events).map((event) => path.join(events, event, 'content.yaml'))];

const whole = Handlebars.create();
whole.registerHelper(helpers);

/** The markup Handlebars renders of a whole template. */
const renderedWhole = (source: string, content: Content): string =>
  whole.compile(source, { strict: true })(protectContentBreaks(content), { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });

describe('a template rendered piece by piece', () => {
  it.each(contentFiles.map((file) => [path.relative(root, file), file]))('renders the markup of the whole template: %s', (_name, contentFile) => {
    const { content, templates } = loadProject({ contentFile, templatesDir: path.join(root, 'templates') });
    for (const template of [templates.deck, templates.report]) {
      expect(renderTemplate(template, content)).toBe(renderedWhole(template.source, content));
    }
  });
});
