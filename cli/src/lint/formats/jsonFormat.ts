// `--output-format json`: one JSON array of diagnostics (the shape is fixed by CONTRACT.md; the fix
// also says whether `--fix` applies it alone, `"applicability": "safe"`, or needs `--unsafe-fixes`);
// `json-lines`: the same items, one per line.
import type { ReportedDiagnostic, ReportedFix } from '../reportedDiagnostic';

/** One item of the output: a reported diagnostic whose fix says `applicability` where the CLI says `safety`. */
export interface JsonItem extends Omit<ReportedDiagnostic, 'fix'> {
  readonly fix: (Omit<ReportedFix, 'safety'> & { readonly applicability: ReportedFix['safety'] }) | null;
}

function jsonItem(d: ReportedDiagnostic): JsonItem {
  return {
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    code: d.code,
    name: d.name,
    severity: d.severity,
    message: d.message,
    fix: d.fix && { message: d.fix.message, applicability: d.fix.safety, edits: d.fix.edits },
  };
}

export function formatJson(diagnostics: readonly ReportedDiagnostic[]): string {
  return `${JSON.stringify(diagnostics.map(jsonItem), null, 2)}\n`;
}

export function formatJsonLines(diagnostics: readonly ReportedDiagnostic[]): string {
  return diagnostics.map((d) => `${JSON.stringify(jsonItem(d))}\n`).join('');
}
