/**
 * Where a text drawn on a slide comes from in content.yaml: the string scalar it was made from,
 * found by value, not by searching the file. Templates only copy content strings into their
 * wording, so a drawn text either is a scalar, holds scalars among the template's words, or is a
 * piece of a long scalar the layout split; anything else is the templates' own wording.
 */
import { normaliseCharacters } from '../compose/markup.js';
import type { PathKey, YamlSource } from '../load/yaml.js';

/** What the page shows for a clicked text. */
export interface ContentSource {
  readonly line: number;
  readonly column: number;
  /** `projects[3].name` */
  readonly path: string;
  /** The content file's line, as written. */
  readonly lineText: string;
}

/** A piece of a scalar this long is found in it; a shorter text could be a template's word that some sentence contains. */
const SHORTEST_PIECE = 12;
/** A scalar this short inside a longer text could be a character of the template's wording. */
const SHORTEST_HELD = 2;

interface Scalar {
  /** As the slide draws it: content line breaks as `\n`, typographic spaces folded, trimmed. */
  readonly drawn: string;
  readonly path: readonly PathKey[];
  readonly offset: number;
}

const pathText = (path: readonly PathKey[]): string =>
  path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');

const asDrawn = (text: string): string => normaliseCharacters(text).replace(/ {2,}/g, ' ').trim();

export class ContentScalars {
  private readonly scalars: readonly Scalar[];
  /** The first scalar of each drawn text, in file order. */
  private readonly byText = new Map<string, Scalar>();
  /** Longest first: among the scalars a text holds, the longest is the one it shows. */
  private readonly longestFirst: readonly Scalar[];
  private readonly lines: readonly string[];

  constructor(private readonly source: YamlSource) {
    this.scalars = source
      .strings()
      .map(({ value, path, offset }) => ({ drawn: asDrawn(value), path, offset }))
      .filter((scalar) => scalar.drawn !== '');
    for (const scalar of this.scalars) if (!this.byText.has(scalar.drawn)) this.byText.set(scalar.drawn, scalar);
    this.longestFirst = [...this.scalars].filter((scalar) => [...scalar.drawn].length >= SHORTEST_HELD).sort((a, b) => b.drawn.length - a.drawn.length);
    this.lines = source.text.split(/\r?\n/);
  }

  /** The answers given, by drawn text: texts repeat (table headings, labels) across slides. */
  private readonly found = new Map<string, ContentSource | undefined>();

  /** The scalar a drawn text comes from, or undefined for the templates' own wording. */
  sourceOf(drawnText: string): ContentSource | undefined {
    if (!this.found.has(drawnText)) this.found.set(drawnText, this.find(asDrawn(drawnText)));
    return this.found.get(drawnText);
  }

  private find(text: string): ContentSource | undefined {
    if (text === '') return undefined;
    // A text that is a scalar is that scalar, even when a longer one also contains it (a quote's
    // highlight is a sentence of its text); a long piece of a scalar is that scalar, though it may
    // hold shorter ones (a project's name in its description); else the longest scalar it holds.
    const scalar =
      this.byText.get(text) ??
      ([...text].length >= SHORTEST_PIECE ? this.scalars.find((candidate) => candidate.drawn.includes(text)) : undefined) ??
      this.longestFirst.find((candidate) => candidate.drawn.length < text.length && text.includes(candidate.drawn));
    if (!scalar) return undefined;
    const { line, column } = this.source.linePos(scalar.offset);
    return { line, column, path: pathText(scalar.path), lineText: this.lines[line - 1] ?? '' };
  }
}
