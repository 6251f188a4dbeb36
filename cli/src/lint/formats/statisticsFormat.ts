// `--statistics`: how many findings of each rule, most frequent first, instead of the findings
// themselves (as a JSON array with `--output-format json`).
import type { ReportedDiagnostic } from '../reportedDiagnostic';
import { isFixable } from './formatContext';

interface RuleCount {
  readonly code: string;
  readonly name: string;
  readonly count: number;
  /** How many of them `--fix` (with `--unsafe-fixes` when given) would fix. */
  readonly fixable: number;
}

function countByRule(diagnostics: readonly ReportedDiagnostic[], unsafe: boolean): RuleCount[] {
  const counts = new Map<string, { code: string; name: string; count: number; fixable: number }>();
  for (const d of diagnostics) {
    const entry = counts.get(d.code) ?? { code: d.code, name: d.name, count: 0, fixable: 0 };
    entry.count++;
    if (isFixable(d, unsafe)) entry.fixable++;
    counts.set(d.code, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

export function formatStatistics(diagnostics: readonly ReportedDiagnostic[], unsafe: boolean, json: boolean): string {
  const counts = countByRule(diagnostics, unsafe);
  if (json) return `${JSON.stringify(counts, null, 2)}\n`;
  const width = Math.max(0, ...counts.map((entry) => String(entry.count).length));
  return counts
    .map(
      (entry) =>
        `${String(entry.count).padStart(width)}\t${entry.code}\t${entry.fixable === entry.count ? '[*] ' : entry.fixable > 0 ? '[-] ' : '    '}${entry.name}\n`,
    )
    .join('');
}
