// Entry of dist/debugAdapter.js: speaks DAP on stdio, or with --server=PORT on TCP (one session per
// connection, on 127.0.0.1 only, each authenticated by the server's token: see serverAuthentication.ts).
// `loopscope debug-adapter [--port N]` loads this bundle and calls startDebugAdapter.
import { createServer } from 'node:net';
import { findDistDir, snapshotFolder } from '../../runtime/src/index';
import { LoopscopeSession } from './loopscopeSession';
import { ConnectionGate, serverToken } from './serverAuthentication';

/** DAP on stdio (no port), or a TCP server on 127.0.0.1 (port 0: any free port, printed on stdout). */
export function startDebugAdapter(port?: number): void {
  // Every launch would start Python cold: say so in the client's log of the adapter's stderr.
  const snapshots = snapshotFolder(findDistDir(), process.env);
  if (snapshots.note) process.stderr.write(`${snapshots.note}\n`);
  if (port === undefined) serveStdio();
  else serveTcp(port);
}

function serveStdio(): void {
  const session = new LoopscopeSession();
  process.on('SIGTERM', () => session.shutdown());
  // The client went away without a disconnect: nothing is left to debug.
  process.stdin.on('end', () => session.shutdown());
  session.start(process.stdin, process.stdout);
}

function serveTcp(port: number): void {
  const token = serverToken(process.env);
  if ('error' in token) {
    process.stderr.write(`loopscope debug adapter: ${token.error}\n`);
    process.exit(2);
  }
  const server = createServer((socket) => {
    const session = new LoopscopeSession({
      // The error response is written before the socket ends.
      gate: { gate: new ConnectionGate(token.token), onRefused: () => socket.end() },
    });
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    // One line on stdout for whoever started the server: the port, and the token unless they set it.
    process.stdout.write(`${JSON.stringify(token.printed ? { port: bound, token: token.token } : { port: bound })}\n`);
    process.stderr.write(`loopscope debug adapter listening on 127.0.0.1 port ${bound}; clients must send the token\n`);
  });
}

/** A TCP port as typed (0 to 65535), or null. */
export function parsePort(text: string): number | null {
  const port = Number(text);
  return text.trim() !== '' && Number.isInteger(port) && port >= 0 && port <= 65535 ? port : null;
}

// Run as `node dist/debugAdapter.js [--server=PORT]`, not when `loopscope debug-adapter` requires the bundle.
if (require.main === module) {
  const serverArgument = process.argv.slice(2).find((arg) => arg.startsWith('--server='));
  if (serverArgument === undefined) {
    startDebugAdapter();
  } else {
    const port = parsePort(serverArgument.slice('--server='.length));
    if (port === null) {
      process.stderr.write(`loopscope debug adapter: bad port in ${serverArgument}\n`);
      process.exit(2);
    }
    startDebugAdapter(port);
  }
}
