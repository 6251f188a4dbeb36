// Pull diagnostics (`textDocument/diagnostic`, `workspace/diagnostic`) for clients that ask for them;
// others keep getting pushed diagnostics. Reports carry result ids derived from their content, so a
// document whose diagnostics did not change is answered `unchanged`. When diagnostics change without
// an edit (settings, pyproject.toml, an imported module), the client is asked to pull again.
// Files that are not open are reported by `workspace/diagnostic`; a client that pulls only open
// documents (Neovim 0.10) never asks for it, so until a client does, those files' diagnostics are
// pushed as well, and withdrawn when it first asks (or opens the file, which it then pulls).
import { createHash } from 'node:crypto';
import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type PublishDiagnosticsParams,
  type ServerCapabilities,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { DocumentLint, LoopscopeLanguageServer, ServerFeature } from '../languageServer';
import { toLspDiagnostic } from '../lspDiagnostics';

/** A report's content and the id naming it. */
interface Report {
  readonly resultId: string;
  readonly items: readonly Diagnostic[];
}

/** Refresh requests are coalesced over this long (a settings change re-lints every document). */
const REFRESH_DELAY_MS = 50;

export class PullDiagnostics implements ServerFeature {
  private server: LoopscopeLanguageServer | undefined;
  private clientPulls = false;
  private canRefresh = false;
  /**
   * Diagnostics of files that are not open, as published through `server.publishDiagnostics` (by the
   * workspace analysis). Cleared files keep an empty report so the client hears they are clean.
   */
  private readonly closedFiles = new Map<string, Report>();
  /** Whether the client has asked for workspace diagnostics (else files not open are pushed). */
  private workspacePulled = false;
  /** Files not open whose diagnostics were pushed (non-empty), to withdraw once the client pulls them. */
  private readonly pushed = new Set<string>();
  /** Per open document, the version and result id the client last pulled. */
  private readonly served = new Map<string, { readonly version: number; readonly resultId: string }>();
  private readonly reports = new WeakMap<DocumentLint, Report>();
  private refreshTimer: NodeJS.Timeout | undefined;

  capabilities(params: InitializeParams): ServerCapabilities {
    this.clientPulls = params.capabilities.textDocument?.diagnostic !== undefined;
    this.canRefresh = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    if (!this.clientPulls) return {};
    // Pushing as well would show every problem twice (VS Code keeps pulled and pushed diagnostics apart).
    this.server?.routeDiagnostics((published) => this.onPublished(published));
    return { diagnosticProvider: { identifier: 'loopscope', interFileDependencies: true, workspaceDiagnostics: true } };
  }

  register(server: LoopscopeLanguageServer): void {
    this.server = server;
    server.connection.languages.diagnostics.on((params) => this.documentDiagnostics(server, params));
    server.connection.languages.diagnostics.onWorkspace((params, token) => this.workspaceDiagnostics(server, params, token));
    server.onDidLint((uri, lint) => this.onDidLint(server, uri, lint));
  }

  private async documentDiagnostics(server: LoopscopeLanguageServer, params: DocumentDiagnosticParams): Promise<DocumentDiagnosticReport> {
    const uri = params.textDocument.uri;
    const document = server.document(uri);
    let report: Report;
    if (document) {
      const lint = await server.currentLint(uri);
      report = lint ? this.reportOf(server, uri, lint) : EMPTY_REPORT;
      if (server.document(uri) === document)
        this.served.set(uri, { version: lint?.version ?? document.version, resultId: report.resultId });
    } else {
      report = this.closedFiles.get(uri) ?? EMPTY_REPORT;
    }
    return params.previousResultId === report.resultId
      ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId: report.resultId }
      : { kind: DocumentDiagnosticReportKind.Full, resultId: report.resultId, items: [...report.items] };
  }

  private async workspaceDiagnostics(
    server: LoopscopeLanguageServer,
    params: WorkspaceDiagnosticParams,
    token: CancellationToken,
  ): Promise<WorkspaceDiagnosticReport> {
    const previous = new Map(params.previousResultIds.map(({ uri, value }) => [uri, value]));
    if (!this.workspacePulled) {
      this.workspacePulled = true;
      for (const uri of this.pushed) this.withdrawPushed(uri);
    }
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const document of [...server.openDocuments()]) {
      if (token.isCancellationRequested) break;
      const lint = await server.currentLint(document.uri);
      items.push(workspaceItem(document.uri, document.version, lint ? this.reportOf(server, document.uri, lint) : EMPTY_REPORT, previous));
    }
    for (const [uri, report] of this.closedFiles) {
      if (!server.document(uri)) items.push(workspaceItem(uri, null, report, previous));
    }
    return { items };
  }

  private reportOf(server: LoopscopeLanguageServer, uri: string, lint: DocumentLint): Report {
    let report = this.reports.get(lint);
    if (!report) {
      report = makeReport(lint.result.diagnostics.map((diagnostic) => toLspDiagnostic(diagnostic, uri, server.rulesByCode)));
      this.reports.set(lint, report);
    }
    return report;
  }

  /** A document re-linted without an edit whose diagnostics changed: the client must pull again. */
  private onDidLint(server: LoopscopeLanguageServer, uri: string, lint: DocumentLint | undefined): void {
    // An open document is pulled: what was pushed while it was closed would show twice.
    if (lint && this.pushed.has(uri)) this.withdrawPushed(uri);
    const served = this.served.get(uri);
    if (!this.clientPulls || !served) return;
    if (!server.document(uri)) {
      this.served.delete(uri);
      return;
    }
    // After an edit the client pulls by itself.
    if (lint && lint.version !== served.version) return;
    const resultId = lint ? this.reportOf(server, uri, lint).resultId : EMPTY_REPORT.resultId;
    if (resultId !== served.resultId) this.scheduleRefresh();
  }

  /** Diagnostics published for files that are not open (open documents are reported from their lint). */
  private onPublished({ uri, diagnostics }: PublishDiagnosticsParams): void {
    const server = this.server;
    if (!server || server.document(uri)) return;
    const report = makeReport(diagnostics);
    const previous = this.closedFiles.get(uri);
    const changed = previous?.resultId !== report.resultId;
    if (changed && (previous || report.items.length > 0)) {
      this.closedFiles.set(uri, report);
      this.scheduleRefresh();
    }
    if (this.workspacePulled) return;
    // Pushed unless the client has these already (a document just closed has had its push withdrawn).
    if (report.items.length > 0 && (changed || !this.pushed.has(uri))) {
      void server.connection.sendDiagnostics({ uri, diagnostics: [...report.items] });
      this.pushed.add(uri);
    } else if (report.items.length === 0 && this.pushed.has(uri)) {
      this.withdrawPushed(uri);
    }
  }

  private withdrawPushed(uri: string): void {
    this.pushed.delete(uri);
    void this.server?.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private scheduleRefresh(): void {
    if (!this.canRefresh || this.refreshTimer || !this.server) return;
    const server = this.server;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      server.connection.languages.diagnostics.refresh().catch(() => undefined);
    }, REFRESH_DELAY_MS);
  }
}

function makeReport(items: readonly Diagnostic[]): Report {
  return { items, resultId: createHash('sha1').update(JSON.stringify(items)).digest('base64url') };
}

const EMPTY_REPORT = makeReport([]);

function workspaceItem(
  uri: string,
  version: number | null,
  report: Report,
  previous: ReadonlyMap<string, string>,
): WorkspaceDocumentDiagnosticReport {
  return previous.get(uri) === report.resultId
    ? { kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId: report.resultId }
    : { kind: DocumentDiagnosticReportKind.Full, uri, version, resultId: report.resultId, items: [...report.items] };
}
