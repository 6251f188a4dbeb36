// What makes going back quick. A step back (or a reverse continue) replaces the run with a re-run that replays the
// recording to the target; three things are prepared ahead of it:
// - a spare worker with Python loaded (about a second of a re-run's start), from a moment after a recorded run starts;
// - the checkpoint to start from: the run being left knows, between which loop callbacks it had run how many lines,
//   so the re-run replays unwatched up to there and watches lines only after it;
// - a re-run made ahead: while the user looks at a stop, the spare worker replays to the checkpoint before where a
//   step back would go and waits there; going back then only runs the last stretch.
import type { DebugStop, RunCheckpoint } from '../../protocol/runtimeDebug';
import type { BootedRuntime } from '../../runtime/src';
import type { ProgramRun } from './programRun';
import { stepBackTarget } from './stepBack';

/** How long the user looks at a stop before a re-run is made ahead of a step back (see `afterStop`). */
const PARK_AFTER_MS = 750;

/** What the session lends: its run, its breakpoints and filters, and how it makes and starts runs. */
interface RerunHost {
  /** The session's run now. */
  currentRun(): ProgramRun | undefined;
  /** The breakpoints' generation (a re-run must have been started with the breakpoints of now). */
  breakpointGeneration(): number;
  /** The exception filters of now, as one string. */
  filtersKey(): string;
  /** A worker starting to load Python for a re-run (it may throw: the re-run then starts its own). */
  bootSpare(): BootedRuntime;
  /** A replaying run on `spare`, not the session's: it reports nothing until the session takes it. */
  createRerun(spare: BootedRuntime | undefined): ProgramRun;
  /** Configures `run` with the session's breakpoints and starts it, to replay unwatched to `from` and wait there. */
  startParked(run: ProgramRun, from: RunCheckpoint): Promise<void>;
}

export class RerunAhead {
  /** While a recorded run is stopped: a worker loading Python for the re-run a step back would start. */
  private spare: BootedRuntime | undefined;
  /** A re-run made ahead of a step back, waiting at a checkpoint. */
  private parked: { run: ProgramRun; basis: DebugStop; from: RunCheckpoint; filters: string } | undefined;
  private parkTimer: NodeJS.Timeout | undefined;

  constructor(private readonly host: RerunHost) {}

  /** Loads Python for the next re-run of a recorded run, unless a worker is loaded already. */
  prepare(run: ProgramRun): void {
    if (!run.replayable || this.spare) return;
    try {
      this.spare = this.host.bootSpare();
    } catch {
      // The step back then starts its worker itself.
    }
  }

  /** The loaded worker, for a re-run or a restart (none if there is none). */
  takeSpare(): BootedRuntime | undefined {
    const spare = this.spare;
    this.spare = undefined;
    return spare;
  }

  /**
   * At each stop of the session's run: what was made ahead for the previous stop goes; a worker is loaded for the
   * next re-run; and once the user has looked at this stop for PARK_AFTER_MS (stepping on quickly makes none), a
   * re-run is made ahead to the checkpoint before where a step back would go.
   */
  afterStop(run: ProgramRun): void {
    this.releaseParked();
    this.prepare(run);
    if (!run.replayable) return;
    this.parkTimer = setTimeout(() => {
      this.park(run).catch(() => this.releaseParked());
    }, PARK_AFTER_MS);
    this.parkTimer.unref();
  }

  /** The re-run made ahead, if it can reach `position` for `current`'s stop with the breakpoints and filters of now. */
  takeParked(current: ProgramRun, position: number): ProgramRun | undefined {
    const parked = this.parked;
    if (!parked) return undefined;
    this.parked = undefined;
    const fits =
      parked.basis === current.lastStop &&
      parked.from.position < position &&
      parked.run.startedWithBreakpoints === this.host.breakpointGeneration() &&
      parked.filters === this.host.filtersKey() &&
      parked.run.state !== 'ended';
    if (fits) return parked.run;
    void parked.run.terminate(0);
    return undefined;
  }

  /**
   * Where a re-run to `position` can start watching lines: the run being left knows, between which callbacks it had
   * run how many lines. Only if its breakpoints are the ones the re-run gets (the hits it hands over are theirs).
   */
  async checkpointFor(previous: ProgramRun, position: number): Promise<RunCheckpoint | undefined> {
    if (previous.state !== 'stopped' || previous.startedWithBreakpoints !== this.host.breakpointGeneration()) return undefined;
    try {
      return (await previous.request('checkpointBefore', { position }, 5000)) ?? undefined;
    } catch {
      return undefined; // the re-run then watches every line from the start: slower, the same stop
    }
  }

  /** Drops the re-run made ahead (a restart; the session's run moved on). */
  releaseParked(): void {
    clearTimeout(this.parkTimer);
    const parked = this.parked;
    this.parked = undefined;
    if (parked) void parked.run.terminate(0);
  }

  /** Drops everything prepared: no re-run will come (the session ends). */
  release(): void {
    this.releaseParked();
    void this.takeSpare()?.dispose();
  }

  private async park(run: ProgramRun): Promise<void> {
    const stop = run.lastStop;
    if (run !== this.host.currentRun() || !stop || !run.replayable || this.parked || !this.spare) return;
    let position = stop.position;
    try {
      position = stepBackTarget(run).position;
    } catch {
      // No step back from here (the start): a reverse continue may still go back to a breakpoint before it.
    }
    const from = await this.checkpointFor(run, position);
    if (!from || run !== this.host.currentRun() || run.lastStop !== stop || this.parked || !this.spare) return;
    const ahead = this.host.createRerun(this.takeSpare());
    this.parked = { run: ahead, basis: stop, from, filters: this.host.filtersKey() };
    await this.host.startParked(ahead, from);
  }
}
