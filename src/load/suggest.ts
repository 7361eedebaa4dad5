/** "Did you mean …?" for misspelt keys: the closest key the schema allows at that place. */
import type { z } from 'zod';
import type { PathKey } from './yaml.js';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema of the value at `path`, looking through optional, default and the like. */
function schemaAt(schema: z.ZodType, path: readonly PathKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let def = defOf(s);
    while (def.innerType || def.in) {
      s = (def.innerType ?? def.in)!;
      def = defOf(s);
    }
    return s;
  };
  for (const key of path) {
    if (!current) return undefined;
    const def = defOf(unwrap(current));
    current = typeof key === 'number' ? def.element : def.shape?.[key];
  }
  return current ? unwrap(current) : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

export function suggestKey(key: string, schema: z.ZodType, path: readonly PathKey[]): string | undefined {
  const allowed = Object.keys(defOf(schemaAt(schema, path) ?? schema).shape ?? {});
  const ranked = allowed
    .map((candidate) => ({ candidate, cost: distance(key.toLowerCase(), candidate.toLowerCase()) }))
    .sort((a, b) => a.cost - b.cost);
  const best = ranked[0];
  if (best && best.cost <= Math.max(2, Math.floor(key.length / 3))) return `did you mean "${best.candidate}"?`;
  return allowed.length > 0 ? `allowed here: ${allowed.join(', ')}` : undefined;
}
