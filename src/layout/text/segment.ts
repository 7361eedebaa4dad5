/**
 * Spans → pieces (the smallest units a line is made of) and the junctions between them.
 * A piece is one CJK character, or a cluster shaped as a whole: a Latin word or number, or a
 * doubled mark ("——", "……"). Nothing breaks inside a piece; a junction says whether a line may
 * end there, which fixed gap it carries and whether justification may widen it.
 * A word wider than the narrowest line (a long URL) could never be set whole: it is cut into
 * fragments, after `/ . - ? &` and, where a fragment is still too wide, between any two
 * characters, joined by junctions the breaker uses only when it must (`emergency`).
 */
import LineBreaker from 'linebreak';
import {
  isDoubled, isHan, isNewline, isPunctuation, isSpace, isUnit, isWordAlnum, isWordChar,
  noLineEnd, noLineStart, quoteAllowsBreak,
} from './classify.js';
import { charAdvance, haltMetrics, measureText, type HaltMetrics } from './measure.js';
import type { Span, TextStyle } from './types.js';

export interface Piece {
  /** The characters drawn, without the spaces typed after them. */
  readonly text: string;
  /** Spaces typed after the piece: drawn inside a line, dropped at its end. */
  readonly space: string;
  /** Offset of `text` in the paragraph (the spans' texts joined). */
  readonly start: number;
  readonly style: TextStyle;
  /** `char`: one CJK character, drawn in runs with letterSpacing; `cluster`: shaped whole, drawn alone without. */
  readonly kind: 'char' | 'cluster';
  readonly advance: number;
  readonly spaceAdvance: number;
  /** How `halt` narrows the piece, or null for pieces that cannot be set half-width. */
  readonly halt: HaltMetrics | null;
}

export interface Junction {
  /** A line may end here. */
  readonly breakable: boolean;
  /** A line must end here (a newline in the text). */
  readonly forced: boolean;
  /** Fixed space the layout adds here (the CJK–Latin quarter em), in points. */
  readonly gap: number;
  /** Justification may widen it (not inside a word that changes style). */
  readonly stretch: boolean;
  /**
   * Inside a word too wide for any line: where it may be cut when it must. 1 after `/ . - ? &`,
   * 2 between any other characters; 0 elsewhere. A lower rank is preferred.
   */
  readonly emergency: 0 | 1 | 2;
}

export interface Segments {
  readonly pieces: readonly Piece[];
  /** `junctions[i]` lies between `pieces[i]` and `pieces[i + 1]`. */
  readonly junctions: readonly Junction[];
}

interface Draft {
  text: string;
  space: string;
  readonly start: number;
  readonly style: TextStyle;
  /** A newline comes before this piece. */
  readonly forced: boolean;
}

/** `widest`: the width of the narrowest line, in points; a word wider than it is cut into fragments. */
export function segment(spans: readonly Span[], cjkLatinGap: boolean, widest: number): Segments {
  const allowed = uax14Breaks(spans.map((s) => s.text).join(''));
  const pieces: Piece[] = [];
  const junctions: Junction[] = [];
  let glued = false;
  forEachDraft(spans, (draft) => {
    fragments(measure(draft), widest).forEach(({ piece: b, emergency }, index) => {
      const a = pieces.at(-1);
      pieces.push(b);
      if (!a) return;
      if (index > 0) {
        junctions.push({ forced: false, breakable: false, gap: 0, stretch: false, emergency });
        return;
      }
      const last = lastChar(a.text);
      const first = firstChar(b.text);
      // A number keeps its units: "1012.4亿元", "43个".
      glued = a.space === '' && isUnit(b.text) && (/\d$/.test(a.text) || (glued && isUnit(a.text)));
      const legal = allowed[b.start] === 1 || quoteAllowsBreak(last, first);
      junctions.push({
        forced: draft.forced,
        breakable: legal && !noLineStart(first) && !noLineEnd(last) && !glued,
        gap: cjkLatinGap && a.space === '' ? latinGap(a, b) : 0,
        stretch: !(a.space === '' && isWordChar(last) && isWordChar(first)),
        emergency: 0,
      });
    });
  });
  return { pieces, junctions };
}

interface Fragment {
  readonly piece: Piece;
  /** Rank of the cut before this fragment (see Junction.emergency); unused for the first. */
  readonly emergency: 1 | 2;
}

/** Where a URL may be cut: after a run of these. */
const URL_CUTS = /[^/.?&-]+[/.?&-]*|[/.?&-]+/g;
/** A character with the marks that combine with it (Intl.Segmenter is quadratic on long strings). */
const CHARACTER = /\P{M}\p{M}*|\p{M}+/gu;

/** A word wider than `widest` as fragments (see the file's comment); any other piece as it is. */
function fragments(piece: Piece, widest: number): Fragment[] {
  if (piece.kind !== 'cluster' || piece.advance <= widest || !isWordChar(firstChar(piece.text))) return [{ piece, emergency: 1 }];
  const cut = (text: string, offset: number, space: string): Piece => {
    const advance = measureText(text, piece.style);
    const spaceAdvance = space === '' ? 0 : measureText(text + space, piece.style) - advance;
    return { ...piece, text, space, start: piece.start + offset, advance, spaceAdvance };
  };
  const result: Fragment[] = [];
  const push = (text: string, offset: number, emergency: 1 | 2): void => {
    const end = offset + text.length === piece.text.length;
    result.push({ piece: cut(text, offset, end ? piece.space : ''), emergency });
  };
  for (const { 0: chunk, index } of piece.text.matchAll(URL_CUTS)) {
    if (measureText(chunk, piece.style) <= widest) {
      push(chunk, index, 1);
      continue;
    }
    for (const { 0: character, index: at } of chunk.matchAll(CHARACTER)) push(character, index + at, at === 0 ? 1 : 2);
  }
  return result;
}

/** Hands each piece, as typed, to `emit` once its trailing spaces are known. */
function forEachDraft(spans: readonly Span[], emit: (draft: Draft) => void): void {
  let pending: Draft | undefined;
  /** The last character of `pending.text`. */
  let previous = '';
  let offset = 0;
  let forced = false;
  for (const span of spans) {
    for (const ch of span.text) {
      const at = offset;
      offset += ch.length;
      if (isNewline(ch)) forced = pending !== undefined;
      else if (isSpace(ch)) {
        // Spaces at the start of the paragraph or of a forced line are not set.
        if (pending && !forced) pending.space += ch;
      } else if (ch === '\r') continue;
      else if (pending && !forced && pending.space === '' && pending.style === span.style && joins(pending.text, previous, ch)) {
        pending.text += ch;
        previous = ch;
      } else {
        if (pending) emit(pending);
        pending = { text: ch, space: '', start: at, style: span.style, forced };
        previous = ch;
        forced = false;
      }
    }
  }
  if (pending) emit(pending);
}

/**
 * Word characters join into one word; a doubled mark joins its twin. `last` is the last character
 * of `text` (reading it from `text`, a string grown a character at a time, would flatten it each time).
 */
function joins(text: string, last: string, ch: string): boolean {
  if (isWordChar(ch)) return isWordChar(last);
  return isDoubled(ch) && text === ch;
}

function measure(d: Draft): Piece {
  const { text, space, start, style } = d;
  const kind = isWordChar(firstChar(text)) || text.length > firstChar(text).length ? 'cluster' : 'char';
  const advance = kind === 'char' ? charAdvance(text, style) : measureText(text, style);
  const spaceAdvance =
    space === '' ? 0 : kind === 'char' ? [...space].reduce((w, c) => w + charAdvance(c, style), 0)
      : measureText(text + space, style) - advance;
  const halt = kind === 'char' && isPunctuation(text) ? haltMetrics(text, style) : null;
  return { text, space, start, style, kind, advance, spaceAdvance, halt };
}

/** A quarter em of the Chinese side between a Han character and a Latin letter or digit. */
function latinGap(a: Piece, b: Piece): number {
  if (isHan(lastChar(a.text)) && isWordAlnum(firstChar(b.text))) return a.style.size / 4;
  if (isWordAlnum(lastChar(a.text)) && isHan(firstChar(b.text))) return b.style.size / 4;
  return 0;
}

/** For each offset, 1 where UAX #14 lets a line start. */
function uax14Breaks(text: string): Uint8Array {
  const breaker = new LineBreaker(text);
  const allowed = new Uint8Array(text.length + 1);
  for (let br = breaker.nextBreak(); br; br = breaker.nextBreak()) allowed[br.position] = 1;
  return allowed;
}

const isHighSurrogate = (s: string, i: number): boolean => (s.charCodeAt(i) & 0xfc00) === 0xd800;
const firstChar = (s: string): string => s.slice(0, isHighSurrogate(s, 0) ? 2 : 1);
const lastChar = (s: string): string => s.slice(s.length > 1 && isHighSurrogate(s, s.length - 2) ? -2 : -1);
