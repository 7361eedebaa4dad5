/**
 * Handlebars helpers the templates may call. They only read the content; each returns plain
 * data or a string that Handlebars escapes like any other value.
 */
import type { HelperDelegate } from 'handlebars';
import type { Amount } from '../model/content.js';

type Row = Readonly<Record<string, unknown>>;

const isRows = (value: unknown): value is Row[] => Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null);

function rows(value: unknown, helper: string): Row[] {
  if (!isRows(value)) throw new Error(`${helper}: expected a list of objects`);
  return value;
}

/** Counts items per value of `field`, most first (ties in order of appearance); items without it are left out. */
export function countBy(items: unknown, field: string): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of rows(items, 'countBy')) {
    const key = item[field];
    if (typeof key === 'string') counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count);
}

/** Items whose `field` equals `value`, or (for list fields) contains it. */
export function where(items: unknown, field: string, value: unknown): Row[] {
  return rows(items, 'where').filter((item) => {
    const actual = item[field];
    return Array.isArray(actual) ? actual.includes(value) : actual === value;
  });
}

/** `超1000亿元`: an amount as printed. */
export function amount(value: unknown): string {
  const a = value as Amount;
  if (typeof a?.value !== 'number' || typeof a.unit !== 'string') throw new Error('amount: expected {value, unit}');
  return `${a.qualifier ?? ''}${a.value}${a.unit}`;
}

export const helpers: Record<string, HelperDelegate> = {
  eq: (a: unknown, b: unknown) => a === b,
  not: (a: unknown) => !a,
  inc: (n: unknown) => Number(n) + 1,
  join: (items: unknown, separator: unknown) => (Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : '、') : ''),
  length: (items: unknown) => (Array.isArray(items) ? items.length : 0),
  countBy: (items: unknown, field: unknown) => countBy(items, String(field)),
  where: (items: unknown, field: unknown, value: unknown) => where(items, String(field), value),
  find: (items: unknown, field: unknown, value: unknown) => where(items, String(field), value)[0],
  amount: (value: unknown) => amount(value),
  /** `{{figure "total-investment"}}` — a headline figure of the event, as printed. */
  figure: (id: unknown, options: { data: { root: { event: { figures: unknown } } } }) => {
    const found = where(options.data.root.event.figures, 'id', id)[0];
    if (!found) throw new Error(`figure: no event figure with id "${String(id)}"`);
    return amount(found);
  },
  /** `{{#with (kindLabel ../investorKinds "fortune500")}}` — the label of an investor kind. */
  kindLabel: (kinds: unknown, kind: unknown) => where(kinds, 'kind', kind)[0]?.label ?? String(kind),
};
