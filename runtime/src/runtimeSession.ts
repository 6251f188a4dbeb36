// A run of one Python program on the runtime, seen from the thread that started it: hands the program to a worker
// (booted for it, or ahead: runtimeBoot.ts), decodes its events, enforces --max-wall, and offers pause / inspect /
// resume for the debugger.
import { MessageChannel, type Worker } from 'node:worker_threads';
import type { CallGraph, RuntimeEvent, TaskInfo } from '../../protocol/runtimeEvents';
import type { DebugLog, DebugRequestName, DebugRequests, DebugStartOptions, DebugStop, ResumeArguments } from '../../protocol/runtimeDebug';
import { ChildProcessReaper } from './childProcessReaper';
import { decodeEvents } from './eventDecoder';
import { CONTROL, HALT_CODE, SIGNALS } from './eventRecords';
import { ProgramSignals, PROGRAM_SIGNALS_BYTES, signalName, signalNumber, type SignalOutcome } from './programSignals';
import { BootedRuntime, compiledPythonKept, type WorkerNews } from './runtimeBoot';
import type { RunResult, RuntimeOptions, StartupReport } from './runtimeOptions';
import { DEBUG_REQUEST_TIMEOUT_MS, DebugRequestStillRunning, withDeadline } from './debugRequestDeadline';
import { InteractiveInput } from './interactiveInput';
import { WallClockLimit } from './wallClockLimit';
import { checkRecordingOptions, workerStartData } from './workerStartData';
import type { WorkerCommand, WorkerMessage, WorkerProgramMessage } from './workerMessages';

/** Longest wait for the optimized eval loop ('balanced'), from when it starts being compiled. */
const INTERPRETER_WAIT_CAP_MS = 150;
/** An earlier session of this process had CPython's eval loop optimized (shared while a module is kept). */
let interpreterOptimized = false;

/** SIGHUP, SIGINT, SIGQUIT, SIGTERM: what ends a replay when sent to it (other signals are left alone). */
const REPLAY_STOPPING_SIGNALS: ReadonlySet<number> = new Set([1, 2, 3, 15]);

type Listener<T> = (value: T) => void;

const WALL_GRACE_MS = 3000;

export class RuntimeSession {
  private readonly worker: Worker;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL.length * 4));
  private readonly interrupt = new Int32Array(new SharedArrayBuffer(4));
  private readonly commands = new MessageChannel();
  private readonly eventListeners: Listener<RuntimeEvent>[] = [];
  private readonly outputListeners: Listener<{ stream: 'stdout' | 'stderr'; data: Uint8Array }>[] = [];
  private readonly pausedListeners: Listener<number>[] = [];
  private readonly stoppedListeners: Listener<DebugStop>[] = [];
  private readonly logListeners: Listener<DebugLog>[] = [];
  private readonly inputListeners: Listener<void>[] = [];
  private readonly configuring: Promise<void>;
  private configured!: () => void;
  /** The program's stdin when debugged (text handed over as the program asks). */
  private readonly input: InteractiveInput;
  private readonly replies = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextCommand = 1;
  private readonly strings: string[] = [];
  private readonly result: Promise<RunResult>;
  private settleResult!: (result: RunResult) => void;
  private settled = false;
  private halt: RunResult['halt'] = null;
  private startupFigures = { startupMs: 0, snapshot: 'none' as RunResult['snapshot'], interpreterWaitMs: 0 };
  private startupReport: StartupReport | undefined;
  private bootMs = 0;
  private paused = false;
  /** --max-wall, counted from the program's start. */
  private readonly wall: WallClockLimit;
  /** What the program does with each signal; signals for it go through here (see deliverSignal). */
  private readonly signals: ProgramSignals;
  /** Ends the program's child processes with the run, whatever the worker manages. */
  private readonly children = new ChildProcessReaper();
  /** The run was ended as if killed by this signal number. */
  private killedBy: number | null = null;
  /** The worker booted ahead of this run, or for it. */
  private readonly boot: BootedRuntime;
  /** performance.now() when the program was handed to the worker. */
  private readonly handedOverAt: number;
  /** The worker booted ahead had already loaded Python when the program was handed over. */
  private readonly loadedAhead: boolean;

  constructor(readonly options: RuntimeOptions) {
    checkRecordingOptions(options);
    this.boot = claimableBoot(options);
    const signalBuffer = new SharedArrayBuffer(PROGRAM_SIGNALS_BYTES);
    this.signals = new ProgramSignals(signalBuffer, this.interrupt);
    // A recorded run takes signals from outside where the worker records them (see ProgramSignals.deferDelivery).
    if (options.record) this.signals.deferDelivery();
    this.configuring = new Promise((resolve) => (this.configured = resolve));
    this.result = new Promise((resolve) => (this.settleResult = resolve));
    this.input = new InteractiveInput(options.debug ?? false);
    this.wall = new WallClockLimit(options.maxWall, options, () => this.stop(HALT_CODE.maxWall));
    // A module this process holds (kept by any session) gives its optimized code to every later worker.
    const awaitOptimizedMs =
      this.boot.wasmTier === 'balanced' && !(compiledPythonKept() && interpreterOptimized) ? INTERPRETER_WAIT_CAP_MS : 0;
    const data = workerStartData(
      options,
      this.boot.distDir,
      {
        control: this.control.buffer as SharedArrayBuffer,
        interrupt: this.interrupt.buffer as SharedArrayBuffer,
        signals: signalBuffer,
        input: this.input.buffer,
        childTracker: this.children.port,
      },
      awaitOptimizedMs,
    );
    // What the worker reported before this session claimed it comes first (on a microtask), then the rest.
    this.handedOverAt = performance.now();
    this.loadedAhead = options.booted === this.boot && this.boot.booted !== undefined;
    this.worker = this.boot.claim((news) => this.receive(news));
    const programMessage: WorkerProgramMessage = { kind: 'program', data, commands: this.commands.port2 };
    this.worker.postMessage(programMessage, [this.commands.port2, this.children.port]);
  }

  /** The wall-clock limit in force (seconds from the program's start), null when there is none (any more). */
  get wallLimitSeconds(): number | null {
    return this.wall.seconds;
  }

  private receive(news: WorkerNews): void {
    if (news.kind === 'message') this.onMessage(news.message);
    else if (news.kind === 'error') {
      this.crash(news.error.message);
      this.settle(1, 0);
    } else this.onExit(news.code);
  }

  private onMessage(message: WorkerMessage): void {
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
        if (!this.finished) this.wall.start();
        this.onReady(message);
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
        if (this.input.requested()) for (const listener of this.inputListeners) listener();
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
        this.settle(message.exitStatus, message.time, message.signal ?? null);
        break;
      case 'raiseSignal':
        this.deliverSignal(message.signal);
        break;
      case 'reachedOutside':
        // A server waiting for clients, a program waiting for input: not a runaway loop.
        this.wall.reachedOutside();
        break;
      case 'failed':
        this.crash(message.message);
        this.settle(1, 0);
        break;
    }
  }

  private onReady(message: Extract<WorkerMessage, { kind: 'ready' }>): void {
    const bootedAhead = this.options.booted === this.boot;
    this.startupFigures = {
      startupMs: message.startupMs,
      snapshot: message.snapshot,
      interpreterWaitMs: message.interpreterWaitMs,
    };
    this.startupReport = {
      bootedAhead,
      aheadMs: bootedAhead ? this.handedOverAt - this.boot.startedAt : 0,
      loadedAhead: this.loadedAhead,
      bootMs: this.bootMs,
      readyMs: performance.now() - this.handedOverAt,
      snapshot: message.snapshot,
    };
    // Later workers of this process share the optimized code (while it is kept alive).
    if (this.boot.wasmTier === 'balanced') interpreterOptimized = true;
  }

  private onExit(code: number): void {
    if (this.settled) return;
    if (this.killed) {
      this.halt = { reason: 'terminate', report: '' };
      if (this.killedBy !== null) this.settle(128 + this.killedBy, 0, this.killedBy);
      else this.settle(143, 0);
    } else {
      this.crash(`the runtime worker exited unexpectedly (exit code ${code})`);
      this.settle(this.halt?.reason === 'maxWall' ? 124 : 1, 0);
    }
  }

  private settle(exitStatus: number, time: number, signal: number | null = null): void {
    if (this.settled) return;
    this.settled = true;
    this.finished = true;
    this.children.killAll();
    this.configured();
    this.wall.stop();
    for (const pending of this.replies.values()) pending.reject(new Error('the runtime has finished'));
    this.replies.clear();
    this.settleResult({
      exitStatus,
      time,
      halt: this.halt,
      ...this.startupFigures,
      signal: signal === null ? null : (signalName(signal) ?? null),
    });
    this.worker.unref();
    void this.worker.terminate();
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
    const interrupt = (): void => void Atomics.compareExchange(this.interrupt, 0, 0, SIGNALS.pause);
    return withDeadline(reply, op, timeoutMs, interrupt, (running) => (this.stillRunning = running ? op : null));
  }

  /** A debugger request that could not be interrupted and still runs (its op): later ones are refused until it returns. */
  private stillRunning: string | null = null;

  /** Text for the program's stdin (end of input: null). */
  provideInput(text: string | null): void {
    this.input.provide(text);
  }

  get waitingForInput(): boolean {
    return this.input.waiting;
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

/** The worker booted ahead for this run if it can take it (disposing of one that cannot), else a new one. */
function claimableBoot(options: RuntimeOptions): BootedRuntime {
  const offered = options.booted;
  if (offered?.usable && offered.fits(options)) return offered;
  if (offered) void offered.dispose();
  return new BootedRuntime(options);
}
