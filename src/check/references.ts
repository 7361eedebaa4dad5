/**
 * check: what the schema cannot say — ids are unique, references point at something that exists,
 * counts agree with the lists they count. Errors stop the build; warnings are things that look
 * wrong but may be right.
 */
import type { Amount, Content } from '../model/content.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { PathKey, YamlSource } from '../load/yaml.js';

export function checkReferences(content: Content, source: YamlSource): Diagnostic[] {
  const found: Diagnostic[] = [];
  const report = (severity: Diagnostic['severity'], path: PathKey[], message: string, hint?: string): void => {
    found.push({ severity, file: source.file, ...source.at(path), path: path.join('.'), message, ...(hint ? { hint } : {}) });
  };

  const unique = (list: readonly { id?: string | undefined }[], where: PathKey[]): void => {
    const seen = new Map<string, number>();
    list.forEach((item, index) => {
      if (item.id === undefined) return;
      const first = seen.get(item.id);
      if (first !== undefined) report('error', [...where, index, 'id'], `id "${item.id}" is already used by ${[...where, first].join('.')}`, 'every id must be different');
      else seen.set(item.id, index);
    });
  };
  unique(content.projects, ['projects']);
  unique(content.quotes, ['quotes']);
  unique(content.lists, ['lists']);
  unique(content.sections, ['sections']);
  unique(content.images, ['images']);
  unique(content.breakdowns, ['breakdowns']);
  unique(content.investorKinds, ['investorKinds']);
  unique(content.signing.roles, ['signing', 'roles']);
  unique(content.event.figures, ['event', 'figures']);

  const known = (id: string, list: readonly string[], path: PathKey[], what: string, where: string): void => {
    if (list.includes(id)) return;
    report('error', path, `no ${what} with id "${id}"`, list.length > 0 ? `known: ${list.join(', ')}` : `add it under ${where}`);
  };
  const projectIds = content.projects.map((p) => p.id);
  content.quotes.forEach((quote, index) => {
    if (quote.project) known(quote.project, projectIds, ['quotes', index, 'project'], 'project', 'projects');
    // The slide shows the highlight as the speaker's words: they must have said exactly that.
    if (quote.highlight !== undefined && !quote.text.some((paragraph) => paragraph.includes(quote.highlight ?? ''))) {
      report('error', ['quotes', index, 'highlight'], `the highlight of quote "${quote.id}" is not part of its text`, 'copy one sentence of the quote\'s text exactly, punctuation included');
    }
  });
  const sectors = content.sectors.map((s) => s.id);
  const kinds = content.investorKinds.map((k) => k.id);
  const roles = content.signing.roles.map((r) => r.id);
  content.projects.forEach((project, index) => {
    if (project.sector) known(project.sector, sectors, ['projects', index, 'sector'], 'sector', 'sectors');
    if (project.role) known(project.role, roles, ['projects', index, 'role'], 'signing role', 'signing.roles');
    project.kinds.forEach((kind, k) => known(kind, kinds, ['projects', index, 'kinds', k], 'investor kind', 'investorKinds, with its label'));
  });
  content.investors.forEach((investor, index) =>
    investor.kinds.forEach((kind, k) => known(kind, kinds, ['investors', index, 'kinds', k], 'investor kind', 'investorKinds, with its label')),
  );

  const { total } = content.signing;
  if (total && content.projects.length > total.value) {
    report('error', ['signing', 'total', 'value'], `${content.projects.length} projects are named but only ${total.value} were signed`);
  }
  content.signing.roles.forEach((role, index) => {
    const named = content.projects.filter((p) => p.role === role.id).length;
    if (role.count && named > role.count.value) {
      report('error', ['signing', 'roles', index, 'count', 'value'], `${named} projects have the role "${role.id}" but its count is ${role.count.value}`);
    }
  });
  content.investorKinds.forEach((kind, index) => {
    const named = content.investors.filter((investor) => investor.kinds.includes(kind.id)).length;
    if (kind.count && named > kind.count.value) {
      report('error', ['investorKinds', index, 'count', 'value'], `${named} "${kind.label}" companies are named under investors but the count is ${kind.count.value}`);
    }
  });

  // Named projects' investments cannot add up to more than a total stated in the same unit.
  const totals: { amount: Amount; path: PathKey[] }[] = content.event.figures
    .map((figure, index) => ({ amount: figure, path: ['event', 'figures', index] as PathKey[] }))
    .filter(({ amount }) => amount.unit.endsWith('元') && amount.qualifier === undefined && amount.suffix === undefined);
  const largest = totals.sort((a, b) => b.amount.value - a.amount.value)[0];
  if (largest) {
    let sum = 0;
    content.projects.forEach((project, index) => {
      if (project.amount?.unit !== largest.amount.unit) return;
      const before = sum;
      sum += project.amount.value;
      // Once, where the sum first passes the total.
      if (sum > largest.amount.value && before <= largest.amount.value) {
        report('error', ['projects', index, 'amount', 'value'], `the named projects' investments (${sum}${largest.amount.unit}) exceed the total of ${largest.amount.value}${largest.amount.unit}`);
      }
    });
  }
  content.breakdowns.forEach((breakdown, b) => {
    const units = new Set(breakdown.categories.flatMap((c) => [c.count?.unit, c.amount?.unit].filter((u) => u !== undefined)));
    const countUnits = new Set(breakdown.categories.map((c) => c.count?.unit).filter((u) => u !== undefined));
    const amountUnits = new Set(breakdown.categories.map((c) => c.amount?.unit).filter((u) => u !== undefined));
    if (countUnits.size > 1 || amountUnits.size > 1) {
      report('warning', ['breakdowns', b, 'categories'], `the categories of "${breakdown.title}" use different units (${[...units].join(', ')}): its chart compares them as numbers`);
    }
  });
  return found;
}
