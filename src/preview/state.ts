/**
 * What the page shows, sent whole to it after every build: the slides and report pages drawn as
 * SVG, the speaker notes, the problems with their code frames, and the fonts to draw with.
 */
import { createHash } from 'node:crypto';
import type { Prepared } from '../build.js';
import type { Project } from '../load/project.js';
import type { LaidOutDeck } from '../model/slides.js';
import { DiagnosticPrinter } from '../cli/print.js';
import type { FontSet } from '../load/fonts.js';
import type { Lang } from '../model/content.js';
import { formatDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { FaceUse, type FontLink, type FontSubsets, type ServedFont } from './fonts.js';
import { previewPage } from './page.js';
import { pageSvg } from './pages.js';
import { slideSvg } from './slides.js';
import { ContentScalars, type ContentSource } from './source.js';

export interface PreviewProblem {
  readonly severity: 'error' | 'warning';
  /** `content.yaml:160:5  projects.0.investr  unknown key "investr"` */
  readonly headline: string;
  /** As the command line prints it: the headline, the line with a caret under the column, the hint. */
  readonly frame: string;
}

/**
 * A slide or page drawn: `key` is a hash of its markup. After a page has the whole state once, it is
 * sent the markup only of drawings whose key it has not seen (see `onlyNew`).
 */
export interface Drawn {
  readonly key: string;
  readonly svg?: string;
}

export interface Drawing {
  readonly slides: readonly (Drawn & { readonly notes: string })[];
  readonly pages: readonly Drawn[];
  readonly fonts: readonly FontLink[];
  /** The family the page's own text is set in: the deck's regular face. */
  readonly uiFamily: string;
  /**
   * The content scalars drawn texts come from, by their path (a text's `data-source`): a slide
   * keeps its markup when lines above its scalars move, and the page finds their new place here.
   */
  readonly sources: Readonly<Record<string, ContentSource>>;
}

type SlidesDrawn = Pick<Drawing, 'slides' | 'sources'>;

export interface PreviewState {
  /** Counts builds; the page shows a state once. */
  readonly version: number;
  /** False when the last build failed: the drawing is the last good one, stale. */
  readonly ok: boolean;
  /** False while a build has sent only its slides: its report pages and layout warnings follow. */
  readonly complete: boolean;
  readonly contentFile: string;
  /** The document's language: the page's wording is in its script. */
  readonly lang: Lang;
  readonly buildMs: number;
  readonly drawing: Drawing | undefined;
  readonly problems: readonly PreviewProblem[];
}

/**
 * Draws builds. The page's own wording, the notes and the problems are set in the deck's regular
 * face too (a machine without a Chinese font shows them all the same), so its subset holds them.
 */
export class Drawer {
  private last: { readonly fonts: FontSet; readonly uiFace: string } | undefined;
  /** The characters drawn in each face, in this build and every earlier one. */
  private readonly use = new FaceUse();
  private served: readonly ServedFont[] = [];

  constructor(private readonly subsets: FontSubsets) {}

  /** The deck last drawn, and its drawing: the slides are drawn once per build though shown twice. */
  private slidesOf: { readonly deck: LaidOutDeck; readonly drawn: SlidesDrawn } | undefined;

  /** A build's slides, drawn before its report is laid out, with the pages of the drawing shown before. */
  async drawDeck(project: Project, deck: LaidOutDeck, shown: Drawing, problems: readonly PreviewProblem[]): Promise<Drawing> {
    return this.finish(project, { ...this.drawSlides(project, deck), pages: shown.pages }, problems);
  }

  async draw(prepared: Prepared, problems: readonly PreviewProblem[]): Promise<Drawing> {
    const { project, laidOut } = prepared;
    const report = laidOut.report.laidOut();
    const pages = report.pages.map((page) => drawn(pageSvg(page, report, this.use.familyOf)));
    return this.finish(project, { ...this.drawSlides(project, laidOut.deck), pages }, problems);
  }

  private drawSlides(project: Project, deck: LaidOutDeck): SlidesDrawn {
    if (this.slidesOf?.deck === deck) return this.slidesOf.drawn;
    const { theme, fonts, contentSource } = project;
    const scalars = new ContentScalars(contentSource);
    const sources = new Map<string, ContentSource>();
    const sourceOf = (text: string): string | undefined => {
      const found = scalars.sourceOf(text);
      if (found) sources.set(found.path, found);
      return found?.path;
    };
    const slideDrawing = { faces: fonts[theme.deck.font], colors: theme.colors, familyOf: this.use.familyOf, sourceOf };
    const slides = deck.slides.map((slide) => ({ ...drawn(slideSvg(slide, deck, slideDrawing)), notes: slide.notes.join('\n') }));
    const result = { slides, sources: Object.fromEntries(sources) };
    this.slidesOf = { deck, drawn: result };
    return result;
  }

  /** The drawing with the page's own font: the deck's regular face, holding the page's wording, the notes, sources and problems. */
  private async finish(project: Project, drawing: SlidesDrawn & Pick<Drawing, 'pages'>, problems: readonly PreviewProblem[]): Promise<Drawing> {
    const { fonts, theme } = project;
    const uiFace = fonts[theme.deck.font].regular.key;
    const uiTexts = [
      previewPage(project.content.document.lang),
      ...drawing.slides.map((slide) => slide.notes),
      ...Object.values(drawing.sources).flatMap((source) => [source.lineText, source.path]),
      ...problems.map((problem) => problem.frame),
    ];
    for (const text of uiTexts) this.use.familyOf(uiFace, text);
    this.last = { fonts, uiFace };
    return { ...drawing, fonts: await this.serve(fonts), uiFamily: this.use.familyOf(uiFace, '') };
  }

  /** The font files the latest drawing names, by their URL. */
  files(): ReadonlyMap<string, Buffer> {
    return new Map(this.served.map((font) => [font.url, font.bytes]));
  }

  private async serve(fonts: FontSet): Promise<FontLink[]> {
    this.served = await this.subsets.serve(fonts, this.use);
    return this.served.map(({ bytes: _bytes, ...link }) => link);
  }

  /** After a failed build: the last good drawing, its page font now also holding the problems' characters. */
  async keep(drawing: Drawing | undefined, problems: readonly PreviewProblem[]): Promise<Drawing | undefined> {
    if (!drawing || !this.last) return drawing;
    const { fonts, uiFace } = this.last;
    for (const problem of problems) this.use.familyOf(uiFace, problem.frame);
    return { ...drawing, fonts: await this.serve(fonts) };
  }
}

const drawn = (svg: string): Drawn => ({ key: createHash('sha256').update(svg).digest('base64url').slice(0, 22), svg });

/** The state with the markup left out of every slide and page drawn as one of `known`: the page has it. */
export function onlyNew(state: PreviewState, known: ReadonlySet<string>): PreviewState {
  if (!state.drawing) return state;
  const strip = <T extends Drawn>(item: T): T => (known.has(item.key) ? { ...item, svg: undefined } : item);
  return { ...state, drawing: { ...state.drawing, slides: state.drawing.slides.map(strip), pages: state.drawing.pages.map(strip) } };
}

/** The keys of every slide and page a state draws. */
export function drawnKeys(state: PreviewState): Set<string> {
  return new Set([...(state.drawing?.slides ?? []), ...(state.drawing?.pages ?? [])].map((item) => item.key));
}

export function toProblems(diagnostics: readonly Diagnostic[]): PreviewProblem[] {
  // A printer per report: it caches the files' lines, and they change between builds.
  const printer = new DiagnosticPrinter();
  return diagnostics.map((diagnostic) => ({ severity: diagnostic.severity, headline: formatDiagnostic(diagnostic), frame: printer.format(diagnostic) }));
}
