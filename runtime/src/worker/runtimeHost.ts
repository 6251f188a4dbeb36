// The object Python's runtime calls into (`hostlink.host`): loops, blocking sleeps, executor jobs, halts,
// pauses. Every method here is one Python->JS boundary crossing, so the hot path is runOnce only.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { RuntimeEvent, SourceLocation, HaltReason, TaskInfo } from '../../../protocol/runtimeEvents';
import { CONTROL, HALT_CODE, RUN_ONCE, SIGNALS } from '../eventRecords';
import { formatHaltReport, type HaltDetails } from '../deadlockReport';
import type { DebugStartOptions } from '../../../protocol/runtimeDebug';
import type { WorkerCommand, WorkerMessage, WorkerStartData } from '../workerMessages';
import { EventLoopCore } from './eventLoop';
import { EventOutbox } from './eventOutbox';
import { ExecutorPools } from './executorPool';
import { RealClock, VirtualClock, type LoopClock } from './virtualClock';
import { IoChannel } from './io/ioChannel';
import { HostIo } from './io/hostIo';
import { HostProcesses } from './io/hostProcesses';
import { DISPOSITION, ProgramSignals, type Disposition } from '../programSignals';
import { describeFirstCommand, type ExternalIo } from './io/firstExternalIo';
import { ReplayDiverged, type Tape } from './recording/tape';
import { otherChannel, tapedIo, tapedProcesses, type TapedIoMethod, type TapedProcessMethod } from './recording/tapedHostlink';

const FLUSH_INTERVAL_MS = 50;
/** Exit status of a replay that went another way than its recording (as program.py's _HALT_STATUS has it). */
const REPLAY_DIVERGED_STATUS = 3;
const FLUSH_RECORDS = 1 << 16;

/** Python functions the host calls back while paused (set after the Python runtime is installed). */
export interface PythonInspector {
  tasks(): string;
  call_graph(taskId: number): string;
  /** Debug mode: a DebugRequests operation; returns JSON `{result}` or `{error}`. */
  debug(operation: string, argumentsJson: string): string;
  /** Debug mode: stop on the loop thread between iterations (a pause with no user code running). */
  stop_between_iterations(): boolean;
  /** Debug mode: the debugger's position (user lines executed so far); -1 otherwise. */
  position(): number;
  /** Debug mode: a replay cannot go on; stop where the program is before it ends (returns once resumed). */
  stop_before_replay_halt(description: string): boolean;
}

type ResumeCommand = Extract<WorkerCommand, { kind: 'resume' }>;

/** Debugger requests safe to answer in the middle of any Python code (they only change breakpoint tables). */
const SIGNAL_SAFE: ReadonlySet<string> = new Set(['setBreakpoints', 'setFunctionBreakpoints', 'configure', 'breakpointLocations']);

/** Python's clock.state: [0] loop time, [1] epoch, [2] needed capacity, [3] I/O event count, [4] job's sleep. */
const CLOCK_SLOTS = 5;

export class RuntimeHost {
  readonly outbox = new EventOutbox();
  readonly clock: LoopClock;
  readonly loops: EventLoopCore;
  private readonly pools = new ExecutorPools();
  private readonly control: Int32Array;
  private readonly interrupt: Int32Array;
  private clockView: { address: number; view: Float64Array } | undefined;
  private lastFlush = performance.now();
  private haltReported: string | undefined;
  private pauseAtTime: number | null;
  /** Wall-clock ms that must not become loop time: pauses, debugger stops, blocking I/O already counted. */
  private accountedWall = 0;
  /** The program's sockets, servers and name queries (hostlink.io). */
  readonly io: HostIo;
  /** The program's child processes (hostlink.processes). */
  readonly processes: HostProcesses;
  /** What Python and the loop call for I/O: `io` itself, or `io` through the tape of a recorded or replayed run. */
  readonly pythonIo: Pick<HostIo, TapedIoMethod>;
  readonly pythonProcesses: Pick<HostProcesses, TapedProcessMethod>;
  /** What the program does with each signal, and the signals waiting for it. */
  readonly signals: ProgramSignals;
  inspector: PythonInspector | undefined;
  /** A replay that went another way than its recording: what happened (the halt report says it). */
  private divergence: string | null = null;
  /** What the debugger's stop before that halt says (see divergenceStop). */
  private divergenceEnded = false;

  /**
   * The replay diverged: the run ends at once, with `what` in its report (halt reason replayDiverged). `ended`: the
   * recording simply has nothing more (the recorded run was stopped there).
   */
  replayDiverged(what: string, ended: boolean): void {
    this.divergence = what;
    this.divergenceEnded = ended;
    // Under the debugger the program stops there first (a stop served from inside this call).
    if (this.data.debug && this.inspector) this.inspector.stop_before_replay_halt(this.divergenceStop());
    // A Stop (or a step back) during that stop keeps its own halt.
    Atomics.compareExchange(this.control, CONTROL.halt, 0, HALT_CODE.replayDiverged);
    Atomics.store(this.interrupt, 0, SIGNALS.halt);
  }

  /** Under the debugger, the description of the stop a divergent replay makes before it ends (debugger.py). */
  divergenceStop(): string {
    return this.divergenceEnded
      ? 'The recording ends here: the recorded run was stopped at this point. Going further would need the network, ' +
          'the processes or the input again: Continue ends this replay; step back still works; Restart runs the program anew.'
      : `The replay went another way than the recording: ${this.divergence ?? 'the program changed'}. Continue ends the run.`;
  }

  /** The run reached outside the runtime (externalIoStarted was told). */
  private externalIo = false;
  /** A step-back re-run: the position it stops at (no I/O may happen before it). */
  private rerunUntil: number | null = null;

  constructor(
    private readonly data: WorkerStartData,
    private readonly heap: () => ArrayBuffer,
    private readonly post: (message: WorkerMessage, transfer?: ArrayBuffer[]) => void,
    private readonly commands: MessagePort,
    private readonly writeStderr: (text: string) => void,
    /** The output of a child process writing where the program's own output goes (when the worker passes it on). */
    programOutput: (stream: 'stdout' | 'stderr', data: Uint8Array) => void,
    /** Set when the run is recorded or replayed (recording/tape.ts). */
    readonly tape: Tape | null = null,
  ) {
    this.clock =
      data.clock === 'virtual'
        ? new VirtualClock()
        : new RealClock(tape ? () => tape.call(otherChannel('clock.real'), {}, [], () => performance.now() / 1000) : null);
    this.control = new Int32Array(data.control);
    this.interrupt = new Int32Array(data.interrupt);
    this.pauseAtTime = data.pauseAtTime;
    const host = this;
    this.signals = new ProgramSignals(data.signals, this.interrupt);
    this.io = new HostIo(
      new IoChannel(
        data.control,
        CONTROL.wake,
        {
          // A recorded run's children write through the worker, so that what they print is recorded too.
          inheritStdio: data.inheritStdio && tape === null,
          inheritStdin: data.stdin === null && !data.debug,
          childTracker: data.childTracker,
        },
        undefined,
        (command) => this.externalIoStarted(describeFirstCommand(command)),
      ),
      {
        control: this.control,
        wakeSlot: CONTROL.wake,
        interrupt: this.interrupt,
        haltRequested: () => Atomics.load(host.control, CONTROL.halt) !== 0,
        armSignals: () => this.armSignals(),
      },
      heap,
    );
    this.processes = new HostProcesses(
      this.io,
      (stream, data) => {
        tape?.effect({ kind: 'output', stream, data });
        programOutput(stream, data);
      },
      data.inheritStdio,
      data.debug ? 'interactive' : data.stdin === null ? 'host' : 'text',
    );
    this.pythonIo = tape ? tapedIo(this.io, tape, heap) : this.io;
    this.pythonProcesses = tape ? tapedProcesses(this.processes, tape) : this.processes;
    this.loops = new EventLoopCore({
      io: this.pythonIo,
      followWall: tape ? (measure) => tape.call(otherChannel('clock.follow'), {}, [], measure) : undefined,
      accountedWallMs: () => this.accountedWall,
      publishIoEvents: (count) => this.publishIoEvents(count),
      clock: this.clock,
      outbox: this.outbox,
      heap,
      eventTime: (now) => this.eventTime(now),
      publishClock: (now, needed) => this.publishClock(now, needed),
      maxTime: data.clock === 'virtual' ? data.maxTime : null,
      haltRequested: () => Atomics.load(host.control, CONTROL.halt) !== 0,
      checkpoint: (now) => this.checkpoint(now),
      lendingLimit: () => this.lendingLimit(),
      lending: data.lendBatches,
      // A replay waits for nothing: the recorded readings of the real clock say how long the wait was.
      waitReal: (seconds) => this.waitOnClock(seconds),
      afterIngest: () => this.maybeFlush(),
      signalWaiting: () => this.signalWaiting(),
      beforeWait: () => this.beforeWait(),
    });
  }

  // -- signals (called from Python: _loopscope/signals.py) ------------------------------------------

  /** The loop has handlers for `count` signals (loop.add_signal_handler). */
  loopSignalHandlers(loopId: number, count: number): void {
    this.loops.setSignalHandlers(loopId, count);
  }

  /** The program set `signal`'s handler: 0 SIG_DFL, 1 SIG_IGN, 2 a function. */
  signalDisposition(signal: number, disposition: number): void {
    if (disposition === DISPOSITION.default || disposition === DISPOSITION.ignore || disposition === DISPOSITION.handler)
      this.signals.setDisposition(signal, disposition as Disposition);
  }

  /**
   * A loop's signal was noted by Python (signals.py _loop_signal) and not dispatched yet. Python runs the note
   * between any two bytecodes, so it may come after the loop looked for arrived signals and before it calls in to
   * wait: this flag keeps that wait from sleeping through it (asyncio's wakeup fd does the same for CPython).
   */
  private loopSignalNoted = false;

  loopSignalArrived(): void {
    this.loopSignalNoted = true;
  }

  /** The loop took every noted signal (signals.py dispatch). */
  loopSignalsTaken(): void {
    this.loopSignalNoted = false;
  }

  /** A program signal waits for Python to run its handler, or for the loop to dispatch it. */
  signalWaiting(): boolean {
    this.armSignals();
    return this.loopSignalNoted || this.signals.waiting();
  }

  /**
   * Hands a signal that arrived for the program to Python (see ProgramSignals.arm). In a recorded run signals
   * arrive only here, and a hand-over is recorded where it happens (an effect), so a replay delivers it at the same
   * place: there, this gives Python what the recording has at this point.
   */
  private armSignals(): number {
    const tape = this.tape;
    if (!tape) return this.signals.arm();
    if (tape.mode === 'replay') {
      tape.takeEffects();
      return 0;
    }
    const signal = this.signals.arm();
    if (signal !== 0) tape.effect({ kind: 'signal', signal });
    return signal;
  }

  /** The wall clock (seconds, performance.now()) as the runtime reads it to measure a blocking call. */
  monotonicNow(): number {
    const now = (): number => performance.now() / 1000;
    return this.tape ? this.tape.call(otherChannel('clock.monotonic'), {}, [], now) : now();
  }

  /**
   * The program signals its own process (os.kill(os.getpid(), ...), signal.raise_signal): 0 when a handler will
   * run or it is ignored. When the signal ends the process, the session ends the run as killed by it; this waits
   * for that (the program runs no further, as under python3).
   */
  raiseSignal(signal: number): number {
    if (this.signals.deliver(signal) !== 'killed') return 0;
    this.flush();
    this.post({ kind: 'raiseSignal', signal });
    const deadline = performance.now() + 10_000;
    while (Atomics.load(this.control, CONTROL.halt) === 0 && performance.now() < deadline) this.waitReal(0.5);
    return RUN_ONCE.interrupted;
  }

  // -- called from Python -------------------------------------------------------------------

  attachClock(address: number): void {
    this.clockView = { address, view: new Float64Array(this.heap(), address, CLOCK_SLOTS) };
    if (this.clock instanceof VirtualClock) {
      this.clock.attach(this.heap, address);
      this.routeWallClock();
    } else if (this.tape) {
      this.routeRecordedWallClock(this.clock as RealClock);
    }
    this.publishClock(this.clock.now());
  }

  /**
   * Under the virtual clock, the C library's wall clock (Emscripten's CLOCK_REALTIME is Date.now) reads
   * time.time()'s clock: epoch + loop time + what the running executor job slept. So datetime.now(),
   * date.today(), time.localtime(), gmtime(), ctime() and strftime() agree with time.time(). This worker thread
   * is the program's: nothing else in it needs the real date (real durations use performance.now()).
   */
  private routeWallClock(): void {
    Date.now = (): number => {
      const view = this.clockSlots();
      return (view[1]! + view[0]! + view[4]!) * 1000;
    };
  }

  /**
   * A recorded or replayed run under the real clock: the date is the run's start date (the recorded epoch) plus
   * the loop clock's time since the start, as the loop last read it (a read of its own would not come in the same
   * order in a replay: the runtime's file system stamps its files with Date.now too). datetime.now() and
   * time.localtime() read it; time.time() reads the clock afresh first (tapedWallNow).
   */
  private routeRecordedWallClock(clock: RealClock): void {
    const epoch = this.data.epoch;
    Date.now = (): number => (epoch + clock.sinceStart(clock.now())) * 1000;
  }

  /** time.monotonic() and time.perf_counter() of a recorded or replayed run under the real clock (seconds). */
  tapedClockNow(): number {
    return (this.clock as RealClock).readNow();
  }

  /** time.time() of a recorded or replayed run under the real clock (seconds since the epoch). */
  tapedWallNow(): number {
    return this.data.epoch + (this.clock as RealClock).sinceStart(this.tapedClockNow());
  }

  private clockSlots(): Float64Array {
    const clockView = this.clockView!;
    // A view over a heap that grew is detached (length 0).
    if (clockView.view.length === 0) clockView.view = new Float64Array(this.heap(), clockView.address, CLOCK_SLOTS);
    return clockView.view;
  }

  createLoop(journalAddress: number, journalSlots: number, outAddress: number, outSlots: number, batchAddress = 0): number {
    return this.loops.createLoop({ journalAddress, journalSlots, outAddress, outSlots, batchAddress });
  }

  setOutBuffer(loopId: number, address: number, slots: number): void {
    this.loops.setOutBuffer(loopId, address, slots);
  }

  closeLoop(loopId: number): void {
    this.loops.closeLoop(loopId);
  }

  ingest(loopId: number, count: number, strings: PyList | null | undefined): void {
    this.loops.ingest(loopId, count, takeStrings(strings));
  }

  /**
   * `consumed`: -1, or how many of the handles handed over last time Python consumed (the rest comes back).
   * `afterIo`: Python has just queued the callbacks of the ready sockets this iteration reported.
   */
  runOnce(loopId: number, count: number, stopping: boolean, strings: PyList | null | undefined, consumed = -1, afterIo = false): number {
    if (!this.tape) return this.loops.runOnce(loopId, count, stopping, strings ? takeStrings(strings) : null, consumed, afterIo);
    try {
      this.tape.iteration++;
      this.armSignals();
      return this.loops.runOnce(loopId, count, stopping, strings ? takeStrings(strings) : null, consumed, afterIo);
    } catch (error) {
      // The replay cannot go on: the loop halts (halting.py) instead of seeing an error from inside itself.
      if (error instanceof ReplayDiverged) return RUN_ONCE.interrupted;
      throw error;
    }
  }

  /**
   * A blocking socket call (or name lookup) held the loop for `seconds` of wall time: the timeline shows the
   * block, and under the virtual clock loop time moves by as much (once: it is not followed again).
   */
  ioBlocked(seconds: number, taskId: number, path: string, line: number): number {
    this.accountedWall += seconds * 1000;
    const clock = this.clock;
    if (seconds >= 0.001)
      this.emit({
        type: 'loopBlocked',
        time: this.eventTime(clock.now()),
        duration: seconds,
        taskId: taskId < 0 ? null : taskId,
        site: site(path, line),
      });
    if (clock instanceof VirtualClock) {
      const maxTime = this.data.maxTime;
      if (maxTime !== null && clock.now() + seconds > maxTime) {
        clock.advanceTo(maxTime);
        this.publishClock(clock.now());
        return RUN_ONCE.maxTime;
      }
      clock.advanceBy(seconds);
      this.publishClock(clock.now());
    }
    return Atomics.load(this.control, CONTROL.halt) !== 0 ? RUN_ONCE.interrupted : 0;
  }

  /** time.sleep() under the virtual clock: the loop is blocked; time moves by `seconds`. */
  blockingSleep(seconds: number, taskId: number, path: string, line: number): number {
    const clock = this.clock as VirtualClock;
    this.emit({ type: 'loopBlocked', time: clock.now(), duration: seconds, taskId: taskId < 0 ? null : taskId, site: site(path, line) });
    if (Atomics.load(this.control, CONTROL.halt) !== 0) return RUN_ONCE.interrupted;
    const maxTime = this.data.maxTime;
    if (maxTime !== null && clock.now() + seconds > maxTime) {
      clock.advanceTo(maxTime);
      this.publishClock(clock.now());
      return RUN_ONCE.maxTime;
    }
    clock.advanceBy(seconds);
    this.publishClock(clock.now());
    return 0;
  }

  /** time.sleep() under the real clock: really wait (interruptibly): 0, a RUN_ONCE code, or the seconds left after a signal. */
  realSleep(seconds: number, taskId: number, path: string, line: number, record: boolean): number {
    if (record)
      this.emit({
        type: 'loopBlocked',
        time: this.eventTime(this.clock.now()),
        duration: seconds,
        taskId: taskId < 0 ? null : taskId,
        site: site(path, line),
      });
    // The loop's clock (read through the tape in a recorded run; a replay only reads, it does not wait).
    const clock = this.clock;
    clock.refresh();
    const end = clock.now() + seconds;
    for (let left = seconds; left > 0;) {
      if (Atomics.load(this.control, CONTROL.halt) !== 0) return RUN_ONCE.interrupted;
      // A signal for the program, or a debugger pause: return the seconds left, so its handler runs (or the
      // program stops at this line) and the sleep goes on (PEP 475).
      this.armSignals();
      if (this.signals.waiting() || Atomics.load(this.interrupt, 0) === SIGNALS.pause) return Math.max(left, 1e-6);
      this.waitOnClock(left);
      clock.refresh();
      left = end - clock.now();
    }
    return Atomics.load(this.control, CONTROL.halt) !== 0 ? RUN_ONCE.interrupted : 0;
  }

  executorSubmit(pool: number, workers: number, jobId: number, functionName: string, taskId: number): boolean {
    return this.pools.submit(pool, workers, { id: jobId, functionName, taskId: taskId < 0 ? null : taskId }) !== undefined;
  }

  executorStarted(jobId: number, start: number): void {
    const job = this.pools.get(jobId);
    if (!job) return;
    job.startedAt = start;
    this.emit({
      type: 'executorJobStarted',
      time: this.eventTime(start),
      jobId,
      worker: job.worker,
      function: job.functionName,
      taskId: job.taskId,
    });
  }

  /** A job's result was delivered; returns the id of the queued job that takes its worker, or 0. */
  executorFinished(jobId: number, failed: boolean): number {
    const { finished, next } = this.pools.finish(jobId);
    if (finished) {
      const now = this.clock.now();
      this.emit({
        type: 'executorJobFinished',
        time: this.eventTime(now),
        jobId,
        worker: finished.worker,
        duration: now - finished.startedAt,
        failed,
      });
    }
    return next?.id ?? 0;
  }

  /**
   * os._exit: the run ends here with `status`, as a process ends in _exit: no Python runs after it (no finally,
   * no atexit), the program's sockets and children go as at any end. Returns only if the worker is not ended.
   */
  exitNow(status: number): void {
    this.io.closeAll();
    const exitStatus = this.finishTape(status & 0xff);
    const time = this.eventTime(this.clock.now());
    this.emit({ type: 'runFinished', time, exitStatus });
    this.flush();
    this.post({ kind: 'finished', exitStatus, time });
    // The session ends this worker once it has the message.
    for (;;) Atomics.wait(this.control, CONTROL.halt, Atomics.load(this.control, CONTROL.halt), 1000);
  }

  /**
   * The program ended with `exitStatus` (after its sockets and children were closed): a recording is completed;
   * a replay whose end differs from the recorded one says so, and its status becomes 3 (replayDiverged's).
   */
  finishTape(exitStatus: number): number {
    const problem = this.tape?.end(exitStatus) ?? null;
    if (problem === null) return exitStatus;
    this.writeStderr(`loopscope: the replay went another way than the recording: ${problem}.\n`);
    return REPLAY_DIVERGED_STATUS;
  }

  haltReason(): string {
    const code = Atomics.load(this.control, CONTROL.halt);
    return code === HALT_CODE.terminate
      ? 'terminate'
      : code === HALT_CODE.maxWall
        ? 'maxWall'
        : code === HALT_CODE.replayDiverged
          ? 'replayDiverged'
          : '';
  }

  /** The program is being stopped: print the report (once) and record it. */
  halted(reason: string, detailsJson: string): string {
    if (this.haltReported !== undefined) return this.haltReported;
    const details = JSON.parse(detailsJson) as HaltDetails;
    const report = formatHaltReport(reason as HaltReason | 'terminate', details, {
      time: this.eventTime(this.clock.now()),
      clock: this.clock.kind,
      cwd: this.data.cwd,
      maxTime: this.data.maxTime,
      divergence: this.divergence,
    });
    this.haltReported = report;
    if (reason !== 'terminate') this.writeStderr(report);
    this.emit({
      type: 'runHalted',
      time: this.eventTime(this.clock.now()),
      reason: reason === 'terminate' ? 'crash' : (reason as HaltReason),
      report,
    });
    return report;
  }

  /**
   * The program reaches outside the runtime for the first time (a socket, a name lookup, a process): told once
   * per run, before the I/O happens. A step-back re-run must stop before its target is passed, and so must not
   * get here before it: if it does, the I/O is refused (an error in the program) rather than repeated.
   */
  externalIoStarted(io: ExternalIo): void {
    if (this.externalIo) return;
    this.externalIo = true;
    this.post({ kind: 'reachedOutside' });
    const found = this.data.debug ? (this.inspector?.position() ?? -1) : -1;
    const position = found >= 0 ? found : null;
    if (this.rerunUntil !== null && position !== null && position < this.rerunUntil) {
      this.externalIo = false;
      throw new Error(
        `loopscope: this re-run (step back) reached I/O (${io.description}) before position ${this.rerunUntil}; it was refused so that it is not repeated against the world`,
      );
    }
    this.emit({ type: 'ioStarted', time: this.eventTime(this.clock.now()), resource: io.resource, description: io.description, position });
  }

  // -- worker side ---------------------------------------------------------------------------

  emit(event: RuntimeEvent): void {
    if (this.data.instrumented || event.type === 'runHalted' || event.type === 'runFinished' || event.type === 'runStarted')
      this.outbox.addObject(event);
  }

  eventTime(now: number): number {
    return this.clock instanceof RealClock ? this.clock.sinceStart(now) : now;
  }

  flush(): void {
    this.tape?.flush();
    const batch = this.outbox.take();
    this.lastFlush = performance.now();
    if (batch) this.post({ kind: 'events', batch }, [batch.records.buffer as ArrayBuffer]);
  }

  private maybeFlush(): void {
    if (this.outbox.pending > FLUSH_RECORDS || (this.outbox.pending > 0 && performance.now() - this.lastFlush > FLUSH_INTERVAL_MS))
      this.flush();
  }

  private publishIoEvents(count: number): void {
    this.publishClock(this.clock.now());
    this.clockView!.view[3] = count;
  }

  private publishClock(now: number, needed?: number): void {
    if (!this.clockView) return;
    const view = this.clockSlots();
    view[0] = now;
    if (needed !== undefined) view[2] = needed;
  }

  /** Lent deadline batches end before a pause time, and none are lent while a pause or a command waits. */
  private lendingLimit(): number {
    if (Atomics.load(this.control, CONTROL.pause) !== 0 || Atomics.load(this.control, CONTROL.commands) !== 0) return -Infinity;
    return this.pauseAtTime ?? Infinity;
  }

  /**
   * A wait under the real clock whose length the clock then measures (a timer's, time.sleep()'s): none in a
   * replay, where the recorded readings of the clock say how long it was.
   */
  private waitOnClock(seconds: number): void {
    if (this.tape?.mode !== 'replay') this.waitReal(seconds);
  }

  private waitReal(seconds: number): void {
    const wake = Atomics.load(this.control, CONTROL.wake);
    Atomics.wait(this.control, CONTROL.wake, wake, Math.max(0, Math.min(seconds, this.beforeWait()) * 1000));
  }

  /** Before the worker idles: events older than the flush interval go to the session now, not after the wait. */
  private beforeWait(): number {
    if (this.outbox.pending === 0) return Infinity;
    const since = performance.now() - this.lastFlush;
    if (since >= FLUSH_INTERVAL_MS) {
      this.flush();
      return Infinity;
    }
    return (FLUSH_INTERVAL_MS - since) / 1000;
  }

  /** Between iterations: answer waiting commands; stop here if the session asked for a pause (or the pause time is reached). */
  private checkpoint(now: number): void {
    if (this.stopped) return;
    if (Atomics.load(this.control, CONTROL.commands) !== 0) this.drainCommands();
    const requested = Atomics.load(this.control, CONTROL.pause) !== 0;
    const timed = this.pauseAtTime !== null && this.eventTime(now) >= this.pauseAtTime;
    if (!requested && !timed) return;
    if (timed) this.pauseAtTime = null;
    if (this.data.debug && this.inspector) {
      if (this.inspector.stop_between_iterations()) return;
    }
    this.pause();
  }

  // -- debugging (called from Python's debugger) -----------------------------------------------

  /** Python stopped at a breakpoint, step, pause or exception: report it and serve commands until resumed. */
  debugStopped(stopJson: string): string {
    Atomics.compareExchange(this.interrupt, 0, SIGNALS.pause, 0);
    Atomics.store(this.control, CONTROL.pause, 0);
    this.flush();
    this.post({ kind: 'stopped', stop: JSON.parse(stopJson) });
    const resume = this.serveUncounted();
    return JSON.stringify(resume?.args ?? { mode: 'continue' });
  }

  /** Logpoint output or a breakpoint condition's error. */
  debugLog(text: string, path: string, line: number, category: 'console' | 'stderr'): void {
    this.post({ kind: 'debugLog', log: { text, path, line, category } });
  }

  pauseRequested(): boolean {
    return Atomics.load(this.control, CONTROL.pause) !== 0;
  }

  clockNow(): number {
    return this.clock.now();
  }

  /** Puts the virtual clock back after a console `await` ran on its own loop. */
  setClock(now: number): void {
    if (this.clock instanceof VirtualClock) {
      this.clock.setNow(now);
      this.publishClock(now);
    }
  }

  /** Before the program: serve breakpoint and configuration commands until the session starts the program. */
  configure(): DebugStartOptions {
    this.post({ kind: 'configuring' });
    const resume = this.serve();
    const start = resume?.start ?? { stopOnEntry: false, stopAt: null, stdinReplay: '' };
    this.rerunUntil = start.stopAt?.position ?? null;
    return start;
  }

  /** Signal handler path: the session asked for a pause while Python code was running (even a busy loop). */
  pauseFromSignal(): void {
    if (Atomics.load(this.control, CONTROL.pause) !== 0) this.pause();
  }

  /** Blocks the worker, answering the session's commands synchronously, until it says resume. */
  pause(): void {
    // The pause signal may still be pending when the pause is taken at an iteration boundary: drop it. The
    // request is answered by this pause: Python run while paused (a tasks request) must not see it pending.
    Atomics.compareExchange(this.interrupt, 0, SIGNALS.pause, 0);
    Atomics.store(this.control, CONTROL.pause, 0);
    this.flush();
    this.post({ kind: 'paused', time: this.eventTime(this.clock.now()) });
    this.serveUncounted();
  }

  /** serve(), with the time spent there kept out of loop time (see followWall in eventLoop.ts). */
  private serveUncounted(): ResumeCommand | undefined {
    const started = performance.now();
    try {
      return this.serve();
    } finally {
      this.accountedWall += performance.now() - started;
    }
  }

  private stopped = false;

  /** Answers commands until `resume` (returned) or a halt (undefined). */
  private serve(): ResumeCommand | undefined {
    this.stopped = true;
    for (const command of this.deferred.splice(0)) {
      if (command.kind === 'resume') {
        Atomics.store(this.control, CONTROL.pause, 0);
        this.post({ kind: 'reply', id: command.id, result: null });
        this.stopped = false;
        return command;
      }
      this.answer(command);
    }
    try {
      for (;;) {
        const wake = Atomics.load(this.control, CONTROL.wake);
        let message = receiveMessageOnPort(this.commands);
        while (message) {
          const command = message.message as WorkerCommand;
          if (command.kind === 'resume') {
            Atomics.store(this.control, CONTROL.pause, 0);
            Atomics.compareExchange(this.interrupt, 0, SIGNALS.pause, 0);
            this.post({ kind: 'reply', id: command.id, result: null });
            return command;
          }
          this.answer(command);
          message = receiveMessageOnPort(this.commands);
        }
        if (Atomics.load(this.control, CONTROL.halt) !== 0) return undefined;
        Atomics.wait(this.control, CONTROL.wake, wake, 1000);
      }
    } finally {
      this.stopped = false;
    }
  }

  /** Commands read by signalCommands() that must wait for a loop iteration. */
  private readonly deferred: WorkerCommand[] = [];

  /** While running: answer what is waiting (tasks, cancel, ...) and go on; a `resume` here has nothing to leave. */
  private drainCommands(): void {
    Atomics.store(this.control, CONTROL.commands, 0);
    const waiting = this.deferred.splice(0);
    for (let message = receiveMessageOnPort(this.commands); message; message = receiveMessageOnPort(this.commands))
      waiting.push(message.message as WorkerCommand);
    for (const command of waiting) {
      if (command.kind === 'resume') this.post({ kind: 'reply', id: command.id, result: null, error: 'the runtime is not paused' });
      else this.answer(command);
    }
  }

  /**
   * From the interrupt handler, at any bytecode (even inside `while True:`): answer the configuration requests
   * that only touch the debugger's own tables; anything that touches the loop or tasks waits for an iteration.
   */
  signalCommands(): void {
    if (this.stopped || Atomics.load(this.control, CONTROL.commands) === 0) return;
    for (let message = receiveMessageOnPort(this.commands); message; message = receiveMessageOnPort(this.commands)) {
      const command = message.message as WorkerCommand;
      if (command.kind === 'debug' && SIGNAL_SAFE.has(command.op)) this.answer(command);
      else this.deferred.push(command);
    }
    if (this.deferred.length === 0) Atomics.store(this.control, CONTROL.commands, 0);
  }

  private answer(command: Exclude<WorkerCommand, { kind: 'resume' }>): void {
    const tape = this.tape;
    if (tape) tape.offTape(() => this.answerNow(command));
    else this.answerNow(command);
  }

  private answerNow(command: Exclude<WorkerCommand, { kind: 'resume' }>): void {
    try {
      const inspector = this.inspector;
      if (!inspector) throw new Error('the Python runtime is not ready');
      if (command.kind === 'tasks') {
        this.post({ kind: 'reply', id: command.id, result: JSON.parse(inspector.tasks()) as TaskInfo[] });
      } else if (command.kind === 'callGraph') {
        this.post({ kind: 'reply', id: command.id, result: JSON.parse(inspector.call_graph(command.taskId)) as unknown });
      } else {
        const reply = JSON.parse(inspector.debug(command.op, JSON.stringify(command.args ?? {}))) as { result?: unknown; error?: string };
        if (reply.error !== undefined) this.post({ kind: 'reply', id: command.id, result: null, error: reply.error });
        else this.post({ kind: 'reply', id: command.id, result: reply.result ?? null });
      }
    } catch (error) {
      this.post({ kind: 'reply', id: command.id, result: null, error: error instanceof Error ? firstLine(error.message) : String(error) });
    }
  }
}

/** A Python list proxy as Pyodide hands it to JS. */
interface PyList {
  toJs(): unknown;
  destroy(): void;
}

function takeStrings(strings: PyList | null | undefined): string[] | null {
  if (!strings) return null;
  const values = strings.toJs() as string[];
  strings.destroy();
  return values;
}

/** A Python error crossing into JS carries the whole traceback; its last line says what happened. */
function firstLine(message: string): string {
  const lines = message.trim().split('\n');
  return lines[lines.length - 1] ?? message;
}

function site(path: string, line: number): SourceLocation | null {
  return path ? { path, line } : null;
}
