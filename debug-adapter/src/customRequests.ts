// Loopscope's own requests (declared in protocol/debugProtocol.ts): tasks, call graph, cancel, step to the
// next task, stdin. Each returns the response body.
import {
  CALL_GRAPH_REQUEST,
  CANCEL_TASK_REQUEST,
  INPUT_REQUEST,
  STEP_TO_NEXT_TASK_REQUEST,
  TASKS_REQUEST,
  type CallGraphArguments,
  type CallGraphResult,
  type CancelTaskArguments,
  type CancelTaskResult,
  type InputArguments,
  type StepToNextTaskArguments,
  type TasksArguments,
  type TasksResult,
} from '../../protocol/debugProtocol';
import type { InputRecorder } from './evaluate';
import type { ProgramRun } from './programRun';
import { resumeArguments } from './stepping';
import type { TaskThreads } from './threads';

export interface CustomRequestContext {
  /** The current run (throws if none). */
  run(): ProgramRun;
  /** The current run, which must be stopped (throws otherwise). */
  stopped(): ProgramRun;
  threads: TaskThreads;
  input: InputRecorder;
}

export async function handleCustomRequest(command: string, args: unknown, context: CustomRequestContext): Promise<unknown> {
  const given = (args ?? {}) as Record<string, unknown>;
  switch (command) {
    case TASKS_REQUEST: {
      const run = context.run();
      const options = given as TasksArguments;
      return {
        time: run.lastStop?.time ?? run.registry.time,
        tasks: context.threads.tasks(run.registry, run.lastStop, options.includeFinished !== false),
      } satisfies TasksResult;
    }
    case CALL_GRAPH_REQUEST: {
      const { taskId } = given as Partial<CallGraphArguments>;
      if (typeof taskId !== 'number') throw new Error('loopscope/callGraph needs a numeric "taskId"');
      const graph = await context.stopped().callGraph(taskId);
      if (!graph) throw new Error(`task ${taskId} is not a live task`);
      return graph satisfies CallGraphResult;
    }
    case CANCEL_TASK_REQUEST: {
      const { taskId, message } = given as Partial<CancelTaskArguments>;
      if (typeof taskId !== 'number') throw new Error('loopscope/cancelTask needs a numeric "taskId"');
      const cancelled = await context.run().request('cancelTask', message === undefined ? { taskId } : { taskId, message });
      return { cancelled } satisfies CancelTaskResult;
    }
    case STEP_TO_NEXT_TASK_REQUEST: {
      const { threadId } = given as Partial<StepToNextTaskArguments>;
      await context.stopped().resume(resumeArguments('stepToNextTask', typeof threadId === 'number' ? threadId : undefined));
      return undefined;
    }
    case INPUT_REQUEST: {
      const { text } = given as Partial<InputArguments>;
      if (text !== null && typeof text !== 'string') throw new Error('loopscope/input needs "text" (a string, or null for end of input)');
      context.input.give(context.run(), text);
      return undefined;
    }
    default:
      throw new Error(`unknown request ${command}`);
  }
}
