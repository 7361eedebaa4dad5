/** How the command line shows diagnostics: place, field, message, the offending line with a caret, a hint. */
import { readFileSync } from 'node:fs';
import { formatDiagnostic, type Diagnostic } from '../model/diagnostic.js';

/** Terminal columns a character takes: Chinese and other wide characters take two. */
function columns(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : ch === '\t' ? 4 : 1;
  }
  return width;
}

export class DiagnosticPrinter {
  private readonly sources = new Map<string, readonly string[] | undefined>();

  private lineOf(file: string, line: number): string | undefined {
    if (!this.sources.has(file)) {
      let lines: string[] | undefined;
      try {
        lines = readFileSync(file, 'utf8').split(/\r?\n/);
      } catch {
        lines = undefined;
      }
      this.sources.set(file, lines);
    }
    return this.sources.get(file)?.[line - 1];
  }

  /** `content.yaml:12:5  path  message`, then the line with a caret under the column, then the hint. */
  format(diagnostic: Diagnostic): string {
    const out = [formatDiagnostic(diagnostic)];
    const text = diagnostic.line > 0 ? this.lineOf(diagnostic.file, diagnostic.line) : undefined;
    if (text !== undefined && text.length <= 400) {
      const gutter = String(diagnostic.line);
      const before = [...text].slice(0, Math.max(0, diagnostic.column - 1)).join('');
      out.push(`  ${gutter} | ${text.replace(/\t/g, '    ')}`, `  ${' '.repeat(gutter.length)} | ${' '.repeat(columns(before))}^`);
    }
    if (diagnostic.hint) out.push(`  hint: ${diagnostic.hint}`);
    return out.join('\n');
  }
}

export function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [errors ? count(errors, 'error') : '', warnings ? count(warnings, 'warning') : ''].filter(Boolean).join(', ');
}
