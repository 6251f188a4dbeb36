// The Loopscope language server core: keeps open Python documents parsed, lints them after each
// burst of edits, and publishes diagnostics. Settings come from the editor (however the client sends
// them) and the configuration files, which are watched. Further LSP features (code actions, hovers,
// pull diagnostics…) plug in as `ServerFeature`s.
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type FileEvent,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { version } from '../../../package.json';
import {
  INVALID_FILE,
  SETTINGS_FILE_NAMES,
  type Exclusion,
  type Linter,
  type LintResult,
  type LintSettings,
  type ProjectView,
  type RuleInfo,
} from '../../engine/src';
import { ConfigFileWatcher } from './configFileWatcher';
import { filePathOf, unusableFileUri } from './documentPaths';
import { DocumentSettings } from './documentSettings';
import { toLspDiagnostic } from './lspDiagnostics';
import { OpenDocument } from './openDocument';

/** An LSP feature: the capabilities it announces and the handlers it installs on the core. */
export interface ServerFeature {
  capabilities(params: InitializeParams): ServerCapabilities;
  register(server: LoopscopeLanguageServer): void;
}

/** The latest lint of an open document. */
export interface DocumentLint {
  readonly version: number;
  readonly result: LintResult;
}

export class LoopscopeLanguageServer {
  private readonly documents = new Map<string, OpenDocument>();
  private readonly lints = new Map<string, DocumentLint>();
  private readonly lintListeners: ((uri: string, lint: DocumentLint | undefined) => void)[] = [];
  private readonly watchedGlobs: string[] = [];
  private readonly relintListeners: (() => void)[] = [];
  private readonly initializedListeners: (() => void)[] = [];
  private readonly fileChangeListeners: ((changes: readonly FileEvent[]) => void)[] = [];
  private projectProvider: ((uri: string) => ProjectView | undefined) | undefined;
  private readonly pendingLints = new Set<string>();
  private diagnosticsRoute: ((params: PublishDiagnosticsParams) => void) | undefined;
  private lintScheduled = false;
  private readonly settings: DocumentSettings;
  /** Watches configuration files when the client cannot do it for us. */
  private configWatcher: ConfigFileWatcher | undefined;
  private readonly rules: ReadonlyMap<string, RuleInfo>;
  private closedFileHandler: ((uri: string) => boolean) | undefined;
  private folders: readonly string[] = [];
  private canPullConfiguration = false;
  private canWatchFiles = false;

  constructor(
    readonly connection: Connection,
    readonly linter: Linter,
    private readonly features: readonly ServerFeature[] = [],
  ) {
    this.rules = new Map([INVALID_FILE, ...linter.rules].map((rule) => [rule.code, rule]));
    this.settings = new DocumentSettings([...this.rules.values()], connection.console, () => this.relintAll());
  }

  /** The workspace folders the client named (paths; `rootUri` when it named none). */
  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /** What configuration files exclude, for walks of the workspace folders. */
  get exclusion(): Exclusion {
    return this.settings.exclusion;
  }

  /** Whether the configuration leaves this document out (no diagnostics), as a walk of its folder would. */
  isExcluded(uri: string): boolean {
    return this.settings.isExcluded(uri);
  }

  /**
   * Who publishes the diagnostics of a document once it is closed: `handler` returns true when it
   * will (from the file on disk), else the document's diagnostics are cleared.
   */
  handleClosedFiles(handler: (uri: string) => boolean): void {
    this.closedFileHandler = handler;
  }

  /** Rules by code, LOOP000 included. */
  get rulesByCode(): ReadonlyMap<string, RuleInfo> {
    return this.rules;
  }

  document(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  openDocuments(): IterableIterator<OpenDocument> {
    return this.documents.values();
  }

  /**
   * The document's diagnostics for its current version, linting now if the scheduled lint has
   * not run yet; undefined when it is not open or linting is disabled for it.
   */
  async currentLint(uri: string): Promise<DocumentLint | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const known = this.lints.get(uri);
    if (known?.version === document.version) return known;
    const settings = await this.lintSettingsFor(uri);
    return settings && this.documents.get(uri) === document ? this.lintNow(document, settings) : undefined;
  }

  /** Asks the client to report changes to files matching `globPattern` (call from `register`). */
  watchFiles(globPattern: string, listener: (changes: readonly FileEvent[]) => void): void {
    this.watchedGlobs.push(globPattern);
    this.fileChangeListeners.push(listener);
  }

  /** Whether the client will report watched file changes. */
  get watchesFiles(): boolean {
    return this.canWatchFiles;
  }

  /** Called once the client has finished initializing (progress reports may be created from then on). */
  onInitialized(listener: () => void): void {
    this.initializedListeners.push(listener);
  }

  /** Re-lints one open document soon (a module it imports changed). */
  relint(uri: string): void {
    this.lints.delete(uri);
    this.documents.get(uri)?.forgetLint();
    if (this.documents.has(uri)) this.scheduleLint(uri);
  }

  /** Called when every document must be re-linted (settings or pyproject.toml changed): for files not open. */
  onRelintAll(listener: () => void): void {
    this.relintListeners.push(listener);
  }

  /** Supplies the project index rules see when linting a document (cross-module rules). */
  setProjectProvider(provider: (uri: string) => ProjectView | undefined): void {
    this.projectProvider = provider;
  }

  projectFor(uri: string): ProjectView | undefined {
    return this.projectProvider?.(uri);
  }

  /**
   * Sends diagnostics to the client: pushed (`textDocument/publishDiagnostics`), or, when a feature
   * routed them elsewhere because the client pulls diagnostics, handed to that feature.
   */
  publishDiagnostics(params: PublishDiagnosticsParams): void {
    if (this.diagnosticsRoute) this.diagnosticsRoute(params);
    else void this.connection.sendDiagnostics(params);
  }

  /** Takes over what `publishDiagnostics` receives (the pull-diagnostics feature, for clients that pull). */
  routeDiagnostics(route: (params: PublishDiagnosticsParams) => void): void {
    this.diagnosticsRoute = route;
  }

  /** Called after every lint (or with undefined when a document's diagnostics are cleared). */
  onDidLint(listener: (uri: string, lint: DocumentLint | undefined) => void): void {
    this.lintListeners.push(listener);
  }

  listen(): void {
    const connection = this.connection;
    connection.onInitialize((params) => this.initialize(params));
    for (const feature of this.features) feature.register(this);
    connection.onInitialized(() => {
      for (const listener of this.initializedListeners) listener();
      if (this.canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'loopscope' });
      if (this.canWatchFiles) {
        const watchers = [...SETTINGS_FILE_NAMES.map((name) => `**/${name}`), ...this.watchedGlobs].map((globPattern) => ({ globPattern }));
        void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
      } else {
        this.configWatcher = new ConfigFileWatcher(
          () => this.configFilesChanged(),
          (message) => connection.console.warn(`Loopscope: ${message}`),
        );
      }
    });
    connection.onDidOpenTextDocument(({ textDocument }) => {
      const unusable = unusableFileUri(textDocument.uri);
      if (unusable) {
        connection.console.warn(
          `Loopscope: ${textDocument.uri} names no file on this machine (${unusable}); linting its text without pyproject.toml settings or the workspace's modules`,
        );
      }
      const file = filePathOf(textDocument.uri);
      if (file !== undefined) this.configWatcher?.watchFoldersAbove(file);
      const document = OpenDocument.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text, this.linter);
      this.documents.get(textDocument.uri)?.close();
      this.documents.set(textDocument.uri, document);
      this.scheduleLint(textDocument.uri);
    });
    connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      const document = this.documents.get(textDocument.uri);
      if (!document) return;
      document.applyChanges(contentChanges, textDocument.version);
      this.scheduleLint(textDocument.uri);
    });
    connection.onDidCloseTextDocument(({ textDocument }) => {
      this.documents.get(textDocument.uri)?.close();
      this.documents.delete(textDocument.uri);
      this.pendingLints.delete(textDocument.uri);
      this.settings.forget(textDocument.uri);
      this.forgetLint(textDocument.uri);
      // A file of the workspace keeps the diagnostics of its saved text; anything else has none.
      if (!this.closedFileHandler?.(textDocument.uri)) this.publishDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    });
    connection.onDidChangeConfiguration(({ settings }) => {
      this.settings.editorSettingsChanged(settings);
      this.relintAll();
    });
    connection.onDidChangeWatchedFiles(({ changes }) => {
      if (changes.some((change) => SETTINGS_FILE_NAMES.includes(change.uri.slice(change.uri.lastIndexOf('/') + 1)))) {
        this.configFilesChanged();
      }
      for (const listener of this.fileChangeListeners) listener(changes);
    });
    connection.onShutdown(() => {
      this.configWatcher?.close();
      for (const document of this.documents.values()) document.close();
      this.documents.clear();
    });
    connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.canPullConfiguration = params.capabilities.workspace?.configuration === true;
    this.canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    this.folders = (params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []))
      .map((uri) => filePathOf(uri))
      .filter((folder) => folder !== undefined);
    const pull = this.canPullConfiguration
      ? (scopeUri: string) => this.connection.workspace.getConfiguration({ scopeUri, section: 'loopscope' })
      : undefined;
    this.settings.initialize(this.folders, params.initializationOptions, pull);
    let capabilities: ServerCapabilities = { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } };
    for (const feature of this.features) capabilities = { ...capabilities, ...feature.capabilities(params) };
    return { capabilities, serverInfo: { name: 'loopscope', version } };
  }

  /** A configuration file changed: settings are read again and every document re-linted. */
  private configFilesChanged(): void {
    this.settings.configFilesChanged();
    // A folder that now holds a project file has package folders to watch (configFileWatcher.ts).
    for (const uri of this.configWatcher ? this.documents.keys() : []) {
      const file = filePathOf(uri);
      if (file !== undefined) this.configWatcher?.watchFoldersAbove(file);
    }
    this.relintAll();
  }

  /** Re-lints every open document (after settings or the workspace changed). */
  relintAll(): void {
    this.lints.clear();
    for (const document of this.documents.values()) document.forgetLint();
    for (const listener of this.relintListeners) listener();
    for (const uri of this.documents.keys()) this.scheduleLint(uri);
  }

  /** Lints after the current burst of messages is handled, once per document. */
  private scheduleLint(uri: string): void {
    this.pendingLints.add(uri);
    if (this.lintScheduled) return;
    this.lintScheduled = true;
    setImmediate(() => void this.lintPending());
  }

  private async lintPending(): Promise<void> {
    this.lintScheduled = false;
    const uris = [...this.pendingLints];
    this.pendingLints.clear();
    for (const uri of uris) {
      const settings = await this.lintSettingsFor(uri);
      const document = this.documents.get(uri);
      if (!document || this.pendingLints.has(uri)) continue; // closed, or changed again while settings loaded
      if (!settings) {
        this.forgetLint(uri);
        this.publishDiagnostics({ uri, version: document.version, diagnostics: [] });
        continue;
      }
      // A diagnostics pull may have linted this version already.
      const known = this.lints.get(uri);
      const lint = known?.version === document.version ? known : this.lintNow(document, settings);
      if (!lint) continue;
      const diagnostics = lint.result.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, uri, this.rules));
      this.publishDiagnostics({ uri, version: document.version, diagnostics });
    }
  }

  private lintNow(document: OpenDocument, settings: LintSettings): DocumentLint | undefined {
    try {
      const result = document.lint(settings, this.projectFor(document.uri));
      for (const failure of result.internalErrors) this.connection.console.error(`Loopscope rule failure in ${document.uri}: ${failure}`);
      const lint = { version: document.version, result };
      this.lints.set(document.uri, lint);
      for (const listener of this.lintListeners) listener(document.uri, lint);
      return lint;
    } catch (error) {
      this.connection.console.error(
        `Loopscope could not lint ${document.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return undefined;
    }
  }

  private forgetLint(uri: string): void {
    this.lints.delete(uri);
    for (const listener of this.lintListeners) listener(uri, undefined);
  }

  /**
   * Settings for a document, or undefined when linting is disabled for it. Editor settings are read
   * for `editorScope` (the document itself, or its workspace folder for files not open).
   */
  settingsFor(uri: string, editorScope: string = uri): Promise<LintSettings | undefined> {
    return this.settings.settingsFor(uri, editorScope);
  }

  /** Settings to lint a document with: undefined when linting is disabled for it or the configuration excludes it. */
  async lintSettingsFor(uri: string, editorScope: string = uri): Promise<LintSettings | undefined> {
    const settings = await this.settingsFor(uri, editorScope);
    return settings && !this.isExcluded(uri) ? settings : undefined;
  }
}
