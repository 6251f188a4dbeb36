// Typed event stream of the Loopscope runtime: what the event loop did, task by task.
// Produced by runtime/ (the worker encodes records, the session decodes them); consumed by the CLI
// (--tree, --timeline, --events), the debug adapter and tests. Times are loop-clock seconds
// (virtual seconds under `--clock virtual`, seconds since the run started under `--clock real`).

/**
 * How loop time runs: `virtual` (asyncio.sleep takes no wall time) or `real`. The launch attribute `clock`, the
 * CLI's `--clock`, the runtime's options and a recording's header all take these names.
 */
const CLOCK_KINDS = ['virtual', 'real'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export function isClockKind(value: unknown): value is ClockKind {
  return CLOCK_KINDS.some((kind) => kind === value);
}

export type TaskState = 'pending' | 'running' | 'done' | 'cancelled' | 'failed';

/** The end state of a task. */
type FinishedTaskState = 'done' | 'cancelled' | 'failed';

export interface SourceLocation {
  path: string;
  line: number;
}

/**
 * What a task waiting on I/O is doing: reading from or writing to a peer (or a pipe), connecting, a TLS
 * handshake, resolving a name, accepting or serving on a listening socket, closing, waiting for a process.
 * The runtime sends the index of the operation in this list (runtime/python/_loopscope/io_waits.py).
 */
export const IO_WAIT_OPERATIONS = ['read', 'write', 'connect', 'handshake', 'resolve', 'accept', 'serve', 'close', 'process'] as const;
type IoWaitOperation = (typeof IO_WAIT_OPERATIONS)[number];

/** What a suspended task waits for. `null` in a `stepEnded` event: the task is ready again (a bare `yield`, `sleep(0)`) or finished. */
export type AwaitTarget =
  | { kind: 'sleep'; until: number }
  | { kind: 'task'; taskId: number }
  | { kind: 'executor'; jobId: number }
  | { kind: 'queue' | 'lock' | 'event' | 'semaphore' | 'condition' | 'barrier'; operation: string; description: string }
  | { kind: 'gather' | 'wait' | 'taskgroup' | 'future'; description: string }
  /** I/O outside the program: `description` says what and with whom, e.g. `reading 127.0.0.1:8080`. */
  | { kind: 'io'; operation: IoWaitOperation; description: string };

/** What reached outside the runtime first (see the `ioStarted` event). */
export type ExternalResource = 'network' | 'process' | 'input';

/** What the program did when it first reached outside, as a past-tense phrase ("started a process"). */
export function externalIoDone(resource: ExternalResource): string {
  if (resource === 'process') return 'started a process';
  if (resource === 'input') return 'read its standard input';
  return 'used the network';
}

export type RuntimeEvent =
  /** Sent once, before the program's first line runs. */
  | { type: 'runStarted'; time: number; program: string; clock: ClockKind; seed: number | null }
  | {
      type: 'taskCreated';
      time: number;
      taskId: number;
      name: string;
      /** Qualified name of the task's coroutine function, e.g. `main` or `Worker.run`. */
      coroutine: string;
      parentId: number | null;
      /** The first user-code line on the stack when the task was created. */
      site: SourceLocation | null;
    }
  | { type: 'stepStarted'; time: number; taskId: number }
  | { type: 'stepEnded'; time: number; taskId: number; awaiting: AwaitTarget | null; line: SourceLocation | null }
  | { type: 'taskFinished'; time: number; taskId: number; state: FinishedTaskState; error: string | null }
  /** `time.sleep()` (or other blocking call) held the loop: virtual time moved by `duration` with no task switch. */
  | { type: 'loopBlocked'; time: number; duration: number; taskId: number | null; site: SourceLocation | null }
  | { type: 'executorJobStarted'; time: number; jobId: number; worker: number; function: string; taskId: number | null }
  | { type: 'executorJobFinished'; time: number; jobId: number; worker: number; duration: number; failed: boolean }
  /**
   * Sent once per run, when the program first reaches outside the runtime: its first host socket, server or
   * name lookup, or its first process. From then on the run is not repeatable (under the virtual clock too:
   * loop time follows the wall clock while I/O is in flight, and the world answers as it likes), and a
   * re-run would repeat that I/O against the world. `description` says what it was (`connecting to
   * 127.0.0.1:8080`); `position` is the debugger's position then (user lines executed; debug mode only):
   * a re-run that stops at or before it has not reached the I/O yet.
   */
  | { type: 'ioStarted'; time: number; resource: ExternalResource; description: string; position: number | null }
  /** The run was stopped by the runtime (deadlock, --max-time, --max-wall); `report` is the text printed. */
  | { type: 'runHalted'; time: number; reason: HaltReason; report: string }
  | { type: 'runFinished'; time: number; exitStatus: number };

export type HaltReason = 'deadlock' | 'maxTime' | 'maxWall' | 'memory' | 'crash' | 'replayDiverged';

type RuntimeEventType = RuntimeEvent['type'];

export type RuntimeEventOf<T extends RuntimeEventType> = Extract<RuntimeEvent, { type: T }>;

/** Snapshot of one task as the debugger's `loopscope/tasks` reports it. */
export interface TaskInfo {
  id: number;
  name: string;
  state: TaskState;
  parentId: number | null;
  coroutine: string;
  source: SourceLocation | null;
  awaiting: string;
  createdAt: number;
  finishedAt: number | null;
}

/** One node of an await call graph (Python 3.14 `asyncio.capture_call_graph`). */
export interface CallGraphNode {
  /** The future or task this graph is about, e.g. `Task-2` or `<Future pending>`. */
  future: string;
  taskId: number | null;
  /** The coroutine stack of the task, innermost first. */
  frames: { function: string; path: string; line: number }[];
  /** Graphs of the tasks that await this one. */
  awaitedBy: CallGraphNode[];
  /** What the graph's own task waits on (its root node only; null when it is ready or running). */
  awaiting?: { text: string; io: boolean } | null;
}

export interface CallGraph {
  /** Exactly what `asyncio.format_call_graph(task)` returns. */
  text: string;
  graph: CallGraphNode;
}
