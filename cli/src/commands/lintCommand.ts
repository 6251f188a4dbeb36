// `loopscope lint`: finds the files, lints them (or standard input), fixes what is asked, prints the
// findings in the chosen output format and decides the exit status.
import {
  enabledRules,
  findPythonFiles,
  INVALID_FILE,
  Linter,
  RULES,
  ruleSettings,
  unknownSelectors,
  unknownSelectorsMessage,
  type RuleInfo,
} from '../../../server/engine/src';
import path from 'node:path';
import { version } from '../../../package.json';
import { userCacheFolder } from '../../../runtime/src';
import { FileLinter } from '../lint/fileLinter';
import { cacheVersion, LintCache } from '../lint/lintCache';
import { fixFiles } from '../lint/fileFixer';
import { lintFiles } from '../lint/lintFiles';
import { parseLintOptions } from '../lint/lintOptions';
import { checkConfigOption, configErrors, exitStatus, formatContext, reportWarnings, writeStdout } from '../lint/lintReport';
import { lintStdin } from '../lint/stdinLint';
import { formatFindings } from '../lint/formats/outputFormats';
import { plural } from '../lint/formats/formatContext';
import { unifiedDiff } from '../lint/unifiedDiff';
import { sizeHeapForLint } from '../lint/lintHeap';
import { optimiseLessEagerly } from '../lint/lintJit';
import type { ReportedDiagnostic } from '../lint/reportedDiagnostic';
import { UsageError } from '../usageError';

export const LINT_USAGE = `usage: loopscope lint [PATH...] [--output-format FORMAT] [--select CODES] [--extend-select CODES]
                      [--ignore CODES] [--target-version 3.X] [--fix] [--unsafe-fixes] [--diff]
                      [--exit-zero] [--exit-non-zero-on-fix] [--fail-on SEVERITY] [--statistics] [-q]
                      [--stdin-filename NAME] [--show-files] [--show-settings] [--config FILE | --isolated]
                      [--force-exclude] [--no-cache] [--cache-dir DIR]

Lints Python files for asyncio problems. PATH: files or folders (every *.py below, honouring
.gitignore); default '.'; '-' reads standard input. CODES: comma-separated codes (LOOP101),
prefixes (LOOP1), rule names (blocking-sleep), equivalent codes (ASYNC251) or ALL. Settings also
come from the nearest .loopscope.toml, loopscope.toml or pyproject.toml with [tool.loopscope] (the
target version else from requires-python); flags override them. --config FILE uses that file for
every file; --isolated, none. A file named as a PATH is linted even if the configuration excludes
it, unless --force-exclude is given (or force-exclude = true is set), as the pre-commit hook does.
--output-format (or --format): text (default), concise, full (with source lines), grouped (by file),
  json, json-lines, sarif, github (Actions annotations), gitlab (Code Quality), junit.
--fix applies the safe fixes (marked [*]) and rewrites the files, then reports what remains;
--unsafe-fixes applies fixes that may change behaviour too (review them); --diff prints, as a
unified diff, what --fix would change, and writes nothing.
--stdin-filename NAME lints standard input as the file NAME (its settings apply); with --fix the
  fixed source goes to stdout and the findings to stderr.
--statistics counts findings per rule instead of listing them; -q/--quiet prints the findings only;
--show-files lists the files that would be linted; --show-settings prints the settings of the first.
Findings are cached (as Ruff does): a file is linted again only when it, its settings, Loopscope or
what it uses of other modules changed. The cache lives in the user cache folder (lint/, one file per
working folder; LOOPSCOPE_CACHE_DIR or XDG_CACHE_HOME move it), or in --cache-dir DIR; --no-cache
(or LOOPSCOPE_NO_CACHE=1) lints everything and writes nothing.
Exit status: 0 nothing at or above --fail-on (default: warning; information and hint findings are
shown but pass), 1 such findings (with --fix: remaining; with --diff: changes to make;
--exit-non-zero-on-fix: also when anything was fixed; --exit-zero: never), 2 usage or I/O error.`;

export async function lintCommand(args: readonly string[]): Promise<number> {
  const options = parseLintOptions(args);
  if (options.help) {
    process.stdout.write(`${LINT_USAGE}\n`);
    return 0;
  }
  sizeHeapForLint();
  optimiseLessEagerly();
  // A run whose files all come from the cache needs no parser: it loads when a file is found not to (see lintFiles),
  // or now, while the files are found, when there is no cache to look in.
  const linter = Linter.starting(RULES);
  if (!cacheWanted(options)) void linter.ready;
  const rules: RuleInfo[] = [INVALID_FILE, ...linter.rules];
  const unknown = unknownSelectors(options.overrides, rules);
  if (unknown.length > 0) throw new UsageError(unknownSelectorsMessage(unknown));
  checkConfigOption(options);
  if (options.stdinFilename !== undefined) {
    await linter.ready;
    return lintStdin(options, options.stdinFilename, linter, rules);
  }

  const planner = new FileLinter(linter, options.overrides, [], options.config);
  const exclusion = planner.exclusion;
  const { files, errors, missing } = findPythonFiles(
    options.paths,
    options.forceExclude
      ? { isExcluded: (file, isDirectory) => exclusion.isExcluded(file, isDirectory), forcesExclusion: () => true }
      : exclusion,
  );
  if (missing.length > 0) throw new UsageError(`${missing.join(', ')}: no such file or directory`);
  if (configErrors(files, planner, rules)) return 2;
  if (options.showFiles) {
    await writeStdout(files.map((file) => `${file}\n`).join(''));
    for (const error of errors) process.stderr.write(`loopscope: ${error}\n`);
    return errors.length > 0 ? 2 : 0;
  }
  if (options.showSettings) {
    const file = files[0];
    if (file === undefined) throw new UsageError('no Python file to show the settings of');
    const config = planner.configFor(file);
    const settings = planner.settingsFor(file);
    const resolved = ruleSettings(settings);
    const shown = {
      file,
      configFile: config?.path ?? null,
      settings,
      targetVersion: `${resolved.targetVersion.major}.${resolved.targetVersion.minor}`,
      rules: Object.fromEntries(enabledRules(settings, rules).map(({ rule, severity }) => [rule.code, severity])),
      exclude: config?.exclude ?? null,
      extendExclude: config?.extendExclude ?? [],
      perFileIgnores: config?.perFileIgnores ?? [],
      documentationUrl: config?.documentationUrl ?? null,
    };
    await writeStdout(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  }

  let reported: ReportedDiagnostic[] = [];
  const cache = openCache(options);
  const results = await lintFiles(files, linter, options.overrides, { config: options.config, cache });
  cache?.save();
  reportWarnings(results, options);
  for (const result of results) {
    if (result.readError) errors.push(result.readError);
    reported.push(...result.diagnostics);
  }

  let fixed: { problems: number; files: number } | undefined;
  if (options.fix || options.diff) {
    await linter.ready;
    const reportFailure = (file: string, failure: string): void =>
      void process.stderr.write(`loopscope: internal error in ${file}: ${failure}\n`);
    const run = fixFiles(results, linter, planner, { unsafe: options.unsafeFixes, write: !options.diff }, reportFailure);
    errors.push(...run.errors);
    if (options.diff) {
      await writeStdout(run.changed.map((file) => unifiedDiff(file.before, file.after, file.file, file.file)).join(''));
      const remaining = run.diagnostics.length;
      if (!options.quiet)
        process.stderr.write(
          `Would fix ${plural(run.fixedProblems, 'problem')} in ${plural(run.changed.length, 'file')}` +
            `${remaining > 0 ? `; ${plural(remaining, 'problem')} would remain` : ''}.\n`,
        );
      for (const error of errors) process.stderr.write(`loopscope: ${error}\n`);
      return errors.length > 0 ? 2 : run.changed.length > 0 && !options.exitZero ? 1 : 0;
    }
    reported = [...run.diagnostics];
    fixed = { problems: run.fixedProblems, files: run.changed.length };
  }

  const context = formatContext(options, reported, files, rules, planner, fixed);
  await writeStdout(formatFindings(options, context));
  for (const error of errors) process.stderr.write(`loopscope: ${error}\n`);
  return exitStatus(options, reported, errors.length > 0, fixed?.problems ?? 0);
}

/** Whether the user left the lint cache on (`--no-cache`, LOOPSCOPE_NO_CACHE turn it off). */
function cacheWanted(options: { noCache: boolean }): boolean {
  const noCache = process.env.LOOPSCOPE_NO_CACHE;
  return !options.noCache && (noCache === undefined || noCache === '' || noCache === '0');
}

/** The lint cache of this working folder, unless the user turned it off. */
function openCache(options: { noCache: boolean; cacheDir?: string }): LintCache | undefined {
  if (!cacheWanted(options)) return undefined;
  const folder = options.cacheDir !== undefined ? path.resolve(options.cacheDir) : path.join(userCacheFolder(process.env), 'lint');
  return LintCache.open(folder, process.cwd(), cacheVersion(version, __filename));
}
