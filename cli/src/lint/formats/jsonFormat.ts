// `--format json`: one JSON array of diagnostics (the shape is fixed by CONTRACT.md).
import type { ReportedDiagnostic } from '../reportedDiagnostic';

export function formatJson(diagnostics: readonly ReportedDiagnostic[]): string {
  const items = diagnostics.map((d) => ({
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    code: d.code,
    name: d.name,
    severity: d.severity,
    message: d.message,
    fix: d.fix && { message: d.fix.message, edits: d.fix.edits },
  }));
  return `${JSON.stringify(items, null, 2)}\n`;
}
