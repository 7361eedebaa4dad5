/**
 * Paragraphs broken by earlier processes, kept on disk (cache/disk.ts) in one entry, so that a new
 * process does not break again (cold, shaping with fontkit) the paragraphs a build before it broke.
 * The entry is named by everything the breaking is computed with but the paragraph: the text
 * engine's own code, the packages it measures and breaks with, and Unicode's version; each
 * paragraph in it by its spans (each face by a digest of its font's bytes), sizes and measure. An
 * entry is used only for exactly that input, so it cannot change an output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheKey, installedVersion, readCached, writeCached } from '../../cache/disk.js';
import { fontDigest } from '../../cache/fonts.js';
import type { Line, PlacedRun, Span } from './types.js';

/** A line as kept: each run's style given as the index of the span it is the style of. */
export interface KeptLine extends Omit<Line, 'runs'> {
  readonly runs: readonly (Omit<PlacedRun, 'style'> & { readonly style: number })[];
}

const KIND = 'paragraphs';
/** Paragraphs kept at most, the most recently broken: a long report and its deck break a few thousand. */
const KEPT_PARAGRAPHS = 8000;

let entryKey: string | undefined;

/** The entry's name: this folder's code (and the font work the engine measures through), fontkit, linebreak and Unicode. */
function keptEntryKey(): string {
  if (entryKey !== undefined) return entryKey;
  const here = fileURLToPath(import.meta.url);
  const folder = path.dirname(here);
  const code = readdirSync(folder)
    .filter((name) => path.extname(name) === path.extname(here))
    .sort()
    .map((name) => readFileSync(path.join(folder, name)));
  const fontWork = readFileSync(fileURLToPath(new URL(`../../cache/fonts${path.extname(here)}`, import.meta.url)));
  entryKey = cacheKey('broken paragraphs', ...code, fontWork, installedVersion('fontkit'), installedVersion('linebreak'), process.versions.unicode ?? '');
  return entryKey;
}

let kept: Map<string, readonly KeptLine[]> | undefined;
/** Paragraphs broken since the entry was read: the entry is written again with them, once a process. */
let added = false;
let written = false;

function keptParagraphs(): Map<string, readonly KeptLine[]> {
  if (kept) return kept;
  const stored = readCached(KIND, keptEntryKey());
  kept = new Map(stored ? (JSON.parse(stored.toString('utf8')) as [string, KeptLine[]][]) : []);
  return kept;
}

/**
 * The name of a paragraph among those kept, or undefined when a face of it has no bytes to name
 * it by (a face made for a test).
 */
export function keptParagraphKey(spans: readonly Span[], spanOf: (span: Span) => number, options: readonly unknown[]): string | undefined {
  const faces: string[] = [];
  for (const { style } of spans) {
    if (!style.face.data) return undefined;
    faces.push(fontDigest(style.face.data));
  }
  return JSON.stringify([spans.map((span, index) => [spanOf(span), span.style.face.key, faces[index], span.style.size, span.text]), options]);
}

export function keptParagraph(key: string): readonly KeptLine[] | undefined {
  return keptParagraphs().get(key);
}

/** What a kept run holds: a run with anything else (or a number JSON cannot carry) is not kept. */
const RUN_FIELDS = new Set(['text', 'style', 'x', 'width', 'letterSpacing', 'features']);
const keepable = (line: KeptLine): boolean =>
  Number.isFinite(line.width) && line.runs.every((run) => Object.keys(run).every((field) => RUN_FIELDS.has(field)) && Number.isFinite(run.x) && Number.isFinite(run.width) && Number.isFinite(run.letterSpacing));

export function keepParagraph(key: string, lines: readonly KeptLine[]): void {
  if (!lines.every(keepable)) return;
  const paragraphs = keptParagraphs();
  paragraphs.delete(key);
  paragraphs.set(key, lines);
  if (paragraphs.size > KEPT_PARAGRAPHS) paragraphs.delete(paragraphs.keys().next().value!);
  added = true;
}

/**
 * Writes the entry with the paragraphs broken since it was read. Once a process: `watch` keeps its
 * own in memory, and writing after every edit would cost each rebuild more than it saves the next process.
 */
export function keepBrokenParagraphs(): void {
  if (!added || written || !kept) return;
  writeCached(KIND, keptEntryKey(), Buffer.from(JSON.stringify([...kept]), 'utf8'));
  written = true;
}
