// What to tell the user when the language server cannot start, built from the server's own last words on
// stderr when it left any. Free of `vscode` so tests can check it; the session decides when to show it.

/** Remembers the server process's last stderr lines, so a start failure can say why. */
export class StderrTail {
  private readonly lines: string[] = [];

  constructor(private readonly capacity = 20) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
  }

  clear(): void {
    this.lines.length = 0;
  }

  /** The reason the server gave: `server.ts` writes `… failed to start: <reason>` before exiting. */
  startFailureReason(): string | undefined {
    for (let index = this.lines.length - 1; index >= 0; index--) {
      const match = /failed to start:\s*(.+)$/.exec(this.lines[index]!);
      if (match) return match[1]!.trim();
    }
    return undefined;
  }
}

/** The server bundle is missing from the installed extension: nothing to retry, the install is broken. */
export function missingServerMessage(serverModule: string): string {
  return `Loopscope: the language server is missing (${serverModule}). Reinstall the Loopscope extension.`;
}

/**
 * The server process started but failed before answering `initialize`. The language client's own error
 * (a closed connection) says little, so prefer the reason the server printed.
 */
export function serverStartFailedMessage(serverReason: string | undefined, clientError: unknown): string {
  const clientReason = clientError instanceof Error ? clientError.message : String(clientError ?? '');
  const reason = (serverReason ?? clientReason)
    .split('\n', 1)[0]!
    .replace(/^(?:\w*Error:\s*)+/, '')
    .trim();
  return (
    `Loopscope: the language server failed to start${reason ? ` (${reason})` : ''}. ` +
    'Python files are not linted until it runs; the Loopscope output has the details.'
  );
}
