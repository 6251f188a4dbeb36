// The loop clocks: virtual time that jumps to the next timer, or the wall clock (seconds since start-up).
import type { ClockKind } from '../../../protocol/runtimeEvents';

export interface LoopClock {
  readonly kind: ClockKind;
  now(): number;
}

/** Time moves only when the loop says so: to the next timer when nothing is ready, or by a blocking sleep. */
export class VirtualClock implements LoopClock {
  readonly kind = 'virtual';
  private time = 0;

  now(): number {
    return this.time;
  }

  advanceTo(time: number): void {
    if (time > this.time) this.time = time;
  }

  advanceBy(seconds: number): void {
    this.time += seconds;
  }

  /** Only to undo time that passed on a debugger evaluation's private loop. */
  setNow(time: number): void {
    this.time = time;
  }
}

/** performance.now() in seconds: the same clock Pyodide's time.monotonic() reads in this worker. */
export class RealClock implements LoopClock {
  readonly kind = 'real';
  private readonly origin = performance.now() / 1000;

  now(): number {
    return performance.now() / 1000;
  }

  /** Seconds since the run started, for events. */
  sinceStart(time: number): number {
    return time - this.origin;
  }
}
