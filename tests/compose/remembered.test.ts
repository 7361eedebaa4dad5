/**
 * A rebuild in the same process (`watch`) reads again only the markup an edit changed: after an
 * edit of the report's narrative, which the deck does not show, the deck is the very document the
 * build before it read; after an edit the deck shows, a new one with the edit.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeDeck, composeReport } from '../../src/compose/compose.js';
import { loadProject } from '../../src/load/project.js';
import type { Content } from '../../src/model/content.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('composing again in the same process', () => {
  const project = loadProject({ contentFile: path.join(root, 'content.yaml'), templatesDir: path.join(root, 'templates') });
  const { content, templates } = project;
  const [lead, ...rest] = content.sections;
  const narrativeEdited: Content = { ...content, sections: [{ ...lead!, paragraphs: [`${lead!.paragraphs[0]}（第2稿）`, ...lead!.paragraphs.slice(1)] }, ...rest] };
  const messageEdited: Content = { ...content, event: { ...content.event, message: `${content.event.message}（第3稿）` } };

  it('keeps the deck it read when the edit is one the deck does not show, and reads the report again', () => {
    const deck = composeDeck(content, templates.deck);
    expect(composeDeck(narrativeEdited, templates.deck)).toBe(deck);
    const report = JSON.stringify(composeReport(narrativeEdited, templates.report));
    expect(report).toContain('（第2稿）');
    expect(report).not.toBe(JSON.stringify(composeReport(content, templates.report)));
  });

  it('reads the deck again when the edit is one it shows', () => {
    const deck = composeDeck(content, templates.deck);
    const edited = composeDeck(messageEdited, templates.deck);
    expect(edited).not.toBe(deck);
    expect(JSON.stringify(edited)).toContain('（第3稿）');
  });
});
