// Loopscope's own requests (declared in protocol/debugProtocol.ts, bound to their types by `CustomRequests`):
// tasks, call graphs, cancel, focus, step to the next task, stdin, timeline. Each request has a handler here that
// reads its arguments from the wire into their declared type and answers with its declared result.
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
  type CallGraphsResult,
  type CustomRequestName,
  type CustomRequests,
} from '../../protocol/debugProtocol';
import type { CallGraph, CallGraphNode } from '../../protocol/runtimeEvents';
import type { InputRecorder } from './evaluate';
import type { ProgramRun } from './programRun';
import { resumeArguments } from './stepping';
import type { TaskThreads } from './threads';
import { field, requiredNumber } from './wireArguments';

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

interface Handler<K extends CustomRequestName> {
  /** The arguments as declared, from what came over the wire; throws saying what is wrong. */
  read(given: unknown): CustomRequests[K]['args'];
  answer(args: CustomRequests[K]['args'], context: CustomRequestContext): Promise<CustomRequests[K]['result']>;
}

/** One handler per declared request: the compiler refuses a request declared and not answered. */
const HANDLERS: { [K in CustomRequestName]: Handler<K> } = {
  [TASKS_REQUEST]: {
    read: (given) => ({ includeFinished: field(given, 'includeFinished') !== false }),
    answer: async ({ includeFinished }, context) => {
      const run = context.run();
      return {
        time: run.lastStop?.time ?? run.registry.time,
        tasks: context.threads.tasks(run.registry, run.lastStop, includeFinished !== false),
      };
    },
  },
  [CALL_GRAPH_REQUEST]: {
    read: (given) => ({ taskId: requiredNumber(given, 'taskId', CALL_GRAPH_REQUEST) }),
    answer: async ({ taskId }, context) => {
      const graph = await context.stopped().callGraph(taskId);
      if (!graph) throw new Error(`task ${taskId} is not a live task`);
      return withoutRuntimeFrames(graph);
    },
  },
  [CALL_GRAPHS_REQUEST]: {
    read: (given) => {
      const limit = field(given, 'limit');
      if (limit === undefined) return {};
      if (typeof limit !== 'number' || !(limit > 0)) throw new Error(`${CALL_GRAPHS_REQUEST}: "limit" must be a positive number`);
      return { limit };
    },
    answer: ({ limit }, context) => allCallGraphs(context.stopped(), limit ?? CALL_GRAPHS_DEFAULT_LIMIT),
  },
  [FOCUS_TASK_REQUEST]: {
    read: (given) => ({ taskId: requiredNumber(given, 'taskId', FOCUS_TASK_REQUEST) }),
    answer: async ({ taskId }, context) => ({ focused: context.focus(taskId) }),
  },
  [TIMELINE_REQUEST]: {
    read: () => ({}),
    answer: async (_args, context) => context.run().timeline.snapshot(),
  },
  [CANCEL_TASK_REQUEST]: {
    read: (given) => {
      const taskId = requiredNumber(given, 'taskId', CANCEL_TASK_REQUEST);
      const message = field(given, 'message');
      if (message === undefined || message === null) return { taskId };
      if (typeof message !== 'string') throw new Error(`${CANCEL_TASK_REQUEST}: "message" must be a string`);
      return { taskId, message };
    },
    answer: async (args, context) => ({ cancelled: await context.run().request('cancelTask', args) }),
  },
  [STEP_TO_NEXT_TASK_REQUEST]: {
    read: (given) => {
      const threadId = field(given, 'threadId');
      return typeof threadId === 'number' ? { threadId } : {};
    },
    answer: async ({ threadId }, context) => {
      await context.stopped().resume(resumeArguments('stepToNextTask', threadId));
      return undefined;
    },
  },
  [INPUT_REQUEST]: {
    read: (given) => {
      const text = field(given, 'text');
      if (text !== null && typeof text !== 'string') throw new Error(`${INPUT_REQUEST} needs "text" (a string, or null for end of input)`);
      return { text };
    },
    answer: async ({ text }, context) => {
      context.input.give(context.run(), text);
      return undefined;
    },
  },
};

function isCustomRequest(command: string): command is CustomRequestName {
  return Object.hasOwn(HANDLERS, command);
}

/** The response body of a custom request (undefined: none). */
export async function handleCustomRequest(command: string, args: unknown, context: CustomRequestContext): Promise<unknown> {
  if (!isCustomRequest(command)) throw new Error(`unknown request ${command}`);
  return answer(command, args, context);
}

function answer<K extends CustomRequestName>(
  command: K,
  given: unknown,
  context: CustomRequestContext,
): Promise<CustomRequests[K]['result']> {
  const handler: Handler<K> = HANDLERS[command];
  return handler.answer(handler.read(given), context);
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
