/**
 * What the page shows, sent whole to it after every build: the slides and report pages drawn as
 * SVG, the speaker notes, the problems with their code frames, and the fonts to draw with.
 */
import type { Prepared } from '../build.js';
import { DiagnosticPrinter } from '../cli/print.js';
import type { FontSet } from '../load/fonts.js';
import type { YamlSource } from '../load/yaml.js';
import type { Lang } from '../model/content.js';
import { formatDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { FaceUse, type FontLink, type FontSubsets, type ServedFont } from './fonts.js';
import { previewPage } from './page.js';
import { pageSvg } from './pages.js';
import { slideSvg } from './slides.js';

export interface PreviewProblem {
  readonly severity: 'error' | 'warning';
  /** `content.yaml:160:5  projects.0.investr  unknown key "investr"` */
  readonly headline: string;
  /** As the command line prints it: the headline, the line with a caret under the column, the hint. */
  readonly frame: string;
}

export interface Drawing {
  readonly slides: readonly { readonly svg: string; readonly notes: string }[];
  readonly pages: readonly string[];
  readonly fonts: readonly FontLink[];
  /** The family the page's own text is set in: the deck's regular face. */
  readonly uiFamily: string;
  /** The content file's lines that drawn texts point at (`data-line`), by line number. */
  readonly sourceLines: Readonly<Record<number, string>>;
}

export interface PreviewState {
  /** Counts builds; the page shows a state once. */
  readonly version: number;
  /** False when the last build failed: the drawing is the last good one, stale. */
  readonly ok: boolean;
  readonly contentFile: string;
  /** The document's language: the page's wording is in its script. */
  readonly lang: Lang;
  readonly buildMs: number;
  readonly drawing: Drawing | undefined;
  readonly problems: readonly PreviewProblem[];
}

/** Characters of a text looked up in the content file: enough to be unique, short enough to survive template wording after it. */
const LOOKED_UP = 12;

/**
 * The content line a drawn text comes from. A text shorter than LOOKED_UP must be a whole content
 * string: a template's heading such as 类型 also occurs inside some sentence of the content.
 */
function sourceLineOf(source: YamlSource, drawn: string): number | undefined {
  const text = drawn.trim();
  if ([...text].length >= LOOKED_UP) return source.locate([...text].slice(0, LOOKED_UP).join(''))?.line;
  const whole = text === '' ? undefined : source.strings().find((string) => string.value.trim() === text);
  return whole && source.linePos(whole.offset).line;
}

/**
 * Draws builds. The page's own wording, the notes and the problems are set in the deck's regular
 * face too (a machine without a Chinese font shows them all the same), so its subset holds them.
 */
export class Drawer {
  private last: { readonly fonts: FontSet; readonly use: FaceUse; readonly uiFace: string } | undefined;
  private served: readonly ServedFont[] = [];

  constructor(private readonly subsets: FontSubsets) {}

  async draw(prepared: Prepared, problems: readonly PreviewProblem[]): Promise<Drawing> {
    const { project, laidOut } = prepared;
    const { theme, fonts, contentSource } = project;
    const use = new FaceUse();
    const sourceLines: Record<number, string> = {};
    const contentLines = contentSource.text.split(/\r?\n/);
    const lineOf = (text: string): number | undefined => {
      const line = sourceLineOf(contentSource, text);
      if (line !== undefined) sourceLines[line] = contentLines[line - 1] ?? '';
      return line;
    };
    const deckFaces = fonts[theme.deck.font];
    const slideDrawing = { faces: deckFaces, colors: theme.colors, familyOf: use.familyOf, lineOf };
    const slides = laidOut.deck.slides.map((slide) => ({ svg: slideSvg(slide, laidOut.deck, slideDrawing), notes: slide.notes.join('\n') }));
    const pages = laidOut.report.pages.map((page) => pageSvg(page, laidOut.report, use.familyOf));
    const uiText = [previewPage(project.content.document.lang), ...slides.map((slide) => slide.notes), ...Object.values(sourceLines), ...problems.map((problem) => problem.frame)].join('');
    const uiFamily = use.familyOf(deckFaces.regular.key, uiText);
    this.last = { fonts, use, uiFace: deckFaces.regular.key };
    return { slides, pages, fonts: await this.serve(fonts, use), uiFamily, sourceLines };
  }

  /** The font files the latest drawing names, by their URL. */
  files(): ReadonlyMap<string, Buffer> {
    return new Map(this.served.map((font) => [font.url, font.bytes]));
  }

  private async serve(fonts: FontSet, use: FaceUse): Promise<FontLink[]> {
    this.served = await this.subsets.serve(fonts, use);
    return this.served.map(({ family, url }) => ({ family, url }));
  }

  /** After a failed build: the last good drawing, its page font now also holding the problems' characters. */
  async keep(drawing: Drawing | undefined, problems: readonly PreviewProblem[]): Promise<Drawing | undefined> {
    if (!drawing || !this.last) return drawing;
    const { fonts, use, uiFace } = this.last;
    use.familyOf(uiFace, problems.map((problem) => problem.frame).join(''));
    return { ...drawing, fonts: await this.serve(fonts, use) };
  }
}

export function toProblems(diagnostics: readonly Diagnostic[]): PreviewProblem[] {
  // A printer per report: it caches the files' lines, and they change between builds.
  const printer = new DiagnosticPrinter();
  return diagnostics.map((diagnostic) => ({ severity: diagnostic.severity, headline: formatDiagnostic(diagnostic), frame: printer.format(diagnostic) }));
}
