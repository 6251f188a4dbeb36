// The I/O Python calls into (`hostlink.io`): sockets backed by the I/O worker's host sockets, name
// resolution, and what each event loop's selector watches. Every method is one synchronous Python->JS call;
// results are numbers (bytes copied into Python's buffers) or, for rare structured answers, JSON text.
import { lstatSync, unlinkSync } from 'node:fs';
import { BULK_READ_BYTES, readDirect, type DirectRead } from '../../io/directReads';
import { writeDirect } from '../../io/directWrites';
import type { IoCommand, IoError, IoEvent, SocketAddress } from '../../io/ioProtocol';
import { IO_SHARED } from '../../io/ioProtocol';
import type { IoChannel } from './ioChannel';
import { HostHandle, READABLE, READ_PAUSE_BYTES, READ_RESUME_BYTES, WRITABLE, WRITE_HIGH_WATER, type HandleKind } from './ioHandles';

/** Return codes of the non-blocking calls. */
const IO_STATUS = { wouldBlock: -1, failed: -2, interrupted: -4, timedOut: -5 } as const;

/** How the I/O learns about waits: the worker's wake slot, halts, and interrupts (signals, pauses). */
interface IoWaitEnvironment {
  control: Int32Array;
  wakeSlot: number;
  /** Non-zero when Python has a signal to handle (pause, halt, Ctrl+C): blocking calls return to let it. */
  interrupt: Int32Array;
  haltRequested(): boolean;
  /** Puts a signal waiting for the program into the interrupt slot when that is free (see programSignals.ts). */
  armSignals?(): void;
}

/** Events of child processes, which HostProcesses (hostProcesses.ts) follows. */
export type ProcessEvent = Extract<IoEvent, { e: 'spawned' | 'spawnFailed' | 'exited' | 'output' }>;

const SLOT_COUNT = IO_SHARED.slots;
/** How long a wait for I/O looks for events before the thread goes to sleep. */
const SPIN_BEFORE_SLEEP_MS = 0.05;
/**
 * While a loop has callbacks ready anyway, connections read directly (one system call each, even when nothing
 * came) are looked at only this often; an idle loop looks at them every time.
 */
const BUSY_LOOK_INTERVAL_MS = 1;

interface Query {
  loopId: number;
  done: boolean;
  answer: string;
}

export class HostIo {
  private readonly handles = new Map<number, HostHandle>();
  private readonly freeSlots: number[] = [];
  private readonly generation = new Uint32Array(SLOT_COUNT);
  private nextSlot = 1;
  private readonly queries = new Map<number, Query>();
  private nextQuery = 1;
  /** Per loop: the handles its selector watches, and its unfinished queries. */
  private readonly watched = new Map<number, Set<HostHandle>>();
  private readonly loopQueries = new Map<number, Set<number>>();
  /** Per loop: where to write ready [key, mask] pairs (Python's array), in float64 slots. */
  private readonly eventBuffers = new Map<number, { address: number; slots: number }>();
  /** Connections whose reading the I/O worker lent to this thread: it reads their `hostFd` itself (directReads.ts). */
  private readonly lentReads = new Set<HostHandle>();
  private readonly directReadBuffer = new Uint8Array(BULK_READ_BYTES);
  private lentLookedAt = 0;
  private lastFrom = '';
  private readonly heap: () => ArrayBuffer;
  /** Where child-process events go (set by HostProcesses). */
  processEvents: ((event: ProcessEvent) => void) | undefined;

  constructor(
    private readonly channel: IoChannel,
    private readonly env: IoWaitEnvironment,
    heap: () => ArrayBuffer,
  ) {
    this.heap = heap;
  }

  // -- sockets -----------------------------------------------------------------------------------

  /** A new socket: kind 1 stream, 2 datagram. Returns its handle id. */
  socket(kind: number): number {
    return this.allocate(kind === 2 ? 'datagram' : 'stream').id;
  }

  /** An in-process connected pair (socket.socketpair()); returns the first id (the second is `pairPeer`). */
  socketPair(): number {
    const first = this.allocate('pair');
    const second = this.allocate('pair');
    first.peer = second;
    second.peer = first;
    first.phase = second.phase = 'connected';
    return first.id;
  }

  pairPeer(h: number): number {
    return this.handle(h).peer?.id ?? 0;
  }

  /**
   * bind(): a stream socket starts listening on the host at once (so an address in use fails here, as in
   * CPython); accepted connections stay hidden until listen(). Blocks until the host answers.
   */
  bind(h: number, addressJson: string, ipv6Only: boolean, reuseAddress: boolean, broadcast: boolean): number {
    const handle = this.handle(h);
    const at = JSON.parse(addressJson) as SocketAddress;
    handle.bindAddress = at;
    if (handle.kind === 'datagram') {
      handle.settling++;
      this.command({ k: 'udpOpen', h, family: 'path' in at ? 4 : at.family, bind: at, reuseAddress, broadcast });
    } else {
      this.command({ k: 'listen', h, at, backlog: 511, ipv6Only, exclusive: false });
    }
    handle.phase = 'binding';
    const settled = this.block(() => handle.phase !== 'binding', Infinity);
    if (settled < 0) return settled;
    return handle.error ? IO_STATUS.failed : 0;
  }

  /** A datagram socket used before bind() (sendto, connect) is opened on an ephemeral port. */
  private openDatagram(handle: HostHandle, family: 4 | 6, broadcast: boolean): void {
    if (handle.phase !== 'new') return;
    handle.phase = 'binding';
    handle.settling++;
    this.command({ k: 'udpOpen', h: handle.id, family, bind: null, reuseAddress: false, broadcast });
  }

  listen(h: number): number {
    const handle = this.handle(h);
    if (handle.phase === 'bound') handle.phase = 'listening';
    return handle.phase === 'listening' ? 0 : IO_STATUS.failed;
  }

  /**
   * Starts a connection; readiness WRITABLE says it ended (the error, if any, is `takeError`). Returns the
   * handle id the socket has from now on (a new one when it was bound first).
   */
  connect(h: number, addressJson: string, noDelay: boolean, keepAlive: boolean, family: number): number {
    const handle = this.handle(h);
    const to = JSON.parse(addressJson) as SocketAddress;
    if (handle.kind === 'datagram') {
      // As in the OS, a datagram connect() is done when it returns (it only fixes the peer).
      if (handle.phase === 'new') this.openDatagram(handle, family === 6 ? 6 : 4, false);
      handle.settling++;
      this.command({ k: 'udpConnect', h, to });
      handle.remote = to;
      const settled = this.block(() => handle.settling === 0 || handle.error !== null, Infinity);
      return settled < 0 ? settled : h;
    }
    if (handle.phase === 'bound' || handle.phase === 'listening') {
      // Bound before connecting (a chosen local address): the listener bind() made is not wanted, and the
      // connection gets a handle of its own (the listener's id is still closing on the host).
      const local = handle.local;
      this.command({ k: 'close', h });
      this.retire(handle);
      const connection = this.allocate('stream');
      connection.phase = 'connecting';
      this.command({ k: 'connect', h: connection.id, to, local, noDelay, keepAlive });
      return connection.id;
    }
    handle.phase = 'connecting';
    this.command({ k: 'connect', h, to, local: null, noDelay, keepAlive });
    return h;
  }

  /** Python's accept(): the id of a newly adopted connection, or wouldBlock. */
  accept(h: number): number {
    this.drain();
    const handle = this.handle(h);
    const next = handle.accepted.shift();
    if (!next) return handle.error ? IO_STATUS.failed : IO_STATUS.wouldBlock;
    const connection = this.allocate('stream');
    connection.phase = 'connected';
    connection.local = next.local;
    connection.remote = next.remote;
    connection.hostFd = next.fd;
    this.command({ k: 'adopt', pending: next.pending, h: connection.id });
    return connection.id;
  }

  /** Copies received bytes into Python's buffer at `address`: count, 0 at end of stream, or a status. */
  recvInto(h: number, address: number, size: number, peek: boolean): number {
    this.drain();
    const handle = this.handle(h);
    if (handle.kind === 'datagram') return this.recvDatagram(handle, address, size, peek);
    if (this.lentReads.has(handle) && handle.buffered === 0 && size > 0) {
      // Straight into Python's buffer, unless it only peeks (then the bytes must stay unread).
      if (!peek) {
        const outcome = readDirect(this.channel.shared, h, handle.hostFd!, new Uint8Array(this.heap(), address, size));
        if ('read' in outcome) {
          if (outcome.read >= BULK_READ_BYTES) this.giveBackReading(handle);
          return outcome.read;
        }
        this.directReadEnded(handle, outcome);
      } else {
        this.fill(handle);
      }
    }
    if (handle.buffered > 0) {
      const count = handle.read(new Uint8Array(this.heap(), address, size), peek);
      if (handle.readPaused && handle.buffered < READ_RESUME_BYTES) {
        handle.readPaused = false;
        this.command({ k: 'resume', h });
      }
      return count;
    }
    if (handle.error && handle.phase !== 'connecting') return IO_STATUS.failed;
    if (handle.eof || handle.phase === 'closed') return 0;
    if (handle.phase !== 'connected') return handle.phase === 'connecting' ? IO_STATUS.wouldBlock : IO_STATUS.failed;
    return IO_STATUS.wouldBlock;
  }

  /** The sender of the last datagram read, as JSON. */
  recvFromAddress(): string {
    return this.lastFrom;
  }

  private recvDatagram(handle: HostHandle, address: number, size: number, peek: boolean): number {
    const next = handle.datagrams[0];
    if (!next) return handle.error ? IO_STATUS.failed : IO_STATUS.wouldBlock;
    if (!peek) handle.datagrams.shift();
    const count = Math.min(size, next.data.length);
    new Uint8Array(this.heap(), address, count).set(next.data.subarray(0, count));
    this.lastFrom = JSON.stringify(next.from);
    return count;
  }

  /** Sends `size` bytes from Python's buffer: how many were taken, or a status (wouldBlock when the host holds too much). */
  send(h: number, address: number, size: number): number {
    this.drain();
    const handle = this.handle(h);
    if (handle.error) return IO_STATUS.failed;
    if (handle.kind === 'pair') return this.sendToPeer(handle, address, size);
    if (handle.kind === 'datagram') return this.sendTo(h, address, size, '', 4);
    if (handle.phase !== 'connected' || handle.hostClosed) {
      if (handle.phase === 'connecting') return IO_STATUS.wouldBlock;
      handle.error = { code: 'EPIPE', errno: 32, message: 'Broken pipe', during: 'write' };
      return IO_STATUS.failed;
    }
    if (size === 0) return 0;
    const pending = this.unwritten(handle);
    if (pending === 0 && handle.hostFd !== null && !handle.securing && !handle.tls) {
      const direct = writeDirect(this.channel.shared, h, handle.hostFd, new Uint8Array(this.heap(), address, size));
      if ('written' in direct) return direct.written;
      if ('error' in direct) {
        handle.error = { ...direct.error, during: 'write' };
        return IO_STATUS.failed;
      }
      if (direct.post === 'revoked') handle.hostFd = null;
    }
    if (pending >= WRITE_HIGH_WATER) {
      this.wantWritten(handle);
      return IO_STATUS.wouldBlock;
    }
    const count = Math.min(size, WRITE_HIGH_WATER - pending + 65536);
    const data = new Uint8Array(this.heap(), address, count).slice();
    handle.sent = (handle.sent + count) | 0;
    this.channel.send({ k: 'write', h, data }, [data.buffer as ArrayBuffer]);
    return count;
  }

  sendTo(h: number, address: number, size: number, toJson: string, family: number): number {
    const handle = this.handle(h);
    if (handle.error) return IO_STATUS.failed;
    if (handle.phase === 'new') this.openDatagram(handle, family === 6 ? 6 : 4, false);
    const data = new Uint8Array(this.heap(), address, size).slice();
    handle.sent = (handle.sent + size) | 0;
    this.channel.send({ k: 'udpSend', h, data, to: toJson ? (JSON.parse(toJson) as SocketAddress) : null }, [data.buffer as ArrayBuffer]);
    return size;
  }

  private sendToPeer(handle: HostHandle, address: number, size: number): number {
    const peer = handle.peer;
    if (!peer || peer.phase === 'closed') {
      handle.error = { code: 'EPIPE', errno: 32, message: 'Broken pipe', during: 'write' };
      return IO_STATUS.failed;
    }
    if (peer.buffered >= WRITE_HIGH_WATER) return IO_STATUS.wouldBlock;
    peer.receive(new Uint8Array(this.heap(), address, size).slice());
    return size;
  }

  /** shutdown(how): 0 SHUT_RD, 1 SHUT_WR, 2 SHUT_RDWR. */
  shutdown(h: number, how: number): number {
    const handle = this.handle(h);
    if (how !== 0) {
      if (handle.kind === 'pair') {
        if (handle.peer) handle.peer.eof = true;
      } else if (handle.phase === 'connected') {
        this.command({ k: 'end', h });
      } else {
        handle.error = { code: 'ENOTCONN', errno: 107, message: 'Transport endpoint is not connected', during: 'shutdown' };
        return IO_STATUS.failed;
      }
    }
    if (how !== 1) handle.eof = true;
    return 0;
  }

  close(h: number): void {
    const handle = this.handles.get(h);
    if (!handle || handle.phase === 'closed') return;
    if (handle.kind === 'pair') {
      if (handle.peer) handle.peer.eof = true;
      handle.phase = 'closed';
      this.forget(handle);
      return;
    }
    // As the OS does, closing with received data nobody read resets the connection (RST), not a FIN.
    if (handle.kind === 'stream' && handle.phase === 'connected' && handle.buffered > 0 && !handle.tls) return this.abort(h);
    if (handle.phase !== 'new') this.command({ k: 'close', h });
    // A Unix listener's socket file goes at once (the host server removes it only when it has closed, and
    // the program may be removing its folder right after).
    if ((handle.phase === 'bound' || handle.phase === 'listening') && handle.local && 'path' in handle.local)
      this.removeStaleSocket(handle.local.path);
    this.retire(handle);
  }

  abort(h: number): void {
    const handle = this.handles.get(h);
    if (!handle || handle.phase === 'closed') return;
    if (handle.kind === 'pair' || handle.phase === 'new') return this.close(h);
    this.command({ k: 'abort', h });
    this.retire(handle);
  }

  setOptions(h: number, noDelay: number, keepAlive: number): void {
    const handle = this.handles.get(h);
    if (!handle || handle.kind !== 'stream' || handle.phase !== 'connected') return;
    this.command({ k: 'option', h, noDelay: noDelay < 0 ? undefined : noDelay > 0, keepAlive: keepAlive < 0 ? undefined : keepAlive > 0 });
  }

  /** Starts TLS on a connected stream; readiness WRITABLE says the handshake ended (see info / takeError). */
  startTls(h: number, optionsJson: string): void {
    const handle = this.handle(h);
    handle.securing = true;
    handle.hostFd = null;
    // The I/O worker takes reading back itself as TLS wraps the socket.
    this.lentReads.delete(handle);
    this.command({ k: 'tls', h, options: JSON.parse(optionsJson) as Extract<IoCommand, { k: 'tls' }>['options'] });
  }

  /** Addresses, phase and TLS details of a handle, as JSON. */
  info(h: number): string {
    this.drain();
    const handle = this.handle(h);
    return JSON.stringify({ phase: handle.phase, local: handle.local, remote: handle.remote, tls: handle.tls, securing: handle.securing });
  }

  /** The pending error as JSON (and clears it, as SO_ERROR does), or '' when there is none. */
  takeError(h: number): string {
    this.drain();
    const handle = this.handles.get(h);
    if (!handle?.error) return '';
    const error = handle.error;
    handle.error = null;
    if (error.during === 'connect') handle.phase = 'closed';
    return JSON.stringify(error);
  }

  /** What the handle is ready for now: READABLE | WRITABLE bits. */
  readiness(h: number): number {
    this.drain();
    const handle = this.handles.get(h);
    if (!handle) return READABLE | WRITABLE;
    this.fill(handle);
    return this.ready(handle);
  }

  /**
   * Blocks the worker until the handle is ready for `mask`, `timeout` seconds passed (Infinity: no limit), or
   * Python has a signal to handle. Returns the readiness, timedOut or interrupted. (Python reports the time
   * as the loop being blocked.)
   */
  wait(h: number, mask: number, timeout: number): number {
    const handle = this.handles.get(h);
    if (!handle) return READABLE | WRITABLE;
    if (mask & READABLE && this.lentReads.has(handle)) {
      this.fill(handle);
      if (!(this.ready(handle) & mask)) this.giveBackReading(handle);
    }
    const status = this.block(() => (this.ready(handle) & mask) !== 0, timeout);
    return status < 0 ? status : this.ready(handle);
  }

  /** Removes a Unix socket file nobody listens on any more (before a server binds its path). */
  removeStaleSocket(path: string): void {
    try {
      if (lstatSync(path).isSocket()) unlinkSync(path);
    } catch {
      // Not there, or not ours to remove: bind() will say.
    }
  }

  // -- name resolution ----------------------------------------------------------------------------

  /** Starts getaddrinfo for `host` (family 0, 4 or 6); for a loop (loopId > 0) its completion is a loop event. */
  resolve(host: string, family: number, loopId: number): number {
    const q = this.startQuery(loopId);
    this.command({ k: 'lookup', q, host, family: family === 4 || family === 6 ? family : 0 });
    return q;
  }

  resolveService(host: string, port: number, loopId: number): number {
    const q = this.startQuery(loopId);
    this.command({ k: 'lookupService', q, host, port });
    return q;
  }

  /** Blocks until query `q` is answered (a synchronous socket.getaddrinfo); same statuses as `wait`. */
  waitQuery(q: number): number {
    const query = this.queries.get(q);
    if (!query) return 0;
    const status = this.block(() => query.done, Infinity);
    return status < 0 ? status : 0;
  }

  /** The answer of a finished query (JSON: {addresses} | {host, service} | {error}); forgets it. */
  answer(q: number): string {
    const query = this.queries.get(q);
    if (!query?.done) return '';
    this.queries.delete(q);
    return query.answer;
  }

  /** Forget a query nobody waits for any more (a cancelled getaddrinfo). */
  dropQuery(q: number): void {
    const query = this.queries.get(q);
    if (query) this.loopQueries.get(query.loopId)?.delete(q);
    this.queries.delete(q);
  }

  private startQuery(loopId: number): number {
    const q = this.nextQuery++;
    this.queries.set(q, { loopId, done: false, answer: '' });
    if (loopId > 0) this.setOf(this.loopQueries, loopId).add(q);
    return q;
  }

  // -- event loops ----------------------------------------------------------------------------------

  /** A loop's selector watches `h` (its file descriptor `fd`) for `mask` (0: no longer). */
  register(loopId: number, h: number, mask: number, fd = 0): void {
    const handle = this.handles.get(h);
    if (!handle) return;
    if (mask) handle.fd = fd;
    if (handle.loopId && handle.loopId !== loopId) this.watched.get(handle.loopId)?.delete(handle);
    handle.loopId = mask ? loopId : 0;
    handle.interest = mask;
    if (mask) this.setOf(this.watched, loopId).add(handle);
    else this.watched.get(loopId)?.delete(handle);
  }

  setEventBuffer(loopId: number, address: number, slots: number): void {
    this.eventBuffers.set(loopId, { address, slots });
  }

  /** Something of this loop's is in flight: a watched socket or an unanswered query. */
  inFlight(loopId: number): boolean {
    return (this.watched.get(loopId)?.size ?? 0) > 0 || (this.loopQueries.get(loopId)?.size ?? 0) > 0;
  }

  /**
   * Writes the loop's ready events into its buffer as [key, mask] pairs (key: a file descriptor, or -q for an
   * answered query) and returns how many (at most what fits; the rest stay ready for the next call).
   * `busy`: the loop has callbacks to run anyway (see BUSY_LOOK_INTERVAL_MS).
   */
  poll(loopId: number, busy = false): number {
    if (!this.channel.started && !this.loopQueries.get(loopId)?.size && !this.watched.get(loopId)?.size) return 0;
    this.drain();
    const target = this.eventBuffers.get(loopId);
    if (!target) return 0;
    const out = new Float64Array(this.heap(), target.address, target.slots);
    const capacity = target.slots >> 1;
    let count = 0;
    const watched = this.watched.get(loopId);
    let lookAtLent = this.lentReads.size > 0;
    if (lookAtLent) {
      const now = performance.now();
      lookAtLent = !busy || now - this.lentLookedAt >= BUSY_LOOK_INTERVAL_MS;
      if (lookAtLent) this.lentLookedAt = now;
    }
    if (watched) {
      for (const handle of watched) {
        if (count >= capacity) break;
        if (lookAtLent && handle.interest & READABLE) this.fill(handle);
        const mask = this.ready(handle) & handle.interest;
        if (mask) {
          out[2 * count] = handle.fd;
          out[2 * count + 1] = mask;
          count++;
        }
      }
    }
    const queries = this.loopQueries.get(loopId);
    if (queries) {
      for (const q of queries) {
        if (count >= capacity) break;
        if (this.queries.get(q)?.done) {
          queries.delete(q);
          out[2 * count] = -q;
          out[2 * count + 1] = READABLE;
          count++;
        }
      }
    }
    return count;
  }

  /**
   * Blocks up to `seconds` or until the I/O worker (or the session) wakes the worker. Connections lent to this
   * thread that Python waits to read are given back first, so the I/O worker watches them meanwhile.
   */
  waitForEvents(seconds: number): void {
    for (const handle of this.lentReads) if (handle.interest & READABLE) this.giveBackReading(handle);
    const control = this.env.control;
    const wake = Atomics.load(control, this.env.wakeSlot);
    // A reply on loopback usually comes within tens of microseconds: looking for it a little while before
    // sleeping saves the thread a wake-up per message exchanged.
    const spinUntil = performance.now() + Math.min(SPIN_BEFORE_SLEEP_MS, seconds * 1000);
    do {
      if (this.channel.hasEvents || Atomics.load(control, this.env.wakeSlot) !== wake) return;
    } while (performance.now() < spinUntil);
    Atomics.wait(control, this.env.wakeSlot, wake, Math.max(0, seconds * 1000));
  }

  /** Closes every host socket and server and ends every child process (end of the run). */
  closeAll(): void {
    this.channel.shutdown(1000, this.apply);
  }

  // -- for other kinds of host handles (hostProcesses.ts) ----------------------------------------------

  /** A new handle of `kind` in `phase`; returns its id. */
  openHandle(kind: HandleKind, phase: HostHandle['phase']): number {
    const handle = this.allocate(kind);
    handle.phase = phase;
    return handle.id;
  }

  handleOf(h: number): HostHandle | undefined {
    return this.handles.get(h);
  }

  sendCommand(command: IoCommand): void {
    this.command(command);
  }

  /** Blocks until `done()`, the timeout (seconds), or a signal for Python: 0, timedOut or interrupted. */
  blockUntil(done: () => boolean, timeout: number): number {
    return this.block(done, timeout);
  }

  // -- internals ------------------------------------------------------------------------------------

  private ready(handle: HostHandle): number {
    if (handle.kind === 'process') return handle.eof ? READABLE : 0;
    if (handle.kind === 'pair') {
      return (handle.buffered > 0 || handle.eof || handle.peer?.phase === 'closed' ? READABLE : 0) | WRITABLE;
    }
    if (handle.error) return READABLE | WRITABLE;
    if (handle.securing) return 0;
    switch (handle.phase) {
      case 'connected': {
        let mask = handle.buffered > 0 || handle.eof || handle.datagrams.length > 0 ? READABLE : 0;
        if (handle.kind === 'datagram' || this.unwritten(handle) < WRITE_HIGH_WATER) mask |= WRITABLE;
        else this.wantWritten(handle);
        return mask;
      }
      case 'listening':
        return handle.accepted.length > 0 ? READABLE : 0;
      case 'bound':
        return handle.kind === 'datagram' ? (handle.datagrams.length > 0 ? READABLE : 0) | WRITABLE : 0;
      case 'closed':
        return READABLE | WRITABLE;
      default:
        return 0;
    }
  }

  // -- direct reads (directReads.ts) ------------------------------------------------------------------

  /** The I/O worker lent reading with this chunk: read the descriptor from now on, if it can be used. */
  private takeLentReading(handle: HostHandle): void {
    if (handle.retired) return;
    if (handle.hostFd === null || handle.tls || handle.securing || handle.phase !== 'connected') {
      this.command({ k: 'read', h: handle.id });
      return;
    }
    this.lentReads.add(handle);
  }

  /** A lent connection Python wants to read and has nothing buffered: reads what the descriptor has now. */
  private fill(handle: HostHandle): void {
    if (handle.buffered > 0 || !this.lentReads.has(handle)) return;
    const into = this.directReadBuffer;
    const outcome = readDirect(this.channel.shared, handle.id, handle.hostFd!, into);
    if (!('read' in outcome)) return this.directReadEnded(handle, outcome);
    handle.receive(into.slice(0, outcome.read));
    if (outcome.read >= BULK_READ_BYTES) this.giveBackReading(handle);
  }

  /**
   * A direct read got no bytes: nothing yet (reading stays lent), or the end of the stream or an error, which
   * this thread reports itself, as the I/O worker would have; or the socket is no longer usable here.
   */
  private directReadEnded(handle: HostHandle, outcome: Exclude<DirectRead, { read: number }>): void {
    if ('wouldBlock' in outcome) return;
    this.lentReads.delete(handle);
    if ('eof' in outcome) {
      handle.eof = true;
    } else if ('error' in outcome) {
      handle.error = { ...outcome.error, during: 'io' };
    } else if (outcome.post === 'revoked') {
      // The I/O worker is closing the socket: its events follow.
      handle.hostFd = null;
    } else {
      this.command({ k: 'read', h: handle.id });
    }
  }

  /** Gives reading back to the I/O worker (before this thread sleeps waiting for it). */
  private giveBackReading(handle: HostHandle): void {
    if (!this.lentReads.delete(handle)) return;
    this.command({ k: 'read', h: handle.id });
  }

  private unwritten(handle: HostHandle): number {
    const written = Atomics.load(this.channel.shared, IO_SHARED.written(handle.id % SLOT_COUNT));
    return (handle.sent - written) >>> 0;
  }

  private wantWritten(handle: HostHandle): void {
    Atomics.store(this.channel.shared, IO_SHARED.wantWritten(handle.id % SLOT_COUNT), 1);
  }

  /** Runs until `done()` or the timeout; drains events meanwhile. Returns 0, timedOut or interrupted. */
  private block(done: () => boolean, timeout: number): number {
    const deadline = timeout === Infinity ? Infinity : performance.now() + timeout * 1000;
    const control = this.env.control;
    for (;;) {
      const wake = Atomics.load(control, this.env.wakeSlot);
      this.drain();
      if (done()) return 0;
      this.env.armSignals?.();
      if (this.env.haltRequested() || Atomics.load(this.env.interrupt, 0) !== 0) return IO_STATUS.interrupted;
      const left = deadline - performance.now();
      if (left <= 0) return IO_STATUS.timedOut;
      Atomics.wait(control, this.env.wakeSlot, wake, Math.min(left, 1000));
    }
  }

  private command(command: IoCommand): void {
    this.channel.send(command);
  }

  drain(): void {
    this.channel.drain(this.apply);
  }

  private readonly apply = (event: IoEvent): void => {
    if ('q' in event) return this.answerQuery(event);
    if (event.e === 'down') return;
    if (event.e === 'spawned' || event.e === 'spawnFailed' || event.e === 'exited' || event.e === 'output')
      return this.processEvents?.(event);
    const handle = this.handles.get(event.h);
    if (!handle) return;
    switch (event.e) {
      case 'connected':
        handle.phase = 'connected';
        handle.local = event.local;
        handle.remote = event.remote;
        handle.hostFd = event.fd;
        break;
      case 'listening':
        handle.phase = 'bound';
        handle.local = event.local;
        break;
      case 'udpBound':
        handle.settling = Math.max(0, handle.settling - 1);
        handle.phase = handle.remote ? 'connected' : 'bound';
        handle.local = event.local;
        break;
      case 'accepted':
        handle.accepted.push({ pending: event.pending, local: event.local, remote: event.remote, fd: event.fd });
        break;
      case 'data':
        handle.receive(event.data);
        if (event.lent) this.takeLentReading(handle);
        else if (!handle.readPaused && handle.buffered > READ_PAUSE_BYTES) {
          handle.readPaused = true;
          this.command({ k: 'pause', h: handle.id });
        }
        break;
      case 'datagram':
        handle.datagrams.push({ data: event.data, from: event.from });
        break;
      case 'eof':
        handle.eof = true;
        // The peer closed during the TLS handshake (e.g. it rejected this side's certificate).
        if (handle.securing && !handle.error) {
          handle.error = { code: 'SSL_EOF', errno: 8, message: 'EOF occurred in violation of protocol', during: 'tls' };
          handle.securing = false;
        }
        break;
      case 'secured':
        handle.securing = false;
        handle.tls = event.info;
        break;
      case 'error':
        handle.error = { ...event.error, during: event.during };
        handle.securing = false;
        if (handle.phase === 'binding') handle.phase = 'new';
        break;
      case 'closed':
        handle.hostClosed = true;
        handle.eof = true;
        if (handle.phase === 'binding') handle.phase = 'new';
        if (handle.phase === 'connecting' && !handle.error) handle.error = refused();
        // The peer went away during the TLS handshake without the host reporting an error.
        if (handle.securing && !handle.error)
          handle.error = { code: 'ECONNRESET', errno: 104, message: 'Connection reset by peer', during: 'tls' };
        handle.securing = false;
        if (handle.retired) this.forget(handle);
        break;
    }
  };

  private answerQuery(event: Extract<IoEvent, { q: number }>): void {
    const query = this.queries.get(event.q);
    if (!query) return;
    query.done = true;
    query.answer =
      event.e === 'resolved'
        ? JSON.stringify({ addresses: event.addresses })
        : event.e === 'serviceResolved'
          ? JSON.stringify({ host: event.host, service: event.service })
          : JSON.stringify({ error: event.error });
  }

  private allocate(kind: HandleKind): HostHandle {
    const slot = this.freeSlots.pop() ?? this.nextSlot++;
    if (slot >= SLOT_COUNT) throw new Error('loopscope: too many open sockets (16,383)');
    return this.adoptId(this.generation[slot]! * SLOT_COUNT + slot, kind);
  }

  private adoptId(id: number, kind: HandleKind): HostHandle {
    const slot = id % SLOT_COUNT;
    Atomics.store(this.channel.shared, IO_SHARED.written(slot), 0);
    Atomics.store(this.channel.shared, IO_SHARED.wantWritten(slot), 0);
    const handle = new HostHandle(id, kind);
    this.handles.set(id, handle);
    return handle;
  }

  /** Python is done with the handle; its slot is reused once the host has let go of it too. */
  private retire(handle: HostHandle): void {
    this.lentReads.delete(handle);
    handle.phase = 'closed';
    handle.retired = true;
    this.register(handle.loopId, handle.id, 0);
    if (handle.hostClosed || !this.channel.started) this.forget(handle);
  }

  private forget(handle: HostHandle): void {
    if (this.handles.get(handle.id) !== handle) return;
    this.lentReads.delete(handle);
    this.handles.delete(handle.id);
    this.register(handle.loopId, handle.id, 0);
    const slot = handle.id % SLOT_COUNT;
    this.generation[slot] = this.generation[slot]! + 1;
    this.freeSlots.push(slot);
  }

  private handle(h: number): HostHandle {
    const handle = this.handles.get(h);
    if (!handle) throw new Error(`loopscope: unknown socket handle ${h}`);
    return handle;
  }

  private setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    return set;
  }
}

function refused(): IoError & { during: string } {
  return { code: 'ECONNREFUSED', errno: 111, message: 'Connection refused', during: 'connect' };
}
