// What every `loopscope lint` run ends with, from files or from standard input: warnings on stderr,
// the context the output formats are given, and the exit status.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { version } from '../../../package.json';
import type { RuleInfo } from '../../../server/src/linter/rule';
import { ruleUrlFromTemplate } from '../../../server/src/linter/ruleDocumentation';
import type { FileLinter, FileLintResult } from './fileLinter';
import type { FormatContext } from './formats/formatContext';
import { failsRun, type LintOptions } from './lintOptions';
import type { ReportedDiagnostic } from './reportedDiagnostic';

/** Each configuration warning and internal error once, on stderr. */
export function reportWarnings(results: readonly FileLintResult[], options: LintOptions): void {
  const warned = new Set<string>();
  for (const result of results) {
    for (const warning of result.configWarnings) {
      if (!warned.has(warning) && !options.quiet) process.stderr.write(`loopscope: warning: ${warning}\n`);
      warned.add(warning);
    }
    for (const failure of result.internalErrors) process.stderr.write(`loopscope: internal error in ${result.file}: ${failure}\n`);
  }
}

export function formatContext(
  options: LintOptions,
  diagnostics: readonly ReportedDiagnostic[],
  files: readonly string[],
  rules: readonly RuleInfo[],
  planner: FileLinter,
  fixed: FormatContext['fixed'],
  sourceOf: (file: string) => string | undefined = readSource,
): FormatContext {
  // Documentation links come from the configuration of the folder the command runs in.
  const template = planner.configForFolder(process.cwd())?.documentationUrl;
  return {
    diagnostics,
    files,
    rules,
    version,
    color: process.stdout.isTTY === true && !process.env['NO_COLOR'],
    unsafeFixes: options.unsafeFixes,
    quiet: options.quiet,
    ...(fixed ? { fixed } : {}),
    sourceOf,
    documentationUrl: (rule) => (template === undefined ? undefined : ruleUrlFromTemplate(template, rule)),
  };
}

export function exitStatus(options: LintOptions, reported: readonly ReportedDiagnostic[], ioError: boolean, fixedProblems: number): number {
  if (ioError) return 2;
  if (options.exitZero) return 0;
  if (options.exitNonZeroOnFix && fixedProblems > 0) return 1;
  return reported.some((d) => failsRun(d.severity, options.failOn)) ? 1 : 0;
}

function readSource(file: string): string | undefined {
  try {
    return readFileSync(path.resolve(file), 'utf8');
  } catch {
    return undefined;
  }
}

/** Large outputs to a pipe must drain before the process exits. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}
