// What a caller asks of a run (RuntimeOptions) and what it learns back: how the worker came to be ready
// (StartupReport) and how the program ended (RunResult).
import type { ClockKind, HaltReason } from '../../protocol/runtimeEvents';
import type { EnvironmentOptions } from './environment/programEnvironment';
import type { BootedRuntime, BootOptions } from './runtimeBoot';

export interface RuntimeOptions extends EnvironmentOptions, BootOptions {
  /** The .py file to run. */
  program: string;
  args?: readonly string[];
  /** sys.argv[0] (default: `program` as given). */
  argv0?: string;
  /** The program's working directory (`program` is relative to it). */
  cwd: string;
  /** The program's environment variables (os.environ). */
  env: Record<string, string>;
  clock?: ClockKind;
  seed?: number | null;
  /** Stop once virtual time would pass this many seconds. */
  maxTime?: number | null;
  /** Stop after this many wall-clock seconds (null: no limit; unset: the default of wallClockLimit.ts). */
  maxWall?: number | null;
  /** Produce the event stream (off: no instrumentation cost at all). */
  instrument?: boolean;
  /** 'inherit': the program writes to this process's stdout/stderr; 'pipe': output arrives as onOutput callbacks. */
  stdio?: 'inherit' | 'pipe';
  /** Text for input()/sys.stdin; null reads this process's stdin. Default: '' under 'pipe', null under 'inherit'. */
  stdin?: string | null;
  maxMemoryMb?: number | null;
  /** Pause at the first loop iteration at or after this loop time. */
  pauseAtTime?: number | null;
  /** Seconds since the epoch that virtual time 0 maps to for time.time() (default: now). */
  epoch?: number;
  /** Simulated default executor size (default 8: CPython's min(32, cpu_count + 4) on 4 cores). */
  defaultWorkers?: number;
  /**
   * Under the virtual clock, hand Python several consecutive timer-only iterations per boundary crossing
   * (default true; the order of callbacks and the clock they read are the same either way). For tests and
   * benchmarks; 'always' lends as many as fit every time instead of adapting to what Python takes.
   */
  lendDeadlineBatches?: boolean | 'always';
  /**
   * A worker booted ahead (bootRuntime) to run the program on: it has loaded Python, or is loading it. Used when
   * it fits the boot options here and nobody used it yet; otherwise it is disposed of and a worker is started.
   */
  booted?: BootedRuntime;
  /**
   * Debug the program: implies `instrument`; the worker stops before the program (see `onConfiguring`) until
   * `start()`, stops at breakpoints/steps (`onStopped`), and stdin becomes interactive (`provideInput`).
   */
  debug?: boolean;
  /** Record everything that enters the program from outside into this file (docs/recording.md). */
  record?: string | null;
  /**
   * Replay the recording in this file: the program gets what the recorded run got, and touches no network and no
   * process. The other options should be the recording's (replayOptions() reads them from its header).
   */
  replay?: string | null;
}

/** How a run's worker came to be ready for its program (RuntimeSession.startup, once it is). */
export interface StartupReport {
  /** The program went to a worker booted ahead of it (RuntimeOptions.booted). */
  bootedAhead: boolean;
  /** How long that worker had been booting when the program was handed over, in ms (0 when booted for it). */
  aheadMs: number;
  /** That worker had already loaded Python when the program was handed over (the program waited for none of it). */
  loadedAhead: boolean;
  /** Worker start to Python loaded, in ms (however much of it happened before the hand-over). */
  bootMs: number;
  /** From the hand-over (startRuntime) to the program ready to start, in ms: what the caller waited. */
  readyMs: number;
  snapshot: 'loaded' | 'created' | 'none';
}

export interface RunResult {
  exitStatus: number;
  /** Loop time when the run ended. */
  time: number;
  halt: { reason: HaltReason | 'terminate'; report: string } | null;
  startupMs: number;
  /** Part of startupMs spent waiting for the optimized eval loop ('balanced' tier). */
  interpreterWaitMs: number;
  snapshot: 'loaded' | 'created' | 'none';
  /**
   * The program ended the way python3 ends when killed by this signal ('SIGTERM' with no handler, 'SIGINT' after
   * an uncaught KeyboardInterrupt): exitStatus is 128 + its number; a CLI dies of the same signal. Else null.
   */
  signal: string | null;
}
