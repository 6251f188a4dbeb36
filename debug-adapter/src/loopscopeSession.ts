// The DAP session: receives requests, hands them to the module for their family (breakpoints, threads, frames,
// variables, evaluate, stepping, step back) and the current ProgramRun, and turns runtime news into DAP events.
import {
  DebugSession,
  ExitedEvent,
  InitializedEvent,
  OutputEvent,
  ProgressEndEvent,
  ProgressStartEvent,
  Response,
  Source,
  StoppedEvent,
  TerminatedEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import path from 'node:path';
import {
  INPUT_REQUESTED_EVENT,
  RUNTIME_STARTED_EVENT,
  TASKS_CHANGED_EVENT,
  TIMELINE_CHANGED_EVENT,
  type RuntimeStartedBody,
} from '../../protocol/debugProtocol';
import type { DebugStop, ExceptionFilterId, RunCheckpoint } from '../../protocol/runtimeDebug';
import {
  bootRuntime,
  type BootedRuntime,
  type BootOptions,
  type RunResult,
  type RuntimeEvent,
  type RuntimeEventOf,
} from '../../runtime/src/index';
import { externalIoDone } from '../../protocol/runtimeEvents';
import { BreakpointTable } from './breakpoints';
import { REFUSED_MESSAGE, type ConnectionGate } from './serverAuthentication';
import { adapterCapabilities, runtimeBootOptions } from './capabilities';
import { customEvent } from './customEvents';
import { handleCustomRequest } from './customRequests';
import { completions, evaluate, InputRecorder } from './evaluate';
import { defaultFilters, EXCEPTION_BREAKPOINT_FILTERS, exceptionInfo, parseFilters } from './exceptions';
import { FrameTranslator } from './frames';
import { LaunchConfigError, parseLaunchConfig, unknownAttributes, type LaunchConfig } from './launchConfig';
import { OutputLedger } from './outputLedger';
import { ProgramRun, type RunListener } from './programRun';
import { RerunAhead } from './rerunAhead';
import { RunRecordings } from './runRecordings';
import { currentPosition, reverseContinueTarget, stepBackTarget, targetFromStop, type RerunTarget } from './stepBack';
import { resumeArguments, type StepKind } from './stepping';
import { taskIdOf, TaskThreads, threadIdOf } from './threads';
import { setVariable, variables } from './variables';

/** How long after a recorded run starts the worker for its step backs is loaded (see RerunAhead.prepare). */
const SPARE_AFTER_MS = 1000;

/** How the session is hosted: a process of its own (main.ts) or inside the extension host (inline). */
export interface SessionOptions {
  /** Writable folder for the runtime's memory snapshots (default: LOOPSCOPE_SNAPSHOT_DIR, else the user cache folder). */
  snapshotDir?: string;
  /** `--server` mode: requests pass only once the connection has shown the token; a refused one ends with `onRefused`. */
  gate?: { readonly gate: ConnectionGate; readonly onRefused: () => void };
  /**
   * The runtime worker to start loading Python on `initialize`, before the launch request says what to run (the
   * extension hands over its spare); default: a new one. The session runs the launched program on what it gets,
   * or disposes of it (a failed launch, a session that ends first).
   */
  prestart?: (options: BootOptions) => BootedRuntime;
}

export class LoopscopeSession extends DebugSession implements RunListener {
  private config: LaunchConfig | undefined;
  private run: ProgramRun | undefined;
  /** Where live runs are recorded; `recording`: the file re-runs (step back) replay, null when they cannot. */
  private readonly recordings = new RunRecordings();
  private recording: string | null = null;
  private readonly breakpoints = new BreakpointTable();
  private readonly threads = new TaskThreads((event) => this.sendTaskEvent(event));
  private readonly frames = new FrameTranslator(() => (this.linesStartAt1 ? 0 : -1));
  private readonly ledger = new OutputLedger();
  private readonly input = new InputRecorder();
  private filters: ExceptionFilterId[] = defaultFilters();
  private readonly pendingConfiguration = new Set<Promise<unknown>>();
  private configurationDone = false;
  private started = false;
  private progress = false;
  private linesStartAt1 = true;
  private columnsStartAt1 = true;
  /** Reverse continue after a breakpoint change: the first re-run only finds out where the last hit was. */
  private afterRerun: ((stop: DebugStop) => RerunTarget) | undefined;
  private readonly sessionSeed = Math.floor(Math.random() * 2 ** 31);
  private readonly sessionEpoch = Date.now() / 1000;
  private readonly snapshotDir: string | undefined;
  /** The console said why step back stops at the program's first I/O (once per session and restart). */
  private externalIoExplained = false;

  private readonly gate: SessionOptions['gate'];
  private readonly prestart: (options: BootOptions) => BootedRuntime;
  /** The worker loading Python since `initialize`, for the launched program (taken by the first run). */
  private preStarted: BootedRuntime | undefined;
  /** What is prepared for going back: a loaded worker, a re-run made ahead (rerunAhead.ts). */
  private readonly ahead = new RerunAhead({
    currentRun: () => this.run,
    breakpointGeneration: () => this.breakpoints.generation,
    filtersKey: () => this.filters.join(),
    bootSpare: () => this.prestart(this.bootOptions()),
    createRerun: (spare) => this.createRun(spare, true),
    startParked: async (run, from) => {
      await run.whenConfiguring();
      await this.breakpoints.applyTo(run);
      await this.startProgram(run, { position: Number.MAX_SAFE_INTEGER, reason: 'step', from, park: true });
    },
  });

  constructor(options: SessionOptions = {}) {
    super();
    this.snapshotDir = options.snapshotDir ?? (process.env.LOOPSCOPE_SNAPSHOT_DIR || undefined);
    this.gate = options.gate;
    this.prestart = options.prestart ?? bootRuntime;
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    if (!this.gate || this.gate.gate.admits(request)) {
      super.dispatchRequest(request);
      return;
    }
    this.sendErrorResponse(new Response(request), { id: 1, format: REFUSED_MESSAGE, showUser: true });
    this.gate.onRefused();
  }

  // -- set-up ------------------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.progress = args.supportsProgressReporting === true;
    this.linesStartAt1 = args.linesStartAt1 !== false;
    this.columnsStartAt1 = args.columnsStartAt1 !== false;
    response.body = adapterCapabilities(EXCEPTION_BREAKPOINT_FILTERS);
    this.sendResponse(response);
    // Python loads while the client sends the launch request and VS Code resolves its configuration. Not for a
    // `--server` connection, which has not shown its token yet: anyone who reaches the port could make us boot.
    if (!this.gate && !this.preStarted) {
      try {
        this.preStarted = this.prestart(this.bootOptions());
      } catch (error) {
        // The launch starts a worker the usual way, and says what is wrong if that fails too.
        this.console(`Loopscope: the runtime could not be started ahead of the launch: ${(error as Error).message}\n`);
      }
    }
  }

  protected override async launchRequest(
    response: DebugProtocol.LaunchResponse,
    args: DebugProtocol.LaunchRequestArguments,
  ): Promise<void> {
    try {
      this.config = parseLaunchConfig(args, { seed: this.sessionSeed, epoch: this.sessionEpoch, env: process.env });
    } catch (error) {
      this.releasePreStarted();
      this.fail(response, error instanceof LaunchConfigError ? `Loopscope: ${error.message}` : String(error));
      this.sendEvent(new TerminatedEvent());
      return;
    }
    const ignored = unknownAttributes(args);
    if (ignored.length)
      this.console(`Loopscope: ignoring unknown launch attribute${ignored.length > 1 ? 's' : ''} ${ignored.join(', ')}\n`);
    const progressId = `loopscope-launch-${Date.now()}`;
    if (this.progress)
      this.sendEvent(new ProgressStartEvent(progressId, 'Starting the Loopscope runtime', path.basename(this.config.program)));
    const run = this.startRun(this.takePreStarted());
    this.sendEvent(new InitializedEvent());
    try {
      await run.whenConfiguring();
      this.reportStartup(run);
    } catch (error) {
      if (this.progress) this.sendEvent(new ProgressEndEvent(progressId, 'failed'));
      this.fail(response, `Loopscope: the Python runtime could not start: ${(error as Error).message}`);
      this.sendEvent(new TerminatedEvent());
      return;
    }
    if (this.progress) this.sendEvent(new ProgressEndEvent(progressId));
    this.sendResponse(response);
    if (this.configurationDone) await this.startProgram(run);
  }

  protected override async configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): Promise<void> {
    this.configurationDone = true;
    const run = this.run;
    if (run && run.state !== 'loading') await this.handle(response, () => this.startProgram(run));
    else this.sendResponse(response);
  }

  /**
   * A run of the program: a live one (recorded, under the virtual clock; a launch with "replay" replays its file),
   * or a re-run for step back, which replays what the live run recorded.
   */
  private startRun(booted?: BootedRuntime, rerun = false): ProgramRun {
    const run = this.createRun(booted, rerun);
    this.run = run;
    return run;
  }

  private createRun(booted: BootedRuntime | undefined, rerun: boolean): ProgramRun {
    const config = this.config!;
    let tape: { record?: string; replay?: string } = {};
    if (rerun) {
      if (this.recording) tape = { replay: this.recording };
    } else if (config.replay) {
      this.recording = config.replay;
      tape = { replay: config.replay };
    } else {
      this.recording = this.recordings.next();
      if (this.recording) tape = { record: this.recording };
    }
    return new ProgramRun(config, this.ledger, this, this.bootOptions(), booted, tape);
  }

  /** What ProgramRun starts its runtime with (a pre-started worker must match it to be used). */
  private bootOptions(): BootOptions {
    return runtimeBootOptions(this.snapshotDir);
  }

  private takePreStarted(): BootedRuntime | undefined {
    const booted = this.preStarted;
    this.preStarted = undefined;
    return booted;
  }

  /** A worker started for a launch that will not come ends now: nothing of it is left behind. */
  private releasePreStarted(): void {
    void this.takePreStarted()?.dispose();
  }

  private reportStartup(run: ProgramRun): void {
    const startup = run.startup;
    if (!startup) return;
    const body: RuntimeStartedBody = {
      preStarted: startup.bootedAhead,
      aheadMs: Math.round(startup.aheadMs),
      loadedBeforeLaunch: startup.loadedAhead,
      bootMs: Math.round(startup.bootMs),
      readyMs: Math.round(startup.readyMs),
      snapshot: startup.snapshot,
    };
    this.sendEvent(customEvent(RUNTIME_STARTED_EVENT, body));
  }

  /** Configuration is complete: breakpoints are in (awaited), the program starts. */
  private async startProgram(
    run: ProgramRun,
    stopAt: (RerunTarget & { from?: RunCheckpoint; park?: boolean }) | null = null,
  ): Promise<void> {
    if (run.state !== 'configuring' && run.state !== 'loading') return;
    await run.whenConfiguring();
    await Promise.all(this.pendingConfiguration);
    await run.request('configure', { justMyCode: this.config!.justMyCode, exceptionFilters: this.filters });
    this.started = true;
    await run.start(
      { stopOnEntry: stopAt === null && this.config!.stopOnEntry, stopAt, stdinReplay: stopAt ? this.input.text : '' },
      this.breakpoints.generation,
    );
    // The worker a step back needs is loaded while the program runs (not only once it stops), a moment after it
    // started so as not to slow its first steps.
    if (run.replayable)
      setTimeout(() => {
        if (this.run === run && run.state !== 'ended') this.ahead.prepare(run);
      }, SPARE_AFTER_MS).unref();
  }

  // -- breakpoints and filters -------------------------------------------------------------------

  protected override async setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): Promise<void> {
    const file = args.source.path;
    if (!file) return this.fail(response, 'breakpoints can only be set in files (this source has no path)');
    const requested = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const clientLines = requested.map((breakpoint) => ({ ...breakpoint, line: this.toRuntimeLine(breakpoint.line) }));
    await this.configuring(response, async () => {
      const breakpoints = await this.breakpoints.setLineBreakpoints(this.run, file, clientLines);
      response.body = {
        breakpoints: breakpoints.map((breakpoint) => ({
          ...breakpoint,
          line: breakpoint.line === undefined ? undefined : this.toClientLine(breakpoint.line),
        })),
      };
    });
  }

  protected override async setFunctionBreakPointsRequest(
    response: DebugProtocol.SetFunctionBreakpointsResponse,
    args: DebugProtocol.SetFunctionBreakpointsArguments,
  ): Promise<void> {
    await this.configuring(response, async () => {
      response.body = { breakpoints: await this.breakpoints.setFunctionBreakpoints(this.run, args.breakpoints) };
    });
  }

  protected override async setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): Promise<void> {
    this.filters = parseFilters(args);
    await this.configuring(response, async () => {
      if (this.run && this.run.state !== 'ended') await this.run.request('configure', { exceptionFilters: this.filters });
    });
  }

  protected override async breakpointLocationsRequest(
    response: DebugProtocol.BreakpointLocationsResponse,
    args: DebugProtocol.BreakpointLocationsArguments,
  ): Promise<void> {
    await this.handle(response, async () => {
      const run = this.requireRun();
      const file = args.source.path;
      // A hint for the editor's gutter: when it cannot be had (the program ended, or is busy), there is none.
      const lines =
        file && run.state !== 'ended'
          ? await run
              .request('breakpointLocations', {
                path: file,
                line: this.toRuntimeLine(args.line),
                endLine: this.toRuntimeLine(args.endLine ?? args.line),
              })
              .catch(() => [])
          : [];
      response.body = { breakpoints: lines.map((line) => ({ line: this.toClientLine(line) })) };
    });
  }

  // -- running and stepping ----------------------------------------------------------------------

  protected override continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): Promise<void> {
    response.body = { allThreadsContinued: true };
    return this.step(response, 'continue', args.threadId);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): Promise<void> {
    return this.step(response, 'next', args.threadId);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): Promise<void> {
    return this.step(response, 'stepIn', args.threadId);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): Promise<void> {
    return this.step(response, 'stepOut', args.threadId);
  }

  private async step(response: DebugProtocol.Response, kind: StepKind, threadId: number | undefined): Promise<void> {
    await this.handle(response, async () => {
      const run = this.requireStopped();
      if (threadId !== undefined && kind !== 'continue') this.requireLiveThread(run, threadId);
      await run.resume(resumeArguments(kind, threadId));
    });
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    const run = this.run;
    if (!run || !this.started || run.state === 'ended') return this.fail(response, 'the program is not running');
    run.pause();
    this.sendResponse(response);
  }

  protected override async stepBackRequest(response: DebugProtocol.StepBackResponse): Promise<void> {
    await this.handle(response, async () => this.rerun(stepBackTarget(this.run)));
  }

  protected override async reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): Promise<void> {
    await this.handle(response, async () => {
      const target = reverseContinueTarget(this.run, this.breakpoints.generation);
      if (target) return this.rerun(target);
      this.afterRerun = targetFromStop;
      return this.rerun(currentPosition(this.run));
    });
  }

  /** Replaces the run with a silent re-run that stops at `target` (only the stop is reported). */
  private async rerun(target: RerunTarget): Promise<void> {
    const previous = this.run!;
    const parked = this.ahead.takeParked(previous, target.position);
    // (It ended instead of waiting at its checkpoint: go back the usual way, from the start.)
    if (parked && (await parked.whenStopped()) && this.run === previous) {
      previous.retired = true;
      void previous.terminate(0);
      this.run = parked;
      // Its tasks' news before now went nowhere (it was not the session's run): the next stop reports them all.
      this.threads.markChanged(parked.registry);
      return parked.runTo(target.position, target.reason);
    }
    const spare = this.ahead.takeSpare();
    const from = await this.ahead.checkpointFor(previous, target.position);
    previous.retired = true;
    void previous.terminate(0);
    const run = this.startRun(spare, true);
    await run.whenConfiguring();
    await this.breakpoints.applyTo(run);
    await this.startProgram(run, from ? { ...target, from } : target);
  }

  protected override async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
    await this.handle(response, async () => {
      if (args.arguments)
        this.config = parseLaunchConfig(args.arguments, { seed: this.sessionSeed, epoch: this.sessionEpoch, env: process.env });
      if (!this.config) throw new Error('nothing to restart: the program was never launched');
      const previous = this.run;
      if (previous) {
        previous.retired = true;
        await previous.terminate();
      }
      this.threads.clear();
      this.ledger.reset();
      this.input.reset();
      this.afterRerun = undefined;
      this.externalIoExplained = false;
      this.ahead.releaseParked();
      // A worker loaded for a step back serves the restart as well.
      const run = this.startRun(this.ahead.takeSpare());
      await run.whenConfiguring();
      this.reportStartup(run);
      await this.breakpoints.applyTo(run);
      await this.startProgram(run);
    });
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    this.releasePreStarted();
    this.ahead.release();
    await this.run?.terminate();
    this.threads.forget();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override async disconnectRequest(
    response: DebugProtocol.DisconnectResponse,
    args: DebugProtocol.DisconnectArguments,
    request?: DebugProtocol.Request,
  ): Promise<void> {
    this.releasePreStarted();
    this.ahead.release();
    await this.run?.terminate(500);
    this.recordings.dispose();
    super.disconnectRequest(response, args, request);
  }

  /** The client went away (stdio closed, `--server` connection dropped) or the process is told to stop. */
  override shutdown(): void {
    this.endEverything();
    super.shutdown();
  }

  /** VS Code is done with an inline adapter. */
  override dispose(): void {
    this.endEverything();
    super.dispose();
  }

  /** No worker outlives the session: a pre-started one, or the program's (after a disconnect it has ended already). */
  private endEverything(): void {
    this.releasePreStarted();
    this.ahead.release();
    const run = this.run;
    if (run && run.state !== 'ended') void run.terminate(500);
    this.recordings.dispose();
  }

  // -- threads, frames, variables ----------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: this.threads.list(this.run?.isSilent ? undefined : this.run?.registry) };
    this.sendResponse(response);
  }

  protected override async stackTraceRequest(
    response: DebugProtocol.StackTraceResponse,
    args: DebugProtocol.StackTraceArguments,
  ): Promise<void> {
    await this.handle(response, async () => {
      response.body = await this.frames.stackTrace(this.requireStopped(), args, this.config!.justMyCode);
    });
  }

  protected override async scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): Promise<void> {
    await this.handle(response, async () => {
      response.body = { scopes: await this.frames.scopes(this.requireStopped(), args.frameId) };
    });
  }

  protected override async variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): Promise<void> {
    await this.handle(response, async () => {
      response.body = { variables: await variables(this.requireStopped(), args) };
    });
  }

  protected override async setVariableRequest(
    response: DebugProtocol.SetVariableResponse,
    args: DebugProtocol.SetVariableArguments,
  ): Promise<void> {
    await this.handle(response, async () => {
      response.body = await setVariable(this.requireStopped(), args);
    });
  }

  protected override async sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): Promise<void> {
    await this.handle(response, async () => {
      response.body = {
        content: await this.frames.source(this.requireRun(), args.source?.sourceReference ?? args.sourceReference),
        mimeType: 'text/x-python',
      };
    });
  }

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    // The Debug Console, hovers and watches show a failed evaluation where it was asked: no notification too.
    await this.handle(
      response,
      async () => {
        response.body = await evaluate(this.requireRun(), args, this.input);
      },
      false,
    );
  }

  protected override async completionsRequest(
    response: DebugProtocol.CompletionsResponse,
    args: DebugProtocol.CompletionsArguments,
  ): Promise<void> {
    await this.handle(response, async () => {
      response.body = { targets: await completions(this.requireRun(), args, this.columnsStartAt1 ? 1 : 0) };
    });
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    try {
      response.body = exceptionInfo(this.run?.lastStop ?? null);
      this.sendResponse(response);
    } catch (error) {
      this.fail(response, (error as Error).message);
    }
  }

  protected override async terminateThreadsRequest(
    response: DebugProtocol.TerminateThreadsResponse,
    args: DebugProtocol.TerminateThreadsArguments,
  ): Promise<void> {
    await this.handle(response, async () => {
      const run = this.requireRun();
      for (const threadId of args.threadIds ?? []) {
        const taskId = taskIdOf(threadId);
        if (taskId === null) throw new Error('the event loop thread cannot be terminated: use Stop');
        await run.request('cancelTask', { taskId });
      }
    });
  }

  // -- Loopscope's own requests (protocol/debugProtocol.ts) ------------------------------------------

  protected override async customRequest(command: string, response: DebugProtocol.Response, args: unknown): Promise<void> {
    // The extension sends these from its views and says itself what went wrong, if anything is worth saying
    // (a request racing a resume or the end is not): no error pop-ups from VS Code.
    await this.handle(
      response,
      async () => {
        response.body = await handleCustomRequest(command, args, {
          run: () => this.requireRun(),
          stopped: () => this.requireStopped(),
          threads: this.threads,
          input: this.input,
          focus: (taskId) => this.focusTask(taskId),
        });
      },
      false,
    );
  }

  /** Repeats the stop for a task's thread, so VS Code selects it in the Call Stack (loopscope/focusTask). */
  private focusTask(taskId: number): boolean {
    const run = this.run;
    const stop = run?.lastStop;
    if (!run || !stop || run.state !== 'stopped' || run.isSilent) return false;
    const task = run.registry.tasks.get(taskId);
    if (!task || (task.state !== 'pending' && task.state !== 'running')) return false;
    const event = new StoppedEvent(stop.reason, threadIdOf(taskId)) as DebugProtocol.StoppedEvent;
    event.body.allThreadsStopped = true;
    event.body.preserveFocusHint = false;
    event.body.description = `Selected in Loopscope Tasks (paused on ${stop.reason})`;
    this.sendEvent(event);
    return true;
  }

  /** Task news goes out as is; each `loopscope/tasksChanged` is followed by what the timeline gained meanwhile. */
  private sendTaskEvent(event: DebugProtocol.Event): void {
    this.sendEvent(event);
    const run = this.run;
    if (event.event === TASKS_CHANGED_EVENT && run) this.sendEvent(customEvent(TIMELINE_CHANGED_EVENT, run.timeline.delta()));
  }

  // -- news from the run (RunListener) ---------------------------------------------------------

  output(category: 'stdout' | 'stderr' | 'console', text: string, location?: { path: string; line: number }): void {
    const event = new OutputEvent(text, category) as DebugProtocol.OutputEvent;
    if (location) {
      event.body.source = new Source(path.basename(location.path), location.path);
      event.body.line = this.toClientLine(location.line);
    }
    this.sendEvent(event);
  }

  stopped(run: ProgramRun, stop: DebugStop): void {
    // (A re-run made ahead of a step back stops at its checkpoint while it is not the session's run.)
    if (run !== this.run) return;
    if (this.afterRerun) {
      const next = this.afterRerun(stop);
      this.afterRerun = undefined;
      void this.rerun(next).catch((error: unknown) => this.console(`Loopscope: reverse continue failed: ${(error as Error).message}\n`));
      return;
    }
    this.threads.sync(run.registry);
    this.threads.flush(run.registry, stop, false, true);
    const threadId = stop.taskId === null ? threadIdOf(0) : threadIdOf(stop.taskId);
    const event = new StoppedEvent(
      stop.reason,
      threadId,
      stop.exception ? `${stop.exception.typeName}: ${stop.exception.message}` : undefined,
    ) as DebugProtocol.StoppedEvent;
    event.body.allThreadsStopped = true;
    if (stop.breakpointIds.length) event.body.hitBreakpointIds = stop.breakpointIds;
    if (stop.exception)
      event.body.description =
        stop.exception.filter === 'taskNeverRetrieved' ? 'Task exception was never retrieved' : `Paused on ${stop.exception.typeName}`;
    if (stop.description) {
      event.body.description = stop.description;
      event.body.text = stop.description;
    }
    this.sendEvent(event);
    this.ahead.afterStop(run);
  }

  ended(run: ProgramRun, result: RunResult): void {
    if (run !== this.run || run.retired) return;
    this.ahead.release();
    this.threads.flush(run.registry, null, false);
    this.threads.forget();
    this.sendEvent(new ExitedEvent(result.exitStatus));
    this.sendEvent(new TerminatedEvent());
  }

  taskEvent(run: ProgramRun, event: RuntimeEvent): void {
    if (run !== this.run) return;
    if (event.type === 'ioStarted') return this.externalIoStarted(run, event);
    this.threads.onTaskEvent(run.registry, event, !run.isSilent);
  }

  /** Said once per session (and after a restart): from the program's first I/O on, going back is limited. */
  private externalIoStarted(run: ProgramRun, event: RuntimeEventOf<'ioStarted'>): void {
    if (this.externalIoExplained || run.isSilent) return;
    this.externalIoExplained = true;
    const what = event.resource === 'network' ? 'reached the network' : externalIoDone(event.resource);
    if (run.replayable) {
      this.console(
        `Loopscope: the program ${what} (${event.description}). The run is recorded: step back and reverse continue ` +
          `replay it from the recording instead of doing that I/O again.\n`,
      );
      return;
    }
    const clock =
      run.config.clock === 'virtual'
        ? ' Loop time follows the wall clock while I/O is in flight, so the run no longer repeats exactly.'
        : '';
    this.console(
      `Loopscope: the program ${what} (${event.description}). Step back and reverse continue can go back only to ` +
        `before this point: going back re-runs the program, which would repeat the I/O against the real world.${clock}\n`,
    );
  }

  inputRequested(run: ProgramRun): void {
    if (run !== this.run) return;
    this.console('The program is waiting for input: type a line in the Debug Console.\n');
    this.sendEvent(customEvent(INPUT_REQUESTED_EVENT, {}));
  }

  // -- helpers ---------------------------------------------------------------------------------------

  private requireRun(): ProgramRun {
    if (!this.run) throw new Error('the program has not been launched');
    return this.run;
  }

  private requireStopped(): ProgramRun {
    const run = this.requireRun();
    if (!this.started) throw new Error('the program has not started yet (configurationDone was not sent)');
    if (run.state === 'ended') throw new Error('the program has ended');
    if (run.state !== 'stopped' || run.isSilent) throw new Error('the program is running: pause it first');
    return run;
  }

  private requireLiveThread(run: ProgramRun, threadId: number): void {
    const taskId = taskIdOf(threadId);
    if (taskId === null) return;
    const task = run.registry.tasks.get(taskId);
    if (!task) throw new Error(`unknown thread ${threadId}`);
    if (task.state !== 'pending' && task.state !== 'running')
      throw new Error(`thread ${threadId} has exited: task ${task.name} finished (${task.state})`);
  }

  /** Runs a configuration request; configurationDone waits for every one still in flight. */
  private async configuring(response: DebugProtocol.Response, work: () => Promise<void>): Promise<void> {
    const pending = work();
    this.pendingConfiguration.add(pending);
    try {
      await this.handle(response, () => pending);
    } finally {
      this.pendingConfiguration.delete(pending);
    }
  }

  private async handle(response: DebugProtocol.Response, work: () => Promise<void>, showUser = true): Promise<void> {
    try {
      await work();
      this.sendResponse(response);
    } catch (error) {
      this.fail(response, error instanceof Error ? error.message : String(error), showUser);
    }
  }

  private fail(response: DebugProtocol.Response, message: string, showUser = true): void {
    this.sendErrorResponse(response, { id: 1, format: message, showUser });
  }

  private console(text: string): void {
    this.sendEvent(new OutputEvent(text, 'console'));
  }

  private toRuntimeLine(line: number): number {
    return this.linesStartAt1 ? line : line + 1;
  }

  private toClientLine(line: number): number {
    return this.linesStartAt1 ? line : line - 1;
  }
}
