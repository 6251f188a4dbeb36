// Step back and reverse continue: a recorded run repeats exactly (same inputs, same clock readings, same seed,
// same interleaving), as does one under the virtual clock up to its first I/O, so going back is re-running the
// program silently to an earlier position (a count of user lines executed). This decides which position; the session starts the re-run. A recorded run's re-run replays
// its recording (docs/recording.md); a run that is not recorded can go back only to before its first I/O outside
// the runtime: a re-run past that point would repeat the I/O against the world, so such targets are refused.
import type { DebugStop, StopReason } from '../../protocol/runtimeDebug';
import { externalIoDone, type RuntimeEventOf } from '../../protocol/runtimeEvents';
import type { ProgramRun } from './programRun';

export interface RerunTarget {
  position: number;
  reason: StopReason;
}

class StepBackError extends Error {}

function check(run: ProgramRun | undefined): { run: ProgramRun; stop: DebugStop } {
  if (!run || run.state !== 'stopped' || !run.lastStop) throw new StepBackError('the program must be stopped to step back');
  if (run.config.clock !== 'virtual' && !run.replayable) {
    throw new StepBackError(
      'step back under "clock": "real" needs the run to be recorded, and this one is not (its recording file could not be made): a re-run would not repeat it',
    );
  }
  return { run, stop: run.lastStop };
}

/** The previous line the stopped task executed (or, at a task's first line, the line before it anywhere). */
export function stepBackTarget(current: ProgramRun | undefined): RerunTarget {
  const { run, stop } = check(current);
  const position = stop.previousInTask ?? stop.position - 1;
  if (position < 1) throw new StepBackError('already at the start of the program');
  return beforeExternalIo(run, { position, reason: 'step' }, 'step back');
}

/**
 * The last breakpoint hit before this stop, if this run can know it (its breakpoints did not change since it
 * started); `undefined` means: re-run to the current position first to find out.
 */
export function reverseContinueTarget(current: ProgramRun | undefined, breakpointGeneration: number): RerunTarget | undefined {
  const { run, stop } = check(current);
  if (run.startedWithBreakpoints !== breakpointGeneration) return undefined;
  return beforeExternalIo(run, targetFromStop(stop), 'reverse continue');
}

export function currentPosition(current: ProgramRun | undefined): RerunTarget {
  const { run, stop } = check(current);
  return beforeExternalIo(run, { position: stop.position, reason: stop.reason }, 'reverse continue');
}

/**
 * A re-run stops at its target before it runs that line; the run's first I/O happened after the line at its
 * position had started. So a target at or before that position is reached without any I/O, and one after it
 * would do that I/O again, against the real world: refused, saying why.
 */
function beforeExternalIo(run: ProgramRun, target: RerunTarget, action: string): RerunTarget {
  // A recorded run (or a replay) is re-run from its recording: no I/O is repeated.
  if (run.replayable) return target;
  const io = run.registry.ioStarted;
  if (!io || (io.position !== null && target.position <= io.position)) return target;
  throw new StepBackError(externalIoRefusal(io, action));
}

function externalIoRefusal(io: RuntimeEventOf<'ioStarted'>, action: string): string {
  const what = externalIoDone(io.resource);
  return (
    `Cannot ${action} here: this run ${what} (${io.description}, at t=${Number(io.time.toFixed(6))}). Going back re-runs ` +
    `the program to an earlier point, and the re-run would do that I/O again against the real world. ` +
    `${io.position !== null ? 'Stepping back to lines before that point still works; ' : ''}` +
    `Restart to run from the beginning.`
  );
}

/** From a stop of a run that knows its breakpoint hits: the previous one, or the program's first line. */
export function targetFromStop(stop: DebugStop): RerunTarget {
  if (stop.previousBreakpoint !== null && stop.previousBreakpoint >= 1) return { position: stop.previousBreakpoint, reason: 'breakpoint' };
  return { position: 1, reason: 'entry' };
}
