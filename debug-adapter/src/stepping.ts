// DAP continue/next/stepIn/stepOut and `loopscope/stepToNextTask` as runtime resume modes. Where a step ends
// (after an await resumes, in a new task, in the awaiter) is decided by the runtime's debugger, not here.
import type { ResumeArguments, ResumeMode } from '../../protocol/runtimeDebug';
import { taskIdOf } from './threads';

export type StepKind = 'continue' | 'next' | 'stepIn' | 'stepOut' | 'stepToNextTask';

const MODES: Record<StepKind, ResumeMode> = {
  continue: 'continue',
  next: 'next',
  stepIn: 'stepIn',
  stepOut: 'stepOut',
  stepToNextTask: 'nextTask',
};

/** The resume arguments for a step of `threadId` (the event-loop thread steps the code outside tasks). */
export function resumeArguments(kind: StepKind, threadId: number | undefined): ResumeArguments {
  if (kind === 'continue' || threadId === undefined) return { mode: MODES[kind] };
  return { mode: MODES[kind], taskId: taskIdOf(threadId) };
}
