// Loopscope's additions to the Debug Adapter Protocol, declared once: the debug adapter (debug-adapter/src)
// answers and sends them, the extension (client/src) calls and listens. Each entry says who sends it and why.
// Fixed names and shapes come from shared/CONTRACT.md ("Debug adapter").
import type { CallGraph, SourceLocation, TaskState } from './runtimeEvents';

/** The debug type in launch.json and package.json `contributes.debuggers`. */
export const DEBUG_TYPE = 'loopscope';

/** Launch attributes (CONTRACT): what a `loopscope` launch configuration may say. */
export interface LoopscopeLaunchArguments {
  /** The .py file to run (required). */
  program: string;
  args?: string[];
  /** Working directory (default: the program's folder). */
  cwd?: string;
  /** Extra environment variables for the program (added to the adapter's environment). */
  env?: Record<string, string>;
  stopOnEntry?: boolean;
  /** `virtual` (default): asyncio.sleep takes no wall time, and runs are repeatable (step back). */
  clock?: 'virtual' | 'real';
  /** Seed for `random` (default: fixed per session, so re-runs repeat). */
  seed?: number;
  /** Hide and step over the standard library (default true). */
  justMyCode?: boolean;
}

/** DAP thread id of the event loop itself (code outside any task: top level, callbacks). */
export const EVENT_LOOP_THREAD_ID = 1;

/** Exception filters offered in the Breakpoints view (`setExceptionBreakpoints` filter ids). */
export const EXCEPTION_FILTERS = {
  uncaught: 'uncaught',
  raised: 'raised',
  taskNeverRetrieved: 'taskNeverRetrieved',
  cancellation: 'cancellation',
} as const;

/** One task as `loopscope/tasks` and `loopscope/tasksChanged` describe it (CONTRACT). */
export interface LoopscopeTask {
  id: number;
  name: string;
  state: TaskState;
  parentId: number | null;
  /** Qualified name of the coroutine function, e.g. `main` or `Worker.run`. */
  coroutine: string;
  /** Where the task is (its innermost user line), or where it was created before it first ran. */
  source: SourceLocation | null;
  /** What it waits on, e.g. `sleep until t=3`, `get() on Queue(maxsize=0, qsize=0)`, `running`, `ready`. */
  awaiting: string;
  /** The DAP thread that shows it; null once the task has finished (its thread has exited). */
  threadId: number | null;
  /** Loop times. */
  createdAt: number;
  finishedAt: number | null;
}

/**
 * `loopscope/tasks` — sent by the extension (task tree view, `loopscope/tasks` command) to list every task of
 * the run, finished ones included. Answered from the adapter's task registry, so it works while running too.
 */
export const TASKS_REQUEST = 'loopscope/tasks';
export interface TasksArguments {
  /** Default true. */
  includeFinished?: boolean;
}
export interface TasksResult {
  /** Loop time (virtual seconds under the virtual clock). */
  time: number;
  tasks: LoopscopeTask[];
}

/**
 * `loopscope/callGraph` — sent by the extension (await graph view) for one task: who awaits whom, as Python 3.14's
 * asyncio.format_call_graph prints it and as data. Answered while stopped, or at the next loop iteration.
 */
export const CALL_GRAPH_REQUEST = 'loopscope/callGraph';
export interface CallGraphArguments {
  taskId: number;
}
export type CallGraphResult = CallGraph;

/**
 * `loopscope/cancelTask` — sent by the extension (task tree "Cancel task") to call Task.cancel(); DAP
 * `terminateThreads` does the same for task threads. Takes effect when the task next runs.
 */
export const CANCEL_TASK_REQUEST = 'loopscope/cancelTask';
export interface CancelTaskArguments {
  taskId: number;
  /** Passed to Task.cancel(msg). */
  message?: string;
}
export interface CancelTaskResult {
  /** False when the task had already finished. */
  cancelled: boolean;
}

/**
 * `loopscope/stepToNextTask` — sent by the extension ("Step to Next Task" button) while stopped: run until the
 * loop switches to another task (or to a callback) and stop at its first user line. The learner's
 * "what runs next?". Responds at once; a `stopped` event (reason `step`) follows.
 */
export const STEP_TO_NEXT_TASK_REQUEST = 'loopscope/stepToNextTask';
export interface StepToNextTaskArguments {
  threadId: number;
}

/**
 * `loopscope/input` — sent by the extension when the program waits for stdin (see the `loopscope/inputRequested`
 * event) with a line the user typed. Text typed in the Debug Console while the program waits is used the same
 * way. The text is recorded so that step back replays it.
 */
export const INPUT_REQUEST = 'loopscope/input';
export interface InputArguments {
  /** Handed to the program as is (add the newline); null: end of input. */
  text: string | null;
}

/** `loopscope/inputRequested` — sent by the adapter when the program reads stdin and has no input left. */
export const INPUT_REQUESTED_EVENT = 'loopscope/inputRequested';
export type InputRequestedBody = Record<string, never>;

/**
 * `loopscope/tasksChanged` — sent by the adapter whenever tasks were created, changed state or finished: at every
 * stop, and at most every TASKS_CHANGED_INTERVAL_MS while running. `changed` holds the tasks that changed
 * since the previous event (at most TASKS_CHANGED_LIMIT; `truncated` says more did: ask `loopscope/tasks`).
 */
export const TASKS_CHANGED_EVENT = 'loopscope/tasksChanged';
export const TASKS_CHANGED_INTERVAL_MS = 250;
export const TASKS_CHANGED_LIMIT = 500;
export interface TasksChangedBody {
  time: number;
  /** True while the program runs, false when this event comes with a stop. */
  running: boolean;
  /** Live tasks (not finished). */
  live: number;
  counts: Record<TaskState, number>;
  changed: LoopscopeTask[];
  truncated: boolean;
}
