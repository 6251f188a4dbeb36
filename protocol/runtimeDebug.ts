// The runtime's debugging interface, in the runtime's own terms (tasks, frames, positions; no DAP): what the
// session asks the Python debugger (runtime/python/_loopscope/debug_commands.py answers by the same names) and
// what a stop reports. Used by runtime/src (RuntimeSession.debug) and by the debug adapter, which translates.

/**
 * Exception filters the runtime understands (the adapter offers them as DAP exceptionBreakpointFilters, with these
 * ids; the runtime's Python debugger, runtime/python/_loopscope/, compares them by name).
 */
const EXCEPTION_FILTER_IDS = ['uncaught', 'raised', 'taskNeverRetrieved', 'cancellation'] as const;
export type ExceptionFilterId = (typeof EXCEPTION_FILTER_IDS)[number];

export function isExceptionFilterId(value: string): value is ExceptionFilterId {
  return EXCEPTION_FILTER_IDS.some((id) => id === value);
}

export interface LineBreakpointSpec {
  /** Chosen by the caller; echoed in results and in `DebugStop.breakpointIds`. */
  id: number;
  line: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export interface FunctionBreakpointSpec {
  id: number;
  /** `name` or `Class.method` (matched against the code's qualified name, then its plain name). */
  name: string;
  condition?: string;
  hitCondition?: string;
}

export interface BreakpointResult {
  id: number;
  verified: boolean;
  /** Where it really is: the requested line, or the next line with code. */
  line: number;
  message: string | null;
}

interface ExceptionDetails {
  filter: ExceptionFilterId;
  typeName: string;
  fullTypeName: string;
  message: string;
  /** Formatted like the interpreter prints it. */
  traceback: string;
  /** For `taskNeverRetrieved`: the task, e.g. `Task-3 worker()`. */
  task?: string;
}

/** 'checkpoint': a re-run made ahead of a step back waits at its checkpoint (never shown to the user). */
export type StopReason = 'entry' | 'breakpoint' | 'function breakpoint' | 'step' | 'pause' | 'exception' | 'deadlock' | 'checkpoint';

/** The program stopped (the worker waits for commands until it is resumed). */
export interface DebugStop {
  reason: StopReason;
  /** The task that stopped; null: the event loop itself (top level, callbacks, end of program). */
  taskId: number | null;
  /** User lines executed so far: the same number at the same moment of every run with the same inputs. */
  position: number;
  /** Position of the previous line executed by the same task (step back goes there); null if none. */
  previousInTask: number | null;
  /** Position of the last breakpoint hit before this stop, with the breakpoints this run started with. */
  previousBreakpoint: number | null;
  path: string | null;
  line: number | null;
  breakpointIds: number[];
  exception: ExceptionDetails | null;
  /** What the stop is about, in words, when the reason alone does not say (a deadlock: who waits on what). */
  description?: string;
  /** Loop time (virtual seconds under the virtual clock). */
  time: number;
}

/** How the program resumes. Steps are relative to the task named (default: the one that stopped). */
export type ResumeMode = 'continue' | 'next' | 'stepIn' | 'stepOut' | 'nextTask' | 'pause';

export type ResumeArguments =
  | { mode: ResumeMode; taskId?: number | null }
  /** A re-run waiting at its checkpoint goes on, silently, to `position` and stops there for `reason`. */
  | { mode: 'runTo'; position: number; reason: StopReason };

/** Sent once with configurationDone: how the program starts. */
export interface DebugStartOptions {
  stopOnEntry: boolean;
  /**
   * Re-run silently and stop at this position (step back, reverse continue); `from`: a checkpoint of the run
   * being left, from which the re-run starts watching lines (it runs to it unwatched, much faster); `park`: stop
   * at that checkpoint (reason 'checkpoint') and wait for a `runTo` resume (a re-run made ahead of a step back).
   */
  stopAt: { position: number; reason: StopReason; from?: RunCheckpoint; park?: boolean } | null;
  /** Input already given to the program in an earlier run, replayed before asking for more. */
  stdinReplay: string;
}

/** Where a run was between two loop callbacks (see runtime/python/_loopscope/debugger.py, "Checkpoints"). */
export interface RunCheckpoint {
  /** Loop callbacks the program had run. */
  callbacks: number;
  /** User lines executed by then. */
  position: number;
  last: number;
  prev: number;
  /** Each thread's (task id's) positions of its last two lines. */
  threads: [number, number, number][];
  /** Positions of the breakpoint hits by then. */
  breakpointPositions: number[];
}

export interface FrameInfo {
  id: number;
  name: string;
  path: string;
  line: number;
  /** Standard library (shown de-emphasized, hidden with justMyCode). */
  library: boolean;
}

interface ScopeInfo {
  name: string;
  kind: 'locals' | 'globals' | 'task';
  reference: number;
  expensive: boolean;
}

export interface VariableInfo {
  name: string;
  value: string;
  type: string;
  /** > 0: the value has children (ask `variables` with this reference). */
  reference: number;
  named?: number;
  indexed?: number;
  evaluateName?: string;
}

interface CompletionInfo {
  label: string;
  text: string;
  /** 0-based offset in the text where the completed word starts, and its length. */
  start: number;
  length: number;
}

export type EvaluateContext = 'hover' | 'watch' | 'repl' | 'clipboard' | 'variables';

/** Every request the session can make of the debugger: arguments and result. */
export interface DebugRequests {
  configure: { args: { justMyCode?: boolean; exceptionFilters?: ExceptionFilterId[] }; result: null };
  setBreakpoints: { args: { path: string; breakpoints: LineBreakpointSpec[] }; result: BreakpointResult[] };
  setFunctionBreakpoints: { args: { breakpoints: FunctionBreakpointSpec[] }; result: BreakpointResult[] };
  breakpointLocations: { args: { path: string; line: number; endLine?: number }; result: number[] };
  stackTrace: { args: { taskId: number | null }; result: FrameInfo[] };
  scopes: { args: { frameId: number }; result: ScopeInfo[] };
  variables: { args: { reference: number; start?: number; count?: number }; result: VariableInfo[] };
  setVariable: { args: { reference: number; name: string; value: string }; result: VariableInfo };
  evaluate: { args: { frameId: number | null; expression: string; context: EvaluateContext }; result: VariableInfo };
  completions: { args: { frameId: number | null; text: string; column: number }; result: CompletionInfo[] };
  cancelTask: { args: { taskId: number; message?: string }; result: boolean };
  /** Text of a file as the runtime sees it (the standard library is inside the runtime); null if none. */
  source: { args: { path: string }; result: string | null };
  /** The last checkpoint from which a re-run reaches `position`, if any (null, also when breakpoints must see every hit). */
  checkpointBefore: { args: { position: number }; result: RunCheckpoint | null };
}

export type DebugRequestName = keyof DebugRequests;

/** A logpoint's message or a breakpoint condition's error, from the program's point of view. */
export interface DebugLog {
  text: string;
  path: string;
  line: number;
  category: 'console' | 'stderr';
}
