// Loopscope's own requests (declared in protocol/debugProtocol.ts): tasks, call graphs, cancel, focus, step to
// the next task, stdin, timeline. Each returns the response body.
import {
  CALL_GRAPH_REQUEST,
  CALL_GRAPHS_DEFAULT_LIMIT,
  CALL_GRAPHS_REQUEST,
  CANCEL_TASK_REQUEST,
  FOCUS_TASK_REQUEST,
  INPUT_REQUEST,
  STEP_TO_NEXT_TASK_REQUEST,
  TASKS_REQUEST,
  TIMELINE_REQUEST,
  type CallGraphArguments,
  type CallGraphResult,
  type CallGraphsArguments,
  type CallGraphsResult,
  type CancelTaskArguments,
  type CancelTaskResult,
  type FocusTaskArguments,
  type FocusTaskResult,
  type InputArguments,
  type StepToNextTaskArguments,
  type TasksArguments,
  type TasksResult,
  type TimelineResult,
} from '../../protocol/debugProtocol';
import type { CallGraph, CallGraphNode } from '../../protocol/runtimeEvents';
import type { InputRecorder } from './evaluate';
import type { ProgramRun } from './programRun';
import { resumeArguments } from './stepping';
import type { TaskThreads } from './threads';

interface CustomRequestContext {
  /** The current run (throws if none). */
  run(): ProgramRun;
  /** The current run, which must be stopped (throws otherwise). */
  stopped(): ProgramRun;
  threads: TaskThreads;
  input: InputRecorder;
  /** Repeats the current stop for a task's thread; false if the task has no thread or nothing is stopped. */
  focus(taskId: number): boolean;
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
      return withoutRuntimeFrames(graph) satisfies CallGraphResult;
    }
    case CALL_GRAPHS_REQUEST: {
      const { limit } = given as Partial<CallGraphsArguments>;
      if (limit !== undefined && (typeof limit !== 'number' || !(limit > 0)))
        throw new Error('loopscope/callGraphs: "limit" must be a positive number');
      return allCallGraphs(context.stopped(), limit ?? CALL_GRAPHS_DEFAULT_LIMIT);
    }
    case FOCUS_TASK_REQUEST: {
      const { taskId } = given as Partial<FocusTaskArguments>;
      if (typeof taskId !== 'number') throw new Error('loopscope/focusTask needs a numeric "taskId"');
      return { focused: context.focus(taskId) } satisfies FocusTaskResult;
    }
    case TIMELINE_REQUEST:
      return context.run().timeline.snapshot() satisfies TimelineResult;
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

/** The graphs of the live tasks (oldest first, at most `limit`), and the text of those that await no other task. */
async function allCallGraphs(run: ProgramRun, limit: number): Promise<CallGraphsResult> {
  const live = [...run.registry.tasks.values()].filter((task) => task.state === 'pending' || task.state === 'running');
  const graphs: CallGraphNode[] = [];
  const texts = new Map<number, string>();
  for (const task of live.slice(0, limit)) {
    const found = await run.callGraph(task.id);
    if (!found) continue;
    const graph = withoutRuntimeFrames(found);
    graphs.push(graph.graph);
    texts.set(task.id, graph.text);
  }
  // A task that shows up in another's "awaited by" section is printed there already.
  const awaiters = new Set<number>();
  const visit = (node: CallGraphNode): void => {
    for (const awaiter of node.awaitedBy) {
      if (awaiter.taskId !== null) awaiters.add(awaiter.taskId);
      visit(awaiter);
    }
  };
  graphs.forEach(visit);
  const shown = [...texts].filter(([id]) => !awaiters.has(id)).map(([, text]) => text.trimEnd());
  return {
    time: run.lastStop?.time ?? run.registry.time,
    text: shown.length ? `${shown.join('\n\n')}\n` : '',
    graphs,
    liveTasks: live.length,
    truncated: live.length > limit,
  };
}

/** Where the runtime's own Python package lives inside the worker (runtime/src/worker/pythonHost.ts). */
const RUNTIME_PYTHON = '/lib/loopscope/';

/**
 * The running task's stack, captured while stopped, starts with the debugger's own frames (the stop, the
 * monitoring callback, the capture itself): they are Loopscope's, not the program's, so they are left out of
 * both the graph and the text.
 */
function withoutRuntimeFrames(graph: CallGraph): CallGraph {
  const clean = (node: CallGraphNode): CallGraphNode => ({
    ...node,
    frames: node.frames.filter((frame) => !frame.path.startsWith(RUNTIME_PYTHON)),
    awaitedBy: node.awaitedBy.map(clean),
  });
  const text = graph.text
    .split('\n')
    .filter((line) => !line.includes(`File '${RUNTIME_PYTHON}`))
    .join('\n');
  return { text, graph: clean(graph.graph) };
}
