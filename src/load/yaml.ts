/**
 * load: a YAML file → a value checked against a zod schema. Every problem (syntax, hostile input,
 * schema) comes back as a Diagnostic at the line and column of the offending node, all at once.
 */
import { resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Scalar } from 'yaml';
import { z } from 'zod';
import { DiagnosticError, type Diagnostic } from '../model/diagnostic.js';
import { cacheKey, installedVersion, ownCode, readCached, remembering, writeCached } from '../cache/disk.js';
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

/**
 * `text` parsed and checked against `schema`. With `keptAs` (the schema's name: "content", "theme"),
 * the last parse of the file without a problem is also kept on disk, so that a fresh process reads
 * an unchanged file from there and parses an edit inside one value alone (reparsed), as `watch` does.
 */
export function parseYaml<Schema extends z.ZodType>(schema: Schema, text: string, file: string, keptAs?: string): Parsed<z.output<Schema>> {
  let previous = kept.get(file);
  // On disk only what a fresh process needs: a file this process parsed before is in memory.
  const diskKey = keptAs !== undefined && remembering() && previous?.schema !== schema ? keptParseKey(keptAs, file) : undefined;
  if (diskKey !== undefined) {
    const restored = keptParseOnDisk(diskKey);
    if (restored?.parse.text === text) {
      // The very text parsed and validated before: its value, as it was.
      keep(schema, file, restored.parse, restored.value);
      return { value: restored.value as z.output<Schema>, source: yamlSource(restored.parse, file) };
    }
    previous = restored && { schema, ...restored };
  }
  const edited = previous && editedFrom(previous, schema, text, file);
  const parse = edited?.parse ?? parsedInFull(text, file);
  const result = edited?.checked ?? validated(schema, parse, file);
  // Not after each edit `watch` parses alone from memory: writing would cost those rebuilds more than it saves.
  const key = diskKey ?? (keptAs !== undefined && remembering() && edited === undefined ? keptParseKey(keptAs, file) : undefined);
  if (key !== undefined && parse !== previous?.parse) keepParseOnDisk(key, parse, result.value);
  return result;
}

/** `text` parsed as a whole, every problem found in it thrown at once. */
function parsedInFull(text: string, file: string): Parse {
  const screened = screenSource(text, file);
  if (screened.length > 0) throw new DiagnosticError(screened);

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, PARSE_OPTIONS(lineCounter));
  const problem = problemIn(file, (offset) => linePosition(lineCounter, offset));
  const syntax = doc.errors.map((e) => syntaxProblem(e.code, e.pos[0], e.message.split('\n')[0] ?? e.message, text, problem));
  if (syntax.length > 0) throw new DiagnosticError(syntax);

  const hostile: Diagnostic[] = [];
  const { values, aliases } = walk(doc, text);
  for (const alias of aliases) {
    hostile.push(problem(alias.range?.[0] ?? 0, [], `"*${alias.source}" is a YAML alias; write the value out instead`, 'aliases can expand a small file into a huge one, so content may not use them'));
  }
  for (const { value, path, offset } of values) {
    const bad = typeof value === 'string' ? forbiddenCharacter(value) : undefined;
    if (bad) hostile.push(problem(offset, path, `${codePoint(bad.char)} is a control character or broken surrogate, which documents cannot contain`));
  }
  if (hostile.length > 0) throw new DiagnosticError(hostile);
  return { text, nodes: made({ doc, moved: unmoved }), lineStarts: lineCounter.lineStarts, edits: 0, values, data: doc.toJS() };
}

const unmoved = (offset: number): number => offset;

/** Lazy<T> already made. */
function made<T>(value: T): Lazy<T> {
  const lazy = (): T => value;
  lazy.ready = true;
  return lazy;
}

/** Made on the first call, then kept. */
function lazily<T>(make: () => T): Lazy<T> {
  let value: T | undefined;
  const lazy = (): T => {
    if (!lazy.ready) {
      value = make();
      lazy.ready = true;
    }
    return value!;
  };
  lazy.ready = false;
  return lazy;
}

/** The document of a text already parsed without a problem, for the places of its nodes (only diagnostics ask). */
const documentOf = (text: string): Lazy<Nodes> => lazily(() => ({ doc: parseDocument(text, PARSE_OPTIONS(new LineCounter())), moved: unmoved }));

/**
 * What a fresh process needs of the last parse of a file: everything of a Parse but its document
 * (parsed again from the text only where a diagnostic asks a node's place), and the value checked
 * against the schema. Named by the file, the schema and the code and versions that make it: the
 * text inside decides what it is used for.
 */
interface KeptParse {
  readonly text: string;
  readonly lineStarts: readonly number[];
  readonly values: readonly ValueScalar[];
  readonly data: unknown;
  readonly value: unknown;
}

/** What makes a kept parse besides the text (V8 too, whose serialization stores it), hashed once a process. */
let makers: string | undefined;
const keptParseKey = (keptAs: string, file: string): string =>
  cacheKey(
    (makers ??= cacheKey('yaml parse', installedVersion('yaml'), installedVersion('zod'), process.versions.v8, ...ownCode(['load/yaml', 'load/guard', 'model']))),
    keptAs,
    resolve(file),
  );

function keptParseOnDisk(key: string): { parse: Parse; value: unknown } | undefined {
  const bytes = readCached('yaml-parse', key);
  if (!bytes) return undefined;
  const { text, lineStarts, values, data, value } = deserialize(bytes) as KeptParse;
  return { parse: { text, nodes: documentOf(text), lineStarts, edits: 0, values, data }, value };
}

function keepParseOnDisk(key: string, parse: Parse, value: unknown): void {
  const { text, lineStarts, values, data } = parse;
  // v8's serialization keeps what JSON would not: undefined, NaN and Infinity (YAML's .nan, .inf), -0.
  writeCached('yaml-parse', key, serialize({ text, lineStarts, values, data, value } satisfies KeptParse));
}

/**
 * The last version of each file parsed without a problem, by schema, for `reparsed`: a few files
 * (the content and the theme; tests parse many), the least recently parsed dropped first.
 */
const KEPT_FILES = 4;
interface KeptInMemory {
  readonly schema: z.ZodType;
  readonly parse: Parse;
  /** The value the schema made of the parse's data. */
  readonly value: unknown;
}
const kept = new Map<string, KeptInMemory>();

function keep(schema: z.ZodType, file: string, parse: Parse, value: unknown): void {
  if (!remembering()) return;
  kept.delete(file);
  kept.set(file, { schema, parse, value });
  if (kept.size > KEPT_FILES) kept.delete(kept.keys().next().value!);
}

/** A document is parsed in full again after this many edits parsed alone: each edit adds a step to `moved`. */
const MOST_EDITS = 64;

/**
 * The file as parsed, when it differs from the version kept of it only inside one value scalar
 * written on one line (a word of a paragraph, a figure's value: what `watch` sees after most
 * saves): that scalar is read alone (isPlainString, readAlone) and put in place of the old one,
 * and everything after it moved by the edit's length. Undefined when the edit is anything else, or
 * the scalar read alone is not exactly one scalar of the same kind: then the file is parsed in full.
 */
function reparsed(previous: KeptInMemory, schema: z.ZodType, text: string): Reparse | undefined {
  if (!remembering() || previous.schema !== schema || previous.parse.edits >= MOST_EDITS) return undefined;
  const before = previous.parse;
  if (text === before.text) return { parse: before };
  if (forbiddenCharacter(text)) return undefined;
  const old = before.text;
  let first = 0;
  const shorter = Math.min(old.length, text.length);
  while (first < shorter && old.charCodeAt(first) === text.charCodeAt(first)) first++;
  let same = 0;
  while (same < shorter - first && old.charCodeAt(old.length - 1 - same) === text.charCodeAt(text.length - 1 - same)) same++;
  const oldEnd = old.length - same;
  const delta = text.length - old.length;
  if (/[\r\n]/.test(old.slice(first, oldEnd)) || /[\r\n]/.test(text.slice(first, oldEnd + delta))) return undefined;
  const index = before.values.findIndex((scalar) => scalar.start <= first && oldEnd <= scalar.end);
  const scalar = before.values[index];
  if (!scalar?.alone) return undefined;
  const written = text.slice(scalar.start, scalar.end + delta);
  const read = scalar.type === 'PLAIN' && typeof scalar.value === 'string' && isPlainString(written) ? { held: written, value: written } : readAlone(written, scalar.type);
  if (read === undefined || typeof read.value !== typeof scalar.value) return undefined;
  const { value } = read;
  const move = (offset: number): number => (offset <= first ? offset : offset + delta);
  const values = before.values.map((other, at) =>
    at === index
      ? { ...other, value: read.held, end: other.end + delta }
      : { ...other, start: move(other.start), end: move(other.end), offset: move(other.offset) },
  );
  // The document parsed before, its offsets moved, where it was made; else this text's, when asked.
  const nodes = before.nodes.ready ? made({ doc: before.nodes().doc, moved: (offset: number) => move(before.nodes().moved(offset)) }) : documentOf(text);
  const parse = { text, nodes, lineStarts: before.lineStarts.map(move), edits: before.edits + 1, values, data: replaced(before.data, scalar.path, value) };
  return { parse, edit: { path: scalar.path, value } };
}

/** The file parsed again from the version before (reparsed), and checked when the edits could be checked alone (revalidated). */
interface Edited<T> {
  readonly parse: Parse;
  readonly checked?: Parsed<T>;
}

/** Edited lines at most that are each read alone (editedLineByLine): each walks the whole text and its values once, and more lines than this are seldom a few figures changed. */
const MOST_EDITED_LINES = 16;

/**
 * The file parsed again from the version before when it differs from it inside one value, or on a
 * few lines each changed inside one value (staff often change a few figures between two builds);
 * undefined when it must be parsed in full.
 */
function editedFrom<Schema extends z.ZodType>(previous: KeptInMemory, schema: Schema, text: string, file: string): Edited<z.output<Schema>> | undefined {
  const edit = reparsed(previous, schema, text);
  if (edit) return { parse: edit.parse, checked: revalidated(schema, previous, edit, file) };
  return editedLineByLine(previous, schema, text, file);
}

/**
 * The file as parsed and checked when it has the lines of the version before, and those that
 * changed each changed inside one value: the edits read alone and checked alone a line at a time
 * (reparsed, revalidated), as if each had been saved on its own. Undefined when one cannot be.
 */
function editedLineByLine<Schema extends z.ZodType>(previous: KeptInMemory, schema: Schema, text: string, file: string): Edited<z.output<Schema>> | undefined {
  const lines = previous.parse.text.split(/(?<=\n)/);
  const edited = text.split(/(?<=\n)/);
  if (edited.length !== lines.length) return undefined;
  const changed = edited.flatMap((line, at) => (line === lines[at] ? [] : [at]));
  if (changed.length < 2 || changed.length > MOST_EDITED_LINES) return undefined;
  let before = previous;
  let checked: Parsed<z.output<Schema>> | undefined;
  for (const at of changed) {
    lines[at] = edited[at]!;
    const edit = reparsed(before, schema, lines.join(''));
    checked = edit && revalidated(schema, before, edit, file);
    if (!edit || !checked) return undefined;
    before = { schema, parse: edit.parse, value: checked.value };
  }
  return { parse: before.parse, checked };
}

/**
 * Whether the parser reads `written`, in place of a plain scalar on one line in block context, as
 * exactly that text, a string: it starts with a letter, a digit or a character beyond ASCII (no
 * indicator), holds no `:` (a key), `#` (a comment), tab or byte order mark, does not end in a
 * space, and holds a space or a character beyond ASCII, which no null, boolean, number or date is
 * written with in any YAML schema (nor a line break of YAML 1.1: U+0085, U+2028, U+2029). The
 * paragraphs and sentences of Chinese content are such: their edits need no parser.
 */
const isPlainString = (written: string): boolean => /^[0-9A-Za-z\u00A0-\u2027\u202A-\uFEFE\uFF00-\uFFFF][^:#\t\r\n\u0085\u2028\u2029\uFEFF]*$/.test(written) && !written.endsWith(' ') && /[ \u00A0-\uFFFF]/.test(written);

/**
 * A scalar's text parsed alone: its value as held in the document and as data, when it is exactly
 * one scalar of the given type, without tag, anchor or comment; else undefined. The text is read as
 * the parser reads it in place: it is on one line, in block context, and what surrounds it is
 * unchanged, so it ends where it ends in place.
 */
function readAlone(written: string, type: Scalar.Type | undefined): { held: unknown; value: unknown } | undefined {
  if (/^[!&*]/.test(written)) return undefined;
  const alone = parseDocument(written, PARSE_OPTIONS(new LineCounter()));
  const node = alone.contents;
  if (alone.errors.length > 0 || alone.warnings.length > 0 || !isScalar(node) || node.type !== type || node.range?.[0] !== 0 || node.range[1] !== written.length) return undefined;
  if (node.tag !== undefined || node.anchor !== undefined || node.comment || node.commentBefore) return undefined;
  return { held: node.value, value: alone.toJS() };
}

/** A file parsed again from the version before (reparsed), and the one value an edit changed, if it changed one. */
interface Reparse {
  readonly parse: Parse;
  readonly edit?: { readonly path: readonly PathKey[]; readonly value: unknown };
}

/**
 * The schema's value of a file whose edit changed one value (reparsed), made from the value before
 * rather than by validating every value again: see outputWithEdit. Undefined where that cannot
 * tell, or finds a problem: then `validated` checks the whole file and places every problem.
 */
function revalidated<Schema extends z.ZodType>(schema: Schema, previous: KeptInMemory, { parse, edit }: Reparse, file: string): Parsed<z.output<Schema>> | undefined {
  if (!edit) return undefined;
  const output = outputWithEdit(schema, previous.value, edit.path, edit.value);
  if (!output) return undefined;
  keep(schema, file, parse, output.value);
  return { value: output.value as z.output<Schema>, source: yamlSource(parse, file) };
}

/**
 * What `schema` makes of the data it made `output` of, with the value at `path` now `input`; the
 * rest of the data unchanged. The schemas along the path only pass each value to the schema of its
 * field or item (objects, lists, optional and defaulted values), so the value is `output` with the
 * schema at `path`'s value of `input` in place, and every check along the path asked again of it:
 * a list's length the edit leaves as it was, a refinement (`refine`) run on the new value. Undefined
 * for any other schema or check, for a value the schema at `path` refuses, and for a refinement
 * that does not hold: only validating the whole data tells those as a full parse tells them.
 */
function outputWithEdit(schema: z.core.$ZodType, output: unknown, path: readonly PathKey[], input: unknown): { value: unknown } | undefined {
  const [key, ...rest] = path;
  if (key === undefined) {
    const result = z.safeParse(schema, input);
    return result.success ? { value: result.data } : undefined;
  }
  let inner: { value: unknown } | undefined;
  if (schema instanceof z.core.$ZodOptional || schema instanceof z.core.$ZodDefault) {
    inner = output === undefined ? undefined : outputWithEdit(schema._zod.def.innerType, output, path, input);
  } else if (schema instanceof z.core.$ZodObject) {
    const { shape } = schema._zod.def;
    if (typeof key !== 'string' || !Object.hasOwn(shape, key) || !isRecord(output) || !Object.hasOwn(output, key)) return undefined;
    const field = outputWithEdit(shape[key]!, output[key], rest, input);
    inner = field && { value: { ...output, [key]: field.value } };
  } else if (schema instanceof z.core.$ZodArray) {
    if (typeof key !== 'number' || !Array.isArray(output) || !(key >= 0 && key < output.length)) return undefined;
    const item = outputWithEdit(schema._zod.def.element, output[key], rest, input);
    inner = item && { value: output.map((other: unknown, index) => (index === key ? item.value : other)) };
  }
  if (!inner) return undefined;
  const made = inner.value;
  return (schema._zod.def.checks ?? []).every((check) => stillHolds(check, made)) ? inner : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether a check of a schema above an edited value holds of the schema's new value (see outputWithEdit). */
function stillHolds(check: z.core.$ZodCheck, value: unknown): boolean {
  const def: z.core.$ZodCheckDef & { fn?: unknown } = check._zod.def;
  // Above the edited value, a length is a list's: an edit inside one of its items leaves it.
  if (def.check === 'min_length' || def.check === 'max_length' || def.check === 'length_equals') return true;
  if (def.check !== 'custom' || typeof def.fn !== 'function') return false;
  try {
    return def.fn(value) === true;
  } catch {
    return false;
  }
}

/** `data` with the value at `path` replaced, the objects along the path copied and the rest shared. */
function replaced(data: unknown, path: readonly PathKey[], value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (Array.isArray(data)) return data.map((item, index) => (index === key ? replaced(item, rest, value) : item));
  const record = data as Record<PathKey, unknown>;
  return { ...record, [key]: replaced(record[key], rest, value) };
}

const PARSE_OPTIONS = (lineCounter: LineCounter) => ({ lineCounter, prettyErrors: false, uniqueKeys: true }) as const;

type Problem = (offset: number, path: readonly PathKey[], message: string, hint?: string) => Diagnostic;

const problemIn = (file: string, linePos: (offset: number) => { line: number; column: number }): Problem => (offset, path, message, hint) => ({
  severity: 'error',
  file,
  ...linePos(offset),
  path: path.join('.'),
  message,
  ...(hint ? { hint } : {}),
});

/**
 * Schemas this process has validated with. zod compiles a fast path for each object schema on its
 * first parse, which costs more than it saves on one parse (a fresh process validates each file
 * once): the first is parsed without it, and `watch`'s rebuilds after it with it. Both give the same value.
 */
const validatedSchemas = new WeakSet<z.ZodType>();

/** `data` checked against the schema: the value, or every problem at its place. */
function validated<Schema extends z.ZodType>(schema: Schema, parse: Parse, file: string): Parsed<z.output<Schema>> {
  const source = yamlSource(parse, file);
  const { data } = parse;
  const first = !validatedSchemas.has(schema);
  validatedSchemas.add(schema);
  const result = schema.safeParse(data, first ? { jitless: true } : undefined);
  if (result.success) {
    keep(schema, file, parse, result.data);
    return { value: result.data, source };
  }
  const problem = problemIn(file, source.linePos);
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
function syntaxProblem(code: string, offset: number, message: string, text: string, problem: Problem): Diagnostic {
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

/** A value scalar of the document: where it is, in the text as it is now, and how it is written. */
interface ValueScalar {
  readonly value: unknown;
  readonly path: PathKey[];
  /** Offset of its first character (a quoted scalar's text starts one later: `offset`). */
  readonly start: number;
  /** Offset just past its last character. */
  readonly end: number;
  readonly offset: number;
  readonly type: Scalar.Type | undefined;
  /** Written on one line, in block context, its path complete: an edit inside it can be parsed alone (reparsed). */
  readonly alone: boolean;
}

/** A value made on first use; `ready` once made. */
type Lazy<T> = (() => T) & { ready: boolean };

/** A document, and where an offset of the text it was parsed from is in a later version's text. */
interface Nodes {
  /** The document as last parsed in full: an edit since (reparsed) leaves its nodes as they were. */
  readonly doc: Document;
  readonly moved: (offset: number) => number;
}

/** A parsed version of a file: what tells where things are in this version's text. */
interface Parse {
  readonly text: string;
  /** Asked only for the place of a node (`at`, for diagnostics): a parse kept on disk has no document until then. */
  readonly nodes: Lazy<Nodes>;
  readonly lineStarts: readonly number[];
  /** Edits parsed alone since the document was parsed. */
  readonly edits: number;
  readonly values: readonly ValueScalar[];
  readonly data: unknown;
}

/** Every value scalar (not a key) with its path, and every alias. */
function walk(doc: Document, text: string): { values: ValueScalar[]; aliases: { range?: [number, number, number] | null; source: string }[] } {
  const values: ValueScalar[] = [];
  const aliases: { range?: [number, number, number] | null; source: string }[] = [];
  visit(doc, {
    Alias: (_key, node) => {
      aliases.push(node);
    },
    Scalar: (key, node, ancestors) => {
      if (key === 'key') return;
      const path: PathKey[] = [];
      let complete = true;
      for (let i = 1; i < ancestors.length; i++) {
        const parent = ancestors[i - 1];
        const child = ancestors[i];
        if (isPair(child) && isScalar(child.key)) {
          path.push(child.key.value as string);
          // A key that is not a string is not the name of its property in `data` (null is "").
          complete &&= typeof child.key.value === 'string';
        } else if (isSeq(parent)) path.push(parent.items.indexOf(child as never));
        else if (isPair(child)) complete = false;
      }
      const parent = ancestors[ancestors.length - 1];
      if (isSeq(parent)) path.push(parent.items.indexOf(node as never));
      const [start, end] = node.range ?? [0, 0];
      // Quoted scalars start at their quote mark; the text itself one character later.
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      const inFlow = ancestors.some((ancestor) => isCollection(ancestor) && ancestor.flow === true);
      const alone = complete && !inFlow && (quoted || node.type === 'PLAIN') && !/[\r\n]/.test(text.slice(start, end));
      values.push({ value: node.value, path, start, end, offset: quoted ? start + 1 : start, type: node.type, alone });
    },
  });
  return { values, aliases };
}

const linePosition = (lineCounter: LineCounter, offset: number): { line: number; column: number } => {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
};

function yamlSource(parse: Parse, file: string): YamlSource {
  const { text, values } = parse;
  const lineCounter = new LineCounter();
  for (const start of parse.lineStarts) lineCounter.addNewLine(start);
  const linePos = (offset: number): { line: number; column: number } => linePosition(lineCounter, offset);
  const strings = values.filter((scalar) => typeof scalar.value === 'string').map(({ value, path, offset }) => ({ value: value as string, path, offset }));
  return {
    file,
    text,
    linePos,
    at(path, subject = 'value') {
      const { doc, moved } = parse.nodes();
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
      return linePos(moved(offset));
    },
    locate(text) {
      const found = text === '' ? undefined : strings.find((s) => s.value.includes(text));
      return found && { file, ...linePos(found.offset + found.value.indexOf(text)) };
    },
    strings: () => strings,
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
