// `--format text`: one line per diagnostic (path:line:column: CODE [*] [name] message, `[*]` when
// `--fix` would fix it) and a summary, with what `--fix` did or could do.
import type { ReportedDiagnostic } from '../reportedDiagnostic';

const COLORS: Record<ReportedDiagnostic['severity'], string> = { error: '31', warning: '33', information: '36', hint: '2' };

export interface TextFormatOptions {
  readonly color: boolean;
  /** `--unsafe-fixes`: unsafe fixes count as applicable. */
  readonly unsafeFixes?: boolean;
  /** After `--fix`: how many problems were fixed, in how many files. */
  readonly fixed?: { readonly problems: number; readonly files: number };
}

export function formatText(diagnostics: readonly ReportedDiagnostic[], fileCount: number, options: TextFormatOptions): string {
  const paint = (code: string, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const unsafe = options.unsafeFixes === true;
  const lines = diagnostics.map(
    (d) =>
      `${paint('1', `${d.file}:${d.line}:${d.column}:`)} ${paint(COLORS[d.severity], d.code)}${isFixable(d, unsafe) ? ' [*]' : ''} [${d.name}] ${d.message}`,
  );
  lines.push(summary(diagnostics, fileCount, options.fixed));
  const hint = fixHint(diagnostics, unsafe);
  if (hint) lines.push(hint);
  return `${lines.join('\n')}\n`;
}

function isFixable(d: ReportedDiagnostic, unsafe: boolean): boolean {
  return d.fix !== null && (unsafe || d.fix.safety === 'safe');
}

function summary(diagnostics: readonly ReportedDiagnostic[], fileCount: number, fixed: TextFormatOptions['fixed']): string {
  const files = plural(fileCount, 'file');
  const done = fixed ? `Fixed ${plural(fixed.problems, 'problem')} in ${plural(fixed.files, 'file')}; ` : '';
  if (diagnostics.length === 0)
    return fixed ? `${done}no problems remain (${files} checked).` : `No asyncio problems found (${files} checked).`;
  const bySeverity = new Map<string, number>();
  for (const d of diagnostics) bySeverity.set(d.severity, (bySeverity.get(d.severity) ?? 0) + 1);
  const parts = [...bySeverity].map(([severity, count]) => plural(count, severity === 'information' ? 'info' : severity));
  const affected = plural(new Set(diagnostics.map((d) => d.file)).size, 'file');
  if (fixed)
    return `${done}${plural(diagnostics.length, 'problem')} remain${diagnostics.length === 1 ? 's' : ''} in ${affected} (${parts.join(', ')}); ${files} checked.`;
  return `Found ${plural(diagnostics.length, 'problem')} in ${affected} (${parts.join(', ')}); ${files} checked.`;
}

/** "[*] 2 fixable with `--fix` (3 more with `--unsafe-fixes`)." */
function fixHint(diagnostics: readonly ReportedDiagnostic[], unsafe: boolean): string | undefined {
  const applicable = diagnostics.filter((d) => isFixable(d, unsafe)).length;
  const hidden = unsafe ? 0 : diagnostics.filter((d) => d.fix?.safety === 'unsafe').length;
  const fixOption = unsafe ? '`--fix --unsafe-fixes`' : '`--fix`';
  if (applicable > 0) return `[*] ${applicable} fixable with ${fixOption}${hidden > 0 ? ` (${hidden} more with \`--unsafe-fixes\`)` : ''}.`;
  if (hidden > 0) return `${hidden} fixable with \`--fix --unsafe-fixes\` (these fixes may change behaviour: review them).`;
  return undefined;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
