/**
 * Measuring slide text with the real font, breaking lines as PowerPoint does (and LibreOffice,
 * which tests/deck-agreement.test.ts checks): greedily, at the box's width less its insets and the
 * bullet indent, punctuation full-width (no compression), a line never starting or ending with the
 * marks Chinese forbids there, 、。，． hanging past the edge rather than going down, Latin words
 * and numbers whole. Boxes are sized for the lines at a slightly narrower width (SAFETY), as WPS
 * measures a little differently; the checks (verify.ts, runts) expect the lines at the full one.
 */
import LineBreaker from 'linebreak';
import { contentDigest } from '../../cache/disk.js';
import { keptFaceName, keptResults, writtenAfterLayout } from '../../cache/kept.js';
import { identityOf, memo, memosAnswer, type Memo } from '../../cache/memo.js';
import type { SlideShape, TextParagraph } from '../../model/slides.js';
import { isNewline, isPunctuation, isSpace, noLineEnd, noLineStart, quoteAllowsBreak } from '../text/classify.js';
import { measureText } from '../text/index.js';
import { charAdvance } from '../text/measure.js';
import type { FontFace, Span } from '../text/types.js';

/** Fraction of the wrap width boxes are sized for. */
const SAFETY = 0.92;
/** Line spacing as a multiple of the font size. */
export const LINE_SPACING = 1.3;
/** Text box inset on the left and on the right, inches (the renderer's lIns and rIns). */
export const INSET = 0.1;
/** Text box inset at the top and at the bottom, inches (the renderer's tIns and bIns). */
export const INSET_Y = 0.05;
/** Indent of bulleted and numbered text as PowerPoint sets it (pptxgenjs's marL, 27 pt), inches. */
export const BULLET_INDENT = 27 / 72;
/** Marks PowerPoint and LibreOffice let hang past a line's end instead of moving to the next line. */
const HANGING = new Set([...'、。，．']);
/**
 * Space LibreOffice sets between a Chinese character and a Latin letter or digit beside it, in em
 * (its "spacing between Asian and non-Asian text", on for every paragraph of a .pptx it opens):
 * lines holding such pairs were set wider than their advances add up to, by about this much a pair
 * (tests/deck-agreement.test.ts). Counted so a box holds its lines in either renderer.
 */
const ASIAN_LATIN_GAP_EM = 0.2;
const HAN = /\p{Script=Han}/u;
const LATIN_OR_DIGIT = /[A-Za-z0-9]/;
/** Whether LibreOffice spaces the pair `before`, `after` apart. */
const spacedApart = (before: string, after: string): boolean => (HAN.test(before) && LATIN_OR_DIGIT.test(after)) || (LATIN_OR_DIGIT.test(before) && HAN.test(after));

export interface DeckFaces {
  readonly regular: FontFace;
  readonly bold: FontFace;
}

/** A paragraph's lines as the deck's renderer sets them: the text of each, in order. */
export type DeckLines = readonly string[];

/** Where UAX #14 lets a line start, refined by the marks Chinese keeps off a line's start and end. */
function breakOpportunities(text: string): number[] {
  const breaker = new LineBreaker(text);
  const opportunities: number[] = [];
  for (let br = breaker.nextBreak(); br; br = breaker.nextBreak()) {
    const at = br.position;
    if (at <= 0 || at >= text.length) continue;
    const before = String.fromCodePoint(text.codePointAt(at - 1) ?? 0);
    const after = String.fromCodePoint(text.codePointAt(at) ?? 0);
    if (!noLineStart(after) && !noLineEnd(before)) opportunities.push(at);
  }
  // “ ” beside Chinese open and close like brackets (UAX #14 keeps them to both neighbours).
  for (let at = 1; at < text.length; at++) {
    if (quoteAllowsBreak(text[at - 1] ?? '', text[at] ?? '') && !noLineStart(text[at] ?? '') && !noLineEnd(text[at - 1] ?? '')) opportunities.push(at);
  }
  return [...new Set(opportunities)].sort((a, b) => a - b);
}

/** Latin text (shaped as a whole, for its kerning), or one other character (measured from its advance alone, as CJK needs no shaping). */
const MEASURED_PIECES = /[\u0000-\u1fff]+|[\s\S]/gu;

/**
 * Widths of every start of the text, points: prefix[i] is the width of text[0, i) set in the
 * spans' styles, so any stretch measures in constant time. A Latin piece's width is spread evenly
 * over its characters (it is broken inside only where a word too long for a line must be cut).
 */
function prefixWidths(spans: readonly Span[]): Float64Array {
  const prefix = new Float64Array(spans.reduce((length, span) => length + span.text.length, 0) + 1);
  let at = 0;
  let previous = '';
  for (const span of spans) {
    for (const [piece] of span.text.matchAll(MEASURED_PIECES)) {
      const gap = spacedApart(previous, piece[0] ?? '') ? ASIAN_LATIN_GAP_EM * span.style.size : 0;
      const width = gap + (piece.length > 1 || piece < '\u2000' ? measureText(piece, span.style) : charAdvance(piece, span.style));
      for (let i = 1; i <= piece.length; i++) prefix[at + i] = (prefix[at] ?? 0) + (width * i) / piece.length;
      at += piece.length;
      previous = piece[piece.length - 1] ?? '';
    }
  }
  return prefix;
}

/** Where text[start, end) ends as far as the measure is concerned: spaces at its end and a hanging mark there do not count. */
function countedEnd(text: string, start: number, end: number): number {
  let last = end;
  while (last > start && isSpace(text[last - 1] ?? '')) last--;
  return last - start > 1 && HANGING.has(text[last - 1] ?? '') ? last - 1 : last;
}

/** Offset after the character at `at` (a surrogate pair is one character). */
const nextChar = (text: string, at: number): number => at + ((text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1);

/** text[start, end) without the spaces at its end. */
function withoutTrailingSpaces(text: string, start: number, end: number): string {
  let last = end;
  while (last > start && isSpace(text[last - 1] ?? '')) last--;
  return text.slice(start, last);
}

/**
 * One forced line (no newline inside) broken greedily at `width` points. The text between two
 * break opportunities (a character, a word, a number with its marks) is measured once: a line's
 * width is the sum of its units', the last one counted without what may hang.
 */
function breakLine(prefix: Float64Array, text: string, start: number, end: number, width: number): string[] {
  const widthOf = (from: number, to: number): number => (prefix[to] ?? 0) - (prefix[from] ?? 0);
  const stops = [start, ...breakOpportunities(text.slice(start, end)).map((at) => start + at), end];
  const full = stops.slice(1).map((stop, i) => widthOf(stops[i] as number, stop));
  const counted = stops.slice(1).map((stop, i) => widthOf(stops[i] as number, countedEnd(text, stops[i] as number, stop)));
  const lines: string[] = [];
  let lineStart = start;
  let used = 0; // width of the whole units already on the line
  for (let unit = 0; unit < full.length; ) {
    const unitStart = stops[unit] as number;
    if (unitStart === lineStart || used + (counted[unit] ?? 0) <= width) {
      if (unitStart !== lineStart || (counted[unit] ?? 0) <= width) {
        used += full[unit] ?? 0;
        unit++;
        continue;
      }
      // A unit wider than a whole line is cut between characters, as the renderer does.
      let cut = nextChar(text, lineStart);
      const unitEnd = stops[unit + 1] as number;
      while (nextChar(text, cut) <= unitEnd && widthOf(lineStart, countedEnd(text, lineStart, nextChar(text, cut))) <= width) cut = nextChar(text, cut);
      lines.push(text.slice(lineStart, cut));
      lineStart = cut;
      stops[unit] = cut;
      full[unit] = widthOf(cut, unitEnd);
      counted[unit] = widthOf(cut, countedEnd(text, cut, unitEnd));
      used = 0;
      continue;
    }
    lines.push(withoutTrailingSpaces(text, lineStart, unitStart));
    lineStart = unitStart;
    used = 0;
  }
  lines.push(withoutTrailingSpaces(text, lineStart, end));
  return lines;
}

/**
 * Lines already broken, per face of their first span, least recently used first out: the deck,
 * its checks and the runt mending ask for the same paragraphs at the same widths, build after build.
 */
const REMEMBERED_LINES = 4000;
const brokenLines = new WeakMap<FontFace, Memo<DeckLines>>();

/** The lines of styled text broken at `measure` points; each newline in the text starts a line. */
export function deckLines(spans: readonly Span[], measure: number): DeckLines {
  const first = spans[0];
  if (!first) return breakLines(spans, measure);
  let remembered = brokenLines.get(first.style.face);
  if (!remembered) brokenLines.set(first.style.face, (remembered = memo(REMEMBERED_LINES)));
  const key = JSON.stringify([measure, spans.map((span) => [identityOf(span.style.face), span.style.size, span.text])]);
  return remembered(key, () => {
    const faces = spans.map((span) => keptFaceName(span.style.face));
    // A digest: spelt out, the faces' names are most of the entry.
    const diskKey = memosAnswer() && faces.every((face) => face !== undefined) ? contentDigest(JSON.stringify([measure, spans.map((span, index) => [faces[index], span.style.size, span.text])])) : undefined;
    return keptLines.resultFor(diskKey, () => breakLines(spans, measure));
  });
}

/** Deck lines broken by processes before this one (cache/kept.ts): computed by this file with the text engine's measures. */
const keptLines = writtenAfterLayout(keptResults<DeckLines>('deck-lines', ['layout/deck/measure', 'layout/text']));

function breakLines(spans: readonly Span[], measure: number): DeckLines {
  const width = measure + 1e-6; // and what rounding leaves
  const text = spans.map((span) => span.text).join('');
  const prefix = prefixWidths(spans);
  const lines: string[] = [];
  let start = 0;
  for (let at = 0; at <= text.length; at++) {
    if (at < text.length && !isNewline(text[at] ?? '')) continue;
    lines.push(...breakLine(prefix, text, start, at, width));
    start = at + 1;
  }
  return lines;
}

/**
 * Line counts already measured, per face: the deck tries every text at several sizes and widths,
 * and the same texts recur (titles of continued slides, table cells, the parts of a split list).
 */
const counted = new WeakMap<FontFace, Memo<number>>();

/** Lines a paragraph takes in a box `width` inches wide at `size` pt, as layout sizes boxes (with SAFETY). */
export function countLines(text: string, face: FontFace, size: number, width: number): number {
  if (text === '') return 1;
  let remembered = counted.get(face);
  if (!remembered) counted.set(face, (remembered = memo(REMEMBERED_LINES)));
  return remembered(`${size}|${width}|${text}`, () => deckLines([{ text, style: { face, size } }], wrapWidth(width) * SAFETY).length);
}

/** The width PowerPoint wraps text at in a box `width` inches wide, points. */
const wrapWidth = (width: number): number => (width - 2 * INSET) * 72;

/** A laid-out paragraph's runs as spans in the deck's faces. */
function spansOf(paragraph: TextParagraph, faces: DeckFaces): Span[] {
  return paragraph.runs
    .filter((run) => run.text !== '')
    .map((run) => ({ text: run.text, style: { face: run.bold ? faces.bold : faces.regular, size: run.size ?? paragraph.size } }));
}

/** The lines PowerPoint sets a laid-out paragraph in, in a text box `width` inches wide. */
export function paragraphLineTexts(paragraph: TextParagraph, faces: DeckFaces, width: number): DeckLines {
  const spans = spansOf(paragraph, faces);
  return spans.length === 0 ? [''] : deckLines(spans, wrapWidth(width - (paragraph.bullet ? BULLET_INDENT : 0)));
}

/** The lines of a table cell's text, the cell `width` inches wide less its margins. */
export function cellLines(text: string, face: FontFace, size: number, width: number): DeckLines {
  return text === '' ? [''] : deckLines([{ text, style: { face, size } }], width * 72);
}

/** The lines of one-style text in a text box `width` inches wide, as PowerPoint sets them. */
export function boxLines(text: string, face: FontFace, size: number, width: number): DeckLines {
  return cellLines(text, face, size, width - 2 * INSET);
}

/** Lines a laid-out paragraph takes in a text box `width` inches wide, each run in its own face and size. */
export function paragraphLines(paragraph: TextParagraph, faces: DeckFaces, width: number): number {
  return paragraphLineTexts(paragraph, faces, width).length;
}

/** Height in inches a laid-out text box needs: its paragraphs' lines at their spacing, space before and insets. */
export function paragraphsNeed(paragraphs: readonly TextParagraph[], faces: DeckFaces, width: number): number {
  return paragraphs.reduce((sum, p) => sum + (paragraphLines(p, faces, width) * p.lineSpacing + p.spaceBefore) / 72, 2 * INSET_Y);
}

/** Width in inches of `text` set on one line at `size` pt, with the safety margin. */
export function lineWidth(text: string, face: FontFace, size: number): number {
  return measureText(text, { face, size }) / 72 / SAFETY;
}

/** Height in inches of `lines` lines at `size` pt. */
export function linesHeight(lines: number, size: number): number {
  return (lines * size * LINE_SPACING) / 72;
}

/** Characters of a line that count towards a runt: not punctuation, not spaces. */
const countedCharacters = (line: string): number => [...line].filter((ch) => !isPunctuation(ch) && !isSpace(ch) && ch !== '\u3000').length;

/** A paragraph of several lines whose last line holds one character besides punctuation (孤字: 「产。」). */
export const endsInRunt = (lines: DeckLines): boolean => lines.length > 1 && countedCharacters(lines.at(-1) ?? '') <= 1;

type TextShape = Extract<SlideShape, { kind: 'text' }>;

/** How far a text box may be narrowed to move a break, inches, and the step it is narrowed by. */
const MOST_NARROWED = 0.6;
const NARROWING_STEP = 0.02;

/**
 * The text box, narrowed a little where a paragraph of it would end in a runt, so its breaks move
 * and the last line takes a character more: the least narrowing that leaves no paragraph ending
 * in a runt and the text still fitting the box's height. Centred text narrows on both sides,
 * right-aligned text on the left, other text on the right. Unchanged when nothing needs it or helps.
 */
export function withoutRunts(shape: TextShape, faces: DeckFaces): TextShape {
  const runts = (width: number): boolean => shape.paragraphs.some((paragraph) => endsInRunt(paragraphLineTexts(paragraph, faces, width)));
  if (!runts(shape.w)) return shape;
  const aligns = new Set(shape.paragraphs.map((paragraph) => paragraph.align));
  const shift = aligns.size === 1 && aligns.has('center') ? 0.5 : aligns.size === 1 && aligns.has('right') ? 1 : 0;
  // Moving a character down takes about an em of the largest text: a 40 pt title needs more than 0.6 in.
  const em = Math.max(...shape.paragraphs.map((paragraph) => paragraph.size)) / 72;
  const most = Math.min(Math.max(MOST_NARROWED, 2 * em), shape.w / 5);
  for (let narrowed = NARROWING_STEP; narrowed <= most + 1e-9; narrowed += NARROWING_STEP) {
    const w = shape.w - narrowed;
    if (!runts(w) && paragraphsNeed(shape.paragraphs, faces, w) <= shape.h + 1e-6) return { ...shape, x: shape.x + shift * narrowed, w };
  }
  return shape;
}
