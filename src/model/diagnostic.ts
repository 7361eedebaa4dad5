/** A problem found in an input file, located to the line and column a person can go to. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  /** 1-based; 0 when the problem has no place in the file. */
  readonly line: number;
  readonly column: number;
  /** Dotted path of the field, e.g. `projects.3.investor`; empty for syntax errors. */
  readonly path: string;
  readonly message: string;
  /** What to do about it, e.g. `did you mean "investor"?` */
  readonly hint?: string;
}

/** Thrown by a stage that cannot continue; carries every problem found, not just the first. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
  }
}

/** `content.yaml:12:5  projects.0.name  must not be empty` */
export function formatDiagnostic(d: Diagnostic): string {
  const place = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return [place, d.path, prefix + d.message].filter((part) => part !== '').join('  ');
}
