// Loopscope's additions to the Debug Adapter Protocol, declared once: the debug adapter (debug-adapter/src)
// answers and sends them, the extension (client/src) calls and listens. Each entry says who sends it and why;
// `CustomRequests` and `CustomEvents` at the end bind each name to its types for both ends.
// Fixed names and shapes come from shared/CONTRACT.md ("Debug adapter").
import type { CallGraph, CallGraphNode, ClockKind, SourceLocation, TaskState } from './runtimeEvents';

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
  /**
   * `virtual` (default): asyncio.sleep takes no wall time, loop time follows the wall clock while I/O is in flight,
   * and the run is recorded as it goes, so that step back replays it (network and processes included).
   */
  clock?: ClockKind;
  /** Seed for `random` (default: fixed per session, so re-runs repeat). */
  seed?: number;
  /** Hide and step over the standard library and the environment's packages (default true). */
  justMyCode?: boolean;
  /**
   * The interpreter whose environment (site-packages) the program imports from, as `loopscope run --python`.
   * Default: in VS Code the Python extension's selected interpreter, else VIRTUAL_ENV, else .venv/venv beside
   * the program or in cwd, else the python3 on PATH.
   */
  python?: string;
  /** A folder of WebAssembly wheels for the runtime's CPython (as `loopscope run --wheels`). */
  wheels?: string;
  /**
   * A recording (`loopscope run --record FILE`) to debug offline: the program gets what the recorded run got, and
   * program, args, cwd, env, clock and seed are the recording's (a `program` given must be the recorded one).
   */
  replay?: string;
  /**
   * Only for `dist/debugAdapter.js --server=PORT`: the server's token (printed on stdout when it started, or
   * LOOPSCOPE_DEBUG_TOKEN); a connection whose launch lacks it is refused. The adapter takes it out before launching.
   */
  token?: string;
}

/** Launch attribute set by the extension, not by users: what VS Code knows and the adapter cannot. */
export const EDITOR_CONTEXT_ATTRIBUTE = '__loopscopeEditor';

export interface LaunchEditorContext {
  /** `python` was filled in from the Python extension's selected interpreter (messages say so). */
  pythonFromExtension?: boolean;
  /** The workspace folder holding the program: its .venv or venv is used after one beside the program. */
  workspaceFolder?: string;
}

/** DAP thread id of the event loop itself (code outside any task: top level, callbacks). */
export const EVENT_LOOP_THREAD_ID = 1;

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
  /** What it waits on, e.g. `sleep until t=3`, `get() on Queue(maxsize=0, qsize=0)`, `reading 127.0.0.1:8080`, `running`, `ready`. */
  awaiting: string;
  /** It waits on I/O: a socket (reading, writing, connecting, serving), a name lookup, a process. */
  ioWait: boolean;
  /** The DAP thread that shows it; null once the task has finished (its thread has exited). */
  threadId: number | null;
  /** Loop times. */
  createdAt: number;
  finishedAt: number | null;
  /** Where the task was created (the first user line on the stack then). */
  site: SourceLocation | null;
  /** `Type: message` of the exception a failed task ended with. */
  error: string | null;
}

/**
 * `loopscope/tasks` — sent by the extension (task tree view, `loopscope/tasks` command) to list every task of
 * the run, finished ones included. Answered from the adapter's task registry, so it works while running too.
 */
export const TASKS_REQUEST = 'loopscope/tasks';
interface TasksArguments {
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
interface CallGraphArguments {
  taskId: number;
}
export type CallGraphResult = CallGraph;

/**
 * `loopscope/cancelTask` — sent by the extension (task tree "Cancel task") to call Task.cancel(); DAP
 * `terminateThreads` does the same for task threads. Takes effect when the task next runs.
 */
export const CANCEL_TASK_REQUEST = 'loopscope/cancelTask';
interface CancelTaskArguments {
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
interface StepToNextTaskArguments {
  /** The thread whose task the step is relative to (default: the one that stopped). */
  threadId?: number;
}

/**
 * `loopscope/input` — sent by the extension when the program waits for stdin (see the `loopscope/inputRequested`
 * event) with a line the user typed. Text typed in the Debug Console while the program waits is used the same
 * way. The text is recorded so that step back replays it.
 */
export const INPUT_REQUEST = 'loopscope/input';
interface InputArguments {
  /** Handed to the program as is (add the newline); null: end of input. */
  text: string | null;
}

/** `loopscope/inputRequested` — sent by the adapter when the program reads stdin and has no input left. */
export const INPUT_REQUESTED_EVENT = 'loopscope/inputRequested';
type InputRequestedBody = Record<string, never>;

/**
 * `loopscope/runtimeStarted` — sent by the adapter once a launched (or restarted) program's runtime has loaded Python
 * and waits for its breakpoints: how that start went. The extension logs it; tests and bench/debug read it.
 */
export const RUNTIME_STARTED_EVENT = 'loopscope/runtimeStarted';
export interface RuntimeStartedBody {
  /** The runtime's worker was started before the launch request: on `initialize`, or the extension's spare. */
  preStarted: boolean;
  /** How long before the launch request that worker was started, in ms (0 when it was not pre-started). */
  aheadMs: number;
  /** That worker had already loaded Python when the launch came (the extension's spare, loaded in the background). */
  loadedBeforeLaunch: boolean;
  /** Worker start to Python loaded, in ms (however much of it happened before the launch). */
  bootMs: number;
  /** From the launch request (or restart) to the runtime ready for breakpoints, in ms. */
  readyMs: number;
  /** Python was restored from the memory snapshot ('loaded'), loaded and the snapshot made ('created'), or neither. */
  snapshot: 'loaded' | 'created' | 'none';
}

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

/**
 * `loopscope/callGraphs` — sent by the extension (await graph view, "all tasks") while stopped: the call graph of
 * every live task at once, so the view needs one round trip instead of one per task. `graphs` holds one graph per
 * live task (at most `limit`, oldest first); `text` joins the `format_call_graph` texts of the tasks that await no
 * other task, whose "awaited by" sections show everyone else.
 */
export const CALL_GRAPHS_REQUEST = 'loopscope/callGraphs';
interface CallGraphsArguments {
  /** Most tasks to describe (default CALL_GRAPHS_DEFAULT_LIMIT). */
  limit?: number;
}
export const CALL_GRAPHS_DEFAULT_LIMIT = 1000;
export interface CallGraphsResult {
  time: number;
  text: string;
  graphs: CallGraphNode[];
  /** Live tasks in all (graphs may hold fewer: see `truncated`). */
  liveTasks: number;
  truncated: boolean;
}

/**
 * `loopscope/focusTask` — sent by the extension (task tree "Select in Call Stack") while stopped: the adapter
 * repeats its `stopped` event for the task's thread, which makes VS Code select that thread in the Call Stack
 * view and show its top frame (the API has no other way to move the focus).
 */
export const FOCUS_TASK_REQUEST = 'loopscope/focusTask';
interface FocusTaskArguments {
  taskId: number;
}
export interface FocusTaskResult {
  /** False when the task has finished (it has no thread) or the program is not stopped. */
  focused: boolean;
}

// -- timeline --------------------------------------------------------------------------------------------

/** A source line in timeline data: index into the delta's path table, and the 1-based line. */
export type TimelineLocation = [path: number, line: number];

/** One task's lane: what it is and how it ended. */
export interface TimelineLane {
  taskId: number;
  name: string;
  coroutine: string;
  parentId: number | null;
  state: TaskState;
  createdAt: number;
  finishedAt: number | null;
  error: string | null;
  site: TimelineLocation | null;
  /** The step running now (its start time and sequence number), or null. */
  runningSince: number | null;
  runningSeq: number | null;
}

/** One step of a task: it ran from `start` to `end` (loop time), the `seq`-th step of the run. */
export interface TimelineSlice {
  taskId: number;
  seq: number;
  start: number;
  end: number;
  /** Where the step resumed the task (where it last suspended, or its creation site for the first step). */
  from: TimelineLocation | null;
  /** Where the task suspended at the end of the step (null when it finished). */
  to: TimelineLocation | null;
  /** What it waits for after the step, e.g. `sleep until t=1.5`; null when ready again or finished. */
  awaiting: string | null;
  /** What it waits for is I/O (a socket, a name lookup, a process): the wait is drawn as such. */
  io: boolean;
}

/**
 * Steps on the wire: one array per field, step i at index i of each (`encodeSlices` / `decodeSlices`). Arrays of
 * numbers cost a fraction of what as many small objects cost to serialise and clone, and a run may have
 * hundreds of thousands of steps. A missing location has path -1.
 */
interface TimelineSliceColumns {
  taskId: number[];
  seq: number[];
  start: number[];
  end: number[];
  fromPath: number[];
  fromLine: number[];
  toPath: number[];
  toLine: number[];
  awaiting: (string | null)[];
  /** 1 where the step's wait is I/O (absent from older adapters: none is). */
  io?: number[];
}

export function encodeSlices(slices: readonly TimelineSlice[]): TimelineSliceColumns {
  const columns: TimelineSliceColumns = {
    taskId: [],
    seq: [],
    start: [],
    end: [],
    fromPath: [],
    fromLine: [],
    toPath: [],
    toLine: [],
    awaiting: [],
    io: [],
  };
  for (const slice of slices) {
    columns.taskId.push(slice.taskId);
    columns.seq.push(slice.seq);
    columns.start.push(slice.start);
    columns.end.push(slice.end);
    columns.fromPath.push(slice.from ? slice.from[0] : -1);
    columns.fromLine.push(slice.from ? slice.from[1] : 0);
    columns.toPath.push(slice.to ? slice.to[0] : -1);
    columns.toLine.push(slice.to ? slice.to[1] : 0);
    columns.awaiting.push(slice.awaiting);
    columns.io!.push(slice.io ? 1 : 0);
  }
  return columns;
}

/** The steps of `columns` from index `from` on. */
export function decodeSlices(columns: TimelineSliceColumns, from = 0): TimelineSlice[] {
  const slices: TimelineSlice[] = [];
  for (let index = Math.max(0, from); index < columns.seq.length; index++) {
    const fromPath = columns.fromPath[index]!;
    const toPath = columns.toPath[index]!;
    slices.push({
      taskId: columns.taskId[index]!,
      seq: columns.seq[index]!,
      start: columns.start[index]!,
      end: columns.end[index]!,
      from: fromPath < 0 ? null : [fromPath, columns.fromLine[index]!],
      to: toPath < 0 ? null : [toPath, columns.toLine[index]!],
      awaiting: columns.awaiting[index] ?? null,
      io: columns.io?.[index] === 1,
    });
  }
  return slices;
}

/** The loop was held for `duration` by a blocking call (`time.sleep`) during step `seq` of `taskId`. */
export interface TimelineBlock {
  time: number;
  duration: number;
  taskId: number | null;
  seq: number | null;
  at: TimelineLocation | null;
}

/**
 * Timeline data, sent in pieces: each delta adds paths, slices and blocks and replaces the lanes it lists.
 * `reset` says to drop what was kept first (a new run: restart or step back, or a full loopscope/timeline answer).
 */
export interface TimelineDelta {
  /** Identifies the run; a new run starts with a delta whose `reset` is true. */
  run: number;
  reset: boolean;
  /** Loop time now. */
  time: number;
  clock: ClockKind;
  /** Index of `paths[0]` in the run's path table (the number of paths sent before). */
  pathsStart: number;
  paths: string[];
  lanes: TimelineLane[];
  /** Index of the first step in `slices` among the run's steps; likewise `blocksStart`. A receiver skips what it already has. */
  slicesStart: number;
  slices: TimelineSliceColumns;
  blocksStart: number;
  blocks: TimelineBlock[];
  /** Steps not kept because the run made more than the adapter keeps (TIMELINE_SLICE_LIMIT). */
  droppedSlices: number;
}
export const TIMELINE_SLICE_LIMIT = 250_000;

/**
 * `loopscope/timeline` — sent by the extension (timeline view) when it starts following a session that already
 * ran, or lost track: the whole timeline of the current run so far, as one delta with `reset` true.
 */
export const TIMELINE_REQUEST = 'loopscope/timeline';
type TimelineArguments = Record<string, never>;
export type TimelineResult = TimelineDelta;

/**
 * `loopscope/timelineChanged` — sent by the adapter right after each `loopscope/tasksChanged` (so at every stop,
 * throttled while running, and at the end): what the timeline gained since the previous one.
 */
export const TIMELINE_CHANGED_EVENT = 'loopscope/timelineChanged';
export type TimelineChangedBody = TimelineDelta;

// -- the bindings ----------------------------------------------------------------------------------------

/**
 * Every custom request: its arguments and its response body (`undefined`: none). The adapter's dispatcher
 * (debug-adapter/src/customRequests.ts) must answer each one, and the extension's calls
 * (client/src/sessions/customMessages.ts) are typed by it.
 */
export interface CustomRequests {
  [TASKS_REQUEST]: { args: TasksArguments; result: TasksResult };
  [CALL_GRAPH_REQUEST]: { args: CallGraphArguments; result: CallGraphResult };
  [CALL_GRAPHS_REQUEST]: { args: CallGraphsArguments; result: CallGraphsResult };
  [CANCEL_TASK_REQUEST]: { args: CancelTaskArguments; result: CancelTaskResult };
  [FOCUS_TASK_REQUEST]: { args: FocusTaskArguments; result: FocusTaskResult };
  [STEP_TO_NEXT_TASK_REQUEST]: { args: StepToNextTaskArguments; result: undefined };
  [INPUT_REQUEST]: { args: InputArguments; result: undefined };
  [TIMELINE_REQUEST]: { args: TimelineArguments; result: TimelineResult };
}
export type CustomRequestName = keyof CustomRequests;

/**
 * Every custom event and its body. The adapter sends them through one typed helper
 * (debug-adapter/src/customEvents.ts); the extension listens through another (client/src/sessions/customMessages.ts).
 */
export interface CustomEvents {
  [TASKS_CHANGED_EVENT]: TasksChangedBody;
  [TIMELINE_CHANGED_EVENT]: TimelineChangedBody;
  [RUNTIME_STARTED_EVENT]: RuntimeStartedBody;
  [INPUT_REQUESTED_EVENT]: InputRequestedBody;
}
export type CustomEventName = keyof CustomEvents;
