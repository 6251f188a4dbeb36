// `loopscope server`: the language server on stdio, as `node dist/server.js --stdio`, for any LSP client.
import { parseArgs } from 'node:util';
import type * as ServerEntry from '../../../server/src/server';
import { UsageError } from '../usageError';
import { loadBundledEntry } from './bundledEntry';

export const SERVER_USAGE = `usage: loopscope server [--stdio]

Runs the Loopscope language server (LSP) on standard input and output, for any editor's LSP client
(--stdio is accepted for clients that always pass it). Settings, the loopscope.* keys in camelCase, come
from the client (initializationOptions, workspace/didChangeConfiguration, workspace/configuration section
"loopscope"), over the configuration files (.loopscope.toml, loopscope.toml, [tool.loopscope] in
pyproject.toml), which are watched. Set-ups for Neovim, Helix and Zed: the README, "Other editors".`;

/** Returns only for --help: the server keeps the process alive until the client disconnects. */
export function serverCommand(args: readonly string[]): number | Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { stdio: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${SERVER_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'\n${SERVER_USAGE}`);
  loadBundledEntry<typeof ServerEntry>('server').startLanguageServer({ input: process.stdin, output: process.stdout });
  return new Promise<number>(() => {
    // Never settles: the connection exits the process when the client shuts it down or goes away.
  });
}
