// What each kind of host handle (streams, datagram sockets, resolver queries) needs from the I/O worker:
// a way to send events to the runtime worker, the shared counters of written bytes, and the permits of the
// runtime's direct writes.
import type { Socket } from 'node:net';
import { grantDirectWrites, revokeDirectWrites } from './directWrites';
import type { IoEvent } from './ioProtocol';
import { IO_SHARED } from './ioProtocol';

export class IoContext {
  private readonly shared: Int32Array;
  private readonly wake: Int32Array;

  constructor(
    private readonly port: { postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void },
    shared: SharedArrayBuffer,
    control: SharedArrayBuffer,
    private readonly wakeSlot: number,
  ) {
    this.shared = new Int32Array(shared);
    this.wake = new Int32Array(control);
  }

  /** Sends an event and wakes the runtime worker if it waits (for I/O, a timer, or a blocking call). */
  post(event: IoEvent, transfer?: ArrayBuffer[]): void {
    this.port.postMessage(event, transfer);
    Atomics.add(this.shared, IO_SHARED.posted, 1);
    this.notify();
  }

  /** `bytes` of handle `h`'s writes have left for the OS; wakes the runtime if it waits for that. */
  written(h: number, bytes: number): void {
    const slot = h % IO_SHARED.slots;
    Atomics.add(this.shared, IO_SHARED.written(slot), bytes);
    if (Atomics.exchange(this.shared, IO_SHARED.wantWritten(slot), 0) !== 0) this.notify();
  }

  /** The runtime may write handle `h`'s bytes to the socket's descriptor itself (directWrites.ts). */
  allowDirectWrites(h: number, socket: Socket): void {
    grantDirectWrites(this.shared, h, socket);
  }

  /** The runtime must post handle `h`'s writes again (the socket is about to change hands, e.g. to TLS). */
  endDirectWrites(h: number): void {
    revokeDirectWrites(this.shared, h);
  }

  private notify(): void {
    Atomics.add(this.wake, this.wakeSlot, 1);
    Atomics.notify(this.wake, this.wakeSlot);
  }
}

/** A copy of `chunk` in an ArrayBuffer of its own, so it can be transferred instead of cloned. */
export function ownBytes(chunk: Uint8Array): Uint8Array {
  return new Uint8Array(chunk);
}
