// `loopscope lint --stdin-filename NAME` (or `-`): lints standard input as the file NAME, for editors
// and pre-commit-style pipes. With --fix the (fixed) source is the output, the findings go to stderr;
// with --diff the diff is the output.
import { decodePythonSource, fixText, type Linter, type RuleInfo } from '../../../server/engine/src';
import { FileLinter } from './fileLinter';
import { formatFindings } from './formats/outputFormats';
import { plural } from './formats/formatContext';
import type { LintOptions } from './lintOptions';
import { configErrors, exitStatus, formatContext, reportWarnings, writeStdout } from './lintReport';
import { toReported } from './reportedDiagnostic';
import { unifiedDiff } from './unifiedDiff';

export async function lintStdin(options: LintOptions, name: string, linter: Linter, rules: readonly RuleInfo[]): Promise<number> {
  const planner = new FileLinter(linter, options.overrides, [], options.config);
  if (configErrors([name], planner, rules)) return 2;
  if (options.showFiles) {
    await writeStdout(`${name}\n`);
    return 0;
  }
  const bytes = await readStdin();
  const result = planner.lintSource(name, bytes);
  reportWarnings([result], options);
  const decoded = decodePythonSource(bytes);
  const sourceOf = (): string | undefined => (decoded.ok ? decoded.text : undefined);
  if (!(options.fix || options.diff) || !decoded.ok) {
    const context = formatContext(options, result.diagnostics, [name], rules, planner, undefined, sourceOf);
    if (options.fix) {
      // Nothing can be fixed in undecodable input: it goes through unchanged.
      await writeStdout(Buffer.from(bytes).toString('latin1'));
      process.stderr.write(formatFindings(options, context));
    } else if (options.diff) {
      process.stderr.write(formatFindings(options, context));
    } else {
      await writeStdout(formatFindings(options, context));
    }
    return exitStatus(options, result.diagnostics, false, 0);
  }

  const fixed = fixText(linter, decoded.text, planner.settingsFor(name), {
    unsafe: options.unsafeFixes,
    project: planner.projectFor(name),
  });
  for (const failure of fixed.result.internalErrors) process.stderr.write(`loopscope: internal error in ${name}: ${failure}\n`);
  const remaining = fixed.result.diagnostics.map((diagnostic) => toReported(name, diagnostic, fixed.result.lines));
  if (options.diff) {
    await writeStdout(unifiedDiff(decoded.text, fixed.text, name, name));
    if (!options.quiet)
      process.stderr.write(
        `Would fix ${plural(fixed.fixed.length, 'problem')}${remaining.length > 0 ? `; ${plural(remaining.length, 'problem')} would remain` : ''}.\n`,
      );
    return fixed.text !== decoded.text && !options.exitZero ? 1 : 0;
  }
  await writeStdout(fixed.text);
  const context = formatContext(
    options,
    remaining,
    [name],
    rules,
    planner,
    { problems: fixed.fixed.length, files: fixed.fixed.length > 0 ? 1 : 0 },
    () => fixed.text,
  );
  process.stderr.write(formatFindings(options, context));
  return exitStatus(options, remaining, false, fixed.fixed.length);
}

function readStdin(): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
    process.stdin.on('error', reject);
  });
}
