// Lints one file from disk with the settings of its nearest pyproject.toml plus command-line
// overrides. The same code runs on the main thread and in lint workers.
import { readFileSync } from 'node:fs';
import type { Linter } from '../../../server/src/linter/linter';
import type { LintSettings } from '../../../server/src/linter/lintSettings';
import { ProjectConfigFinder } from '../../../server/src/linter/projectConfig';
import { toReported, type ReportedDiagnostic } from './reportedDiagnostic';

export interface FileLintResult {
  readonly file: string;
  readonly diagnostics: readonly ReportedDiagnostic[];
  /** The file could not be read (exit status 2). */
  readonly readError?: string;
  readonly configWarnings: readonly string[];
  readonly internalErrors: readonly string[];
}

export class FileLinter {
  private readonly configs = new ProjectConfigFinder();
  /** One merged object per pyproject: the linter caches its rule plan by settings identity. */
  private readonly merged = new Map<LintSettings | undefined, LintSettings>();

  constructor(
    private readonly linter: Linter,
    private readonly overrides: LintSettings,
  ) {}

  lint(file: string): FileLintResult {
    const config = this.configs.forFile(file);
    const configWarnings = config?.warnings ?? [];
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      const readError = `${file}: cannot read (${error instanceof Error ? error.message : String(error)})`;
      return { file, diagnostics: [], readError, configWarnings, internalErrors: [] };
    }
    let settings = this.merged.get(config?.settings);
    if (!settings) {
      settings = { ...config?.settings, ...this.overrides };
      this.merged.set(config?.settings, settings);
    }
    const result = this.linter.lintBytes(bytes, settings);
    return {
      file,
      diagnostics: result.diagnostics.map((diagnostic) => toReported(file, diagnostic, result.lines)),
      configWarnings,
      internalErrors: result.internalErrors,
    };
  }
}
