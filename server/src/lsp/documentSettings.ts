// The settings a document is linted with: the editor's `loopscope.*` settings (from whichever sources
// the client uses) over the configuration file that applies to it; and whether that configuration's
// `exclude` / `extend-exclude` leave it out. Problems found in either go to the log, once each.
import path from 'node:path';
import {
  isExcludedBelow,
  isInside,
  ProjectConfigFinder,
  type Exclusion,
  type LintSettings,
  type ProjectConfig,
  type RuleInfo,
} from '../../engine/src';
import { filePathOf } from './documentPaths';
import { combineSettings, unknownSelectorWarning, type EditorSettings } from './editorSettings';
import { EditorSettingsSources, type SettingsPull } from './editorSettingsSources';

/** Where warnings are written (the client's log: `window/logMessage`). */
interface SettingsLog {
  warn(message: string): void;
}

/** Stands for "no configuration file" in the merged-settings cache. */
const NO_PROJECT = {};

export class DocumentSettings {
  private readonly sources: EditorSettingsSources;
  private readonly projectConfigs = new ProjectConfigFinder();
  /** Per document, its settings and the editor settings they were merged from (a newer editor object makes them stale). */
  private readonly cache = new Map<string, { readonly editor: EditorSettings; readonly settings: LintSettings }>();
  private readonly merged = new WeakMap<EditorSettings, WeakMap<object, { file?: LintSettings; notebook?: LintSettings }>>();
  private readonly shownWarnings = new Set<string>();
  private workspaceFolders: readonly string[] = [];

  /** `onLateAnswer`: the client answered a settings request after the documents were linted without it. */
  constructor(
    private readonly rules: readonly RuleInfo[],
    private readonly log: SettingsLog,
    onLateAnswer: () => void,
  ) {
    this.sources = new EditorSettingsSources(onLateAnswer, (message) => this.log.warn(`Loopscope: ${message}`));
  }

  /** From `initialize`: the workspace folders (paths), `initializationOptions`, and how to pull settings (if the client can be asked). */
  initialize(workspaceFolders: readonly string[], initializationOptions: unknown, pull: SettingsPull | undefined): void {
    this.workspaceFolders = workspaceFolders;
    this.sources.initialize(initializationOptions, pull);
  }

  /** `workspace/didChangeConfiguration`: its `settings` (null when the client expects to be asked). */
  editorSettingsChanged(settings: unknown): void {
    this.sources.push(settings);
    this.forgetAll();
  }

  /** A configuration file (pyproject.toml, loopscope.toml, …) was created, changed or deleted. */
  configFilesChanged(): void {
    this.projectConfigs.clear();
    this.forgetAll();
  }

  /** Everything cached is read again; a setting still wrong is worth saying again. */
  forgetAll(): void {
    this.cache.clear();
    this.sources.forget();
    this.shownWarnings.clear();
  }

  /** A document closed. */
  forget(uri: string): void {
    this.cache.delete(uri);
    this.sources.forgetScope(uri);
  }

  /** What configuration files exclude, for walks of the workspace. */
  get exclusion(): Exclusion {
    return this.projectConfigs;
  }

  /**
   * Whether the document is left out as a walk of its workspace folder would leave it out: by the
   * configuration's `exclude` / `extend-exclude` or, when `exclude` is not set, the built-in folders
   * (`.venv`, `node_modules`, …). Outside the workspace folders, below its configuration file's folder.
   */
  isExcluded(uri: string): boolean {
    const file = filePathOf(uri);
    if (file === undefined) return false;
    const folder = this.workspaceFolders
      .filter((candidate) => isInside(file, candidate))
      .reduce<string | undefined>((deepest, candidate) => (deepest && deepest.length > candidate.length ? deepest : candidate), undefined);
    const config = this.projectConfigs.forFolder(path.dirname(file));
    const root = folder ?? (config && path.dirname(config.path));
    return root !== undefined && isExcludedBelow(file, root, this.projectConfigs);
  }

  /**
   * Lint settings for a document, or undefined when linting is disabled for it. Editor settings are
   * read for `editorScope` (the document itself, or its workspace folder for files not open).
   */
  async settingsFor(uri: string, editorScope: string = uri): Promise<LintSettings | undefined> {
    const editor = await this.sources.forScope(editorScope);
    if (!editor.enable) return undefined;
    const cached = this.cache.get(uri);
    if (cached?.editor === editor) return cached.settings;
    const file = filePathOf(uri);
    const project = file === undefined ? undefined : this.projectConfigs.forFile(file);
    for (const warning of [
      ...(project?.warnings ?? []),
      ...(project?.errors ?? []),
      ...editor.warnings,
      project && unknownSelectorWarning(project.settings, this.rules, `${project.path} [tool.loopscope]`),
      unknownSelectorWarning(editor.lint, this.rules, 'loopscope settings'),
    ]) {
      if (warning) this.warnOnce(warning);
    }
    const settings = this.mergedSettings(project, editor, uri.startsWith('vscode-notebook-cell:'));
    this.cache.set(uri, { editor, settings });
    return settings;
  }

  /** One object per (configuration, editor settings) pair: the linter caches its rule plan by settings identity. */
  private mergedSettings(project: ProjectConfig | undefined, editor: EditorSettings, isNotebook: boolean): LintSettings {
    let byProject = this.merged.get(editor);
    if (!byProject) this.merged.set(editor, (byProject = new WeakMap()));
    // Keyed by the configuration's object, not its path: a re-read file is a new object.
    const key = project ?? NO_PROJECT;
    let pair = byProject.get(key);
    if (!pair) byProject.set(key, (pair = {}));
    const kind = isNotebook ? 'notebook' : 'file';
    return (pair[kind] ??= combineSettings(project?.settings, editor.lint, isNotebook));
  }

  /** Settings problems go to the log (the "Loopscope" output channel in VS Code), once each: not a prompt on every open file. */
  private warnOnce(message: string): void {
    if (this.shownWarnings.has(message)) return;
    this.shownWarnings.add(message);
    this.log.warn(`Loopscope: ${message}`);
  }
}
