// stdin of a debugged program: input replayed from an earlier run first (so a re-run reads the same), then
// text the session hands over through shared memory while the worker waits, since input() is synchronous.
// A signal for Python while it waits (a debugger pause, Ctrl+C) interrupts the read as EINTR does on a
// real descriptor: CPython runs the handler (the pause stops at the input() line, SIGINT raises
// KeyboardInterrupt, as under python3) and, when the handler returns, reads again (PEP 475).
import { CONTROL } from '../eventRecords';

/** Layout of the shared input buffer: Int32 [state, length], then the bytes. */
export const INPUT = { state: 0, length: 1, headerBytes: 8, capacity: 1 << 16, empty: 0, data: 1, eof: 2 } as const;

export class ProgramInput {
  private readonly header: Int32Array;
  private readonly bytes: Uint8Array;
  private pending: Buffer = Buffer.alloc(0);
  /** The session was asked for input and has not given any yet (a read interrupted by a signal does not ask again). */
  private asked = false;

  constructor(
    shared: SharedArrayBuffer,
    private readonly control: Int32Array,
    /** Pyodide's interrupt buffer: the number of a signal waiting for Python's handlers, or 0. */
    private readonly interrupt: Int32Array,
    private readonly requestMore: () => void,
  ) {
    this.header = new Int32Array(shared, 0, 2);
    this.bytes = new Uint8Array(shared, INPUT.headerBytes);
  }

  replay(text: string): void {
    this.pending = Buffer.from(text, 'utf8');
  }

  /** Pyodide's stdin read: returns 0 at end of input (or when the run is being stopped). */
  read(buffer: Uint8Array): number {
    if (this.pending.length === 0 && !this.receive()) return 0;
    const count = Math.min(buffer.length, this.pending.length);
    buffer.set(this.pending.subarray(0, count));
    this.pending = this.pending.subarray(count);
    return count;
  }

  private receive(): boolean {
    if (!this.asked) this.requestMore();
    this.asked = true;
    for (;;) {
      const state = Atomics.load(this.header, INPUT.state);
      if (state === INPUT.data) {
        const length = Atomics.load(this.header, INPUT.length);
        this.pending = Buffer.from(this.bytes.slice(0, length));
        Atomics.store(this.header, INPUT.state, INPUT.empty);
        Atomics.notify(this.header, INPUT.state);
        this.asked = false;
        return true;
      }
      if (state === INPUT.eof) {
        Atomics.store(this.header, INPUT.state, INPUT.empty);
        this.asked = false;
        return false;
      }
      if (Atomics.load(this.control, CONTROL.halt) !== 0) return false;
      // Pyodide turns an error with an errno code into that errno for the C read.
      if (Atomics.load(this.interrupt, 0) !== 0) throw Object.assign(new Error('interrupted by a signal'), { code: 'EINTR' });
      Atomics.wait(this.header, INPUT.state, INPUT.empty, 50);
    }
  }
}
