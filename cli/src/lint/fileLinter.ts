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
  summaryFromText,
  type ModuleSummary,
  type SemanticModel,
} from '../../../server/engine/src';
import type { CachedLint, LintCache } from './lintCache';
import { recordingView, sameAnswers } from './projectQueries';
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
  /** Each file's configuration, by the path as given (see configOf). */
  private readonly configByFile = new Map<string, ProjectConfig | undefined>();
  /** Other modules, summarised as they are linted or looked up (cross-module LOOP108, LOOP302). */
  private readonly project: OnDemandProject;

  /**
   * `upcoming`: the files this linter will be asked for, so modules loaded early for lookups stay parsed.
   * `cache`: where lints and module summaries are looked up first and kept (`loopscope lint` without --no-cache).
   * `projectFiles`: the other files of the run, which another linter lints (a worker's: see OnDemandProject).
   */
  constructor(
    private readonly linter: Linter,
    private readonly overrides: LintSettings,
    upcoming: readonly string[] = [],
    configOptions: ConfigFinderOptions = {},
    private readonly cache?: LintCache,
    projectFiles: readonly string[] = [],
  ) {
    this.project = new OnDemandProject(linter, upcoming, cache, projectFiles);
    this.configs = new ProjectConfigFinder(configOptions);
  }

  /** What the configuration files exclude from folder walks. */
  get exclusion(): Exclusion {
    return this.configs;
  }

  lint(file: string): FileLintResult {
    const bytes = this.read(file);
    return bytes instanceof Uint8Array ? this.lintSource(file, bytes, true) : bytes;
  }

  /** The cached lint of `file`, when it is still valid (see LintCache); undefined when the file must be linted. */
  cached(file: string): FileLintResult | undefined {
    const lint = this.cachedLint(file);
    return lint && this.reuse(file, lint);
  }

  /**
   * The cache's lint of the file as it is now (same time and size, or same bytes), whether or not its lookups
   * still get the same answers (`reuse` asks them again).
   */
  cachedLint(file: string): CachedLint | undefined {
    if (!this.cache) return undefined;
    const settings = this.settingsFor(file);
    // A file whose time and size are as they were is not read at all.
    const unchanged = this.cache.lintOfUnchanged(file, settings);
    if (unchanged) return unchanged;
    const bytes = this.read(file);
    return bytes instanceof Uint8Array ? this.cache.lintOf(file, bytes, settings) : undefined;
  }

  /** The result of a cached lint of the file as it is now, if every lookup it made still gets the same answer. */
  reuse(file: string, lint: CachedLint): FileLintResult | undefined {
    if (!sameAnswers(lint.queries, this.project.viewFor(file))) return undefined;
    const summary = lint.summary === undefined ? undefined : summaryFromText(lint.summary);
    if (!this.project.adopt(file, summary, this.settingsFor(file))) return undefined;
    this.project.takeParsed(file)?.tree.delete();
    return {
      file,
      diagnostics: lint.diagnostics.map((diagnostic) => ({ file, ...diagnostic })),
      configWarnings: this.configWarnings(file),
      internalErrors: [],
    };
  }

  /** The file's bytes, or its result when it is not to be read (too large, unreadable). */
  private read(file: string): Uint8Array | FileLintResult {
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
    return bytes;
  }

  /**
   * Lints `bytes` as the text of `file` (standard input with `--stdin-filename`, unless `onDisk`: the file's own), and
   * keeps the lint in the cache if there is one (`cached` is where a lint is looked up first).
   */
  lintSource(file: string, bytes: Uint8Array, onDisk = false): FileLintResult {
    const settings = this.settingsFor(file);
    let result: LintResult;
    const asked = this.cache ? recordingView(this.project.viewFor(file)) : undefined;
    let summary: ModuleSummary | undefined;
    try {
      // (lintBytes reports a text past the size limit as such.)
      result = this.lintRead(file, bytes, settings, onDisk, asked?.view, (made) => (summary = made));
    } catch (error) {
      // Whatever fails inside is this file's LOOP000; the run goes on with the other files.
      result = this.linter.failed(error, settings);
    }
    const reported = this.reported(file, result);
    // A lint with internal errors is made again next time, so that they are reported again.
    if (asked && result.internalErrors.length === 0)
      this.cache!.keepLint(file, bytes, settings, { queries: asked.queries, summary, diagnostics: reported.diagnostics });
    return reported;
  }

  private lintRead(
    file: string,
    bytes: Uint8Array,
    settings: LintSettings,
    onDisk: boolean,
    project: ProjectView = this.project.viewFor(file),
    made: (summary: ModuleSummary | undefined) => void = () => undefined,
  ): LintResult {
    const remember = (model: SemanticModel): void => made(this.project.remember(file, model, settings, onDisk));
    const ahead = this.project.takeParsed(file);
    if (!ahead) return this.linter.lintBytes(bytes, settings, project, remember);
    try {
      return this.linter.lintTree(ahead.tree, ahead.text, settings, { project, onModel: remember });
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
    return this.configOf(file);
  }

  /** The configuration that applies to files directly in `directory`. */
  configForFolder(directory: string): ProjectConfig | undefined {
    return this.configs.forFolder(directory);
  }

  private configWarnings(file: string): readonly string[] {
    return this.configOf(file)?.warnings ?? [];
  }

  /** What rules linting `file` see of the rest of the project. */
  projectFor(file: string): ProjectView {
    return this.project.viewFor(file);
  }

  /** The configuration file of `file`, found once a run (a file's settings and warnings are asked for often). */
  private configOf(file: string): ProjectConfig | undefined {
    if (this.configByFile.has(file)) return this.configByFile.get(file);
    const config = this.configs.forFile(file);
    this.configByFile.set(file, config);
    return config;
  }

  /** The settings `file` is linted with: its pyproject's, overridden by the command line. */
  settingsFor(file: string): LintSettings {
    const config = this.configOf(file);
    let settings = this.merged.get(config?.settings);
    if (!settings) {
      settings = { ...config?.settings, ...this.overrides };
      this.merged.set(config?.settings, settings);
    }
    return settings;
  }
}
