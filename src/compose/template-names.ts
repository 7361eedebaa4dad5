/**
 * Helpers and partials a template calls that do not exist, found in its syntax tree before it runs.
 * At run time Handlebars' strict mode would report an unknown helper as a field missing from the
 * content, and an unknown partial without any line.
 */
import Handlebars from 'handlebars';
import type { Diagnostic } from '../model/diagnostic.js';

/** Handlebars' own fallbacks, registered as helpers but not meant to be called by name. */
const internalHelpers = new Set(['helperMissing', 'blockHelperMissing']);

export interface KnownNames {
  readonly helpers: readonly string[];
  readonly partials: readonly string[];
}

interface Use {
  readonly kind: 'helper' | 'partial';
  readonly name: string;
  readonly loc: hbs.AST.SourceLocation;
}

/** `{{name x}}`, `{{#name x}}` and `(name)` call a helper; `{{name}}` and `{{#name}}` may read a field. */
type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

const isPath = (expression: hbs.AST.Expression): expression is hbs.AST.PathExpression => expression.type === 'PathExpression';

class NameCollector extends Handlebars.Visitor {
  readonly uses: Use[] = [];
  /** Partials the template defines itself: `{{#*inline "name"}}…{{/inline}}`. */
  readonly inline: string[] = [];

  private call(node: Call, alwaysHelper: boolean): void {
    const path = node.path;
    if (!isPath(path) || path.data || path.parts.length !== 1) return;
    const hasArguments = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    if (alwaysHelper || hasArguments) this.uses.push({ kind: 'helper', name: path.original, loc: node.loc });
  }

  override MustacheStatement(node: hbs.AST.MustacheStatement): void {
    this.call(node, false);
    super.MustacheStatement(node);
  }

  override BlockStatement(node: hbs.AST.BlockStatement): void {
    this.call(node, false);
    super.BlockStatement(node);
  }

  override SubExpression(node: hbs.AST.SubExpression): void {
    this.call(node, true);
    super.SubExpression(node);
  }

  override DecoratorBlock(node: hbs.AST.DecoratorBlock): void {
    const [name] = node.params;
    if (isPath(node.path) && node.path.original === 'inline' && name?.type === 'StringLiteral') this.inline.push((name as hbs.AST.StringLiteral).value);
    super.DecoratorBlock(node);
  }

  override PartialStatement(node: hbs.AST.PartialStatement): void {
    // `{{> (expression)}}` names its partial at run time; only a written name can be checked here.
    if (isPath(node.name)) this.uses.push({ kind: 'partial', name: node.name.original, loc: node.loc });
    super.PartialStatement(node);
  }
}

const listed = (names: readonly string[]): string => names.join(', ');

export function unknownNames(program: hbs.AST.Program, file: string, known: KnownNames): Diagnostic[] {
  const collector = new NameCollector();
  collector.accept(program);
  const helpers = known.helpers.filter((name) => !internalHelpers.has(name)).sort();
  const partials = [...known.partials, ...collector.inline];
  return collector.uses
    .filter((use) => !(use.kind === 'helper' ? helpers : partials).includes(use.name))
    .map((use): Diagnostic => ({
      severity: 'error',
      file,
      line: use.loc.start.line,
      column: use.loc.start.column + 1,
      path: '',
      message: `there is no ${use.kind} named "${use.name}"`,
      hint:
        use.kind === 'helper'
          ? `the helpers are ${listed(helpers)}`
          : partials.length > 0
            ? `the partials are ${listed(partials)}`
            : 'no partials are defined; define one with {{#*inline "name"}}…{{/inline}} or write the markup into the template itself',
    }));
}
