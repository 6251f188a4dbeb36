// The Loopscope language server: keeps open Python documents parsed, lints them after each
// burst of edits, and publishes diagnostics. Settings come from the editor and pyproject.toml.
import { fileURLToPath } from 'node:url';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { version } from '../../../package.json';
import { INVALID_FILE } from '../linter/fileProblems';
import type { Linter } from '../linter/linter';
import type { LintSettings } from '../linter/lintSettings';
import { ProjectConfigFinder } from '../linter/projectConfig';
import type { RuleInfo } from '../linter/rule';
import { DEFAULT_EDITOR_SETTINGS, parseEditorSettings, type EditorSettings } from './editorSettings';
import { toLspDiagnostic } from './lspDiagnostics';
import { OpenDocument } from './openDocument';

export class LoopscopeLanguageServer {
  private readonly documents = new Map<string, OpenDocument>();
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
    private readonly connection: Connection,
    private readonly linter: Linter,
  ) {
    this.rules = new Map([INVALID_FILE, ...linter.rules].map((rule) => [rule.code, rule]));
  }

  listen(): void {
    const connection = this.connection;
    connection.onInitialize((params) => this.initialize(params));
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
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      },
      serverInfo: { name: 'loopscope', version },
    };
  }

  private relintAll(): void {
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
        void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
        continue;
      }
      try {
        const result = this.linter.lintTree(document.syntaxTree(), document.text, settings);
        for (const failure of result.internalErrors) this.connection.console.error(`Loopscope rule failure in ${uri}: ${failure}`);
        const diagnostics = result.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, uri, this.rules));
        void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
      } catch (error) {
        this.connection.console.error(
          `Loopscope could not lint ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
    }
  }

  /** Lint settings for a document, or undefined when linting is disabled for it. */
  private async settingsFor(uri: string): Promise<LintSettings | undefined> {
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
