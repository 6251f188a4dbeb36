// `loopscope debug-adapter [--port N]`: the debug adapter (DAP) on stdio, or as a TCP server on 127.0.0.1, as
// `node dist/debugAdapter.js [--server=N]`, for any DAP client (nvim-dap, Helix, Zed, …).
import { parseArgs } from 'node:util';
import type * as DebugAdapterEntry from '../../../debug-adapter/src/main';
import { UsageError } from '../usageError';
import { loadBundledEntry } from './bundledEntry';

export const DEBUG_ADAPTER_USAGE = `usage: loopscope debug-adapter [--port N]

Runs the Loopscope debug adapter (DAP, debug type "loopscope") on standard input and output. With
--port N it listens on 127.0.0.1 port N instead (0: any free port) and prints {"port", "token"} as one
JSON line on stdout; every client must pass that token as the "token" launch attribute (set
LOOPSCOPE_DEBUG_TOKEN to choose it).`;

/** Returns only for --help: the adapter keeps the process alive while its client is connected. */
export function debugAdapterCommand(args: readonly string[]): number | Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${DEBUG_ADAPTER_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'\n${DEBUG_ADAPTER_USAGE}`);
  const adapter = loadBundledEntry<typeof DebugAdapterEntry>('debugAdapter');
  let port: number | undefined;
  if (values.port !== undefined) {
    const parsed = adapter.parsePort(values.port);
    if (parsed === null) throw new UsageError(`--port must be a TCP port (0 to 65535), not '${values.port}'`);
    port = parsed;
  }
  adapter.startDebugAdapter(port);
  return new Promise<number>(() => {
    // Never settles: the adapter ends the process when its session (or the stdio client) is gone.
  });
}
