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

const isAmount = (value: unknown): value is Amount =>
  typeof value === 'object' && value !== null && typeof (value as Amount).value === 'number' && typeof (value as Amount).unit === 'string';

/** `超1000亿元`, `1000亿元以上`: an amount as printed, qualifiers and all. */
export function amount(value: unknown): string {
  if (!isAmount(value)) throw new Error('amount: expected {value, unit}');
  return `${value.qualifier ?? ''}${value.value}${value.unit}${value.suffix ?? ''}`;
}

/** 平安建投董事长兼CEO鲁贵卿, or 云溪区投资促进中心有关负责人: who said it, with what the content gives. */
export function attribution(quote: unknown): string {
  const { speaker, title, organisation } = (quote ?? {}) as { speaker?: string; title?: string; organisation?: string };
  return [organisation, title, speaker].filter((part) => part !== undefined).join('');
}

interface KindRow {
  readonly id: string;
  readonly label: string;
  readonly count?: Amount;
}

/**
 * The companies of one investor kind: those the content names under `investors`, else the
 * investors of the projects of that kind (short names where given).
 */
export function companiesOfKind(root: unknown, kind: string): string[] {
  const { investors = [], projects = [] } = root as { investors?: Row[]; projects?: Row[] };
  const named = where(investors, 'kinds', kind).map((investor) => String(investor.name));
  if (named.length > 0) return named;
  const ofProjects = where(projects, 'kinds', kind).map((project) => project.investorShort ?? project.investor);
  return [...new Set(ofProjects.filter((name): name is string => typeof name === 'string'))];
}

/** Investor kinds with at least one company, each with its companies and whether the list is partial. */
export function investorRows(root: unknown): { label: string; count?: Amount; companies: string; partial: boolean }[] {
  const { investorKinds = [] } = root as { investorKinds?: KindRow[] };
  return investorKinds.flatMap((kind) => {
    const companies = companiesOfKind(root, kind.id);
    if (companies.length === 0) return [];
    const partial = kind.count !== undefined && companies.length < kind.count.value;
    return [{ label: kind.label, ...(kind.count ? { count: kind.count } : {}), companies: companies.join('、'), partial }];
  });
}

/**
 * What a slide shows of a list that its notes give in full: the first `count` items no longer than
 * `chars` characters, in order (a long sentence reads on a slide only at its full width).
 */
export function briefItems(items: unknown, count: number, chars: number): string[] {
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) throw new Error('briefItems: expected a list of texts');
  return items.filter((item) => [...item].length <= chars).slice(0, count);
}

/** True when any item has a value for `field` (a non-empty list counts). */
export function someHave(items: unknown, field: string): boolean {
  return rows(items, 'someHave').some((item) => {
    const value = item[field];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== '';
  });
}

/** A chart's points from a breakdown: counts when every category has one, else amounts; none if fewer than two. */
export function chartOf(breakdown: unknown): { field: 'amount' | 'count'; unit: string; points: { label: string; value: number }[] } | undefined {
  const categories = rows((breakdown as { categories?: unknown })?.categories, 'chartOf');
  for (const field of ['count', 'amount'] as const) {
    const values = categories.map((category) => category[field]).filter(isAmount);
    const [first] = values;
    if (categories.length >= 2 && first && values.length === categories.length) {
      const points = categories.map((category, index) => ({ label: String(category.label), value: values[index]?.value ?? 0 }));
      return { field, unit: first.unit, points };
    }
  }
  return undefined;
}

const dayOf = (iso: string): { year: number; month: number; day: number } => {
  const [year = 0, month = 0, day = 0] = iso.split('-').map(Number);
  return { year, month, day };
};

/** 2020年9月15日, 2020年9月15日—17日: when the event took place; `dateText` (as the source prints it) wins. */
export function when(event: unknown): string {
  const { date, dateText } = (event ?? {}) as { date?: string | { from: string; to: string }; dateText?: string };
  if (dateText !== undefined) return dateText;
  if (date === undefined) return '';
  const written = ({ year, month, day }: { year: number; month: number; day: number }): string => `${year}年${month}月${day}日`;
  if (typeof date === 'string') return written(dayOf(date));
  const from = dayOf(date.from);
  const to = dayOf(date.to);
  const end = to.year !== from.year ? written(to) : to.month !== from.month ? `${to.month}月${to.day}日` : `${to.day}日`;
  return `${written(from)}—${end}`;
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
  when: (event: unknown) => when(event),
  /** `{{#if (and a b)}}` */
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  attribution: (quote: unknown) => attribution(quote),
  investorRows: (root: unknown) => investorRows(root),
  someHave: (items: unknown, field: unknown) => someHave(items, String(field)),
  /** `{{#each (briefItems builds 2 20)}}` — the first 2 items of at most 20 characters. */
  briefItems: (items: unknown, count: unknown, chars: unknown) => briefItems(items, Number(count), Number(chars)),
  chartOf: (breakdown: unknown) => chartOf(breakdown),
  /** `{{#if (gt (length x) 2)}}` */
  gt: (a: unknown, b: unknown) => Number(a) > Number(b),
  /** `{{pluck projects "name"}}` — one field of each item. */
  pluck: (items: unknown, field: unknown) => rows(items, 'pluck').map((item) => item[String(field)]).filter((value) => value !== undefined),
  /** `{{#if (or a b)}}` */
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  /** Total items of several lists. */
  itemCount: (lists: unknown) => rows(lists, 'itemCount').reduce((sum, list) => sum + (Array.isArray(list.items) ? list.items.length : 0), 0),
  /** `{{figure "total-investment"}}` — a headline figure of the event (by id), as printed. */
  figure: (id: unknown, options: { data: { root: { event: { figures: unknown } } } }) => {
    const found = where(options.data.root.event.figures, 'id', id)[0];
    if (!found) throw new Error(`figure: no event figure with id "${String(id)}"`);
    return amount(found);
  },
  /** `{{kindLabel ../investorKinds "fortune500"}}` — the label of an investor kind. */
  kindLabel: (kinds: unknown, kind: unknown) => where(kinds, 'id', kind)[0]?.label ?? String(kind),
};
