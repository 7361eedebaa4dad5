/**
 * load: a YAML file → a value checked against a zod schema. Every problem (syntax, hostile input,
 * schema) comes back as a Diagnostic at the line and column of the offending node, all at once.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { DiagnosticError, type Diagnostic } from '../model/diagnostic.js';
import { codePoint, forbiddenCharacter, screenSource } from './guard.js';
import { suggestKey } from './suggest.js';

export type PathKey = string | number;

/** Where things are in a parsed YAML file. */
export interface YamlSource {
  readonly file: string;
  readonly text: string;
  /** Line and column (1-based) of the node at `path` (its key with `'key'`), or of its nearest existing parent. */
  at(path: readonly PathKey[], subject?: 'key' | 'value'): { line: number; column: number };
  /** Every string scalar with its path and the offset of its first character in the source. */
  strings(): readonly { value: string; path: PathKey[]; offset: number }[];
  /** Where `text` first appears inside a string value (not in a comment), or undefined. */
  locate(text: string): { file: string; line: number; column: number } | undefined;
  linePos(offset: number): { line: number; column: number };
}

export interface Parsed<T> {
  readonly value: T;
  readonly source: YamlSource;
}

export function parseYaml<Schema extends z.ZodType>(schema: Schema, text: string, file: string): Parsed<z.output<Schema>> {
  const screened = screenSource(text, file);
  if (screened.length > 0) throw new DiagnosticError(screened);

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const source = yamlSource(doc, lineCounter, file, text);
  const problem = (offset: number, path: readonly PathKey[], message: string, hint?: string): Diagnostic => ({
    severity: 'error',
    file,
    ...source.linePos(offset),
    path: path.join('.'),
    message,
    ...(hint ? { hint } : {}),
  });

  const syntax = doc.errors.map((e) => syntaxProblem(e.code, e.pos[0], e.message.split('\n')[0] ?? e.message, text, problem));
  if (syntax.length > 0) throw new DiagnosticError(syntax);

  const hostile: Diagnostic[] = [];
  visit(doc, {
    Alias: (_key, node) => {
      hostile.push(problem(node.range?.[0] ?? 0, [], `"*${node.source}" is a YAML alias; write the value out instead`, 'aliases can expand a small file into a huge one, so content may not use them'));
    },
  });
  for (const { value, path, offset } of source.strings()) {
    const bad = forbiddenCharacter(value);
    if (bad) hostile.push(problem(offset, path, `${codePoint(bad.char)} is a control character or broken surrogate, which documents cannot contain`));
  }
  if (hostile.length > 0) throw new DiagnosticError(hostile);

  const data: unknown = doc.toJS();
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data, source };
  throw new DiagnosticError(
    result.error.issues.map((issue) => {
      const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0] ?? '';
        const keyPath = [...path, key];
        const hint = suggestKey(key, schema, path);
        return { ...problem(0, keyPath, `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`, hint), ...source.at(keyPath, 'key') };
      }
      return { ...problem(0, path, describe(issue, valueAt(data, path))), ...source.at(path) };
    }),
  );
}

/** YAML's own messages, placed and explained for people who do not know YAML. */
function syntaxProblem(code: string, offset: number, message: string, text: string, problem: (offset: number, path: readonly PathKey[], message: string, hint?: string) => Diagnostic): Diagnostic {
  if (code === 'MISSING_CHAR' && /quote/.test(message)) {
    // The parser notices at the end of the file; the mistake is where the quote was opened.
    const opened = unclosedQuote(text);
    if (opened !== undefined) return problem(opened, [], message, 'add the closing quote mark at the end of the value');
  }
  if (/Implicit (map )?keys need/.test(message)) return problem(offset, [], message, 'each line of a mapping is "key: value" — is a colon missing after the key?');
  if (code === 'TAB_AS_INDENT' || /Tabs are not allowed/.test(message)) return problem(offset, [], message, 'indent with spaces, not tabs');
  return problem(offset, [], message);
}

/** Offset of the first quote mark that is not closed on its line (YAML scalars rarely span lines). */
function unclosedQuote(text: string): number | undefined {
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const body = line.replace(/\s#.*$/, '');
    for (const mark of ['"', "'"]) {
      const at = body.search(new RegExp(`:\\s+${mark}`));
      if (at !== -1) {
        const open = body.indexOf(mark, at);
        const rest = body.slice(open + 1).replace(mark === '"' ? /\\./g : new RegExp(`${mark}${mark}`, 'g'), '');
        if (!rest.includes(mark)) return lineStart + open;
      }
    }
    lineStart += line.length + 1;
  }
  return undefined;
}

function yamlSource(doc: Document, lineCounter: LineCounter, file: string, text: string): YamlSource {
  let strings: { value: string; path: PathKey[]; offset: number }[] | undefined;
  const linePos = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    file,
    text,
    linePos,
    at(path, subject = 'value') {
      let node: unknown = doc.contents;
      let offset = rangeStart(node) ?? 0;
      for (const [index, key] of path.entries()) {
        const last = index === path.length - 1;
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
          if (!pair) break;
          // The value is where the problem is; a missing value (`name:`) is shown at its key.
          node = last && (subject === 'key' || pair.value == null) ? pair.key : pair.value;
        } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
          node = node.items[key];
        } else break;
        offset = rangeStart(node) ?? offset;
      }
      return linePos(offset);
    },
    locate(text) {
      const found = text === '' ? undefined : this.strings().find((s) => s.value.includes(text));
      return found && { file, ...linePos(found.offset + found.value.indexOf(text)) };
    },
    strings() {
      // Walked once: the glyph check and layout warnings both ask.
      if (strings) return strings;
      const found: { value: string; path: PathKey[]; offset: number }[] = [];
      visit(doc, {
        Scalar: (key, node, ancestors) => {
          if (typeof node.value !== 'string' || key === 'key') return;
          const path: PathKey[] = [];
          for (let i = 1; i < ancestors.length; i++) {
            const parent = ancestors[i - 1];
            const child = ancestors[i];
            if (isPair(child) && isScalar(child.key)) path.push(child.key.value as string);
            else if (isSeq(parent)) path.push(parent.items.indexOf(child as never));
          }
          const parent = ancestors[ancestors.length - 1];
          if (isSeq(parent)) path.push(parent.items.indexOf(node as never));
          const start = node.range?.[0] ?? 0;
          // Quoted scalars start at their quote mark; the text itself one character later.
          found.push({ value: node.value, path, offset: node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? start + 1 : start });
        },
      });
      strings = found;
      return found;
    },
  };
}

function rangeStart(node: unknown): number | undefined {
  if (isAlias(node) || isScalar(node) || isMap(node) || isSeq(node)) return node.range?.[0];
  return undefined;
}

function valueAt(data: unknown, path: readonly PathKey[]): unknown {
  let value = data;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PathKey, unknown>)[key] : undefined;
  return value;
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type') {
    if (value === undefined) return `missing (expected ${issue.expected})`;
    // YAML reads 1e309 as Infinity and .nan as NaN: numbers to YAML, not to the schema.
    if (typeof value === 'number' && !Number.isFinite(value)) return `is not a finite number (YAML reads it as ${String(value)})`;
    const found = Array.isArray(value) ? 'a list' : value === null ? 'nothing' : typeof value === 'object' ? 'a mapping' : typeof value;
    return `expected ${issue.expected}, found ${found}`;
  }
  return issue.message;
}
