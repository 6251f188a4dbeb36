// `--format json`: one JSON array of diagnostics (the shape is fixed by CONTRACT.md).
import type { ReportedDiagnostic } from '../reportedDiagnostic';

export function formatJson(diagnostics: readonly ReportedDiagnostic[]): string {
  return `${JSON.stringify(diagnostics, null, 2)}\n`;
}
