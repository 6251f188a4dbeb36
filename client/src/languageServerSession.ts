// Runs the Loopscope language server (dist/server.js) for this window through vscode-languageclient:
// starts it, restarts it on demand, and says plainly when it cannot start. It runs in Restricted Mode
// too: linting reads files and settings, it never executes the user's code.
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { window, type Disposable, type LogOutputChannel } from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type Message,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { missingServerMessage, serverStartFailedMessage, StderrTail } from './serverStartFailure';
import { serverUriToCode } from './ruleDocumentation';

const CLIENT_ID = 'loopscope';
const CLIENT_NAME = 'Loopscope';
/** Crashes tolerated (restarted automatically) within three minutes once the server has run. */
const MAX_RESTARTS_AFTER_CRASH = 4;

export class LanguageServerSession implements Disposable {
  private client: StartAwareLanguageClient | undefined;
  /** Start, restart and stop run one after another, never interleaved. */
  private transitions: Promise<void> = Promise.resolve();
  private readonly stderrTail = new StderrTail();

  constructor(
    private readonly serverModule: string,
    private readonly output: LogOutputChannel,
  ) {}

  start(): Promise<void> {
    return this.enqueue(() => this.startClient());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      this.output.info('Restarting the language server.');
      await this.stopClient();
      await this.startClient();
    });
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.stopClient());
  }

  dispose(): void {
    void this.stop();
  }

  private enqueue(transition: () => Promise<void>): Promise<void> {
    const next = this.transitions.then(transition, transition);
    this.transitions = next.catch(() => undefined);
    return next;
  }

  private async startClient(): Promise<void> {
    if (!existsSync(this.serverModule)) {
      const message = missingServerMessage(this.serverModule);
      this.output.error(message);
      void window.showErrorMessage(message);
      return;
    }
    this.stderrTail.clear();
    const errorHandler = new CrashAfterStartErrorHandler();
    const client = new StartAwareLanguageClient(this.serverOptions(), this.clientOptions(errorHandler));
    errorHandler.client = client;
    this.client = client;
    try {
      await client.start();
      client.started = true;
      this.output.info(`Language server started (${this.serverModule}).`);
    } catch (error) {
      this.client = undefined;
      await client.dispose(2000).catch(() => undefined);
      const message = serverStartFailedMessage(this.stderrTail.startFailureReason(), error);
      this.output.error(message);
      void this.offerRecovery(message);
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.needsStop()) await client.stop(5000).catch((error: unknown) => this.output.warn(`Stopping the server: ${String(error)}`));
  }

  private async offerRecovery(message: string): Promise<void> {
    const choice = await window.showErrorMessage(message, 'Show Output', 'Restart');
    if (choice === 'Show Output') this.output.show(true);
    if (choice === 'Restart') await this.restart();
  }

  private serverOptions(): ServerOptions {
    return {
      run: { module: this.serverModule, transport: TransportKind.ipc },
      debug: { module: this.serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
  }

  private clientOptions(errorHandler: ErrorHandler): LanguageClientOptions {
    const output = this.output;
    const stderrTail = this.stderrTail;
    const pipeLines = (input: Readable, write: (line: string) => void) =>
      createInterface({ input, crlfDelay: Infinity, terminal: false }).on('line', write);
    return {
      documentSelector: [
        { scheme: 'file', language: 'python' },
        { scheme: 'untitled', language: 'python' },
        { notebook: '*', language: 'python' },
      ],
      synchronize: { configurationSection: 'loopscope' },
      outputChannel: output,
      stdioOptions: {
        stdout: (input) => pipeLines(input, (line) => output.info(line)),
        stderr: (input) =>
          pipeLines(input, (line) => {
            stderrTail.push(line);
            output.error(line);
          }),
      },
      // Rule pages open rendered, not as Markdown text.
      uriConverters: { code2Protocol: (uri) => uri.toString(), protocol2Code: serverUriToCode },
      // A failed start is reported once, by startClient, with the server's reason.
      initializationFailedHandler: () => false,
      errorHandler,
    };
  }
}

/** A LanguageClient that keeps its own notifications quiet until it has started, so start failures are told once. */
class StartAwareLanguageClient extends LanguageClient {
  started = false;

  constructor(serverOptions: ServerOptions, clientOptions: LanguageClientOptions) {
    super(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  }

  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    super.error(message, data, this.started ? showNotification : false);
  }
}

/** Before the server has started, a closed connection is a start failure (no retries); after, the client's default restart policy applies. */
class CrashAfterStartErrorHandler implements ErrorHandler {
  client: StartAwareLanguageClient | undefined;
  private fallback: ErrorHandler | undefined;

  error(error: Error, message: Message | undefined, count: number | undefined): ErrorHandlerResult | Promise<ErrorHandlerResult> {
    return this.defaultHandler()?.error(error, message, count) ?? { action: ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult | Promise<CloseHandlerResult> {
    if (!this.client?.started) return { action: CloseAction.DoNotRestart, handled: true };
    return this.defaultHandler()?.closed() ?? { action: CloseAction.DoNotRestart };
  }

  private defaultHandler(): ErrorHandler | undefined {
    this.fallback ??= this.client?.createDefaultErrorHandler(MAX_RESTARTS_AFTER_CRASH);
    return this.fallback;
  }
}
