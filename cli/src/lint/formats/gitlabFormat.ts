// `--output-format gitlab`: a GitLab Code Quality report (a JSON array) for merge-request widgets.
// Paths are relative to the project (CI_PROJECT_DIR, else the working directory); fingerprints stay
// the same when unrelated lines move, so GitLab can tell new findings from old ones.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Severity } from '../../../../server/engine/src';
import type { ReportedDiagnostic } from '../reportedDiagnostic';

const SEVERITIES: Record<Severity, 'blocker' | 'critical' | 'major' | 'minor' | 'info'> = {
  error: 'major',
  warning: 'minor',
  information: 'info',
  hint: 'info',
};

export function formatGitlab(diagnostics: readonly ReportedDiagnostic[], projectDir: string): string {
  const seen = new Map<string, number>();
  const items = diagnostics.map((d) => {
    const file = path.relative(projectDir, path.resolve(d.file)).split(path.sep).join('/');
    // Same file, rule and message: the n-th such finding gets the n-th fingerprint.
    const identity = `${file}\u0000${d.code}\u0000${d.message}`;
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return {
      description: `${d.code} ${d.message}`,
      check_name: `${d.code} ${d.name}`,
      fingerprint: createHash('sha256').update(`${identity}\u0000${occurrence}`).digest('hex').slice(0, 32),
      severity: SEVERITIES[d.severity],
      location: { path: file, lines: { begin: d.line, end: d.endLine } },
    };
  });
  return `${JSON.stringify(items, null, 2)}\n`;
}
