// The session's side of a debugged program's stdin: text handed over through the shared input buffer
// (worker/programInput.ts reads it), a chunk at a time, whenever the worker says the program waits for input.
import { INPUT } from './worker/programInput';

export class InteractiveInput {
  /** The buffer the worker reads (WorkerStartData.input); null when the program's stdin is not interactive. */
  readonly buffer: SharedArrayBuffer | null;
  private readonly header: Int32Array | undefined;
  private readonly pending: Buffer[] = [];
  private wanted = false;

  constructor(interactive: boolean) {
    this.buffer = interactive ? new SharedArrayBuffer(INPUT.headerBytes + INPUT.capacity) : null;
    this.header = this.buffer ? new Int32Array(this.buffer, 0, 2) : undefined;
  }

  /** The program waits for stdin and nothing was handed over yet. */
  get waiting(): boolean {
    return this.wanted;
  }

  /** Text for the program's stdin (end of input: null). */
  provide(text: string | null): void {
    this.pending.push(text === null ? Buffer.alloc(0) : Buffer.from(text, 'utf8'));
    this.feed();
  }

  /** The worker asked for input: hands over what is pending; true when nothing was. */
  requested(): boolean {
    this.wanted = true;
    this.feed();
    return this.wanted;
  }

  private feed(): void {
    const header = this.header;
    if (!header || !this.wanted || this.pending.length === 0) return;
    if (Atomics.load(header, INPUT.state) !== INPUT.empty) return;
    let chunk = this.pending.shift()!;
    if (chunk.length === 0) {
      Atomics.store(header, INPUT.state, INPUT.eof);
    } else {
      if (chunk.length > INPUT.capacity) {
        this.pending.unshift(chunk.subarray(INPUT.capacity));
        chunk = chunk.subarray(0, INPUT.capacity);
      }
      new Uint8Array(header.buffer, INPUT.headerBytes, INPUT.capacity).set(chunk);
      Atomics.store(header, INPUT.length, chunk.length);
      Atomics.store(header, INPUT.state, INPUT.data);
    }
    this.wanted = false;
    Atomics.notify(header, INPUT.state);
  }
}
