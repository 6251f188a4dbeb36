// `loopscope lint --fix` / `--diff` for one file: applies the applicable fixes pass after pass
// (re-linting in between) and, for --fix, writes the result back in the file's own encoding.
import { readFileSync, writeFileSync } from 'node:fs';
import { decodePythonSource, fixText, type Linter } from '../../../server/engine/src';
import type { FileLinter } from './fileLinter';
import { toReported, type ReportedDiagnostic } from './reportedDiagnostic';

interface FileFixResult {
  readonly file: string;
  readonly before: string;
  readonly after: string;
  /** Problems fixed (one per applied fix). */
  readonly fixedCount: number;
  /** What remains after fixing. */
  readonly diagnostics: readonly ReportedDiagnostic[];
  /** Why the file could not be fixed or written, if so (exit status 2). */
  readonly error?: string;
  readonly internalErrors: readonly string[];
}

/** Fixes `file` in memory; `write` saves the result when anything changed. */
function fixFile(file: string, linter: Linter, files: FileLinter, options: { unsafe: boolean; write: boolean }): FileFixResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return failed(file, `${file}: cannot read (${error instanceof Error ? error.message : String(error)})`);
  }
  const decoded = decodePythonSource(bytes);
  if (!decoded.ok) return failed(file, `${file}: cannot fix: ${decoded.message}`);
  const encode = encoderFor(bytes, decoded.text);
  const fixed = fixText(linter, decoded.text, files.settingsFor(file), { unsafe: options.unsafe, project: files.projectFor(file) });
  const internalErrors = [...fixed.result.internalErrors];
  if (fixed.brokenPass) {
    const codes = [...new Set(fixed.brokenPass.map((diagnostic) => diagnostic.code))].join(', ');
    internalErrors.push(`a fix (${codes}) would have introduced a syntax error; it was not applied`);
  }
  const result: FileFixResult = {
    file,
    before: decoded.text,
    after: fixed.text,
    fixedCount: fixed.fixed.length,
    diagnostics: fixed.result.diagnostics.map((diagnostic) => toReported(file, diagnostic, fixed.result.lines)),
    internalErrors,
  };
  if (!options.write || fixed.text === decoded.text) return result;
  if (!encode)
    return {
      ...result,
      after: decoded.text,
      fixedCount: 0,
      error: `${file}: cannot write fixes: only UTF-8 and Latin-1 files are rewritten`,
    };
  try {
    writeFileSync(file, encode(fixed.text));
  } catch (error) {
    return { ...result, error: `${file}: cannot write (${error instanceof Error ? error.message : String(error)})` };
  }
  return result;
}

/**
 * How to write text back as the file was: UTF-8 (keeping a byte order mark) or Latin-1 — whichever
 * gives back the original bytes for the original text; undefined for other encodings.
 */
function encoderFor(bytes: Uint8Array, text: string): ((text: string) => Buffer) | undefined {
  const original = Buffer.from(bytes);
  const bom = original.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? '\ufeff' : '';
  const utf8 = (value: string): Buffer => Buffer.from(bom + value, 'utf8');
  if (utf8(text).equals(original)) return utf8;
  const latin1 = (value: string): Buffer => Buffer.from(value, 'latin1');
  if (/^[\u0000-\u00ff]*$/.test(text) && latin1(text).equals(original)) {
    return (value) => {
      if (!/^[\u0000-\u00ff]*$/.test(value)) throw new Error('the fixed text does not fit in Latin-1');
      return latin1(value);
    };
  }
  return undefined;
}

function failed(file: string, error: string): FileFixResult {
  return { file, before: '', after: '', fixedCount: 0, diagnostics: [], error, internalErrors: [] };
}

interface FixRun {
  /** Every file's diagnostics after fixing, in file order: those of unfixed files as linted. */
  readonly diagnostics: readonly ReportedDiagnostic[];
  readonly fixedProblems: number;
  /** Files whose text changed. */
  readonly changed: readonly FileFixResult[];
  readonly errors: readonly string[];
}

/** Fixes every file whose lint found an applicable fix; `write: false` leaves the files alone (`--diff`). */
export function fixFiles(
  results: readonly { readonly file: string; readonly diagnostics: readonly ReportedDiagnostic[]; readonly readError?: string }[],
  linter: Linter,
  files: FileLinter,
  options: { unsafe: boolean; write: boolean },
  reportInternalError: (file: string, failure: string) => void,
): FixRun {
  const diagnostics: ReportedDiagnostic[] = [];
  const changed: FileFixResult[] = [];
  const errors: string[] = [];
  let fixedProblems = 0;
  for (const result of results) {
    const applicable = result.diagnostics.some((d) => d.fix !== null && (options.unsafe || d.fix.safety === 'safe'));
    if (result.readError || !applicable) {
      diagnostics.push(...result.diagnostics);
      continue;
    }
    const outcome = fixFile(result.file, linter, files, options);
    for (const failure of outcome.internalErrors) reportInternalError(result.file, failure);
    if (outcome.error) {
      errors.push(outcome.error);
      diagnostics.push(...result.diagnostics);
      continue;
    }
    diagnostics.push(...outcome.diagnostics);
    fixedProblems += outcome.fixedCount;
    if (outcome.after !== outcome.before) changed.push(outcome);
  }
  return { diagnostics, fixedProblems, changed, errors };
}
