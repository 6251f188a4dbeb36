// The first time a run reaches outside the runtime, in words ("connecting to 127.0.0.1:8080"): the
// `ioStarted` event, which tells the debugger that a re-run (step back) would repeat that I/O against the world.
import type { ExternalResource } from '../../../../protocol/runtimeEvents';
import type { IoCommand, SocketAddress } from '../../io/ioProtocol';

export interface ExternalIo {
  resource: ExternalResource;
  description: string;
}

/** What the first command to the I/O worker does to the world (every kind of command is named here). */
export function describeFirstCommand(command: IoCommand): ExternalIo {
  const network = (description: string): ExternalIo => ({ resource: 'network', description });
  switch (command.k) {
    case 'connect':
      return network(`connecting to ${addressText(command.to)}`);
    case 'listen':
      return network(
        `listening on ${'port' in command.at && command.at.port === 0 ? `${command.at.host}, any free port` : addressText(command.at)}`,
      );
    case 'udpOpen':
      return network(command.bind ? `opening a UDP socket on ${addressText(command.bind)}` : 'opening a UDP socket');
    case 'udpConnect':
      return network(`opening a UDP socket to ${addressText(command.to)}`);
    case 'udpSend':
      return network(command.to ? `sending a datagram to ${addressText(command.to)}` : 'sending a datagram');
    case 'lookup':
      return network(`resolving ${command.host}`);
    case 'lookupService':
      return network(`looking up the name of ${command.host}:${command.port}`);
    case 'spawn':
      return { resource: 'process', description: `running ${commandLine(command.request.argv)}` };
    case 'stdin':
      return { resource: 'input', description: 'reading standard input' };
    case 'adopt':
    case 'write':
    case 'end':
    case 'close':
    case 'abort':
    case 'pause':
    case 'resume':
    case 'read':
    case 'option':
    case 'tls':
    case 'shutdown':
      return network('using a socket');
    default: {
      // A new kind of command must say here what it does to the world.
      const unknown: never = command;
      return network(`using the I/O worker (${(unknown as { k: string }).k})`);
    }
  }
}

function addressText(address: SocketAddress): string {
  if ('path' in address) return address.path.startsWith('\0') ? `@${address.path.slice(1)}` : address.path;
  return address.family === 6 ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** argv as a shell would show it, shortened: `sort -r`, `python3 -c '…'`. */
function commandLine(argv: readonly string[]): string {
  const quoted = argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
  return quoted.length > 80 ? `${quoted.slice(0, 79)}…` : quoted;
}
