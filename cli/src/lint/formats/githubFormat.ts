// `--output-format github`: GitHub Actions workflow commands, which GitHub shows as annotations on
// the pull request's changed lines: `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=LOOP101::message`.
import type { Severity } from '../../../../server/engine/src';
import type { ReportedDiagnostic } from '../reportedDiagnostic';

const COMMANDS: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

/** Workflow-command escaping: the message may not break the line; properties may not hold `,` or `:` either. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(diagnostics: readonly ReportedDiagnostic[]): string {
  return diagnostics
    .map((d) => {
      const properties = [
        `file=${escapeProperty(d.file.split('\\').join('/'))}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(`${d.code} ${d.name}`)}`,
      ];
      return `::${COMMANDS[d.severity]} ${properties.join(',')}::${escapeData(`${d.file}:${d.line}:${d.column}: ${d.code} ${d.message}`)}\n`;
    })
    .join('');
}
