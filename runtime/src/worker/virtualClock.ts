// The loop clocks: virtual time that jumps to the next timer, or the wall clock (seconds since start-up).
import type { ClockKind } from '../../../protocol/runtimeEvents';

export interface LoopClock {
  readonly kind: ClockKind;
  now(): number;
  /** The loop is about to decide on the time, or has waited: a recorded real clock reads the wall here. */
  refresh(): void;
}

/**
 * Time moves only when the loop says so: to the next timer when nothing is ready, or by a blocking sleep.
 * Once attached, the time lives in Python's clock slot, so both sides read and move the same clock (Python
 * moves it itself when it runs a lent deadline batch).
 */
export class VirtualClock implements LoopClock {
  readonly kind = 'virtual';
  private time = 0;
  private view: Float64Array | undefined;
  private heap: (() => ArrayBuffer) | undefined;
  private address = 0;

  /** From now on the clock is the float64 at `address` in the WebAssembly heap. */
  attach(heap: () => ArrayBuffer, address: number): void {
    this.heap = heap;
    this.address = address;
    this.view = new Float64Array(heap(), address, 1);
    this.view[0] = this.time;
  }

  refresh(): void {}

  now(): number {
    const view = this.view;
    if (view === undefined) return this.time;
    // A view over a heap that grew is detached (length 0).
    return (view.length === 0 ? this.reattach() : view)[0]!;
  }

  advanceTo(time: number): void {
    if (time > this.now()) this.set(time);
  }

  advanceBy(seconds: number): void {
    this.set(this.now() + seconds);
  }

  /** Only to undo time that passed on a debugger evaluation's private loop. */
  setNow(time: number): void {
    this.set(time);
  }

  private set(time: number): void {
    const view = this.view;
    if (view === undefined) this.time = time;
    else (view.length === 0 ? this.reattach() : view)[0] = time;
  }

  private reattach(): Float64Array {
    this.view = new Float64Array(this.heap!(), this.address, 1);
    return this.view;
  }
}

/**
 * performance.now() in seconds: the same clock Pyodide's time.monotonic() reads in this worker. In a recorded
 * (or replayed) run it is read through the tape, and only when the loop refreshes it (at the start of each
 * iteration and after each wait) or the program reads the time: then the readings come in the same order in
 * every replay, whatever else the runtime does (a debugger's instrumented run reads the clock for its events).
 */
export class RealClock implements LoopClock {
  readonly kind = 'real';
  private readonly origin: number;
  private current: number;

  constructor(private readonly read: (() => number) | null = null) {
    this.origin = read ? read() : performance.now() / 1000;
    this.current = this.origin;
  }

  now(): number {
    return this.read ? this.current : performance.now() / 1000;
  }

  refresh(): void {
    if (this.read) this.current = this.read();
  }

  /** The wall clock read now (the program asks for the time): the loop's clock moves to it. */
  readNow(): number {
    this.refresh();
    return this.now();
  }

  /** Seconds since the run started, for events. */
  sinceStart(time: number): number {
    return time - this.origin;
  }
}
