// UDP sockets on the host: bound (explicitly, or on an ephemeral port when first used), optionally
// connected, datagrams in and out with their addresses. Operations wait in order until the socket is
// bound (and connected), as they would in the OS.
import dgram from 'node:dgram';
import { toIoError } from './hostErrors';
import { ownBytes, type IoContext } from './ioContext';
import type { IoCommand, SocketAddress } from './ioProtocol';

interface Datagram {
  socket: dgram.Socket;
  /** Operations waiting for the bind or a connect to finish; null once the socket is ready. */
  waiting: (() => void)[] | null;
}

export class DatagramSockets {
  private readonly sockets = new Map<number, Datagram>();

  constructor(private readonly io: IoContext) {}

  open(command: Extract<IoCommand, { k: 'udpOpen' }>): void {
    const { h } = command;
    const socket = dgram.createSocket({ type: command.family === 6 ? 'udp6' : 'udp4', reuseAddr: command.reuseAddress });
    const entry: Datagram = { socket, waiting: [] };
    this.sockets.set(h, entry);
    socket.on('message', (message, from) => {
      const data = ownBytes(message);
      this.io.post({ e: 'datagram', h, data, from: addressOf(from) }, [data.buffer as ArrayBuffer]);
    });
    socket.once('listening', () => {
      if (command.broadcast) socket.setBroadcast(true);
      this.io.post({ e: 'udpBound', h, local: addressOf(socket.address()) });
      this.ready(entry);
    });
    socket.on('error', (error) => this.io.post({ e: 'error', h, during: entry.waiting ? 'bind' : 'io', error: toIoError(error) }));
    socket.once('close', () => {
      this.sockets.delete(h);
      this.io.post({ e: 'closed', h });
    });
    const bind = command.bind;
    if (bind && !('path' in bind)) socket.bind({ address: bind.host, port: bind.port, exclusive: !command.reuseAddress });
    else socket.bind({ address: command.family === 6 ? '::' : '0.0.0.0', port: 0 });
  }

  connect(h: number, to: SocketAddress): void {
    const entry = this.sockets.get(h);
    if (!entry || 'path' in to) return;
    this.when(entry, () => {
      entry.waiting = [];
      entry.socket.connect(to.port, to.host, () => {
        // The OS picked the local address that routes to the peer.
        this.io.post({ e: 'udpBound', h, local: addressOf(entry.socket.address()) });
        this.ready(entry);
      });
    });
  }

  send(h: number, data: Uint8Array, to: SocketAddress | null): void {
    const entry = this.sockets.get(h);
    if (!entry) return;
    const bytes = data.byteLength;
    const done = (error: Error | null): void => {
      if (error) this.io.post({ e: 'error', h, during: 'send', error: toIoError(error) });
      else this.io.written(h, bytes);
    };
    this.when(entry, () => {
      if (to && !('path' in to)) entry.socket.send(data, to.port, to.host, done);
      else entry.socket.send(data, done);
    });
  }

  close(h: number): boolean {
    const entry = this.sockets.get(h);
    if (!entry) return false;
    entry.waiting = null;
    entry.socket.close();
    return true;
  }

  destroyAll(): void {
    for (const { socket } of this.sockets.values()) socket.close();
    this.sockets.clear();
  }

  private when(entry: Datagram, operation: () => void): void {
    if (entry.waiting) entry.waiting.push(operation);
    else operation();
  }

  private ready(entry: Datagram): void {
    const waiting = entry.waiting ?? [];
    entry.waiting = null;
    for (let next = waiting.shift(); next; next = waiting.shift()) {
      next();
      // An operation (connect) may put the socket back into waiting: the rest waits with it.
      if (entry.waiting) {
        (entry.waiting as (() => void)[]).push(...waiting);
        return;
      }
    }
  }
}

function addressOf(info: { address: string; port: number; family: string }): SocketAddress {
  return { host: info.address, port: info.port, family: info.family === 'IPv6' ? 6 : 4 };
}
