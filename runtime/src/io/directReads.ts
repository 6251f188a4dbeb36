// Reads that skip the I/O worker. When a message arrives on a connection, the I/O worker reads it, posts it
// and wakes the runtime worker: two thread wake-ups per message, which on loopback cost more than the
// message itself. So after posting a chunk the I/O worker stops reading that socket and lends reading to
// the runtime, which then reads the descriptor itself (one non-blocking system call) whenever Python wants
// more: in a request/response exchange the answer is usually there already, and nobody wakes up.
// The runtime gives reading back (the `read` command) before it goes to sleep waiting for I/O, so the I/O
// worker watches the socket again while it sleeps. Bulk transfers stay with the I/O worker, which then reads
// on its own core while Python works: a full read (BULK_READ_BYTES) is not lent, and a full direct read gives
// reading back.
//
// Order of bytes: the lend travels with the last chunk the I/O worker read (`data` with `lent`), so the
// runtime has every earlier byte before it reads one itself; after giving reading back it reads nothing
// more until the next lend. The descriptor is used under the direct-write permit (directWrites.ts), so a
// socket Node has closed (and whose number is reused) is never read.
import { readSync } from 'node:fs';
import type { Socket } from 'node:net';
import { onDescriptor, wouldBlock } from './directWrites';
import type { IoError } from './ioProtocol';

/** A read this large says more is waiting: a bulk transfer, which the I/O worker reads (Node reads 64 KiB at most). */
export const BULK_READ_BYTES = 65536;

/** What a direct read got: bytes, the end of the stream, nothing yet, an error, or no permit any more. */
export type DirectRead = { read: number } | { eof: true } | { wouldBlock: true } | { error: IoError } | { post: 'revoked' | 'pending' };

// -- the I/O worker's side ----------------------------------------------------------------------------

/** libuv's stream handle under a net.Socket: whether it reads, and the calls that start and stop it. */
interface StreamHandle {
  reading: boolean;
  readStart(): number;
  readStop(): number;
}

/** Sockets whose reading is lent to the runtime now. */
const lent = new WeakSet<Socket>();
/** Sockets whose Readable may not restart reading while it is lent (their _read is guarded). */
const guarded = new WeakSet<Socket>();

/**
 * After a chunk of `bytes` was read: stops reading `socket` and lends reading to the runtime. False when that
 * is not worth it (a bulk transfer) or cannot be done now: Node holds bytes not delivered yet, or the stream
 * is paused (back-pressure) or going away.
 */
export function lendReading(socket: Socket, bytes: number): boolean {
  if (bytes >= BULK_READ_BYTES) return false;
  const handle = streamHandle(socket);
  if (!handle || socket.destroyed || socket.readableFlowing !== true || socket.readableLength > 0) return false;
  guard(socket);
  lent.add(socket);
  if (handle.reading) {
    handle.reading = false;
    handle.readStop();
  }
  return true;
}

/** The runtime gave reading back: Node reads the socket again (as after a pause). */
export function takeBackReading(socket: Socket): void {
  if (!lent.delete(socket) || socket.destroyed) return;
  socket._read(socket.readableHighWaterMark);
}

/** The socket changes hands (TLS wraps it): it is no longer lent, and its new owner starts reading. */
export function endLending(socket: Socket): void {
  lent.delete(socket);
}

/** Node's Readable restarts reading by itself (after each chunk, on resume()); not while reading is lent. */
function guard(socket: Socket): void {
  if (guarded.has(socket)) return;
  guarded.add(socket);
  const read = socket._read;
  socket._read = function guardedRead(this: Socket, size: number): void {
    if (!lent.has(socket)) read.call(this, size);
  };
}

function streamHandle(socket: Socket): StreamHandle | null {
  const handle = (socket as unknown as { _handle?: Partial<StreamHandle> | null })._handle;
  return handle && typeof handle.readStart === 'function' && typeof handle.readStop === 'function' ? (handle as StreamHandle) : null;
}

// -- the runtime worker's side --------------------------------------------------------------------------

/** Reads what handle `h`'s descriptor `fd` has now into `into`, if the I/O worker still permits it. */
export function readDirect(shared: Int32Array, h: number, fd: number, into: Uint8Array): DirectRead {
  const outcome = onDescriptor(shared, h, () => readSync(fd, into, 0, into.length, null));
  if (typeof outcome === 'number') return outcome > 0 ? { read: outcome } : { eof: true };
  if ('error' in outcome && wouldBlock(outcome.error)) return { wouldBlock: true };
  return outcome;
}
