// Extension entry point: wires the Loopscope output channel, the language server session and the
// commands together. Activated by opening a Python file (and by its commands); logic lives in the modules.
import path from 'node:path';
import { commands, window, type ExtensionContext } from 'vscode';
import { CommandIds } from './commandIds';
import { LanguageServerSession } from './languageServerSession';

let session: LanguageServerSession | undefined;

export function activate(context: ExtensionContext): void {
  const output = window.createOutputChannel('Loopscope', { log: true });
  session = new LanguageServerSession(context.asAbsolutePath(path.join('dist', 'server.js')), output);
  context.subscriptions.push(
    output,
    session,
    commands.registerCommand(CommandIds.restartLanguageServer, () => session?.restart()),
  );
  // Not awaited: activation stays quick while the server loads its parser; failures are reported by the session.
  void session.start();
}

export async function deactivate(): Promise<void> {
  await session?.stop();
  session = undefined;
}
