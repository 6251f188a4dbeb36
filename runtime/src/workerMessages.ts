// Messages between a RuntimeSession (main thread) and its runtime worker, and the data the worker starts with.
import type { MessagePort } from 'node:worker_threads';
import type { ClockKind, RuntimeEvent } from '../../protocol/runtimeEvents';
import type { DebugLog, DebugRequestName, DebugStartOptions, DebugStop, ResumeArguments } from '../../protocol/runtimeDebug';
import type { ProgramEnvironment } from './environment/programEnvironment';

/** What a runtime worker needs to load Python before it knows its program: its workerData (see runtimeBoot.ts). */
export interface WorkerBootData {
  pyodideDir: string;
  pythonDir: string;
  /** The folder where memory snapshots are cached (null: none is made). */
  snapshotDir: string | null;
  /** The install's own snapshots (dist/snapshot, see pythonSnapshot.ts): loaded read-only when one fits. */
  shippedSnapshotDir: string;
  /** Compile CPython's WebAssembly with the optimizing tier up front (slower start, faster steady state). */
  optimizeWasm: boolean;
  /**
   * 'balanced' tier: make CPython's hot functions hot right after loading, so V8 optimizes them early (the
   * same Python runs every time, whether or not the worker then waits for them).
   */
  warmInterpreter: boolean;
}

/** The program a worker runs once Python is loaded: the first message its session sends it ({ kind: 'program' }). */
export interface WorkerStartData {
  program: string;
  /** sys.argv as the program sees it: [program as given, ...args]. */
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  /** The program's Python environment: folders to mount and put on sys.path, wheels to install. */
  environment: ProgramEnvironment;
  clock: ClockKind;
  seed: number | null;
  maxTime: number | null;
  instrumented: boolean;
  /** Write program output straight to this process's fds 1/2 (CLI) instead of posting it (debugger, tests). */
  inheritStdio: boolean;
  /** Text fed to input(); null: read this process's stdin; '' : no input (EOF). */
  stdin: string | null;
  /** Cap on the WebAssembly heap, in MiB (null: Pyodide's own limit). */
  maxMemoryMb: number | null;
  /** Stop (and wait for commands) at the first loop iteration at or after this loop time. */
  pauseAtTime: number | null;
  /** Before the program, wait up to this many ms for CPython's eval loop to be optimized (0: do not wait). */
  awaitOptimizedMs: number;
  /** Let runOnce lend Python the deadline batches that follow an iteration (virtual clock only). */
  lendBatches: 'adaptive' | 'always' | 'never';
  epoch: number;
  defaultWorkers: number;
  control: SharedArrayBuffer;
  interrupt: SharedArrayBuffer;
  /** Debug mode: sys.monitoring hooks, a configuration stop before the program, interactive stdin. */
  debug: boolean;
  /** Debug mode: [state, length] + bytes of input handed to the program (see programInput.ts). */
  input: SharedArrayBuffer | null;
  /** What the program does with each signal, and signals waiting for it (see programSignals.ts). */
  signals: SharedArrayBuffer;
  /** Told the pid of every child process the program starts, from the I/O worker (the session ends them with the run). */
  childTracker: MessagePort | null;
  /** Record what enters the program into `path`, or replay the recording there (worker/recording/tape.ts). */
  recording: { mode: 'record' | 'replay'; path: string } | null;
}

/** The session's first message to its worker: the program, and the port its commands come on. */
export interface WorkerProgramMessage {
  kind: 'program';
  data: WorkerStartData;
  commands: MessagePort;
}

/** A batch of encoded events (see eventRecords.ts); decoded on the main thread. */
export interface EventBatch {
  records: Float64Array;
  /** Strings first used in this batch; records refer to them by run-wide index. */
  strings: string[];
  objects: RuntimeEvent[];
}

export type WorkerMessage =
  /** Python is loaded (the worker now waits for its program, unless it already has it). */
  | { kind: 'booted'; bootMs: number; snapshot: 'loaded' | 'created' | 'none' }
  | { kind: 'events'; batch: EventBatch }
  | { kind: 'output'; stream: 'stdout' | 'stderr'; data: Uint8Array }
  /** Set up for the program; `startupMs`: the worker's time loading and setting up, not its wait for the program. */
  | { kind: 'ready'; startupMs: number; snapshot: 'loaded' | 'created' | 'none'; interpreterWaitMs: number }
  | { kind: 'paused'; time: number }
  /** Debug mode: Python is loaded; the worker waits for breakpoints etc. and a `resume` with DebugStartOptions. */
  | { kind: 'configuring' }
  | { kind: 'stopped'; stop: DebugStop }
  | { kind: 'debugLog'; log: DebugLog }
  /** Debug mode: the program reads stdin and the replayed input is used up. */
  | { kind: 'inputRequested' }
  | { kind: 'reply'; id: number; result: unknown; error?: string }
  /** `signal`: the program ended as python3 ends by killing itself with it (an uncaught KeyboardInterrupt: SIGINT). */
  | { kind: 'finished'; exitStatus: number; time: number; signal?: number }
  /** The program sent its own process a signal whose default action ends it (os.kill(os.getpid(), SIGTERM)). */
  | { kind: 'raiseSignal'; signal: number }
  | { kind: 'failed'; message: string }
  /** The run first reached outside the runtime (network, a process, this process's stdin): it may now wait on the world. */
  | { kind: 'reachedOutside' };

/** Commands the session sends while the worker is paused (read synchronously with receiveMessageOnPort). */
export type WorkerCommand =
  | { kind: 'tasks'; id: number }
  | { kind: 'callGraph'; id: number; taskId: number }
  | { kind: 'debug'; id: number; op: DebugRequestName; args: unknown }
  /** Leave a pause or a debugger stop (`args`: how to go on), or start the program (`start`). */
  | { kind: 'resume'; id: number; args?: ResumeArguments; start?: DebugStartOptions };
