// The Loopscope language server core: keeps open Python documents parsed, lints them after each
// burst of edits, and publishes diagnostics. Settings come from the editor and pyproject.toml.
// Further LSP features (code actions, hovers, pull diagnostics…) plug in as `ServerFeature`s.
import { fileURLToPath } from 'node:url';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { version } from '../../../package.json';
import { INVALID_FILE } from '../linter/fileProblems';
import type { Linter, LintResult } from '../linter/linter';
import type { LintSettings } from '../linter/lintSettings';
import { ProjectConfigFinder } from '../linter/projectConfig';
import type { RuleInfo } from '../linter/rule';
import { DEFAULT_EDITOR_SETTINGS, parseEditorSettings, type EditorSettings } from './editorSettings';
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
  private readonly pendingLints = new Set<string>();
  private lintScheduled = false;
  private readonly projectConfigs = new ProjectConfigFinder();
  private readonly editorSettings = new Map<string, Promise<EditorSettings>>();
  private readonly settingsCache = new Map<string, LintSettings>();
  private readonly shownWarnings = new Set<string>();
  private readonly rules: ReadonlyMap<string, RuleInfo>;
  private canPullConfiguration = false;
  private canWatchFiles = false;

  constructor(
    readonly connection: Connection,
    readonly linter: Linter,
    private readonly features: readonly ServerFeature[] = [],
  ) {
    this.rules = new Map([INVALID_FILE, ...linter.rules].map((rule) => [rule.code, rule]));
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
    const settings = await this.settingsFor(uri);
    return settings && this.documents.get(uri) === document ? this.lintNow(document, settings) : undefined;
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
      if (this.canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'loopscope' });
      if (this.canWatchFiles) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/pyproject.toml' }] });
      }
    });
    connection.onDidOpenTextDocument(({ textDocument }) => {
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
      this.editorSettings.delete(textDocument.uri);
      this.settingsCache.delete(textDocument.uri);
      this.forgetLint(textDocument.uri);
      void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    });
    connection.onDidChangeConfiguration(() => {
      this.editorSettings.clear();
      this.relintAll();
    });
    connection.onDidChangeWatchedFiles(() => {
      this.projectConfigs.clear();
      this.relintAll();
    });
    connection.onShutdown(() => {
      for (const document of this.documents.values()) document.close();
      this.documents.clear();
    });
    connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.canPullConfiguration = params.capabilities.workspace?.configuration === true;
    this.canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    let capabilities: ServerCapabilities = { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } };
    for (const feature of this.features) capabilities = { ...capabilities, ...feature.capabilities(params) };
    return { capabilities, serverInfo: { name: 'loopscope', version } };
  }

  /** Re-lints every open document (after settings or the workspace changed). */
  relintAll(): void {
    this.settingsCache.clear();
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
      const settings = await this.settingsFor(uri);
      const document = this.documents.get(uri);
      if (!document || this.pendingLints.has(uri)) continue; // closed, or changed again while settings loaded
      if (!settings) {
        this.forgetLint(uri);
        void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
        continue;
      }
      const lint = this.lintNow(document, settings);
      if (!lint) continue;
      const diagnostics = lint.result.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, uri, this.rules));
      void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    }
  }

  private lintNow(document: OpenDocument, settings: LintSettings): DocumentLint | undefined {
    try {
      const result = this.linter.lintTree(document.syntaxTree(), document.text, settings);
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

  /** Lint settings for a document, or undefined when linting is disabled for it. */
  async settingsFor(uri: string): Promise<LintSettings | undefined> {
    const editor = await this.editorSettingsFor(uri);
    if (!editor.enable) return undefined;
    let settings = this.settingsCache.get(uri);
    if (!settings) {
      const project = uri.startsWith('file:') ? this.projectConfigs.forFile(fileURLToPath(uri)) : undefined;
      for (const warning of [...(project?.warnings ?? []), ...editor.warnings]) this.warnOnce(warning);
      settings = { ...project?.settings, ...editor.lint, isNotebook: uri.startsWith('vscode-notebook-cell:') };
      this.settingsCache.set(uri, settings);
    }
    return settings;
  }

  private editorSettingsFor(uri: string): Promise<EditorSettings> {
    if (!this.canPullConfiguration) return Promise.resolve(DEFAULT_EDITOR_SETTINGS);
    let settings = this.editorSettings.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'loopscope' }).then(
        (section: unknown) => {
          this.settingsCache.delete(uri);
          return parseEditorSettings(section);
        },
        () => DEFAULT_EDITOR_SETTINGS,
      );
      this.editorSettings.set(uri, settings);
    }
    return settings;
  }

  private warnOnce(message: string): void {
    if (this.shownWarnings.has(message)) return;
    this.shownWarnings.add(message);
    void this.connection.window.showWarningMessage(`Loopscope: ${message}`);
  }
}
