// Indexes the workspace's Python modules so rules can follow calls across files, keeps the index
// fresh as files and open documents change, and publishes diagnostics for files that are not open
// (a document closed goes back to the diagnostics of its file on disk). The configuration's
// `exclude` / `extend-exclude` leave files out of all of it.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { FileChangeType, type FileEvent, type InitializeParams, type WorkDoneProgressServerReporter } from 'vscode-languageserver';
import {
  findPythonFiles,
  isInside,
  moduleIdentity,
  ProjectIndexer,
  ruleSettings,
  summarizeModule,
  WorkspaceIndex,
  type SemanticModel,
} from '../../../engine/src';
import type { LoopscopeLanguageServer, ServerFeature } from '../languageServer';
import { filePathOf } from '../documentPaths';
import { toLspDiagnostic } from '../lspDiagnostics';
import type { OpenDocument } from '../openDocument';

/** Work is done in slices this long, so requests (hover, completion, diagnostics) keep flowing. */
const SLICE_MS = 15;
/** An open document's summary is refreshed this long after its last edit. */
const RESUMMARIZE_DELAY_MS = 300;
/** Beyond this many files the workspace is indexed only in part (and the user is told). */
const MAX_FILES = 20_000;

export function workspaceAnalysis(): ServerFeature {
  let params: InitializeParams | undefined;
  return {
    capabilities(initialize) {
      params = initialize;
      return {};
    },
    register(server) {
      new WorkspaceAnalysis(server, () => params).register();
    },
  };
}

class WorkspaceAnalysis {
  private readonly index = new WorkspaceIndex();
  private readonly indexer: ProjectIndexer;
  /** Files not open whose diagnostics we published (so they can be cleared). */
  private readonly published = new Set<string>();
  private readonly resummarizeTimers = new Map<string, NodeJS.Timeout>();
  private readonly pendingChanges = new Map<string, FileChangeType>();
  private changeTimer: NodeJS.Timeout | undefined;
  private scanned = false;

  constructor(
    private readonly server: LoopscopeLanguageServer,
    private readonly initializeParams: () => InitializeParams | undefined,
  ) {
    this.indexer = new ProjectIndexer(server.linter, this.index);
  }

  register(): void {
    const server = this.server;
    server.setProjectProvider((uri) => {
      const file = filePathOf(uri);
      return file === undefined ? undefined : this.index.view(moduleIdentity(file), file);
    });
    server.watchFiles('**/*.py', (changes) => this.onFilesChanged(changes));
    server.onDidLint((uri, lint) => {
      if (lint && filePathOf(uri) !== undefined) this.scheduleResummarize(uri);
    });
    server.handleClosedFiles((uri) => this.onClosed(uri));
    server.onRelintAll(() => {
      if (this.scanned) void this.lintClosedFiles(this.workspaceFiles());
    });
    server.onInitialized(() => void this.scan());
  }

  /** The initial scan: index every Python file, re-lint open documents, then lint the others. */
  private async scan(): Promise<void> {
    const params = this.initializeParams();
    if (this.server.workspaceFolders.length === 0) return;
    const progress = params?.capabilities.window?.workDoneProgress
      ? await this.server.connection.window.createWorkDoneProgress()
      : undefined;
    try {
      progress?.begin('Loopscope', 0, 'finding Python files…');
      const { files } = findPythonFiles(this.server.workspaceFolders, this.server.exclusion);
      if (files.length > MAX_FILES) {
        // Worth knowing, not worth a prompt: the log.
        this.server.connection.console.warn(
          `Loopscope: the workspace has ${files.length} Python files; cross-file analysis covers the first ${MAX_FILES}.`,
        );
      }
      const indexed = files.slice(0, MAX_FILES);
      // One pass: each file is linted and summarised from the same parse; a module a rule looks up
      // before its turn is read on demand. Open documents are summarised from their own trees.
      const byModule = new Map(indexed.map((file) => [moduleIdentity(file).name, file]));
      this.index.setModuleLoader((moduleName) => {
        const file = byModule.get(moduleName);
        if (file === undefined) return false;
        if (!this.index.has(file)) this.indexFromSource(file);
        return true;
      });
      for (const document of this.server.openDocuments()) {
        const file = filePathOf(document.uri);
        if (file !== undefined) this.indexOpenDocument(file, document);
      }
      await this.lintClosedFiles(indexed, progress, true);
      for (const file of indexed) if (!this.index.has(file)) this.indexFromSource(file);
      this.index.setModuleLoader(undefined);
      this.scanned = true;
      this.server.relintAll();
    } catch (error) {
      this.server.connection.console.error(
        `Loopscope workspace scan failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    } finally {
      progress?.done();
    }
  }

  /** An open document is summarised from its text, a closed file from disk. */
  private indexFromSource(file: string): void {
    const document = this.server.document(pathToFileURL(file).href);
    if (document) this.indexOpenDocument(file, document);
    else this.indexer.indexFile(file);
  }

  /**
   * A document closed: when its file is one of the workspace's, its diagnostics are those of the file
   * on disk (published instead of clearing them); false leaves the server to clear them.
   */
  private onClosed(uri: string): boolean {
    const file = filePathOf(uri);
    if (!this.scanned || file === undefined || !this.server.workspaceFolders.some((folder) => isInside(file, folder))) return false;
    if (!this.index.has(file) || this.server.isExcluded(uri)) return false;
    this.published.add(uri); // so that a clean file on disk is published clean
    setImmediate(() => void this.lintClosedFiles([file]));
    return true;
  }

  /** The workspace's Python files as the scan would find them now (the configuration may have changed), at most MAX_FILES. */
  private workspaceFiles(): string[] {
    const { files } = findPythonFiles(this.server.workspaceFolders, this.server.exclusion);
    const found = new Set(files.slice(0, MAX_FILES).map((file) => pathToFileURL(file).href));
    // Files now excluded lose the diagnostics published for them.
    for (const uri of [...this.published]) if (!found.has(uri) && !this.server.document(uri)) this.clear(uri);
    const indexed = files.slice(0, MAX_FILES);
    for (const file of indexed) if (!this.index.has(file)) this.indexFromSource(file);
    return indexed;
  }

  /**
   * Lints files that are not open from disk and publishes their diagnostics; with `summarise`, also
   * stores each file's summary in the index from the model the lint built.
   */
  private async lintClosedFiles(files: readonly string[], progress?: WorkDoneProgressServerReporter, summarise = false): Promise<void> {
    const firstFolder = this.server.workspaceFolders[0];
    const folderUri = firstFolder === undefined ? undefined : pathToFileURL(firstFolder).href;
    await this.inSlices(
      files,
      async (file) => {
        const uri = pathToFileURL(file).href;
        if (this.server.document(uri)) return;
        const settings = await this.server.lintSettingsFor(uri, folderUri);
        let bytes: Uint8Array | undefined;
        try {
          bytes = readFileSync(file);
        } catch {
          bytes = undefined;
        }
        if (!settings || !bytes || this.server.document(uri)) {
          this.clear(uri);
          return;
        }
        const module = moduleIdentity(file);
        const remember = summarise
          ? (model: SemanticModel) => {
              if (!this.index.has(file))
                this.index.update(
                  summarizeModule(file, module, model, (name) => this.server.linter.blockingRule(name, ruleSettings(settings))),
                );
            }
          : undefined;
        const result = this.server.linter.lintBytes(bytes, settings, this.index.view(module, file), remember);
        const diagnostics = result.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, uri, this.server.rulesByCode));
        if (diagnostics.length === 0 && !this.published.has(uri)) return;
        this.published.add(uri);
        this.server.publishDiagnostics({ uri, diagnostics });
      },
      (done) => report(progress, done, files.length, summarise ? 'analysing' : 'checking'),
    );
  }

  private onFilesChanged(changes: readonly FileEvent[]): void {
    for (const change of changes)
      if (change.uri.endsWith('.py') && change.uri.startsWith('file:')) this.pendingChanges.set(change.uri, change.type);
    if (this.changeTimer) return;
    // Branch switches and formatters change many files at once: handle them as one batch.
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      void this.applyFileChanges();
    }, 100);
  }

  private async applyFileChanges(): Promise<void> {
    if (!this.scanned) return;
    const changes = [...this.pendingChanges];
    this.pendingChanges.clear();
    const affected = new Set<string>();
    for (const [uri, type] of changes) {
      const file = filePathOf(uri);
      if (file === undefined || this.server.document(uri)) continue; // open documents are indexed from their text
      if (this.server.isExcluded(uri)) {
        this.clear(uri);
        continue;
      }
      const dependents = this.affectedBy(file);
      const changed = type === FileChangeType.Deleted ? this.index.remove(file) : this.indexer.indexFile(file);
      if (type === FileChangeType.Deleted) this.clear(uri);
      else affected.add(file);
      if (changed) for (const dependent of [...dependents, ...this.affectedBy(file)]) affected.add(dependent);
    }
    this.relintDependents([...affected]);
  }

  private scheduleResummarize(uri: string): void {
    clearTimeout(this.resummarizeTimers.get(uri));
    this.resummarizeTimers.set(
      uri,
      setTimeout(() => {
        this.resummarizeTimers.delete(uri);
        const document = this.server.document(uri);
        const file = filePathOf(uri);
        if (!document || !this.scanned || file === undefined) return;
        const used = this.index.usedModulesOf(file);
        if (this.indexOpenDocument(file, document)) this.relintDependents([...new Set([...used, ...this.affectedBy(file)])]);
      }, RESUMMARIZE_DELAY_MS),
    );
  }

  /**
   * Summarises an open document from its tree; true when what other modules see of it changed. A
   * document that cannot be parsed (too large) is dropped from the index: its own lint says why.
   */
  private indexOpenDocument(file: string, document: OpenDocument): boolean {
    const tree = document.parsedTree();
    return tree ? this.indexer.indexTree(file, tree) : this.index.remove(file);
  }

  /**
   * The files whose diagnostics may change with what other modules see of `file`: those importing from it, and those
   * whose functions it uses (a function only coroutines use reads as running in one: LOOP201).
   */
  private affectedBy(file: string): string[] {
    return [...new Set([...this.index.dependentsOf(file), ...this.index.usedModulesOf(file)])];
  }

  private relintDependents(files: readonly string[]): void {
    const closed: string[] = [];
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      if (this.server.document(uri)) this.server.relint(uri);
      else closed.push(file);
    }
    if (closed.length > 0) void this.lintClosedFiles(closed);
  }

  private clear(uri: string): void {
    if (!this.published.delete(uri)) return;
    this.server.publishDiagnostics({ uri, diagnostics: [] });
  }

  /** Runs `work` over `items`, yielding to the event loop every few milliseconds. */
  private async inSlices<T>(items: readonly T[], work: (item: T) => unknown, onProgress: (done: number) => void): Promise<void> {
    let sliceStart = performance.now();
    for (let i = 0; i < items.length; i++) {
      try {
        await work(items[i]!);
      } catch (error) {
        this.server.connection.console.error(`Loopscope: ${String(items[i])}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (performance.now() - sliceStart > SLICE_MS) {
        onProgress(i + 1);
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    onProgress(items.length);
  }
}

function report(progress: WorkDoneProgressServerReporter | undefined, done: number, total: number, verb: string): void {
  progress?.report(total === 0 ? 100 : Math.floor((done / total) * 100), `${verb} ${done}/${total} files`);
}
