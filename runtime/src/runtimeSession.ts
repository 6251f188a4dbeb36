// A run of one Python program on the runtime, seen from the thread that started it: hands the program to a worker
// (booted for it, or ahead: runtimeBoot.ts), decodes its events, enforces --max-wall, and offers pause / inspect /
// resume for the debugger.
import path from 'node:path';
import { MessageChannel, type Worker } from 'node:worker_threads';
import type { CallGraph, ClockKind, HaltReason, RuntimeEvent, TaskInfo } from '../../protocol/runtimeEvents';
import type { DebugLog, DebugRequestName, DebugRequests, DebugStartOptions, DebugStop, ResumeArguments } from '../../protocol/runtimeDebug';
import { INPUT } from './worker/programInput';
import { resolveProgramEnvironment, type EnvironmentOptions } from './environment/programEnvironment';
import { ChildProcessReaper } from './childProcessReaper';
import { decodeEvents } from './eventDecoder';
import { CONTROL, HALT_CODE, SIGNALS } from './eventRecords';
import { ProgramSignals, PROGRAM_SIGNALS_BYTES, signalName, signalNumber, type SignalOutcome } from './programSignals';
import { BootedRuntime, compiledPythonKept, type BootOptions, type WorkerNews } from './runtimeBoot';
import type { WorkerCommand, WorkerMessage, WorkerProgramMessage, WorkerStartData } from './workerMessages';

export interface RuntimeOptions extends EnvironmentOptions, BootOptions {
  /** The .py file to run. */
  program: string;
  args?: readonly string[];
  /** sys.argv[0] (default: `program` as given). */
  argv0?: string;
  cwd?: string;
  env?: Record<string, string>;
  clock?: ClockKind;
  seed?: number | null;
  /** Stop once virtual time would pass this many seconds. */
  maxTime?: number | null;
  /** Stop after this many wall-clock seconds (null: no limit; unset: see DEFAULT_MAX_WALL_SECONDS). */
  maxWall?: number | null;
  /** Produce the event stream (off: no instrumentation cost at all). */
  instrument?: boolean;
  /** 'inherit': the program writes to this process's stdout/stderr; 'pipe': output arrives as onOutput callbacks. */
  stdio?: 'inherit' | 'pipe';
  /** Text for input()/sys.stdin; null reads this process's stdin. Default: '' under 'pipe', null under 'inherit'. */
  stdin?: string | null;
  maxMemoryMb?: number | null;
  /** Pause at the first loop iteration at or after this loop time. */
  pauseAtTime?: number | null;
  /** Seconds since the epoch that virtual time 0 maps to for time.time() (default: now). */
  epoch?: number;
  /** Simulated default executor size (default 8: CPython's min(32, cpu_count + 4) on 4 cores). */
  defaultWorkers?: number;
  /**
   * Under the virtual clock, hand Python several consecutive timer-only iterations per boundary crossing
   * (default true; the order of callbacks and the clock they read are the same either way). For tests and
   * benchmarks; 'always' lends as many as fit every time instead of adapting to what Python takes.
   */
  lendDeadlineBatches?: boolean | 'always';
  /**
   * A worker booted ahead (bootRuntime) to run the program on: it has loaded Python, or is loading it. Used when
   * it fits the boot options here and nobody used it yet; otherwise it is disposed of and a worker is started.
   */
  booted?: BootedRuntime;
  /**
   * Debug the program: implies `instrument`; the worker stops before the program (see `onConfiguring`) until
   * `start()`, stops at breakpoints/steps (`onStopped`), and stdin becomes interactive (`provideInput`).
   */
  debug?: boolean;
  /** Record everything that enters the program from outside into this file (docs/recording.md). */
  record?: string | null;
  /**
   * Replay the recording in this file: the program gets what the recorded run got, and touches no network and no
   * process. The other options should be the recording's (replayOptions() reads them from its header).
   */
  replay?: string | null;
}

/** Longest wait for the optimized eval loop ('balanced'), from when it starts being compiled. */
const INTERPRETER_WAIT_CAP_MS = 150;
/** An earlier session of this process had CPython's eval loop optimized (shared while a module is kept). */
let interpreterOptimized = false;

/**
 * The wall-clock limit of a run that sets none: a program that stays inside the runtime under the virtual clock
 * (sleeps take no time) and runs this long is a runaway loop. None under the real clock, and none once the run
 * waits on the world (network, processes, stdin), where waiting is legitimate.
 */
const DEFAULT_MAX_WALL_SECONDS = 60;

/** SIGHUP, SIGINT, SIGQUIT, SIGTERM: what ends a replay when sent to it (other signals are left alone). */
const REPLAY_STOPPING_SIGNALS: ReadonlySet<number> = new Set([1, 2, 3, 15]);

/** How long a debugger request may run Python (evaluations, reprs) before it is interrupted. */
const DEBUG_REQUEST_TIMEOUT_MS = 3000;
/**
 * After the interrupt, how long such a request may still take before its caller is answered without it: the
 * Python runs on (native code, such as sum() over a huge range, cannot be interrupted) and the program keeps
 * its state; the worker answers later requests once that code returns.
 */
const DEBUG_REQUEST_GIVE_UP_MS = 2000;

/** A debugger request whose Python could not be interrupted: it runs on, and the program keeps its state. */
class DebugRequestStillRunning extends Error {
  constructor(readonly op: string) {
    super(
      `${op === 'evaluate' ? 'an evaluation' : `a debugger request (${op})`} is still running in code that cannot be ` +
        'interrupted (a native loop); the program stays where it was and answers again once that code returns. ' +
        'Stop ends the session.',
    );
  }
}

/** How a run's worker came to be ready for its program (RuntimeSession.startup, once it is). */
export interface StartupReport {
  /** The program went to a worker booted ahead of it (RuntimeOptions.booted). */
  bootedAhead: boolean;
  /** How long that worker had been booting when the program was handed over, in ms (0 when booted for it). */
  aheadMs: number;
  /** That worker had already loaded Python when the program was handed over (the program waited for none of it). */
  loadedAhead: boolean;
  /** Worker start to Python loaded, in ms (however much of it happened before the hand-over). */
  bootMs: number;
  /** From the hand-over (startRuntime) to the program ready to start, in ms: what the caller waited. */
  readyMs: number;
  snapshot: 'loaded' | 'created' | 'none';
}

export interface RunResult {
  exitStatus: number;
  /** Loop time when the run ended. */
  time: number;
  halt: { reason: HaltReason | 'terminate'; report: string } | null;
  startupMs: number;
  /** Part of startupMs spent waiting for the optimized eval loop ('balanced' tier). */
  interpreterWaitMs: number;
  snapshot: 'loaded' | 'created' | 'none';
  /**
   * The program ended the way python3 ends when killed by this signal ('SIGTERM' with no handler, 'SIGINT' after
   * an uncaught KeyboardInterrupt): exitStatus is 128 + its number; a CLI dies of the same signal. Else null.
   */
  signal: string | null;
}

type Listener<T> = (value: T) => void;

const WALL_GRACE_MS = 3000;

export class RuntimeSession {
  private readonly worker: Worker;
  private readonly control: Int32Array;
  private readonly interrupt: Int32Array;
  private readonly commands: MessageChannel;
  private readonly eventListeners: Listener<RuntimeEvent>[] = [];
  private readonly outputListeners: Listener<{ stream: 'stdout' | 'stderr'; data: Uint8Array }>[] = [];
  private readonly pausedListeners: Listener<number>[] = [];
  private readonly stoppedListeners: Listener<DebugStop>[] = [];
  private readonly logListeners: Listener<DebugLog>[] = [];
  private readonly inputListeners: Listener<void>[] = [];
  private readonly configuring: Promise<void>;
  private configured!: () => void;
  private readonly input: Int32Array | undefined;
  private readonly pendingInput: Buffer[] = [];
  private inputWanted = false;
  private readonly replies = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextCommand = 1;
  private readonly strings: string[] = [];
  private readonly result: Promise<RunResult>;
  private halt: RunResult['halt'] = null;
  private startupFigures = { startupMs: 0, snapshot: 'none' as RunResult['snapshot'], interpreterWaitMs: 0 };
  private startupReport: StartupReport | undefined;
  private bootMs = 0;
  private paused = false;
  private wallTimer: NodeJS.Timeout | undefined;
  /** The wall-clock limit is the default one (see DEFAULT_MAX_WALL_SECONDS), not the caller's. */
  private wallLimitIsDefault = false;
  private wallLimit: number | null = null;

  private startWallLimit(): void {
    const limit = this.wallLimit;
    if (limit === null || this.wallTimer || this.finished) return;
    this.wallTimer = setTimeout(() => this.stop(HALT_CODE.maxWall), limit * 1000);
    this.wallTimer.unref();
  }

  /** The wall-clock limit in force (seconds from the program's start), null when there is none (any more). */
  get wallLimitSeconds(): number | null {
    return this.wallLimit;
  }
  /** What the program does with each signal; signals for it go through here (see deliverSignal). */
  private readonly signals: ProgramSignals;
  /** Ends the program's child processes with the run, whatever the worker manages. */
  private readonly children = new ChildProcessReaper();
  /** The run was ended as if killed by this signal number. */
  private killedBy: number | null = null;

  constructor(readonly options: RuntimeOptions) {
    const boot = claimableBoot(options);
    const stdio = options.stdio ?? 'pipe';
    this.control = new Int32Array(new SharedArrayBuffer(CONTROL.length * 4));
    this.interrupt = new Int32Array(new SharedArrayBuffer(4));
    const signalBuffer = new SharedArrayBuffer(PROGRAM_SIGNALS_BYTES);
    this.signals = new ProgramSignals(signalBuffer, this.interrupt);
    if (options.record && options.replay) throw new Error('a run is recorded or replayed, not both');
    // A recorded run takes signals from outside where the worker records them (see ProgramSignals.deferDelivery).
    if (options.record) this.signals.deferDelivery();
    this.commands = new MessageChannel();
    this.configuring = new Promise((resolve) => (this.configured = resolve));
    const debug = options.debug ?? false;
    const tier = boot.wasmTier;
    const inputBuffer = debug ? new SharedArrayBuffer(INPUT.headerBytes + INPUT.capacity) : null;
    this.input = inputBuffer ? new Int32Array(inputBuffer, 0, 2) : undefined;
    const program = path.resolve(options.cwd ?? process.cwd(), options.program);
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const env = options.env ?? stringEnv(process.env);
    const pyodideDir = path.join(boot.distDir, 'pyodide');
    const data: WorkerStartData = {
      program,
      argv: [options.argv0 ?? options.program, ...(options.args ?? [])],
      cwd,
      env,
      environment: resolveProgramEnvironment({ ...options, program, cwd, env, pyodideDir }),
      clock: options.clock ?? 'virtual',
      seed: options.seed ?? null,
      maxTime: options.maxTime ?? null,
      instrumented: (options.instrument ?? false) || debug,
      inheritStdio: stdio === 'inherit',
      stdin: options.stdin !== undefined ? options.stdin : stdio === 'inherit' ? null : '',
      maxMemoryMb: options.maxMemoryMb ?? null,
      pauseAtTime: options.pauseAtTime ?? null,
      // A module this process holds (kept by any session) gives its optimized code to every later worker.
      awaitOptimizedMs: tier === 'balanced' && !(compiledPythonKept() && interpreterOptimized) ? INTERPRETER_WAIT_CAP_MS : 0,
      lendBatches: options.lendDeadlineBatches === 'always' ? 'always' : options.lendDeadlineBatches === false ? 'never' : 'adaptive',
      epoch: options.epoch ?? Date.now() / 1000,
      defaultWorkers: options.defaultWorkers ?? 8,
      control: this.control.buffer as SharedArrayBuffer,
      interrupt: this.interrupt.buffer as SharedArrayBuffer,
      debug,
      input: inputBuffer,
      signals: signalBuffer,
      childTracker: this.children.port,
      recording: options.record
        ? { mode: 'record', path: path.resolve(options.record) }
        : options.replay
          ? { mode: 'replay', path: path.resolve(options.replay) }
          : null,
    };
    // What the worker reported before this session claimed it comes first (on a microtask), then the rest.
    let onNews: (news: WorkerNews) => void = () => undefined;
    const handedOverAt = performance.now();
    this.worker = boot.claim((news) => onNews(news));
    const programMessage: WorkerProgramMessage = { kind: 'program', data, commands: this.commands.port2 };
    this.worker.postMessage(programMessage, [this.commands.port2, this.children.port]);
    const bootedAhead = options.booted === boot;
    const loadedAhead = bootedAhead && boot.booted !== undefined;
    this.result = new Promise<RunResult>((resolve) => {
      let settled = false;
      const settle = (exitStatus: number, time: number, signal: number | null = null): void => {
        if (settled) return;
        settled = true;
        this.finished = true;
        this.children.killAll();
        this.configured();
        if (this.wallTimer) clearTimeout(this.wallTimer);
        for (const pending of this.replies.values()) pending.reject(new Error('the runtime has finished'));
        this.replies.clear();
        resolve({
          exitStatus,
          time,
          halt: this.halt,
          ...this.startupFigures,
          signal: signal === null ? null : (signalName(signal) ?? null),
        });
        this.worker.unref();
        void this.worker.terminate();
      };
      const onMessage = (message: WorkerMessage): void => {
        switch (message.kind) {
          case 'booted':
            this.bootMs = message.bootMs;
            break;
          case 'events':
            this.dispatch(decodeEvents(message.batch, this.strings));
            break;
          case 'output':
            for (const listener of this.outputListeners) listener({ stream: message.stream, data: message.data });
            break;
          case 'ready':
            this.startWallLimit();
            this.startupFigures = {
              startupMs: message.startupMs,
              snapshot: message.snapshot,
              interpreterWaitMs: message.interpreterWaitMs,
            };
            this.startupReport = {
              bootedAhead,
              aheadMs: bootedAhead ? handedOverAt - boot.startedAt : 0,
              loadedAhead,
              bootMs: this.bootMs,
              readyMs: performance.now() - handedOverAt,
              snapshot: message.snapshot,
            };
            // Later workers of this process share the optimized code (while it is kept alive).
            if (tier === 'balanced') interpreterOptimized = true;
            break;
          case 'paused':
            this.paused = true;
            for (const listener of this.pausedListeners) listener(message.time);
            break;
          case 'configuring':
            this.paused = true;
            this.configured();
            break;
          case 'stopped':
            this.paused = true;
            for (const listener of this.stoppedListeners) listener(message.stop);
            break;
          case 'debugLog':
            for (const listener of this.logListeners) listener(message.log);
            break;
          case 'inputRequested':
            this.inputWanted = true;
            this.feedInput();
            if (this.inputWanted) for (const listener of this.inputListeners) listener();
            break;
          case 'reply': {
            const pending = this.replies.get(message.id);
            this.replies.delete(message.id);
            if (message.error) pending?.reject(new Error(message.error));
            else pending?.resolve(message.result);
            break;
          }
          case 'finished':
            interpreterOptimized = true;
            settle(message.exitStatus, message.time, message.signal ?? null);
            break;
          case 'raiseSignal':
            this.deliverSignal(message.signal);
            break;
          case 'reachedOutside':
            // A server waiting for clients, a program waiting for input: not a runaway loop.
            if (this.wallLimitIsDefault) {
              clearTimeout(this.wallTimer);
              this.wallTimer = undefined;
              this.wallLimit = null;
            }
            break;
          case 'failed':
            this.crash(message.message);
            settle(1, 0);
            break;
        }
      };
      const onError = (error: Error): void => {
        this.crash(error.message);
        settle(1, 0);
      };
      const onExit = (code: number): void => {
        if (!settled && this.killed) {
          this.halt = { reason: 'terminate', report: '' };
          if (this.killedBy !== null) settle(128 + this.killedBy, 0, this.killedBy);
          else settle(143, 0);
        } else if (!settled) {
          this.crash(`the runtime worker exited unexpectedly (exit code ${code})`);
          settle(this.halt?.reason === 'maxWall' ? 124 : 1, 0);
        }
      };
      onNews = (news) =>
        news.kind === 'message' ? onMessage(news.message) : news.kind === 'error' ? onError(news.error) : onExit(news.code);
    });
    // Without a limit of the caller's: DEFAULT_MAX_WALL_SECONDS for a run that stays inside the program under the
    // virtual clock (where a minute of wall time means a runaway loop), none once it waits on the world.
    this.wallLimitIsDefault = options.maxWall === undefined;
    // A replay waits on nothing, but its recording may have: it runs as long as the recorded run needs.
    const maxWall = this.wallLimitIsDefault
      ? options.clock === 'real' || options.replay
        ? null
        : DEFAULT_MAX_WALL_SECONDS
      : options.maxWall;
    // Counted from the program's start (once the runtime is ready), so a slow start-up on a busy machine is not
    // taken for the program's time.
    if (maxWall !== null && maxWall !== undefined && maxWall > 0) this.wallLimit = maxWall;
  }

  /** How the worker came to be ready for the program (undefined until it is). */
  get startup(): StartupReport | undefined {
    return this.startupReport;
  }

  /** Runtime events (only produced when started with `instrument: true`, apart from run start/halt/finish). */
  onEvent(listener: Listener<RuntimeEvent>): void {
    this.eventListeners.push(listener);
  }

  /** Program output under `stdio: 'pipe'`. */
  onOutput(listener: Listener<{ stream: 'stdout' | 'stderr'; data: Uint8Array }>): void {
    this.outputListeners.push(listener);
  }

  /** The worker stopped at a loop iteration (pause() or pauseAtTime); the argument is the loop time. */
  onPaused(listener: Listener<number>): void {
    this.pausedListeners.push(listener);
  }

  /** Resolves when the program has ended (normally, by exception, or stopped by the runtime). */
  run(): Promise<RunResult> {
    return this.result;
  }

  /** Asks the worker to stop at its next loop iteration; resolves when it has. */
  pause(): Promise<number> {
    return new Promise((resolve) => {
      this.pausedListeners.push(function once(time) {
        resolve(time);
      });
      Atomics.store(this.control, CONTROL.pause, 1);
      // Also interrupt running Python code, so a loop that never awaits stops too.
      Atomics.compareExchange(this.interrupt, 0, 0, SIGNALS.pause);
      this.wake();
    });
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Every unfinished task of the running loop (only while paused). */
  tasks(): Promise<TaskInfo[]> {
    return this.command({ kind: 'tasks', id: 0 }) as Promise<TaskInfo[]>;
  }

  /** asyncio.format_call_graph / capture_call_graph of a task (only while paused); null if it is gone. */
  callGraph(taskId: number): Promise<CallGraph | null> {
    return this.command({ kind: 'callGraph', id: 0, taskId }) as Promise<CallGraph | null>;
  }

  async resume(): Promise<void> {
    await this.command({ kind: 'resume', id: 0 });
    this.paused = false;
  }

  // -- debugging (options.debug) ----------------------------------------------------------------

  /** Resolves when Python is loaded and the worker waits for configuration (breakpoints) and `start()`. */
  whenConfiguring(): Promise<void> {
    return this.configuring;
  }

  /** Starts the program after configuration. */
  async start(options: DebugStartOptions): Promise<void> {
    await this.command({ kind: 'resume', id: 0, start: options });
    this.paused = false;
  }

  /** The program stopped (breakpoint, step, pause, exception); requests can be made until `continueWith`. */
  onStopped(listener: Listener<DebugStop>): void {
    this.stoppedListeners.push(listener);
  }

  onDebugLog(listener: Listener<DebugLog>): void {
    this.logListeners.push(listener);
  }

  /** The program waits for stdin and nothing was provided yet. */
  onInputRequested(listener: Listener<void>): void {
    this.inputListeners.push(listener);
  }

  /** Leaves a debugger stop: continue, or step (the runtime decides where the step ends). */
  async continueWith(args: ResumeArguments): Promise<void> {
    this.paused = false;
    await this.command({ kind: 'resume', id: 0, args }, true);
  }

  /**
   * A debugger request. While stopped it is answered at once; while running, at the next loop iteration.
   * Python it runs (evaluations, reprs) is interrupted after `timeoutMs`.
   */
  debug<K extends DebugRequestName>(
    op: K,
    args: DebugRequests[K]['args'],
    timeoutMs = DEBUG_REQUEST_TIMEOUT_MS,
  ): Promise<DebugRequests[K]['result']> {
    if (this.stillRunning !== null) return Promise.reject(new DebugRequestStillRunning(this.stillRunning));
    const reply = this.command({ kind: 'debug', id: 0, op, args }, true) as Promise<DebugRequests[K]['result']>;
    const signal = (): void => void Atomics.compareExchange(this.interrupt, 0, 0, SIGNALS.pause);
    let repeat: NodeJS.Timeout | undefined;
    let giveUp: NodeJS.Timeout | undefined;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal();
        // Code that swallows the interrupt (a bare `except:` in a loop) is signalled again; code that never
        // gets back to Python (a native loop) cannot be interrupted: the caller is answered without it, and
        // the program, still where it was, answers again once that code returns (or the user stops it).
        repeat = setInterval(signal, 250);
        giveUp = setTimeout(() => {
          clearInterval(repeat);
          this.stillRunning = op;
          const done = (): void => void (this.stillRunning = null);
          reply.then(done, done);
          reject(new DebugRequestStillRunning(op));
        }, DEBUG_REQUEST_GIVE_UP_MS);
      }, timeoutMs);
      const clear = (): void => {
        clearTimeout(timer);
        clearInterval(repeat);
        clearTimeout(giveUp);
      };
      reply.then(
        (value) => {
          clear();
          resolve(value);
        },
        (error: unknown) => {
          clear();
          reject(error);
        },
      );
    });
  }

  /** A debugger request that could not be interrupted and still runs (its op): later ones are refused until it returns. */
  private stillRunning: string | null = null;

  /** Text for the program's stdin (end of input: null). */
  provideInput(text: string | null): void {
    this.pendingInput.push(text === null ? Buffer.alloc(0) : Buffer.from(text, 'utf8'));
    this.feedInput();
  }

  get waitingForInput(): boolean {
    return this.inputWanted;
  }

  private feedInput(): void {
    const header = this.input;
    if (!header || !this.inputWanted || this.pendingInput.length === 0) return;
    if (Atomics.load(header, INPUT.state) !== INPUT.empty) return;
    let chunk = this.pendingInput.shift()!;
    if (chunk.length === 0) {
      Atomics.store(header, INPUT.state, INPUT.eof);
    } else {
      if (chunk.length > INPUT.capacity) {
        this.pendingInput.unshift(chunk.subarray(INPUT.capacity));
        chunk = chunk.subarray(0, INPUT.capacity);
      }
      new Uint8Array(header.buffer, INPUT.headerBytes, INPUT.capacity).set(chunk);
      Atomics.store(header, INPUT.length, chunk.length);
      Atomics.store(header, INPUT.state, INPUT.data);
    }
    this.inputWanted = false;
    Atomics.notify(header, INPUT.state);
  }

  /** Like pause(), for the debugger: the stop is reported through onStopped. */
  requestPause(): void {
    Atomics.store(this.control, CONTROL.pause, 1);
    Atomics.compareExchange(this.interrupt, 0, 0, SIGNALS.pause);
    this.wake();
  }

  /** Ends the worker at once, without letting the program unwind (terminate() asks first). */
  async kill(): Promise<void> {
    this.killed = true;
    this.children.killAll();
    await this.worker.terminate();
  }

  private killed = false;

  /** SIGINT for the program, as Ctrl-C does under python3 (KeyboardInterrupt, or the program's handler). */
  sendKeyboardInterrupt(): SignalOutcome {
    return this.deliverSignal(SIGNALS.interrupt);
  }

  /**
   * A signal for the program (a name such as 'SIGTERM', or its Linux number), as the OS delivers it to python3:
   * its Python handler runs ('handled'; under asyncio.run, SIGINT cancels the main task), it is ignored, or the
   * run ends at once as if the process was killed by it ('killed': status 128 + n, RunResult.signal).
   */
  deliverSignal(signal: string | number): SignalOutcome {
    const number = signalNumber(signal);
    if (number === undefined) throw new Error(`not a signal: ${String(signal)}`);
    if (this.finished || this.killed) return 'ignored';
    // A replay gets only the signals of its recording: one from outside stops it, as it would stop python3.
    const outcome = this.options.replay ? (REPLAY_STOPPING_SIGNALS.has(number) ? 'killed' : 'ignored') : this.signals.deliver(number);
    if (outcome === 'handled') this.wake();
    else if (outcome === 'killed') {
      this.killedBy = number;
      void this.kill();
    }
    return outcome;
  }

  /** A signal given to deliverSignal is still waiting for Python to take it (the program does not respond). */
  signalUndelivered(signal: string | number): boolean {
    const number = signalNumber(signal);
    return number !== undefined && !this.finished && this.signals.undelivered(number);
  }

  /** Ends the program (the run resolves with status 143 or whatever the worker managed). */
  async terminate(): Promise<RunResult> {
    this.stop(HALT_CODE.terminate);
    return this.result;
  }

  private stop(code: number): void {
    Atomics.store(this.control, CONTROL.halt, code);
    Atomics.store(this.interrupt, 0, SIGNALS.halt);
    this.wake();
    const force = setTimeout(() => {
      if (code === HALT_CODE.maxWall && !this.halt) {
        this.halt = {
          reason: 'maxWall',
          report: 'loopscope: stopped: the --max-wall time limit was reached and the program did not respond\n',
        };
        this.writeError(this.halt.report);
      }
      void this.worker.terminate();
    }, WALL_GRACE_MS);
    force.unref();
  }

  private wake(): void {
    Atomics.add(this.control, CONTROL.wake, 1);
    Atomics.notify(this.control, CONTROL.wake);
  }

  /** `anytime`: also while running (answered at the next loop iteration). */
  private command(command: WorkerCommand, anytime = false): Promise<unknown> {
    if (!this.paused && !anytime) return Promise.reject(new Error('the runtime is not paused'));
    if (this.finished) return Promise.reject(new Error('the program has ended'));
    const id = this.nextCommand++;
    return new Promise((resolve, reject) => {
      this.replies.set(id, { resolve, reject });
      this.commands.port1.postMessage({ ...command, id });
      if (!this.paused) {
        Atomics.store(this.control, CONTROL.commands, 1);
        // Debug mode: Python answers configuration requests at its next bytecode, even in a busy loop.
        if (this.options.debug) Atomics.compareExchange(this.interrupt, 0, 0, SIGNALS.pause);
      }
      this.wake();
    });
  }

  private finished = false;

  private dispatch(events: RuntimeEvent[]): void {
    for (const event of events) {
      if (event.type === 'runHalted') this.halt = { reason: event.reason, report: event.report };
      for (const listener of this.eventListeners) listener(event);
    }
  }

  private crash(message: string): void {
    if (this.halt) return;
    // V8 runs the WebAssembly on the thread's own stack: recursion in C (a very deep chain of objects freed one by
    // one, after sys.setrecursionlimit let Python go that deep) overflows it before CPython's own checks see it.
    const stackOverflow = /Maximum call stack size exceeded/.test(message);
    const outOfMemory = !stackOverflow && /memory|Aborted|RangeError/i.test(message);
    const report = stackOverflow
      ? 'loopscope: the Python runtime ran out of stack (recursion deeper than the runtime can hold: if the program ' +
        'raised sys.setrecursionlimit, a lower limit gives a RecursionError instead) and had to be stopped\n'
      : outOfMemory
        ? 'loopscope: the program ran out of memory and the Python runtime had to be stopped\n'
        : `loopscope: the Python runtime failed: ${message}\n`;
    this.halt = { reason: outOfMemory ? 'memory' : 'crash', report };
    this.writeError(report);
  }

  private writeError(text: string): void {
    if ((this.options.stdio ?? 'pipe') === 'inherit') process.stderr.write(text);
    else for (const listener of this.outputListeners) listener({ stream: 'stderr', data: new Uint8Array(Buffer.from(text)) });
  }
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}

/** The worker booted ahead for this run if it can take it (disposing of one that cannot), else a new one. */
function claimableBoot(options: RuntimeOptions): BootedRuntime {
  const offered = options.booted;
  if (offered?.usable && offered.fits(options)) return offered;
  if (offered) void offered.dispose();
  return new BootedRuntime(options);
}
