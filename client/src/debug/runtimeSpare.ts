// The warm spare: one Python runtime loaded ahead in the extension host, for the next inline debug session, so that
// F5 skips loading Python (and making the memory snapshot, where the one the extension ships does not fit). Loaded only
// while a session is plausible (a Python file in front, see warmStart.ts); dropped after IDLE_MS without one.
// Free of `vscode`: the wiring tells it when a session is plausible.
import type { BootedRuntime, BootOptions } from '../../../runtime/src/index';

/** A spare nobody used for this long is dropped: it holds a worker thread with CPython (~150 MB). */
const SPARE_IDLE_MS = 10 * 60_000;

interface SpareLog {
  info(message: string): void;
  warn(message: string): void;
}

/** What the spare needs of a worker (BootedRuntime; tests give stand-ins). */
export type SpareWorker = Pick<BootedRuntime, 'usable' | 'fits' | 'dispose' | 'whenBooted'>;

export class RuntimeSpare<Worker extends SpareWorker = BootedRuntime> {
  private spare: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastWanted = 0;
  private disposed = false;

  constructor(
    /** Starts a worker loading Python (the debug session bundle's bootRuntime, loaded on first use). */
    private readonly boot: (options: BootOptions) => Worker,
    private readonly log: SpareLog,
    private readonly idleMs = SPARE_IDLE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The spare being held (booting or booted), if any. */
  get current(): Worker | undefined {
    return this.spare?.usable ? this.spare : undefined;
  }

  /** A debug session is plausible now: have a spare loading with these options, and keep it for IDLE_MS more. */
  want(options: BootOptions): void {
    if (this.disposed) return;
    this.lastWanted = this.now();
    if (this.spare && (!this.spare.usable || !this.spare.fits(options))) this.drop('its options changed or it failed');
    if (!this.spare) {
      try {
        this.spare = this.boot(options);
      } catch (error) {
        this.log.warn(`Loopscope could not load a Python runtime ahead of debugging: ${(error as Error).message}`);
        return;
      }
      const spare = this.spare;
      const started = this.now();
      spare.whenBooted().then(
        (report) => {
          // Taken by a session meanwhile, it is that session's runtime now, and the session says how it started.
          if (this.spare === spare)
            this.log.info(
              `A Python runtime is ready for the next debug session (loaded in ${Math.round(report.bootMs)} ms, snapshot ${report.snapshot}).`,
            );
        },
        (error: Error) => {
          if (this.spare === spare)
            this.log.warn(`The Python runtime loaded ahead of debugging failed after ${this.now() - started} ms: ${error.message}`);
        },
      );
    }
    this.armIdleTimer();
  }

  /**
   * For a debug session starting now: the spare if it fits (the session owns it from here: it runs the program
   * on it or disposes of it), else a new worker.
   */
  take(options: BootOptions): Worker {
    const spare = this.spare;
    this.spare = undefined;
    this.clearIdleTimer();
    if (spare?.usable && spare.fits(options)) return spare;
    if (spare) void spare.dispose();
    return this.boot(options);
  }

  /** No session is plausible any more (or the setting is off): the spare's worker ends. */
  drop(why: string): void {
    this.clearIdleTimer();
    const spare = this.spare;
    this.spare = undefined;
    if (!spare) return;
    this.log.info(`Dropped the Python runtime loaded ahead of debugging (${why}).`);
    void spare.dispose();
  }

  dispose(): void {
    this.drop('the extension is deactivated');
    this.disposed = true;
  }

  private armIdleTimer(): void {
    if (this.idleTimer) return;
    const check = (): void => {
      this.idleTimer = undefined;
      const idle = this.now() - this.lastWanted;
      if (idle >= this.idleMs) this.drop(`unused for ${Math.round(this.idleMs / 60_000)} minutes`);
      else this.armIdleTimer();
    };
    const remaining = Math.max(1, this.idleMs - (this.now() - this.lastWanted));
    this.idleTimer = setTimeout(check, remaining);
    // The extension host never waits for this timer.
    this.idleTimer.unref?.();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
