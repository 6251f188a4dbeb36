// A diagnostic as the CLI reports it: file, 1-based lines and code-point columns (end exclusive).
import { detachedCopy, type LineIndex, type LintDiagnostic, type Point, type Severity } from '../../../server/engine/src';

interface ReportedEdit {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly newText: string;
}

export interface ReportedFix {
  readonly message: string;
  /** Not in the JSON output (its shape is fixed): whether `--fix` applies it without `--unsafe-fixes`. */
  readonly safety: 'safe' | 'unsafe';
  readonly edits: readonly ReportedEdit[];
}

/** The JSON output's item shape (CONTRACT.md, plus the fix's safety), also the input of the text and SARIF formats. */
export interface ReportedDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: ReportedFix | null;
}

export function toReported(file: string, diagnostic: LintDiagnostic, lines: LineIndex): ReportedDiagnostic {
  const point = (p: Point): { line: number; column: number } => ({ line: p.row + 1, column: lines.codePointColumn(p.row, p.column) + 1 });
  const start = point(diagnostic.start);
  const end = point(diagnostic.end);
  return {
    file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    code: diagnostic.code,
    name: diagnostic.name,
    severity: diagnostic.severity,
    // Own copies: messages quote code, and the CLI keeps them until the end of the run (not the files' texts).
    message: detachedCopy(diagnostic.message),
    fix: diagnostic.fix && {
      message: detachedCopy(diagnostic.fix.message),
      safety: diagnostic.fix.safety,
      edits: diagnostic.fix.edits.map((edit) => {
        const from = point(edit.start);
        const to = point(edit.end);
        return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, newText: detachedCopy(edit.newText) };
      }),
    },
  };
}
