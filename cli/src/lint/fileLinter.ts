// Lints one file from disk with the settings of its nearest pyproject.toml plus command-line
// overrides. The same code runs on the main thread and in lint workers.
import { readFileSync, statSync } from 'node:fs';
import {
  MAX_FILE_SIZE,
  OnDemandProject,
  ProjectConfigFinder,
  type ConfigFinderOptions,
  type Exclusion,
  type Linter,
  type LintResult,
  type LintSettings,
  type ProjectConfig,
  type ProjectView,
  type SemanticModel,
} from '../../../server/engine/src';
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
  private readonly configs: ProjectConfigFinder;
  /** One merged object per pyproject: the linter caches its rule plan by settings identity. */
  private readonly merged = new Map<LintSettings | undefined, LintSettings>();
  /** Other modules, summarised as they are linted or looked up (cross-module LOOP108, LOOP302). */
  private readonly project: OnDemandProject;

  /** `upcoming`: the files this linter will be asked for, so modules loaded early for lookups stay parsed. */
  constructor(
    private readonly linter: Linter,
    private readonly overrides: LintSettings,
    upcoming: readonly string[] = [],
    configOptions: ConfigFinderOptions = {},
  ) {
    this.project = new OnDemandProject(linter, upcoming);
    this.configs = new ProjectConfigFinder(configOptions);
  }

  /** What the configuration files exclude from folder walks. */
  get exclusion(): Exclusion {
    return this.configs;
  }

  lint(file: string): FileLintResult {
    let bytes: Uint8Array;
    try {
      // A file past the limit is reported without reading it (it may be larger than memory).
      const size = statSync(file).size;
      const tooLarge = size > MAX_FILE_SIZE ? this.linter.tooLarge(size, 'bytes', this.settingsFor(file)) : undefined;
      if (tooLarge) return this.reported(file, tooLarge);
      bytes = readFileSync(file);
    } catch (error) {
      const readError = `${file}: cannot read (${error instanceof Error ? error.message : String(error)})`;
      return { file, diagnostics: [], readError, configWarnings: this.configWarnings(file), internalErrors: [] };
    }
    return this.lintSource(file, bytes);
  }

  /** Lints `bytes` as the text of `file` (standard input with `--stdin-filename`). */
  lintSource(file: string, bytes: Uint8Array): FileLintResult {
    const settings = this.settingsFor(file);
    let result: LintResult;
    try {
      // (lintBytes reports a text past the size limit as such.)
      result = this.lintRead(file, bytes, settings);
    } catch (error) {
      // Whatever fails inside is this file's LOOP000; the run goes on with the other files.
      result = this.linter.failed(error, settings);
    }
    return this.reported(file, result);
  }

  private lintRead(file: string, bytes: Uint8Array, settings: LintSettings): LintResult {
    const view = this.project.viewFor(file);
    const remember = (model: SemanticModel): void => this.project.remember(file, model, settings);
    const ahead = this.project.takeParsed(file);
    if (!ahead) return this.linter.lintBytes(bytes, settings, view, remember);
    try {
      return this.linter.lintTree(ahead.tree, ahead.text, settings, { project: view, onModel: remember });
    } finally {
      ahead.tree.delete();
    }
  }

  private reported(file: string, result: LintResult): FileLintResult {
    return {
      file,
      diagnostics: result.diagnostics.map((diagnostic) => toReported(file, diagnostic, result.lines)),
      configWarnings: this.configWarnings(file),
      internalErrors: result.internalErrors,
    };
  }

  /** The configuration file that applies to `file`, if any. */
  configFor(file: string): ProjectConfig | undefined {
    return this.configs.forFile(file);
  }

  /** The configuration that applies to files directly in `directory`. */
  configForFolder(directory: string): ProjectConfig | undefined {
    return this.configs.forFolder(directory);
  }

  private configWarnings(file: string): readonly string[] {
    return this.configs.forFile(file)?.warnings ?? [];
  }

  /** What rules linting `file` see of the rest of the project. */
  projectFor(file: string): ProjectView {
    return this.project.viewFor(file);
  }

  /** The settings `file` is linted with: its pyproject's, overridden by the command line. */
  settingsFor(file: string): LintSettings {
    const config = this.configs.forFile(file);
    let settings = this.merged.get(config?.settings);
    if (!settings) {
      settings = { ...config?.settings, ...this.overrides };
      this.merged.set(config?.settings, settings);
    }
    return settings;
  }
}
