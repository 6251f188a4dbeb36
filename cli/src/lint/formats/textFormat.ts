// The human formats of `loopscope lint`: `text` (path:line:column: CODE [*] [name] message), `concise`
// (the same without the rule name), `grouped` (by file) and `full` (with the source lines), each
// followed by a summary and what `--fix` did or could do (`--quiet`: the findings only).
import type { ReportedDiagnostic } from '../reportedDiagnostic';
import { isFixable, plural, type FormatContext } from './formatContext';

const COLORS: Record<ReportedDiagnostic['severity'], string> = { error: '31', warning: '33', information: '36', hint: '2' };

type Paint = (code: string, text: string) => string;

function painter(context: FormatContext): Paint {
  return (code, text) => (context.color ? `\u001b[${code}m${text}\u001b[0m` : text);
}

/** `CODE [*] [name] message` (concise: without the name). */
function finding(d: ReportedDiagnostic, context: FormatContext, paint: Paint, withName: boolean): string {
  const fixMark = isFixable(d, context.unsafeFixes) ? ' [*]' : '';
  return `${paint(COLORS[d.severity], d.code)}${fixMark}${withName ? ` [${d.name}]` : ''} ${d.message}`;
}

export function formatText(context: FormatContext, style: 'text' | 'concise' = 'text'): string {
  const paint = painter(context);
  const lines = context.diagnostics.map(
    (d) => `${paint('1', `${d.file}:${d.line}:${d.column}:`)} ${finding(d, context, paint, style === 'text')}`,
  );
  return finish(lines, context);
}

export function formatGrouped(context: FormatContext): string {
  const paint = painter(context);
  const lines: string[] = [];
  const byFile = new Map<string, ReportedDiagnostic[]>();
  for (const d of context.diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  for (const [file, diagnostics] of byFile) {
    lines.push(`${paint('1', `${file}:`)}`);
    const width = Math.max(...diagnostics.map((d) => `${d.line}:${d.column}`.length));
    for (const d of diagnostics) lines.push(`  ${`${d.line}:${d.column}`.padEnd(width)} ${finding(d, context, paint, true)}`);
    lines.push('');
  }
  return finish(lines, context);
}

/** Each finding with its source lines, the span underlined, and the fix on offer. */
export function formatFull(context: FormatContext): string {
  const paint = painter(context);
  const lines: string[] = [];
  const sources = new Map<string, string[] | undefined>();
  const sourceLines = (file: string): string[] | undefined => {
    if (!sources.has(file)) sources.set(file, context.sourceOf(file)?.split(/\r\n|\r|\n/));
    return sources.get(file);
  };
  for (const d of context.diagnostics) {
    lines.push(`${paint('1', `${d.file}:${d.line}:${d.column}:`)} ${finding(d, context, paint, true)}`);
    const source = sourceLines(d.file);
    const shown = source?.slice(d.line - 1, Math.min(d.endLine, d.line + 2));
    if (source && shown && shown.length > 0) {
      const gutter = String(d.line + shown.length - 1).length;
      lines.push(`${' '.repeat(gutter)} |`);
      shown.forEach((text, index) => {
        const row = d.line + index;
        lines.push(`${String(row).padStart(gutter)} | ${text}`);
        const codePoints = [...text];
        const from = row === d.line ? d.column - 1 : codePoints.findIndex((c) => c !== ' ' && c !== '\t');
        const to = row === d.endLine ? d.endColumn - 1 : codePoints.length;
        if (from >= 0 && to > from)
          lines.push(`${' '.repeat(gutter)} | ${' '.repeat(from)}${paint(COLORS[d.severity], '^'.repeat(to - from))}`);
      });
      if (d.endLine > d.line + shown.length - 1) lines.push(`${' '.repeat(gutter)} | ...`);
    }
    if (d.fix) lines.push(`${' '.repeat(2)}= ${d.fix.safety === 'safe' ? 'fix' : 'unsafe fix'}: ${d.fix.message}`);
    lines.push('');
  }
  return finish(lines, context);
}

function finish(lines: string[], context: FormatContext): string {
  if (!context.quiet) {
    lines.push(summary(context));
    const hint = fixHint(context.diagnostics, context.unsafeFixes);
    if (hint) lines.push(hint);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function summary({ diagnostics, files: linted, fixed }: FormatContext): string {
  const files = plural(linted.length, 'file');
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
