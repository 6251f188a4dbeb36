// Entry point of the language server: `node dist/server.js --stdio` (also --node-ipc, --socket=N).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Linter } from './linter/linter';
import { LANGUAGE_FEATURES } from './lsp/features';
import { LoopscopeLanguageServer } from './lsp/languageServer';

async function main(): Promise<void> {
  const connection = createConnection(ProposedFeatures.all);
  // Nothing may write to stdout but the protocol: route stray console output to the client's log.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  const linter = await Linter.create();
  new LoopscopeLanguageServer(connection, linter, LANGUAGE_FEATURES).listen();
}

main().catch((error: unknown) => {
  process.stderr.write(`loopscope server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
