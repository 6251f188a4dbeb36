// `loopscope lint [PATH…] [--format text|json|sarif] [--select CODES] [--ignore CODES] [--target-version 3.X]
//                 [--fix] [--unsafe-fixes] [--diff]`
import { parseArgs } from 'node:util';
import { version } from '../../../package.json';
import { Linter } from '../../../server/src/linter/linter';
import { unknownSelectors, type LintSettings } from '../../../server/src/linter/lintSettings';
import { parsePythonVersion } from '../../../server/src/linter/pythonVersion';
import { INVALID_FILE } from '../../../server/src/linter/fileProblems';
import { formatJson } from '../lint/formats/jsonFormat';
import { formatSarif } from '../lint/formats/sarifFormat';
import { formatText } from '../lint/formats/textFormat';
import { findPythonFiles } from '../../../server/src/workspace/pythonFiles';
import { FileLinter } from '../lint/fileLinter';
import { fixFiles } from '../lint/fileFixer';
import { lintFiles } from '../lint/lintFiles';
import { unifiedDiff } from '../lint/unifiedDiff';
import type { ReportedDiagnostic } from '../lint/reportedDiagnostic';
import { UsageError } from '../usageError';

export const LINT_USAGE = `usage: loopscope lint [PATH...] [--format text|json|sarif] [--select CODES] [--extend-select CODES]
                      [--ignore CODES] [--target-version 3.X] [--fix] [--unsafe-fixes] [--diff]

Lints Python files for asyncio problems. PATH: files or folders (every *.py below, honouring
.gitignore); default '.'. CODES: comma-separated codes (LOOP101), prefixes (LOOP1), rule names
(blocking-sleep), equivalent codes (ASYNC251) or ALL. Settings also come from the nearest
pyproject.toml ([tool.loopscope], requires-python); flags override them.
--fix applies the safe fixes (marked [*]) and rewrites the files, then reports what remains;
--unsafe-fixes applies fixes that may change behaviour too (review them); --diff prints, as a
unified diff, what --fix would change, and writes nothing.
Exit status: 0 no problems (with --fix: none remain; with --diff: nothing to change), 1 problems
found (or remaining, or changes to make), 2 usage or I/O error.`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export async function lintCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      select: { type: 'string', multiple: true },
      'extend-select': { type: 'string', multiple: true },
      ignore: { type: 'string', multiple: true },
      'target-version': { type: 'string' },
      fix: { type: 'boolean' },
      'unsafe-fixes': { type: 'boolean' },
      diff: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${LINT_USAGE}\n`);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${values.format}'`);
  if (values.diff && format !== 'text') throw new UsageError('--diff prints a diff: it cannot be combined with --format json or sarif');
  const overrides = commandLineSettings(values);
  const unsafeFixes = values['unsafe-fixes'] === true;

  const linter = await Linter.create();
  const unknown = unknownSelectors(overrides, [INVALID_FILE, ...linter.rules]);
  if (unknown.length > 0)
    throw new UsageError(`unknown rule selector${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (see 'loopscope rules')`);

  const { files, errors, missing } = findPythonFiles(positionals.length > 0 ? positionals : ['.']);
  if (missing.length > 0) throw new UsageError(`${missing.join(', ')}: no such file or directory`);
  let reported: ReportedDiagnostic[] = [];
  const warned = new Set<string>();
  const results = await lintFiles(files, linter, overrides);
  for (const result of results) {
    for (const warning of result.configWarnings) {
      if (!warned.has(warning)) process.stderr.write(`loopscope: warning: ${warning}\n`);
      warned.add(warning);
    }
    if (result.readError) errors.push(result.readError);
    for (const failure of result.internalErrors) process.stderr.write(`loopscope: internal error in ${result.file}: ${failure}\n`);
    reported.push(...result.diagnostics);
  }

  let fixed: { problems: number; files: number } | undefined;
  if (values.fix || values.diff) {
    const reportFailure = (file: string, failure: string): void =>
      void process.stderr.write(`loopscope: internal error in ${file}: ${failure}\n`);
    const run = fixFiles(results, linter, new FileLinter(linter, overrides), { unsafe: unsafeFixes, write: !values.diff }, reportFailure);
    errors.push(...run.errors);
    if (values.diff) {
      await writeStdout(run.changed.map((file) => unifiedDiff(file.before, file.after, file.file, file.file)).join(''));
      const remaining = run.diagnostics.length;
      process.stderr.write(
        `Would fix ${plural(run.fixedProblems, 'problem')} in ${plural(run.changed.length, 'file')}` +
          `${remaining > 0 ? `; ${plural(remaining, 'problem')} would remain` : ''}.\n`,
      );
      for (const error of errors) process.stderr.write(`loopscope: ${error}\n`);
      return errors.length > 0 ? 2 : run.changed.length > 0 ? 1 : 0;
    }
    reported = [...run.diagnostics];
    fixed = { problems: run.fixedProblems, files: run.changed.length };
  }

  const output =
    format === 'json'
      ? formatJson(reported)
      : format === 'sarif'
        ? formatSarif(reported, [INVALID_FILE, ...linter.rules], version)
        : formatText(reported, files.length, {
            color: process.stdout.isTTY === true && !process.env['NO_COLOR'],
            unsafeFixes,
            ...(fixed ? { fixed } : {}),
          });
  await writeStdout(output);
  for (const error of errors) process.stderr.write(`loopscope: ${error}\n`);
  return errors.length > 0 ? 2 : reported.length > 0 ? 1 : 0;
}

interface LintFlags {
  select?: string[];
  'extend-select'?: string[];
  ignore?: string[];
  'target-version'?: string;
}

function commandLineSettings(values: LintFlags): LintSettings {
  const list = (entries: string[] | undefined): string[] | undefined =>
    entries
      ?.flatMap((entry) => entry.split(','))
      .map((code) => code.trim())
      .filter(Boolean);
  const settings: { -readonly [K in keyof LintSettings]: LintSettings[K] } = {};
  const select = list(values.select);
  const extendSelect = list(values['extend-select']);
  const ignore = list(values.ignore);
  if (select) settings.select = select;
  if (extendSelect) settings.extendSelect = extendSelect;
  if (ignore) settings.ignore = ignore;
  if (values['target-version'] !== undefined) {
    const target = parsePythonVersion(values['target-version']);
    if (!target) throw new UsageError(`--target-version must look like 3.12, not '${values['target-version']}'`);
    settings.targetVersion = target;
  }
  return settings;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Large outputs to a pipe must drain before the process exits. */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}
