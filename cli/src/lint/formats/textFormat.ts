// `--format text`: one line per diagnostic (path:line:column: CODE [name] message) and a summary.
import type { ReportedDiagnostic } from '../reportedDiagnostic';

const COLORS: Record<ReportedDiagnostic['severity'], string> = { error: '31', warning: '33', information: '36', hint: '2' };

export function formatText(diagnostics: readonly ReportedDiagnostic[], fileCount: number, color: boolean): string {
  const paint = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = diagnostics.map(
    (d) => `${paint('1', `${d.file}:${d.line}:${d.column}:`)} ${paint(COLORS[d.severity], d.code)} [${d.name}] ${d.message}`,
  );
  lines.push(summary(diagnostics, fileCount));
  return `${lines.join('\n')}\n`;
}

function summary(diagnostics: readonly ReportedDiagnostic[], fileCount: number): string {
  const files = plural(fileCount, 'file');
  if (diagnostics.length === 0) return `No asyncio problems found (${files} checked).`;
  const bySeverity = new Map<string, number>();
  for (const d of diagnostics) bySeverity.set(d.severity, (bySeverity.get(d.severity) ?? 0) + 1);
  const parts = [...bySeverity].map(([severity, count]) => plural(count, severity === 'information' ? 'info' : severity));
  const affected = new Set(diagnostics.map((d) => d.file)).size;
  return `Found ${plural(diagnostics.length, 'problem')} in ${plural(affected, 'file')} (${parts.join(', ')}); ${files} checked.`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
