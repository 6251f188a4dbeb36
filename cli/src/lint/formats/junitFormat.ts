// `--output-format junit`: JUnit XML for CI systems that show test reports: one test suite per
// linted file, one failed test case per finding (a clean file is one passing case).
import type { ReportedDiagnostic } from '../reportedDiagnostic';

function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function formatJunit(diagnostics: readonly ReportedDiagnostic[], files: readonly string[]): string {
  const byFile = new Map<string, ReportedDiagnostic[]>(files.map((file) => [file, []]));
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const tests = [...byFile.values()].reduce((sum, found) => sum + Math.max(1, found.length), 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="loopscope" tests="${tests}" failures="${diagnostics.length}" errors="0">`,
  ];
  for (const [file, found] of byFile) {
    const name = escapeXml(file);
    lines.push(`  <testsuite name="${name}" tests="${Math.max(1, found.length)}" failures="${found.length}" errors="0" skipped="0">`);
    if (found.length === 0) lines.push(`    <testcase name="loopscope" classname="${name}"/>`);
    for (const d of found) {
      lines.push(`    <testcase name="${escapeXml(`${d.code} ${d.name}`)}" classname="${name}" file="${name}" line="${d.line}">`);
      lines.push(
        `      <failure message="${escapeXml(d.message)}" type="${d.severity}">${escapeXml(`${d.file}:${d.line}:${d.column}: ${d.code} ${d.message}`)}</failure>`,
      );
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
