/**
 * jianbao's pipeline, one stage per folder:
 *   load    (src/load)    content.yaml, theme and templates → validated Content, Theme, fonts
 *   check   (src/check)   references, counts and glyph coverage the schema cannot express
 *   compose (src/compose) Handlebars templates + content → document model (Deck, Report)
 *   layout  (src/layout)  fonts + document model → positioned lines, boxes and slides
 *   render  (src/render)  laid-out pages → .pdf bytes; laid-out slides → .pptx bytes
 *   write   (src/write)   atomic writes into the output folder, and the manifest
 */
import path from 'node:path';
import { deckSourceOf, keptLayout, keptOutput } from './cache/deck.js';
import { bytesDigest, cacheKey } from './cache/disk.js';
import { keepLaidOutText } from './cache/kept.js';
import { keptEdition, keptReport, reportSourceOf, type KeptReport } from './cache/report.js';
import { writeOutput } from './cache/written.js';
import { checkGlyphs } from './check/glyphs.js';
import { checkReferences } from './check/references.js';
import { checkScript } from './check/script.js';
import { composeDeck, composeReport } from './compose/compose.js';
import { withWarnings } from './layout/deck/deck.js';
import type { DeckViolation } from './layout/deck/verify.js';
import { loadProject, type Project, type ProjectPaths } from './load/project.js';
import { DiagnosticError, type Diagnostic } from './model/diagnostic.js';
import type { Deck, Report } from './model/document.js';
import type { LaidOutDeck } from './model/slides.js';
import { outputProfileFor } from './render/pdf/pdfx.js';
import { preflight } from './render/pdf/preflight.js';
import { printSetup, type PrintSetup } from './render/pdf/print.js';
import { writeAtomic } from './write/atomic.js';
import { checkDestinations } from './write/destinations.js';
import { describePdf, describePptx, type Manifest, type OutputInfo } from './write/manifest.js';

/** The deck (.pptx), the report (.pdf) and the handout of the slides (-slides.pdf). */
export type Output = 'deck' | 'report' | 'slides';

export interface BuildOptions extends ProjectPaths {
  readonly outDir: string;
  /** Base name of the outputs, e.g. `briefing` → briefing.pptx, briefing.pdf and briefing-slides.pdf. */
  readonly name?: string;
  /** Build only one of the outputs. */
  readonly only?: Output;
  /** Set each slide's speaker notes under it in the handout. */
  readonly notes?: boolean;
  /** Also write the report's print edition, `<name>-print.pdf`: CMYK, 3 mm bleed, crop marks. */
  readonly print?: boolean;
  /** Called as each stage ends, for progress lines. */
  readonly onStage?: (stage: string, ms: number) => void;
}

export interface Prepared {
  readonly project: Project;
  readonly composed: { readonly deck: Deck; readonly report: Report };
  readonly laidOut: { readonly deck: LaidOutDeck; readonly report: KeptReport };
  /** A digest of everything the deck is made from but its date (cache/deck.ts): what names its outputs. */
  readonly deckSource: string;
  /** The same of the report (cache/report.ts): what names its editions, and their file ID. */
  readonly reportSource: string;
  readonly warnings: readonly Diagnostic[];
}

export interface BuildResult {
  /** The project as this build loaded it (its theme, fonts, content). */
  readonly project: Project;
  readonly outputs: readonly OutputInfo[];
  readonly warnings: readonly Diagnostic[];
  /** Milliseconds per stage. */
  readonly timings: Readonly<Record<string, number>>;
}

/*
 * The renderers, and pdfkit and pptxgenjs with them, are loaded only when their output is built:
 * `check` and `--only` never pay for the other. HarfBuzz loads only when a subset is not on disk.
 */
const pdfRenderer = () => import('./render/pdf/render.js');
const deckRenderer = () => import('./render/pptx/render.js');
const handoutRenderer = () => import('./render/handout/render.js');

type Timer = <T>(stage: string, run: () => T | Promise<T>) => Promise<T>;

function timer(timings: Record<string, number>, onStage?: (stage: string, ms: number) => void): Timer {
  return async (stage, run) => {
    const start = performance.now();
    const result = await run();
    timings[stage] = Math.round(performance.now() - start);
    onStage?.(stage, timings[stage]);
    return result;
  };
}

/** 9999-12-31T23:59:59Z: PDF and W3CDTF (core.xml, XMP) dates have four-digit years. */
const LAST_CARRIED_SECOND = Date.UTC(9999, 11, 31, 23, 59, 59) / 1000;

/**
 * Documents carry the date from the content, else SOURCE_DATE_EPOCH (reproducible builds), else none.
 * A SOURCE_DATE_EPOCH that is not whole seconds the outputs can carry stops the build, as its
 * specification asks, instead of dating the documents wrongly.
 */
function sourceDateEpoch(): Date | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  const seconds = /^\d+$/.test(epoch) ? Number(epoch) : Number.NaN;
  if (!(seconds <= LAST_CARRIED_SECOND)) {
    throw new DiagnosticError([
      {
        severity: 'error',
        file: 'SOURCE_DATE_EPOCH',
        line: 0,
        column: 0,
        path: '',
        message: `"${epoch}" is not a date the documents can carry`,
        hint: `whole seconds since 1970-01-01T00:00:00Z, at most ${LAST_CARRIED_SECOND} (9999-12-31T23:59:59Z)`,
      },
    ]);
  }
  return new Date(seconds * 1000);
}

/**
 * Everything up to rendering: what `jianbao check` runs. Throws a DiagnosticError on any error.
 * `onDeckLaidOut` runs as soon as the deck is laid out, before the report (`preview` shows the slides).
 */
export async function prepare(
  paths: ProjectPaths,
  timed: Timer = timer({}),
  onDeckLaidOut?: (project: Project, deck: LaidOutDeck, checked: readonly Diagnostic[]) => Promise<void>,
): Promise<Prepared> {
  const project = await timed('load', () => loadProject(paths));
  const { content, theme, fonts, templates } = project;
  const problems = await timed('check', () => [
    ...project.problems,
    ...checkReferences(content, project.contentSource),
    ...checkScript(content, project.contentSource),
    ...checkGlyphs(project.contentSource, [templates.deck, templates.report], fonts),
  ]);
  if (problems.some((p) => p.severity === 'error')) throw new DiagnosticError(problems);
  const composed = await timed('compose', () => ({
    deck: composeDeck(content, templates.deck, project.images),
    report: composeReport(content, templates.report, project.images),
  }));
  const { deckSource, deckViolations, reportSource, ...laidOut } = await timed('layout', async () => {
    const deckFaces = fonts[theme.deck.font];
    const source = deckSourceOf(composed.deck, theme, deckFaces);
    // An edit the deck does not show (most are to the report's narrative) lays out the report only.
    const { deck: laidOutDeck, violations } = keptLayout(source, composed.deck, theme, deckFaces);
    const deck = withWarnings(laidOutDeck, theme, { locate: (text) => project.contentSource.locate(text) });
    await onDeckLaidOut?.(project, deck, problems);
    // An edit the report does not show (the event's message) lays out the deck only.
    const reportSource = reportSourceOf(composed.report, theme, fonts);
    const report = keptReport(reportSource, composed.report, theme, fonts);
    return { deckSource: source, deckViolations: violations, reportSource, deck, report };
  });
  const warnings = [...problems, ...laidOut.deck.warnings, ...verifyLayout(laidOut, deckViolations)];
  // The next process reads the lines broken and the slides laid out and looked at here instead of doing it again.
  keepLaidOutText();
  // Text over text or off the page is an error: nothing is written that would show it.
  if (warnings.some((p) => p.severity === 'error')) throw new DiagnosticError(warnings);
  return { project, composed, laidOut, deckSource, reportSource, warnings };
}

/**
 * A look at the laid-out deck and report (verifyDeck's violations and verifyReport's problems, kept
 * with them: cache/deck.ts, cache/report.ts), for `build` and `check` alike: every shape on its
 * slide or page, no text over other text, every text fitting its box. Layout is built to guarantee
 * this; the check says so, or says where not.
 */
function verifyLayout(laidOut: Prepared['laidOut'], deckViolations: readonly DeckViolation[]): Diagnostic[] {
  const deck = deckViolations.map((violation): Diagnostic => ({
    severity: 'warning',
    file: `slide ${violation.slide}`,
    line: 0,
    column: 0,
    path: '',
    message: violation.message,
  }));
  return [...deck, ...laidOut.report.problems];
}

/** `meta` with the date the documents carry (see sourceDateEpoch), when there is one. */
function dated<T extends { readonly date?: Date }>(meta: T): T {
  const date = meta.date ?? sourceDateEpoch();
  return date ? { ...meta, date } : meta;
}

/**
 * `check --print`: what a print shop would reject, checked on the laid-out report and on the print
 * edition rendered in memory (nothing is written).
 */
export async function preflightPrint(prepared: Prepared, file: string): Promise<Diagnostic[]> {
  const { laidOut, project, composed } = prepared;
  const setup = printSetup(project.theme);
  const { renderPdf } = await pdfRenderer();
  // Dated as `build --print` would date it, so a missing date is reported here as it is there.
  const report = laidOut.report.laidOut();
  const bytes = await renderPdf(report, project.fonts, { meta: dated(composed.report.meta), identity: 'preflight', print: setup });
  const options = { file, print: true, safetyMm: setup.safetyMm, bleedMm: setup.bleedMm };
  return [...preflight(report, options), ...preflight(bytes, options)];
}

/** PDF/X-4 requires a creation and a modification date, and we invent none (see README, Dates). */
function undatedPrintEdition(project: Project): Diagnostic {
  return {
    severity: 'error',
    file: project.contentSource.file,
    ...project.contentSource.at(['document', 'date'], 'key'),
    path: 'document.date',
    message: 'the print edition (PDF/X-4) must carry its date, and the content gives none',
    hint: 'add `date: YYYY-MM-DD` under `document:`, or set SOURCE_DATE_EPOCH',
  };
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const timed = timer(timings, options.onStage);
  const wants = (output: Output): boolean => options.only === undefined || options.only === output;
  const prepared = await prepare(options, timed);
  const { project, composed, laidOut } = prepared;
  const { theme, fonts } = project;
  if (options.print && wants('report') && !dated(composed.report.meta).date) throw new DiagnosticError([undatedPrintEdition(project)]);
  const deckFace = fonts[theme.deck.font];
  const name = options.name ?? 'briefing';
  const files = {
    deck: path.join(options.outDir, `${name}.pptx`),
    report: path.join(options.outDir, `${name}.pdf`),
    print: path.join(options.outDir, `${name}-print.pdf`),
    slides: path.join(options.outDir, `${name}-slides.pdf`),
  };

  // The report's editions, and their file ID, are made from the report and their date alone: an edit of the deck alone leaves their bytes as they were.
  const reportMeta = dated(composed.report.meta);
  const reportMadeFrom = cacheKey(prepared.reportSource, JSON.stringify(reportMeta));
  const renderReport = (print?: PrintSetup): Promise<Uint8Array> => {
    // The print edition embeds its output condition's profile, which ships with jianbao as a file.
    const profile = print && outputProfileFor(print.outputCondition.identifier);
    const from = print ? cacheKey(reportMadeFrom, 'print', profile ? bytesDigest(profile) : 'no profile') : reportMadeFrom;
    return keptEdition(print ? 'print' : 'report', from, async () => {
      const { renderPdf } = await pdfRenderer();
      return renderPdf(laidOut.report.laidOut(), fonts, { meta: reportMeta, identity: reportMadeFrom, ...(print ? { print } : {}) });
    });
  };
  // The deck's outputs are made from the deck and their date alone: an edit of the report alone leaves their bytes as they were.
  const deckMeta = dated(composed.deck.meta);
  const deckMadeFrom = cacheKey(prepared.deckSource, JSON.stringify(deckMeta));
  const notes = options.notes ?? false;
  const renderDeck = (): Promise<Uint8Array> =>
    keptOutput('pptx', deckMadeFrom, async () => {
      const { renderPptx } = await deckRenderer();
      return renderPptx(laidOut.deck, { meta: deckMeta, theme, family: { family: deckFace.regular.family, regular: deckFace.regular, bold: deckFace.bold } });
    });
  const renderSlides = (): Promise<Uint8Array> =>
    keptOutput('handout', cacheKey(deckMadeFrom, notes ? 'with notes' : 'without notes'), async () => {
      const { renderHandout } = await handoutRenderer();
      return renderHandout(laidOut.deck, { meta: deckMeta, identity: deckMadeFrom, style: { faces: deckFace, colors: theme.colors }, notes });
    });
  // Concurrently: while one output waits on its modules, HarfBuzz or compression, the others run.
  const rendered = await timed('render', async () => {
    const [pdf, printPdf, pptx, slidesPdf] = await Promise.all([
      wants('report') ? renderReport() : undefined,
      wants('report') && options.print ? renderReport(printSetup(theme)) : undefined,
      wants('deck') ? renderDeck() : undefined,
      wants('slides') ? renderSlides() : undefined,
    ]);
    return { pdf, printPdf, pptx, slidesPdf };
  });

  const manifestFile = path.join(options.outDir, 'manifest.json');
  const outputs = await timed('write', () => {
    // All or nothing: a destination that cannot be written stops the build before any file changes.
    const destinations = [rendered.pptx && files.deck, rendered.pdf && files.report, rendered.printPdf && files.print, rendered.slidesPdf && files.slides, manifestFile];
    checkDestinations(destinations.filter((file): file is string => typeof file === 'string'));
    const { pptx, pdf, printPdf, slidesPdf } = rendered;
    const written: OutputInfo[] = [];
    if (pptx) written.push(writeOutput(files.deck, pptx, () => describePptx(files.deck, pptx, laidOut.deck.slides.length)));
    if (pdf) written.push(writeOutput(files.report, pdf, () => describePdf(files.report, pdf, laidOut.report.pageCount)));
    if (printPdf) written.push(writeOutput(files.print, printPdf, () => describePdf(files.print, printPdf, laidOut.report.pageCount)));
    if (slidesPdf) written.push(writeOutput(files.slides, slidesPdf, () => describePdf(files.slides, slidesPdf, laidOut.deck.slides.length)));
    return written;
  });
  const manifest: Manifest = { generator: 'jianbao', outputs, timingsMs: timings };
  writeAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { project, outputs, warnings: prepared.warnings, timings };
}
