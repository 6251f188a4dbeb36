// TCP and Unix stream sockets on the host: connections, listening servers whose accepted connections wait
// (paused) until the runtime adopts them, writes counted in shared memory, half-close, abort, and TLS.
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { endLending, lendReading, takeBackReading } from './directReads';
import { hostDescriptor } from './directWrites';
import { toIoError } from './hostErrors';
import { ownBytes, type IoContext } from './ioContext';
import type { IoCommand, SocketAddress, TlsOptions } from './ioProtocol';
import { startTls } from './tlsUpgrade';

interface Stream {
  socket: net.Socket;
  /** Until the connection is up, failures are reported as connect errors. */
  connecting: boolean;
  closed: boolean;
  /** Unix sockets: the path connected to (Node knows no remote address for them). */
  path: string | null;
  /** The runtime may use the descriptor itself: write to it, and read it when reading is lent. */
  direct: boolean;
}

export class StreamSockets {
  private readonly streams = new Map<number, Stream>();
  private readonly servers = new Map<number, { server: net.Server; pending: Set<number> }>();
  /** Accepted connections not adopted yet, by pending id. */
  private readonly accepted = new Map<number, { socket: net.Socket; server: number; path: string | null }>();
  private nextPending = 1;

  constructor(private readonly io: IoContext) {}

  connect(command: Extract<IoCommand, { k: 'connect' }>): void {
    const { h, to, local } = command;
    const options: net.NetConnectOpts =
      'path' in to
        ? { path: to.path, allowHalfOpen: true }
        : {
            host: to.host,
            port: to.port,
            family: to.family,
            allowHalfOpen: true,
            noDelay: command.noDelay,
            keepAlive: command.keepAlive,
            ...(local && !('path' in local) ? { localAddress: local.host, localPort: local.port || undefined } : {}),
          };
    const socket = net.connect(options);
    const stream = this.track(h, socket, true, 'path' in to ? to.path : null);
    socket.once('connect', () => {
      stream.connecting = false;
      const fd = this.directAccess(stream, h);
      this.io.post({ e: 'connected', h, local: localOf(socket, stream.path !== null), remote: remoteOf(socket, stream.path), fd });
    });
  }

  listen(command: Extract<IoCommand, { k: 'listen' }>): void {
    const { h, at } = command;
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    const entry = { server, pending: new Set<number>() };
    this.servers.set(h, entry);
    const path = 'path' in at ? at.path : null;
    server.on('connection', (socket) => {
      const pending = this.nextPending++;
      entry.pending.add(pending);
      this.accepted.set(pending, { socket, server: h, path });
      // A connection reset before it was adopted only needs forgetting.
      socket.on('error', () => undefined);
      socket.once('close', () => {
        if (this.accepted.delete(pending)) entry.pending.delete(pending);
      });
      this.io.post({
        e: 'accepted',
        h,
        pending,
        local: localOf(socket, path !== null, path),
        remote: remoteOf(socket, path === null ? null : ''),
        fd: hostDescriptor(socket),
      });
    });
    server.once('listening', () => {
      const address = server.address();
      const local: SocketAddress =
        typeof address === 'string' || address === null
          ? { path: address ?? path ?? '' }
          : { host: address.address, port: address.port, family: address.family === 'IPv6' ? 6 : 4 };
      this.io.post({ e: 'listening', h, local });
    });
    server.on('error', (error) => {
      this.io.post({ e: 'error', h, during: 'listen', error: toIoError(error) });
      this.servers.delete(h);
      server.close();
      this.io.post({ e: 'closed', h });
    });
    if (path !== null) server.listen({ path, backlog: command.backlog });
    else if (!('path' in at)) server.listen({ host: at.host, port: at.port, backlog: command.backlog, ipv6Only: command.ipv6Only });
  }

  adopt(pending: number, h: number): void {
    const waiting = this.accepted.get(pending);
    if (!waiting) {
      // It went away before Python accepted it: the handle sees the end at once.
      this.io.post({ e: 'eof', h });
      this.io.post({ e: 'closed', h });
      return;
    }
    this.accepted.delete(pending);
    this.servers.get(waiting.server)?.pending.delete(pending);
    waiting.socket.removeAllListeners('error');
    waiting.socket.removeAllListeners('close');
    const stream = this.track(h, waiting.socket, false, waiting.path);
    this.directAccess(stream, h);
    waiting.socket.resume();
  }

  write(h: number, data: Uint8Array): void {
    const stream = this.streams.get(h);
    if (!stream || stream.closed) return;
    const bytes = data.byteLength;
    stream.socket.write(data, (error) => {
      if (!error) this.io.written(h, bytes);
    });
  }

  end(h: number): void {
    const stream = this.streams.get(h);
    if (stream && !stream.closed) stream.socket.end();
  }

  /** Close after what is queued has been written; nothing more is read. */
  close(h: number): void {
    const server = this.servers.get(h);
    if (server) {
      this.servers.delete(h);
      for (const pending of server.pending) {
        this.accepted.get(pending)?.socket.destroy();
        this.accepted.delete(pending);
      }
      server.server.close();
      this.io.post({ e: 'closed', h });
      return;
    }
    const stream = this.streams.get(h);
    if (!stream || stream.closed) return;
    stream.closed = true;
    const socket = stream.socket;
    socket.removeAllListeners('data');
    socket.removeAllListeners('end');
    socket.resume();
    if (socket.connecting || socket.writableLength === 0) socket.destroy();
    else socket.end(() => socket.destroy());
  }

  abort(h: number): void {
    const stream = this.streams.get(h);
    if (!stream) return this.close(h);
    stream.closed = true;
    stream.socket.removeAllListeners('data');
    if (stream.socket.connecting || stream.path !== null) stream.socket.destroy();
    else stream.socket.resetAndDestroy();
  }

  pause(h: number): void {
    this.streams.get(h)?.socket.pause();
  }

  resume(h: number): void {
    const stream = this.streams.get(h);
    if (stream && !stream.closed) stream.socket.resume();
  }

  /** The runtime gave back reading (directReads.ts). */
  readAgain(h: number): void {
    const stream = this.streams.get(h);
    if (stream && !stream.closed) takeBackReading(stream.socket);
  }

  option(h: number, noDelay?: boolean, keepAlive?: boolean): void {
    const stream = this.streams.get(h);
    if (!stream || stream.path !== null) return;
    if (noDelay !== undefined) stream.socket.setNoDelay(noDelay);
    if (keepAlive !== undefined) stream.socket.setKeepAlive(keepAlive);
  }

  tls(h: number, options: TlsOptions): void {
    const stream = this.streams.get(h);
    if (!stream || stream.closed) {
      this.io.post({ e: 'error', h, during: 'tls', error: { code: 'EBADF', errno: 9, message: 'the connection is closed' } });
      return;
    }
    const raw = stream.socket;
    this.io.endDirectWrites(h);
    stream.direct = false;
    endLending(raw);
    raw.removeAllListeners('data');
    raw.removeAllListeners('end');
    raw.removeAllListeners('error');
    raw.removeAllListeners('close');
    const secure: TLSSocket = startTls(raw, options, (info) => this.io.post({ e: 'secured', h, info }));
    stream.socket = secure;
    stream.connecting = false;
    this.observe(h, stream, 'tls');
  }

  /** Every socket and server, now (end of the run). */
  destroyAll(): void {
    for (const stream of this.streams.values()) stream.socket.destroy();
    for (const { server } of this.servers.values()) server.close();
    for (const { socket } of this.accepted.values()) socket.destroy();
    this.streams.clear();
    this.servers.clear();
    this.accepted.clear();
  }

  /** Lets the runtime write (and read, when lent) this connection's descriptor itself; returns it, or null. */
  private directAccess(stream: Stream, h: number): number | null {
    const fd = hostDescriptor(stream.socket);
    if (fd !== null) {
      this.io.allowDirectWrites(h, stream.socket);
      stream.direct = true;
    }
    return fd;
  }

  private track(h: number, socket: net.Socket, connecting: boolean, path: string | null): Stream {
    const stream: Stream = { socket, connecting, closed: false, path, direct: false };
    this.streams.set(h, stream);
    this.observe(h, stream, connecting ? 'connect' : 'io');
    return stream;
  }

  private observe(h: number, stream: Stream, phase: string): void {
    const socket = stream.socket;
    socket.on('data', (chunk: Buffer) => {
      const data = ownBytes(chunk);
      if (stream.direct && !stream.closed && lendReading(socket, data.length))
        this.io.post({ e: 'data', h, data, lent: true }, [data.buffer as ArrayBuffer]);
      else this.io.post({ e: 'data', h, data }, [data.buffer as ArrayBuffer]);
    });
    socket.on('end', () => this.io.post({ e: 'eof', h }));
    socket.on('error', (error) => {
      if (!stream.closed) this.io.post({ e: 'error', h, during: stream.connecting ? 'connect' : phase, error: toIoError(error) });
    });
    socket.once('close', () => {
      if (this.streams.get(h) === stream && stream.socket === socket) {
        this.streams.delete(h);
        this.io.post({ e: 'closed', h });
      }
    });
  }
}

function localOf(socket: net.Socket, unix: boolean, path: string | null = null): SocketAddress {
  if (unix) return { path: path ?? '' };
  return { host: socket.localAddress ?? '', port: socket.localPort ?? 0, family: socket.localFamily === 'IPv6' ? 6 : 4 };
}

function remoteOf(socket: net.Socket, path: string | null): SocketAddress {
  if (path !== null) return { path };
  return { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0, family: socket.remoteFamily === 'IPv6' ? 6 : 4 };
}
