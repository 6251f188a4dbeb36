// A minimal LSP client over stdio for tests: starts dist/server.js, sends requests and
// notifications, and waits for published diagnostics.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity?: number;
    code?: string | number;
    source?: string;
    message: string;
    codeDescription?: { href: string };
    relatedInformation?: { message: string }[];
  }[];
}

/** The parts of a pulled diagnostic report tests look at. */
export interface PulledReport {
  kind: 'full' | 'unchanged';
  resultId?: string;
  items?: PublishedDiagnostics['diagnostics'];
}

export interface WorkspaceReportItem extends PulledReport {
  uri: string;
  version: number | null;
}

export interface HoverResult {
  contents: { kind: string; value: string };
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface LspTextEdit {
  range: LspRange;
  newText: string;
}

/** The parts of a code action tests look at. */
export interface CodeActionResult {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: PublishedDiagnostics['diagnostics'];
  edit?: {
    changes?: Record<string, LspTextEdit[]>;
    documentChanges?: { textDocument: { uri: string; version: number | null }; edits: LspTextEdit[] }[];
  };
  /** Kept by the client for `codeAction/resolve` (an action given without its edit). */
  data?: unknown;
}

export class LspTestClient {
  readonly published: PublishedDiagnostics[] = [];
  /** Messages shown to the user (`window/showMessage` and `window/showMessageRequest`), in order. */
  readonly shownMessages: { type: number; message: string }[] = [];
  /** Messages written to the client's log (`window/logMessage`), in order. */
  readonly loggedMessages: { type: number; message: string }[] = [];
  /** How many `workspace/diagnostic/refresh` requests the server sent. */
  refreshRequests = 0;
  /** What `workspace/configuration` answers for the `loopscope` section. */
  configuration: Record<string, unknown> | undefined;
  /** false: `workspace/configuration` requests are never answered (a client that hangs on them). */
  answersConfiguration = true;
  /** The registrations of `client/registerCapability` requests, in order. */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  private waiters: { predicate: (p: PublishedDiagnostics) => boolean; resolve: (p: PublishedDiagnostics) => void }[] = [];
  readonly stderr: string[] = [];

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  /** Starts `node dist/server.js --stdio`, or `command` (an installed `loopscope server`). */
  static start(configuration?: Record<string, unknown>, command?: { executable: string; args: string[]; cwd?: string }): LspTestClient {
    const child = command
      ? spawn(command.executable, command.args, { stdio: 'pipe', cwd: command.cwd })
      : spawn(process.execPath, [path.join(__dirname, '..', '..', 'dist', 'server.js'), '--stdio'], { stdio: 'pipe' });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection);
    client.configuration = configuration;
    child.stderr!.on('data', (chunk: Buffer) => client.stderr.push(chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      client.published.push(params);
      client.waiters = client.waiters.filter((waiter) => {
        if (!waiter.predicate(params)) return true;
        waiter.resolve(params);
        return false;
      });
    });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      client.loggedMessages.push(params);
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      client.shownMessages.push(params);
    });
    connection.onRequest('workspace/diagnostic/refresh', () => {
      client.refreshRequests++;
      return null;
    });
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      client.registrations.push(...params.registrations);
      return null;
    });
    connection.onRequest('window/showMessageRequest', (params: { type: number; message: string }) => {
      client.shownMessages.push({ type: params.type, message: params.message });
      return null;
    });
    connection.onRequest(
      'workspace/configuration',
      (params: { items: { section?: string }[] }): Promise<(Record<string, unknown> | null)[]> | (Record<string, unknown> | null)[] =>
        client.answersConfiguration
          ? params.items.map((item) => (item.section === 'loopscope' ? (client.configuration ?? null) : null))
          : new Promise(() => undefined),
    );
    connection.listen();
    return client;
  }

  async initialize(withConfiguration = false): Promise<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: withConfiguration }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the next diagnostics published for `uri` (and `version`, if given), within `timeoutMs`. */
  nextDiagnostics(uri: string, version?: number, timeoutMs = 10_000): Promise<PublishedDiagnostics> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no diagnostics for ${uri} v${version}; stderr: ${this.stderr.join('')}`)),
        timeoutMs,
      );
      this.waiters.push({
        predicate: (p) => p.uri === uri && (version === undefined || p.version === version),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  open(uri: string, text: string, version = 1): Promise<PublishedDiagnostics> {
    // A second more per megabyte: a huge document crosses the pipe as one JSON message (slow on a loaded machine).
    const next = this.nextDiagnostics(uri, version, 10_000 + text.length / 1_000);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
    return next;
  }

  change(uri: string, version: number, changes: unknown[]): Promise<PublishedDiagnostics> {
    const next = this.nextDiagnostics(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return next;
  }

  /** Initializes with these client capabilities (and a workspace folder and `initializationOptions`, if given). */
  async initializeWith(
    capabilities: Record<string, unknown>,
    folder?: string,
    initializationOptions?: unknown,
  ): Promise<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }> {
    const rootUri = folder === undefined ? null : pathToFileURL(folder).href;
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri === null ? null : [{ uri: rootUri, name: path.basename(folder!) }],
      capabilities,
      ...(initializationOptions === undefined ? {} : { initializationOptions }),
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  hover(uri: string, line: number, character: number): Promise<HoverResult | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  pullDiagnostics(uri: string, previousResultId?: string): Promise<PulledReport> {
    return this.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
  }

  workspaceDiagnostics(previousResultIds: { uri: string; value: string }[] = []): Promise<{ items: WorkspaceReportItem[] }> {
    return this.connection.sendRequest('workspace/diagnostic', { previousResultIds });
  }

  /** Replaces the editor settings and tells the server they changed. */
  async changeConfiguration(configuration: Record<string, unknown> | undefined): Promise<void> {
    this.configuration = configuration;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  /** Sends `workspace/didChangeConfiguration` with these settings (as clients that push them do). */
  async pushConfiguration(settings: unknown): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  /** Resolves once `condition()` holds (checked every 20 ms), or rejects after `timeoutMs`. */
  waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (condition()) return resolve();
      const started = Date.now();
      const poll = setInterval(() => {
        if (condition()) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() - started > timeoutMs) {
          clearInterval(poll);
          reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.join('')}`));
        }
      }, 20);
    });
  }

  /** `textDocument/codeAction` for a range; `context` defaults to no diagnostics and no `only`. */
  codeActions(
    uri: string,
    range: LspRange,
    context: { diagnostics?: PublishedDiagnostics['diagnostics']; only?: string[]; triggerKind?: number } = {},
  ): Promise<CodeActionResult[] | null> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: [], ...context },
    });
  }

  /** `codeAction/resolve`: the edit of an action the server gave without it. */
  resolveCodeAction(action: CodeActionResult): Promise<CodeActionResult> {
    return this.connection.sendRequest('codeAction/resolve', action);
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
