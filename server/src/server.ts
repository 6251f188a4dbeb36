// Entry point of the language server: `node dist/server.js --stdio` (also --node-ipc, --socket=N). `loopscope server`
// loads this bundle and calls startLanguageServer with its own standard streams.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Linter, RULES } from '../engine/src';
import { LANGUAGE_FEATURES } from './lsp/features';
import { LoopscopeLanguageServer } from './lsp/languageServer';

export interface LanguageServerStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Serves LSP on these streams, else on the transport this process's command line names; exits when the client goes. */
export function startLanguageServer(streams?: LanguageServerStreams): void {
  serve(streams).catch((error: unknown) => {
    process.stderr.write(`loopscope server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

async function serve(streams: LanguageServerStreams | undefined): Promise<void> {
  const connection = streams
    ? createConnection(ProposedFeatures.all, streams.input, streams.output)
    : createConnection(ProposedFeatures.all);
  // Nothing may write to stdout but the protocol: route stray console output to the client's log.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  const linter = await Linter.create(RULES);
  new LoopscopeLanguageServer(connection, linter, LANGUAGE_FEATURES).listen();
}

// Run as `node dist/server.js`, not when `loopscope server` requires the bundle.
if (require.main === module) startLanguageServer();
