// What the CLI (`dist/cli.js lint --format json`) reports for given texts, in the shape and units
// the language server publishes (0-based lines, UTF-16 characters), so tests can hold the server's
// diagnostics against the CLI's on the same text.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReportedDiagnostic } from '../../cli/src/lint/reportedDiagnostic';
import { clientLines } from './clientText';
import type { PublishedDiagnostics } from './lspClient';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/** The parts of a diagnostic both the CLI and the server report. */
export interface ComparableDiagnostic {
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
  readonly code: string;
  readonly severity: number;
  readonly message: string;
}

type CliItem = Pick<ReportedDiagnostic, 'file' | 'line' | 'column' | 'endLine' | 'endColumn' | 'code' | 'severity' | 'message'>;

const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

/**
 * The text a file on disk holds for `text`: UTF-8 cannot encode a lone surrogate, so it is written
 * (and read back) as U+FFFD, one UTF-16 unit and one code point like the surrogate, so no position moves.
 */
export function asSaved(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The CLI's diagnostics for each text, in order: each is written to a folder of its own under a module
 * name of its own (so no file imports another, and a name one leaves unbound is not found as another's
 * function: `N/module.py` for every text made them all module `module`), and all are linted by one run,
 * with no configuration file (`--isolated`).
 */
export function lintWithCli(texts: readonly string[]): ComparableDiagnostic[][] {
  const root = mkdtempSync(path.join(os.tmpdir(), 'loopscope-cli-compare-'));
  try {
    const files = texts.map((text, index) => {
      const file = path.join(root, String(index), `module_${index}.py`);
      mkdirSync(path.dirname(file));
      writeFileSync(file, asSaved(text));
      return file;
    });
    const run = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '--isolated', '--exit-zero', root], {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (run.status !== 0) throw new Error(`loopscope lint exited ${run.status}: ${run.stderr}`);
    const byFile = new Map(files.map((file, index) => [file, index]));
    const results: ComparableDiagnostic[][] = texts.map(() => []);
    for (const item of JSON.parse(run.stdout) as CliItem[]) {
      const index = byFile.get(path.resolve(item.file));
      if (index === undefined) throw new Error(`the CLI reported a file it was not given: ${item.file}`);
      results[index]!.push(fromCli(item, asSaved(texts[index]!)));
    }
    return results;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The server's diagnostics as comparable ones (messages as they read once saved, like the CLI's text). */
export function fromServer(diagnostics: PublishedDiagnostics['diagnostics']): ComparableDiagnostic[] {
  return diagnostics.map((d) => ({
    range: { start: { ...d.range.start }, end: { ...d.range.end } },
    code: String(d.code),
    severity: d.severity ?? 1,
    message: asSaved(d.message),
  }));
}

function fromCli(item: CliItem, text: string): ComparableDiagnostic {
  const lines = clientLines(text);
  /** A 1-based line and code-point column as a 0-based line and UTF-16 character. */
  const position = (line: number, column: number): { line: number; character: number } => {
    const row = line - 1;
    const lineText = text.slice(lines.starts[row] ?? text.length, lines.ends[row] ?? text.length);
    let character = 0;
    let codePoints = 0;
    for (const char of lineText) {
      if (codePoints === column - 1) break;
      character += char.length;
      codePoints++;
    }
    // A column past the line's text (the line break itself) counts one unit each, as the CLI does.
    return { line: row, character: character + Math.max(0, column - 1 - codePoints) };
  };
  return {
    range: { start: position(item.line, item.column), end: position(item.endLine, item.endColumn) },
    code: item.code,
    severity: SEVERITY[item.severity],
    message: item.message,
  };
}
