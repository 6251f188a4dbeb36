// Step back and reverse continue: runs under the virtual clock repeat exactly (same inputs, same seed, same
// interleaving), so going back is re-running the program silently to an earlier position (a count of user
// lines executed). This decides which position; the session starts the re-run.
import type { DebugStop, StopReason } from '../../protocol/runtimeDebug';
import type { ProgramRun } from './programRun';

export interface RerunTarget {
  position: number;
  reason: StopReason;
}

export class StepBackError extends Error {}

function check(run: ProgramRun | undefined): { run: ProgramRun; stop: DebugStop } {
  if (!run || run.state !== 'stopped' || !run.lastStop) throw new StepBackError('the program must be stopped to step back');
  if (run.config.clock !== 'virtual') {
    throw new StepBackError('step back needs "clock": "virtual" (under the real clock a re-run would not repeat this run)');
  }
  return { run, stop: run.lastStop };
}

/** The previous line the stopped task executed (or, at a task's first line, the line before it anywhere). */
export function stepBackTarget(current: ProgramRun | undefined): RerunTarget {
  const { stop } = check(current);
  const position = stop.previousInTask ?? stop.position - 1;
  if (position < 1) throw new StepBackError('already at the start of the program');
  return { position, reason: 'step' };
}

/**
 * The last breakpoint hit before this stop, if this run can know it (its breakpoints did not change since it
 * started); `undefined` means: re-run to the current position first to find out.
 */
export function reverseContinueTarget(current: ProgramRun | undefined, breakpointGeneration: number): RerunTarget | undefined {
  const { run, stop } = check(current);
  if (run.startedWithBreakpoints !== breakpointGeneration) return undefined;
  return targetFromStop(stop);
}

export function currentPosition(current: ProgramRun | undefined): RerunTarget {
  const { stop } = check(current);
  return { position: stop.position, reason: stop.reason };
}

/** From a stop of a run that knows its breakpoint hits: the previous one, or the program's first line. */
export function targetFromStop(stop: DebugStop): RerunTarget {
  if (stop.previousBreakpoint !== null && stop.previousBreakpoint >= 1) return { position: stop.previousBreakpoint, reason: 'breakpoint' };
  return { position: 1, reason: 'entry' };
}
