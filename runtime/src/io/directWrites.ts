// Writes that skip the I/O worker: the runtime worker writes a connected stream socket's bytes straight to
// the host's file descriptor (one non-blocking system call) instead of posting them to the I/O worker, which
// would have to wake up to write them. In a request/response exchange that removes a thread hop per message.
//
// The descriptor belongs to the I/O worker's socket, and Node closes it on its own after a reset or an error;
// a closed number is reused at once by the next socket or file, where a late write would land. So the two
// threads share, per handle slot (ioProtocol.ts IO_SHARED), a permit (the handle's id h while its descriptor
// is open, -h once it is being closed) and an in-use flag, used as Dekker's handshake with sequentially
// consistent atomics:
//   runtime:                          inUse = 1; if (permit === h) write(fd, bytes); inUse = 0
//   I/O worker, before any close:     permit = -h; wait while inUse === 1
// Either the runtime sees the permit gone, or the I/O worker sees the write under way and waits for it.
// Order of bytes: the runtime writes directly only while the host has written everything it was posted
// earlier (hostIo.ts checks), so direct and posted writes never interleave. The same permit covers the
// runtime's direct reads (directReads.ts).
import { writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import { toIoError } from './hostErrors';
import { IO_SHARED, type IoError } from './ioProtocol';

/** How long the I/O worker waits for a runtime write in progress before closing anyway (a stuck thread). */
const REVOKE_PATIENCE_MS = 200;

/**
 * What a direct write did: bytes taken by the OS, the OS error, or why the bytes must be posted instead: the
 * permit is gone for good ('revoked'), not given yet ('pending': an accepted connection the I/O worker has not
 * adopted yet), or the socket's send buffer is full ('full').
 */
type DirectWrite = { written: number } | { post: 'revoked' | 'pending' | 'full' } | { error: IoError };

// -- the I/O worker's side ----------------------------------------------------------------------------

/** The socket's host file descriptor (POSIX hosts), which the runtime may write to; null when there is none. */
export function hostDescriptor(socket: Socket): number | null {
  if (process.platform === 'win32') return null;
  const fd = (socket as unknown as { _handle?: { fd?: unknown } | null })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : null;
}

/** From now on the runtime may write handle `h`'s bytes to its descriptor itself. */
export function grantDirectWrites(shared: Int32Array, h: number, socket: Socket): void {
  const slot = h % IO_SHARED.slots;
  // Every way Node closes a socket's descriptor goes through _destroy: take the permit back first.
  const destroy = socket._destroy;
  socket._destroy = (error, callback): void => {
    revokeDirectWrites(shared, h);
    destroy.call(socket, error, callback);
  };
  Atomics.store(shared, IO_SHARED.directPermit(slot), h);
}

/** The runtime may no longer write handle `h`'s descriptor; returns once no direct write is under way. */
export function revokeDirectWrites(shared: Int32Array, h: number): void {
  const slot = h % IO_SHARED.slots;
  if (Atomics.load(shared, IO_SHARED.directPermit(slot)) !== h) return;
  Atomics.store(shared, IO_SHARED.directPermit(slot), -h);
  const deadline = performance.now() + REVOKE_PATIENCE_MS;
  while (Atomics.load(shared, IO_SHARED.directInUse(slot)) !== 0 && performance.now() < deadline) {
    // A direct read or write is one non-blocking system call: it ends within microseconds.
  }
}

// -- the runtime worker's side --------------------------------------------------------------------------

/** Writes `bytes` of handle `h` to its host descriptor `fd`, if the I/O worker still permits it. */
export function writeDirect(shared: Int32Array, h: number, fd: number, bytes: Uint8Array): DirectWrite {
  const outcome = onDescriptor(shared, h, () => writeSync(fd, bytes));
  if (typeof outcome === 'number') return { written: outcome };
  if ('error' in outcome && wouldBlock(outcome.error)) return { post: 'full' };
  return outcome;
}

/**
 * Runs `use` (one non-blocking system call on handle `h`'s descriptor) if the I/O worker still permits it:
 * its result, its error, or why the descriptor may not be used ('revoked' for good, or 'pending').
 * Node's error objects capture a stack trace, which costs more than the call itself when the socket has
 * nothing to read; none is taken here.
 */
export function onDescriptor<T>(shared: Int32Array, h: number, use: () => T): T | { post: 'revoked' | 'pending' } | { error: IoError } {
  const slot = h % IO_SHARED.slots;
  Atomics.store(shared, IO_SHARED.directInUse(slot), 1);
  const traceLimit = Error.stackTraceLimit;
  try {
    const permit = Atomics.load(shared, IO_SHARED.directPermit(slot));
    if (permit !== h) return { post: permit === -h ? 'revoked' : 'pending' };
    Error.stackTraceLimit = 0;
    return use();
  } catch (error) {
    return { error: toIoError(error) };
  } finally {
    Error.stackTraceLimit = traceLimit;
    Atomics.store(shared, IO_SHARED.directInUse(slot), 0);
  }
}

/** The OS would have blocked: nothing to read, or no room to write. */
export function wouldBlock(error: IoError): boolean {
  return error.code === 'EAGAIN' || error.code === 'EWOULDBLOCK';
}
