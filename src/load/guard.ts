/**
 * Screens a YAML source before it is parsed: size, encoding, control characters and nesting depth.
 * The YAML parser would run out of memory on a deeply nested file (a crash, not an error), so
 * hostile input is refused here, cheaply and with a line number.
 */
import { CST, Lexer } from 'yaml';
import { DiagnosticError, type Diagnostic } from '../model/diagnostic.js';

/** Content files are a few tens of kilobytes; a megabyte is generous and keeps memory bounded (enforced as they are read). */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** Deeper than any real content model (ours is 5 levels) but far below what would exhaust the parser. */
export const MAX_DEPTH = 32;

/** Characters XML 1.0 cannot carry (and so neither .pptx nor PDF metadata): C0 controls but tab and newlines, and DEL…C1. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const codePoint = (ch: string): string => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character of `text` that no output can carry, with its index, or undefined. */
export function forbiddenCharacter(text: string): { index: number; char: string } | undefined {
  const match = FORBIDDEN.exec(text);
  return match ? { index: match.index, char: match[0] } : undefined;
}

/** Decodes UTF-8 strictly: a byte sequence that is not UTF-8 is an error at its line, not a silent U+FFFD. */
export function decodeSource(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const at = text.indexOf('\uFFFD');
    const { line, column } = position(text, Math.max(0, at));
    throw new DiagnosticError([problem(file, line, column, 'the file is not valid UTF-8 here; save it as UTF-8')]);
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function problem(file: string, line: number, column: number, message: string): Diagnostic {
  return { severity: 'error', file, line, column, path: '', message };
}

/** Problems that stop a source from being parsed at all; empty when it is safe to parse. */
export function screenSource(text: string, file: string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const bad = forbiddenCharacter(text);
  if (bad) {
    const { line, column } = position(text, bad.index);
    problems.push(problem(file, line, column, `${codePoint(bad.char)} is a control character or broken surrogate, which documents cannot contain; delete it`));
  }
  const deep = tooDeep(text);
  if (deep !== undefined) {
    const { line, column } = position(text, deep);
    problems.push(problem(file, line, column, `nested more than ${MAX_DEPTH} levels deep; content is never this deep`));
  }
  return problems;
}

/** Tokens that carry no text: the lexer's markers for a document, a plain scalar and a broken flow. */
const MARKERS = new Set<string | null>(['doc-mode', 'scalar', 'flow-error-end']);
/** What a line's indentation runs on through, as block nesting goes: `- - - x` is three deep. */
const INDENT = new Set<string | null>(['space', 'seq-item-ind', 'explicit-key-ind', 'map-value-ind', 'doc-start', 'anchor', 'tag']);

/**
 * The offset where the source first nests deeper than MAX_DEPTH, or undefined. It reads the source
 * with the parser's own lexer, so quotes, comments and block scalars count exactly as the parser
 * will read them. Flow collections count by their brackets; block collections by how far a line's
 * indentation (with the `- `, `? ` and `: ` indicators in it) reaches: two columns a level.
 */
function tooDeep(text: string): number | undefined {
  let offset = 0;
  let lineStart = 0;
  let flow = 0;
  let inIndent = true;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (MARKERS.has(type)) continue;
    if (type === 'flow-seq-start' || type === 'flow-map-start') {
      if (++flow > MAX_DEPTH) return offset;
    } else if (type === 'flow-seq-end' || type === 'flow-map-end') {
      flow = Math.max(0, flow - 1);
    } else if (flow === 0 && inIndent && type !== 'space' && type !== 'newline' && type !== 'comment' && offset - lineStart > 2 * MAX_DEPTH) {
      return offset;
    }
    inIndent &&= INDENT.has(type);
    const newline = token.lastIndexOf('\n');
    if (newline !== -1) {
      lineStart = offset + newline + 1;
      inIndent = newline === token.length - 1;
    }
    offset += token.length;
  }
  return undefined;
}
