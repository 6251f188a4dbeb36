// The command line of `loopscope lint`, parsed and checked into one typed object.
import { parseArgs } from 'node:util';
import {
  lintSettingsOf,
  readCommandLineSettings,
  settingFlags,
  SEVERITIES,
  type ConfigFinderOptions,
  type LintSettings,
  type Severity,
} from '../../../server/engine/src';
import { UsageError } from '../usageError';

const OUTPUT_FORMATS = ['text', 'concise', 'full', 'grouped', 'json', 'json-lines', 'sarif', 'github', 'gitlab', 'junit'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface LintOptions {
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  /** Flags that override the configuration files' settings. */
  readonly overrides: LintSettings;
  readonly fix: boolean;
  readonly unsafeFixes: boolean;
  readonly diff: boolean;
  readonly exitZero: boolean;
  readonly exitNonZeroOnFix: boolean;
  /** Findings below this severity are reported but do not make the exit status 1. */
  readonly failOn: Severity;
  readonly statistics: boolean;
  readonly quiet: boolean;
  /** Lint standard input as if it were this file (`-` as a PATH: a file named `-`). */
  readonly stdinFilename?: string;
  readonly showFiles: boolean;
  readonly showSettings: boolean;
  /** `--config FILE` (this configuration for every file) or `--isolated` (none). */
  readonly config: ConfigFinderOptions;
  /** `--force-exclude`: the configuration's exclusions apply to files named on the command line too. */
  readonly forceExclude: boolean;
  /** `--no-cache` (or LOOPSCOPE_NO_CACHE): lint every file, read and write no cache. */
  readonly noCache: boolean;
  /** `--cache-dir DIR`: where the lint cache lives instead of the user cache folder. */
  readonly cacheDir?: string;
  readonly help: boolean;
}

export function parseLintOptions(args: readonly string[]): LintOptions {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      ...settingFlags(),
      'output-format': { type: 'string' },
      format: { type: 'string' },
      fix: { type: 'boolean' },
      'unsafe-fixes': { type: 'boolean' },
      diff: { type: 'boolean' },
      'exit-zero': { type: 'boolean' },
      'exit-non-zero-on-fix': { type: 'boolean' },
      'fail-on': { type: 'string' },
      statistics: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      'stdin-filename': { type: 'string' },
      'show-files': { type: 'boolean' },
      'show-settings': { type: 'boolean' },
      config: { type: 'string' },
      isolated: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      'cache-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values['output-format'] !== undefined && values.format !== undefined && values['output-format'] !== values.format)
    throw new UsageError('--format is another name for --output-format: give one of them');
  const formatName = values['output-format'] ?? values.format ?? 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(formatName))
    throw new UsageError(`--output-format must be one of ${OUTPUT_FORMATS.join(', ')}, not '${formatName}'`);
  const format = formatName as OutputFormat;
  const failOn = values['fail-on'] ?? 'warning';
  if (!(SEVERITIES as readonly string[]).includes(failOn))
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not '${failOn}'`);
  if (values.diff && format !== 'text') throw new UsageError(`--diff prints a diff: it cannot be combined with --output-format ${format}`);
  if (values.diff && values.statistics) throw new UsageError('--diff and --statistics cannot be combined');
  if (values.config !== undefined && values.isolated) throw new UsageError('--config and --isolated cannot be combined');
  const stdinFilename = values['stdin-filename'] ?? (positionals.length === 1 && positionals[0] === '-' ? '-' : undefined);
  if (stdinFilename !== undefined && positionals.some((given) => given !== '-'))
    throw new UsageError('--stdin-filename lints standard input: give no PATH with it');
  const settings = readCommandLineSettings(values);
  if (settings.problems.length > 0) throw new UsageError(settings.problems.join('; '));
  return {
    paths: stdinFilename !== undefined ? [] : positionals.length > 0 ? positionals : ['.'],
    format,
    overrides: lintSettingsOf(settings.values),
    fix: values.fix === true,
    unsafeFixes: values['unsafe-fixes'] === true,
    diff: values.diff === true,
    exitZero: values['exit-zero'] === true,
    exitNonZeroOnFix: values['exit-non-zero-on-fix'] === true,
    failOn: failOn as Severity,
    statistics: values.statistics === true,
    quiet: values.quiet === true,
    ...(stdinFilename !== undefined ? { stdinFilename } : {}),
    showFiles: values['show-files'] === true,
    showSettings: values['show-settings'] === true,
    config: values.isolated ? { isolated: true } : values.config !== undefined ? { config: values.config } : {},
    forceExclude: settings.values.forceExclude === true,
    noCache: values['no-cache'] === true,
    ...(values['cache-dir'] !== undefined ? { cacheDir: values['cache-dir'] } : {}),
    help: values.help === true,
  };
}

/** Whether a finding of `severity` makes the exit status 1 when failing starts at `failOn`. */
export function failsRun(severity: Severity, failOn: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failOn);
}
