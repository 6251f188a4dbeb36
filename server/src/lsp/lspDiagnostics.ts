// Converts linter diagnostics to LSP diagnostics (positions stay UTF-16, as LSP requires).
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { ruleDocumentationUrl, type LintDiagnostic, type RuleInfo, type Severity } from '../../engine/src';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Rules about deprecated or removed APIs get the strike-through tag. */
const DEPRECATION_RULES = new Set(['LOOP201', 'LOOP203', 'LOOP206', 'LOOP207']);
/** Rules flagging text that does nothing get the fade-out tag. */
const UNNECESSARY_RULES = new Set(['LOOP001']);

export function toLspDiagnostic(diagnostic: LintDiagnostic, uri: string, rules: ReadonlyMap<string, RuleInfo>): Diagnostic {
  const rule = rules.get(diagnostic.code);
  const result: Diagnostic = {
    range: {
      start: { line: diagnostic.start.row, character: diagnostic.start.column },
      end: { line: diagnostic.end.row, character: diagnostic.end.column },
    },
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    source: 'loopscope',
    message: diagnostic.message,
  };
  if (rule) result.codeDescription = { href: ruleDocumentationUrl(rule) };
  if (DEPRECATION_RULES.has(diagnostic.code)) result.tags = [DiagnosticTag.Deprecated];
  if (UNNECESSARY_RULES.has(diagnostic.code)) result.tags = [DiagnosticTag.Unnecessary];
  if (diagnostic.related.length > 0) {
    result.relatedInformation = diagnostic.related.map((related) => ({
      location: {
        uri: related.file === undefined ? uri : pathToFileURL(related.file).href,
        range: {
          start: { line: related.start.row, character: related.start.column },
          end: { line: related.end.row, character: related.end.column },
        },
      },
      message: related.message,
    }));
  }
  return result;
}
