// What the runtime worker knows of each host socket: bytes received and not yet read by Python, datagrams,
// connections waiting to be accepted, end of stream, the last error, addresses, TLS details, and how much
// of what Python sent the host has not written yet. Updated from the I/O worker's events.
import type { IoError, SocketAddress, TlsInfo } from '../../io/ioProtocol';

/** Readiness bits, as selectors.EVENT_READ / EVENT_WRITE (plus an error bit for blocking waits). */
export const READABLE = 1;
export const WRITABLE = 2;

/** Host-side bytes written by Python and not yet taken by the OS, above which send() would block. */
export const WRITE_HIGH_WATER = 512 * 1024;
/** Received bytes Python has not read, above which the host stops reading the socket (back-pressure). */
export const READ_PAUSE_BYTES = 1024 * 1024;
export const READ_RESUME_BYTES = 256 * 1024;

/** 'pipe': a child process's stdin/stdout/stderr (read and written as a stream); 'process': readable once it ended. */
export type HandleKind = 'stream' | 'datagram' | 'pair' | 'pipe' | 'process';

type StreamPhase =
  /** Created, not bound or connected. */
  | 'new'
  /** bind() asked the host to listen; waiting for the answer. */
  | 'binding'
  | 'bound'
  | 'connecting'
  | 'connected'
  /** listen() called: accepted connections are visible. */
  | 'listening'
  | 'closed';

export class HostHandle {
  phase: StreamPhase = 'new';
  /** Received, unread chunks; the first is read from `offset`. */
  readonly chunks: Uint8Array[] = [];
  offset = 0;
  buffered = 0;
  readonly datagrams: { data: Uint8Array; from: SocketAddress }[] = [];
  readonly accepted: { pending: number; local: SocketAddress; remote: SocketAddress; fd: number | null }[] = [];
  eof = false;
  /** A failure not yet reported to Python (SO_ERROR / the next call). */
  error: (IoError & { during: string }) | null = null;
  /** The host handle is gone (closed or failed). */
  hostClosed = false;
  local: SocketAddress | null = null;
  remote: SocketAddress | null = null;
  tls: TlsInfo | null = null;
  securing = false;
  /** Bytes Python sent, modulo 2^32 (compared with the shared written counter). */
  sent = 0;
  /** The host was asked to stop reading (too much unread). */
  readPaused = false;
  /** The other end of an in-process socket pair. */
  peer: HostHandle | null = null;
  /** The address bind() asked for (a later connect() uses it as the local address). */
  bindAddress: SocketAddress | null = null;
  /** Datagram sockets: binds and connects the host has not confirmed yet. */
  settling = 0;
  /** Python closed it; the slot is free once the host has closed it too. */
  retired = false;
  /** Which loop's selector watches this handle, and for what. */
  loopId = 0;
  interest = 0;
  /** The file descriptor Python's selector knows the socket by (its key in ready events). */
  fd = 0;
  /** The host socket's own descriptor, written to directly while the I/O worker permits (directWrites.ts). */
  hostFd: number | null = null;

  constructor(
    readonly id: number,
    readonly kind: HandleKind,
  ) {}

  /** Copies up to `into.length` unread bytes into `into` (consuming them unless `peek`); returns the count. */
  read(into: Uint8Array, peek: boolean): number {
    let copied = 0;
    let index = 0;
    let offset = this.offset;
    while (copied < into.length && index < this.chunks.length) {
      const chunk = this.chunks[index]!;
      const take = Math.min(chunk.length - offset, into.length - copied);
      into.set(chunk.subarray(offset, offset + take), copied);
      copied += take;
      offset += take;
      if (offset === chunk.length) {
        index++;
        offset = 0;
      }
    }
    if (!peek) {
      this.chunks.splice(0, index);
      this.offset = offset;
      this.buffered -= copied;
    }
    return copied;
  }

  receive(data: Uint8Array): void {
    if (data.length === 0) return;
    this.chunks.push(data);
    this.buffered += data.length;
  }
}
