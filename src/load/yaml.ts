/**
 * load: a YAML file → a value checked against a zod schema. Every problem (YAML syntax or schema)
 * comes back as a Diagnostic at the line and column of the offending node, all of them in one go.
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { DiagnosticError, type Diagnostic } from '../model/diagnostic.js';

type PathKey = string | number;

export function parseYaml<Schema extends z.ZodType>(schema: Schema, source: string, file: string): z.output<Schema> {
  const lineCounter = new LineCounter();
  // Aliases are never needed in content; refusing them blocks "billion laughs" expansion.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const syntaxProblems = [...doc.errors, ...doc.warnings].map((e): Diagnostic => ({
    severity: e.name === 'YAMLWarning' ? 'warning' : 'error',
    file,
    ...at(e.pos[0]),
    path: '',
    message: e.message.split('\n')[0] ?? e.message,
  }));
  if (doc.errors.length > 0) throw new DiagnosticError(syntaxProblems);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    throw new DiagnosticError([{ severity: 'error', file, line: 1, column: 1, path: '', message: (error as Error).message }]);
  }

  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new DiagnosticError(
    result.error.issues.map((issue) => {
      const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
      const { offset, key } = locate(doc, path, issue);
      return { severity: 'error', file, ...at(offset), path: [...path, ...(key ? [key] : [])].join('.'), message: describe(issue, valueAt(data, path)) };
    }),
  );
}

/** Finds the source offset for an issue: the deepest node on its path that exists in the file. */
function locate(doc: Document, path: PathKey[], issue: z.core.$ZodIssue): { offset: number; key?: string } {
  let node: unknown = doc.contents;
  let offset = rangeStart(doc.contents) ?? 0;
  for (const key of path) {
    const next = isMap(node) || (node && typeof node === 'object' && 'items' in node) ? childOf(node as Node, key) : undefined;
    if (!next) break;
    node = next.value;
    offset = rangeStart(next.value) ?? next.keyOffset ?? offset;
  }
  if (issue.code === 'unrecognized_keys' && isMap(node)) {
    const unknown = issue.keys[0];
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === unknown);
    if (pair && unknown !== undefined) return { offset: rangeStart(pair.key) ?? offset, key: unknown };
  }
  return { offset };
}

function childOf(node: Node, key: PathKey): { value: unknown; keyOffset?: number } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (!pair) return undefined;
    // A key with no value (`name:`) has no node of its own: point at the key.
    return { value: pair.value ?? pair.key, keyOffset: rangeStart(pair.key) };
  }
  if ('items' in node && Array.isArray(node.items) && typeof key === 'number') {
    const item: unknown = node.items[key];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
    const start: unknown = node.range[0];
    return typeof start === 'number' ? start : undefined;
  }
  return undefined;
}

function valueAt(data: unknown, path: readonly PathKey[]): unknown {
  let value = data;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PathKey, unknown>)[key] : undefined;
  return value;
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return value === undefined ? `missing (expected ${issue.expected})` : `expected ${issue.expected}, found ${Array.isArray(value) ? 'a list' : value === null ? 'nothing' : typeof value}`;
    default:
      return issue.message;
  }
}
