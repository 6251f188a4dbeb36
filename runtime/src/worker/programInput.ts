// stdin of a debugged program: input replayed from an earlier run first (so a re-run reads the same), then
// text the session hands over through shared memory while the worker waits, since input() is synchronous.
import { CONTROL } from '../eventRecords';

/** Layout of the shared input buffer: Int32 [state, length], then the bytes. */
export const INPUT = { state: 0, length: 1, headerBytes: 8, capacity: 1 << 16, empty: 0, data: 1, eof: 2 } as const;

export class ProgramInput {
  private readonly header: Int32Array;
  private readonly bytes: Uint8Array;
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    shared: SharedArrayBuffer,
    private readonly control: Int32Array,
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
    this.requestMore();
    for (;;) {
      const state = Atomics.load(this.header, INPUT.state);
      if (state === INPUT.data) {
        const length = Atomics.load(this.header, INPUT.length);
        this.pending = Buffer.from(this.bytes.slice(0, length));
        Atomics.store(this.header, INPUT.state, INPUT.empty);
        Atomics.notify(this.header, INPUT.state);
        return true;
      }
      if (state === INPUT.eof) {
        Atomics.store(this.header, INPUT.state, INPUT.empty);
        return false;
      }
      if (Atomics.load(this.control, CONTROL.halt) !== 0) return false;
      Atomics.wait(this.header, INPUT.state, INPUT.empty, 500);
    }
  }
}
