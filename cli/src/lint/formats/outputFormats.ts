// `--output-format NAME` → the formatter that renders the findings (or `--statistics` about them).
import type { LintOptions, OutputFormat } from '../lintOptions';
import type { FormatContext } from './formatContext';
import { formatGithub } from './githubFormat';
import { formatGitlab } from './gitlabFormat';
import { formatJson, formatJsonLines } from './jsonFormat';
import { formatJunit } from './junitFormat';
import { formatSarif } from './sarifFormat';
import { formatStatistics } from './statisticsFormat';
import { formatFull, formatGrouped, formatText } from './textFormat';

const FORMATTERS: Record<OutputFormat, (context: FormatContext) => string> = {
  text: (context) => formatText(context),
  concise: (context) => formatText(context, 'concise'),
  full: formatFull,
  grouped: formatGrouped,
  json: (context) => formatJson(context.diagnostics),
  'json-lines': (context) => formatJsonLines(context.diagnostics),
  sarif: formatSarif,
  github: (context) => formatGithub(context.diagnostics),
  gitlab: (context) => formatGitlab(context.diagnostics, process.env['CI_PROJECT_DIR'] || process.cwd()),
  junit: (context) => formatJunit(context.diagnostics, context.files),
};

export function formatFindings(options: Pick<LintOptions, 'format' | 'statistics'>, context: FormatContext): string {
  if (options.statistics) return formatStatistics(context.diagnostics, context.unsafeFixes, options.format === 'json');
  return FORMATTERS[options.format](context);
}
