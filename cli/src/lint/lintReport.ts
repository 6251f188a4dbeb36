// What every `loopscope lint` run ends with, from files or from standard input: warnings on stderr,
// the context the output formats are given, and the exit status.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { version } from '../../../package.json';
import {
  parsePyproject,
  ruleUrlFromTemplate,
  unknownSelectors,
  unknownSelectorsMessage,
  type ProjectConfig,
  type RuleInfo,
} from '../../../server/engine/src';
import { UsageError } from '../usageError';
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

/** `--config FILE` must name a readable configuration file (a pyproject.toml with our table). */
export function checkConfigOption(options: LintOptions): void {
  const file = options.config.config;
  if (file === undefined) return;
  if (!existsSync(file)) throw new UsageError(`--config ${file}: no such file`);
  if (path.basename(file) === 'pyproject.toml' && !parsePyproject(readSource(file) ?? '', file).config)
    throw new UsageError(`--config ${file}: this pyproject.toml has no [tool.loopscope] table`);
}

/**
 * Unknown keys and selectors in the configuration files that apply to `files`: each on stderr, and
 * true (exit status 2) when there is any. A typo must not silently lint with other rules than meant.
 */
export function configErrors(files: readonly string[], planner: FileLinter, rules: readonly RuleInfo[]): boolean {
  const configs = new Set<ProjectConfig>();
  for (const file of files) {
    const config = planner.configFor(file);
    if (config) configs.add(config);
  }
  const messages = new Set<string>();
  for (const config of configs) {
    for (const error of config.errors) messages.add(error);
    const selectors = unknownSelectors(
      { ...config.settings, fileIgnore: config.perFileIgnores.flatMap((entry) => entry.selectors) },
      rules,
    );
    if (selectors.length > 0) messages.add(unknownSelectorsMessage(selectors, config.path));
  }
  for (const message of messages) process.stderr.write(`loopscope: error: ${message}\n`);
  return messages.size > 0;
}
