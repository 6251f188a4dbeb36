// One run of the program under the debugger: a debug-mode RuntimeSession plus what the adapter keeps about
// it (the run's model, state, last stop). Step back replaces the run with a silent re-run of the same program.
import {
  startRuntime,
  TaskRegistry,
  type BootedRuntime,
  type BootOptions,
  type RunResult,
  type RuntimeEvent,
  type RuntimeSession,
  type StartupReport,
} from '../../runtime/src/index';
import { TIMELINE_SLICE_LIMIT } from '../../protocol/debugProtocol';
import type {
  DebugLog,
  DebugRequestName,
  DebugRequests,
  DebugStartOptions,
  DebugStop,
  ResumeArguments,
  StopReason,
} from '../../protocol/runtimeDebug';
import type { LaunchConfig } from './launchConfig';
import type { OutputLedger } from './outputLedger';
import { TimelineFeed } from './timelineFeed';

type RunState = 'loading' | 'configuring' | 'running' | 'stopped' | 'ended';

export interface RunListener {
  output(category: 'stdout' | 'stderr' | 'console', text: string, location?: { path: string; line: number }): void;
  stopped(run: ProgramRun, stop: DebugStop): void;
  ended(run: ProgramRun, result: RunResult): void;
  taskEvent(run: ProgramRun, event: RuntimeEvent): void;
  inputRequested(run: ProgramRun): void;
}

export class ProgramRun {
  /** The run's model (tasks, steps, blocks), kept from the runtime's events. */
  readonly registry = new TaskRegistry({ stepLimit: TIMELINE_SLICE_LIMIT });
  readonly timeline = new TimelineFeed(this.registry);
  state: RunState = 'loading';
  lastStop: DebugStop | null = null;
  /** Position this run was started to stop at silently (step back), until it gets there. */
  silentUntil: number | null = null;
  /** Breakpoint generation when the program started (reverse continue trusts positions only if unchanged). */
  startedWithBreakpoints = -1;
  /** The run was replaced or terminated on purpose: its end is not the session's end. */
  retired = false;
  /** The run is recorded or replays a recording: going back replays it, whatever I/O it did. */
  readonly replayable: boolean;
  private readonly runtime: RuntimeSession;
  private readonly result: Promise<RunResult>;
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  private readonly stopWaiters: ((stopped: boolean) => void)[] = [];

  constructor(
    readonly config: LaunchConfig,
    private readonly ledger: OutputLedger,
    private readonly listener: RunListener,
    /** How the runtime loads Python: its tier, where snapshots are cached, the variables placing the caches. */
    boot: BootOptions,
    /** A worker that started loading Python before the launch (used if it fits, else disposed of). */
    booted?: BootedRuntime,
    /** Record the run into a file, or replay one (see docs/recording.md). */
    tape: { record?: string; replay?: string } = {},
  ) {
    this.replayable = tape.record !== undefined || tape.replay !== undefined;
    this.runtime = startRuntime({
      program: config.program,
      args: config.args,
      argv0: config.argv0,
      ...tape,
      cwd: config.cwd,
      env: config.env,
      clock: config.clock,
      seed: config.seed,
      epoch: config.epoch,
      environment: config.environment,
      wheels: config.wheels,
      maxWall: null,
      stdio: 'pipe',
      debug: true,
      ...boot,
      ...(booted ? { booted } : {}),
    });
    this.runtime.onOutput(({ stream, data }) => {
      const shown = this.ledger.admit(this, stream, data);
      if (shown) this.listener.output(stream, this.decoders[stream].decode(shown, { stream: true }));
    });
    this.runtime.onDebugLog((log: DebugLog) => {
      const shown = this.ledger.admit(this, 'console', Buffer.from(log.text));
      if (shown) this.listener.output(log.category, Buffer.from(shown).toString('utf8'), { path: log.path, line: log.line });
    });
    this.runtime.onEvent((event) => {
      const changed = this.registry.apply(event);
      if (changed) this.timeline.taskChanged(changed);
      this.listener.taskEvent(this, event);
    });
    this.runtime.onStopped((stop) => {
      this.state = 'stopped';
      this.lastStop = stop;
      this.silentUntil = null;
      for (const waiter of this.stopWaiters.splice(0)) waiter(true);
      this.listener.stopped(this, stop);
    });
    this.runtime.onInputRequested(() => this.listener.inputRequested(this));
    this.result = this.runtime.run();
    void this.result.then((result) => {
      this.state = 'ended';
      for (const waiter of this.stopWaiters.splice(0)) waiter(false);
      this.listener.ended(this, result);
    });
    void this.runtime.whenConfiguring().then(() => {
      if (this.state === 'loading') this.state = 'configuring';
    });
  }

  /** Resolves when Python is loaded and breakpoints can be set (rejects if the runtime could not start). */
  async whenConfiguring(): Promise<void> {
    await this.runtime.whenConfiguring();
    if (this.state === 'ended') throw new Error('the Python runtime could not start');
  }

  /** How the runtime started (once it is configuring). */
  get startup(): StartupReport | undefined {
    return this.runtime.startup;
  }

  get isSilent(): boolean {
    return this.silentUntil !== null;
  }

  get waitingForInput(): boolean {
    return this.runtime.waitingForInput;
  }

  async start(options: DebugStartOptions, breakpointGeneration: number): Promise<void> {
    this.startedWithBreakpoints = breakpointGeneration;
    this.silentUntil = options.stopAt?.position ?? null;
    this.state = 'running';
    await this.runtime.start(options);
  }

  request<K extends DebugRequestName>(op: K, args: DebugRequests[K]['args'], timeoutMs?: number): Promise<DebugRequests[K]['result']> {
    if (this.state === 'ended') return Promise.reject(new Error('the program has ended'));
    if (this.state === 'loading') return this.whenConfiguring().then(() => this.runtime.debug(op, args, timeoutMs));
    return this.runtime.debug(op, args, timeoutMs);
  }

  tasksNow(): ReturnType<RuntimeSession['tasks']> {
    return this.runtime.tasks();
  }

  callGraph(taskId: number): ReturnType<RuntimeSession['callGraph']> {
    return this.runtime.callGraph(taskId);
  }

  async resume(args: ResumeArguments): Promise<void> {
    if (this.state !== 'stopped') throw new Error('the program is not stopped');
    this.state = 'running';
    this.lastStop = null;
    await this.runtime.continueWith(args);
  }

  /** Resolves true when the run is (or next becomes) stopped, false if it ends first. */
  whenStopped(): Promise<boolean> {
    if (this.state === 'stopped') return Promise.resolve(true);
    if (this.state === 'ended') return Promise.resolve(false);
    return new Promise((resolve) => this.stopWaiters.push(resolve));
  }

  /** A re-run waiting at its checkpoint goes on silently to `position` (see DebugStartOptions.stopAt.park). */
  async runTo(position: number, reason: StopReason): Promise<void> {
    this.silentUntil = position;
    await this.resume({ mode: 'runTo', position, reason });
  }

  pause(): void {
    if (this.state === 'running') this.runtime.requestPause();
  }

  provideInput(text: string | null): void {
    this.runtime.provideInput(text);
  }

  /** Ends the worker (at once if it does not stop within `graceMs`). */
  async terminate(graceMs = 1000): Promise<void> {
    this.retired = true;
    if (this.state === 'ended') return;
    const stopped = this.runtime.terminate();
    const timer = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([stopped, timer]);
    if ((this.state as RunState) !== 'ended') await this.runtime.kill();
  }

  whenEnded(): Promise<RunResult> {
    return this.result;
  }
}
