/**
 * check: what the schema cannot say — ids are unique, references point at something that exists,
 * counts agree with the lists they count. Errors stop the build; warnings are things that look
 * wrong but may be right.
 */
import type { Content } from '../model/content.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { PathKey, YamlSource } from '../load/yaml.js';

export function checkReferences(content: Content, source: YamlSource): Diagnostic[] {
  const found: Diagnostic[] = [];
  const report = (severity: Diagnostic['severity'], path: PathKey[], message: string, hint?: string): void => {
    found.push({ severity, file: source.file, ...source.at(path), path: path.join('.'), message, ...(hint ? { hint } : {}) });
  };

  const unique = (list: readonly { id: string }[], where: PathKey[]): void => {
    const seen = new Map<string, number>();
    list.forEach((item, index) => {
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
  const figures = content.event.figures;
  unique(figures, ['event', 'figures']);

  const projectIds = content.projects.map((p) => p.id);
  const known = (id: string, list: readonly string[], path: PathKey[], what: string): void => {
    if (!list.includes(id)) report('error', path, `no ${what} with id "${id}"`, `known: ${list.join(', ')}`);
  };
  content.quotes.forEach((quote, index) => {
    if (quote.project) known(quote.project, projectIds, ['quotes', index, 'project'], 'project');
  });
  content.event.witnessedSigning.projects.forEach((id, index) => known(id, projectIds, ['event', 'witnessedSigning', 'projects', index], 'project'));
  const sectors = content.sectors.map((s) => s.id);
  const kinds = content.investorKinds.map((k) => k.kind);
  content.projects.forEach((project, index) => {
    if (project.sector) known(project.sector, sectors, ['projects', index, 'sector'], 'sector');
    project.kinds.forEach((kind, k) => {
      if (!kinds.includes(kind)) report('error', ['projects', index, 'kinds', k], `investor kind "${kind}" has no entry under investorKinds`, 'add it there with its Chinese label');
    });
  });

  const { signedCount, representativeCount } = content.signing;
  if (content.projects.length > signedCount.value) {
    report('error', ['signing', 'signedCount', 'value'], `${content.projects.length} projects are named but only ${signedCount.value} were signed`);
  }
  const representatives = content.projects.filter((p) => p.signing === 'representative').length;
  if (representatives !== representativeCount.value) {
    report('warning', ['signing', 'representativeCount', 'value'], `${representatives} projects are marked representative, the count says ${representativeCount.value}`);
  }
  const { fortune500 } = content.event;
  if (fortune500.named.length > fortune500.count.value) {
    report('error', ['event', 'fortune500', 'named'], `${fortune500.named.length} Fortune 500 companies are named but the count is ${fortune500.count.value}`);
  }

  // Named projects' investments cannot add up to more than the total.
  const total = figures.find((f) => f.id === 'total-investment');
  if (total) {
    let sum = 0;
    content.projects.forEach((project, index) =>
      project.numbers.forEach((number, n) => {
        if (number.unit !== total.unit) return;
        const before = sum;
        sum += number.value;
        // Once, where the sum first passes the total.
        if (sum > total.value && before <= total.value) report('error', ['projects', index, 'numbers', n, 'value'], `the named projects' investments (${sum}${total.unit}) exceed the total of ${total.value}${total.unit}`);
      }),
    );
  }
  return found;
}
