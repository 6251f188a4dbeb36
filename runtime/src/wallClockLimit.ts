// The wall-clock limit of a run (--max-wall): counted from the program's start, and, when the caller set none, a
// default one that only a run staying inside the program under the virtual clock keeps (a runaway loop).
import type { ClockKind } from '../../protocol/runtimeEvents';

/**
 * The wall-clock limit of a run that sets none: a program that stays inside the runtime under the virtual clock
 * (sleeps take no time) and runs this long is a runaway loop. None under the real clock, and none once the run
 * waits on the world (network, processes, stdin), where waiting is legitimate.
 */
const DEFAULT_MAX_WALL_SECONDS = 60;

export class WallClockLimit {
  private timer: NodeJS.Timeout | undefined;
  /** The limit is the default one (see DEFAULT_MAX_WALL_SECONDS), not the caller's. */
  private readonly isDefault: boolean;
  private limit: number | null = null;

  constructor(
    /** The caller's limit in seconds (null: none; undefined: the default). */
    maxWall: number | null | undefined,
    run: { clock?: ClockKind; replay?: string | null },
    private readonly reached: () => void,
  ) {
    this.isDefault = maxWall === undefined;
    // A replay waits on nothing, but its recording may have: it runs as long as the recorded run needs.
    const seconds = this.isDefault ? (run.clock === 'real' || run.replay ? null : DEFAULT_MAX_WALL_SECONDS) : maxWall;
    if (seconds !== null && seconds !== undefined && seconds > 0) this.limit = seconds;
  }

  /** The limit in force (seconds from the program's start), null when there is none (any more). */
  get seconds(): number | null {
    return this.limit;
  }

  /**
   * Starts counting (once the runtime is ready, so a slow start-up on a busy machine is not taken for the
   * program's time).
   */
  start(): void {
    if (this.limit === null || this.timer) return;
    this.timer = setTimeout(this.reached, this.limit * 1000);
    this.timer.unref();
  }

  /** The run waits on the world (a server waiting for clients, a program waiting for input): not a runaway loop. */
  reachedOutside(): void {
    if (!this.isDefault) return;
    this.stop();
    this.limit = null;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
