// Entry of dist/debugAdapter.js: speaks DAP on stdio, or with --server=PORT on TCP (one session per connection).
import { createServer } from 'node:net';
import { LoopscopeSession } from './loopscopeSession';

const serverArgument = process.argv.slice(2).find((arg) => arg.startsWith('--server='));

if (serverArgument) {
  const port = Number(serverArgument.slice('--server='.length));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`loopscope debug adapter: bad port in ${serverArgument}\n`);
    process.exit(2);
  }
  const server = createServer((socket) => {
    const session = new LoopscopeSession();
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    process.stderr.write(`loopscope debug adapter listening on port ${typeof address === 'object' && address ? address.port : port}\n`);
  });
} else {
  const session = new LoopscopeSession();
  process.on('SIGTERM', () => session.shutdown());
  // The client went away without a disconnect: nothing is left to debug.
  process.stdin.on('end', () => session.shutdown());
  session.start(process.stdin, process.stdout);
}
