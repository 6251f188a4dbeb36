// Entry of the runtime worker thread (dist/runtimeWorker.js): loads Python (the boot, which may happen before the
// program is known: runtimeBoot.ts), then takes its program, installs the Loopscope loop, runs the program, and
// reports events, output and the exit status to the session that started it.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { writeSync } from 'node:fs';
import { hostname, machine, release, type, version } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { PyodideInterface } from 'pyodide';
import { IO_WAIT_OPERATIONS } from '../../../protocol/runtimeEvents';
import { AWAIT_KINDS, CONTROL, HALT_CODE, JOURNAL, MAX_JOURNAL_RECORD, RUN_ONCE, SIGNALS } from '../eventRecords';
import type { WorkerBootData, WorkerMessage, WorkerProgramMessage, WorkerStartData } from '../workerMessages';
import { MAX_EXTRA_BATCHES } from './eventLoop';
import { adoptHostTimeZone, capWasmMemory, connectStreams, loadPython, startUpHostValues, writeFully } from './pythonHost';
import { openTape, tapedStdin } from './recording/openTape';
import { describeDivergence } from './recording/tape';
import { mountHostDirectories, programHostDirectories } from './hostDirectoryMounts';
import { installWasmWheels } from './wasmWheelInstall';
import { ProgramInput } from './programInput';
import { RuntimeHost, type PythonInspector } from './runtimeHost';

const boot = workerData as WorkerBootData;
const port = parentPort!;
const post = (message: WorkerMessage, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer ?? []);
/** The program, whenever the session sends it: while Python loads, or long after (a worker booted ahead). */
const programMessage = new Promise<WorkerProgramMessage>((resolve) => port.once('message', resolve));

main().catch((error: unknown) => {
  post({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});

async function main(): Promise<void> {
  const started = performance.now();
  // V8 flags are process-wide; this one only changes how wasm compiled from now on is tiered.
  if (boot.optimizeWasm) setFlagsFromString('--no-liftoff');
  const { pyodide, snapshot } = await loadPython(boot);
  const interpreter = boot.warmInterpreter ? new InterpreterTierUp(pyodide) : undefined;
  const booted = performance.now();
  post({ kind: 'booted', bootMs: booted - started, snapshot });
  // A worker booted ahead may wait long for its program (the extension's spare): what loading left behind goes.
  const idle = setTimeout(collectGarbage, IDLE_COLLECT_MS);
  const { data, commands } = await programMessage;
  clearTimeout(idle);
  // The worker's own start-up time: loading Python, then setting up the program (not any wait for the program).
  const programArrived = Math.max(booted, performance.now());
  await runProgram(pyodide, data, commands, snapshot, interpreter, () => booted - started + (performance.now() - programArrived));
}

async function runProgram(
  pyodide: PyodideInterface,
  data: WorkerStartData,
  commands: MessagePort,
  snapshot: 'loaded' | 'created' | 'none',
  interpreter: InterpreterTierUp | undefined,
  startupMs: () => number,
): Promise<void> {
  if (data.maxMemoryMb !== null) capWasmMemory(data.maxMemoryMb);
  mountHostDirectories(pyodide, programHostDirectories(data));
  const writeOutput = (stream: 'stdout' | 'stderr', bytes: Uint8Array): void => post({ kind: 'output', stream, data: bytes });
  const input =
    data.debug && data.input
      ? new ProgramInput(data.input, new Int32Array(data.control), new Int32Array(data.interrupt), () => post({ kind: 'inputRequested' }))
      : undefined;
  let host: RuntimeHost | undefined;
  // Output of the program's children, when it passes through this worker: where the program's own goes.
  const programOutput = (stream: 'stdout' | 'stderr', bytes: Uint8Array): void => {
    if (data.inheritStdio) writeFully(stream === 'stdout' ? 1 : 2, bytes);
    else post({ kind: 'output', stream, data: bytes }, [bytes.buffer as ArrayBuffer]);
  };
  const interrupt = new Int32Array(data.interrupt);
  const control = new Int32Array(data.control);
  const tape = openTape(data, {
    runtime: `Python ${pyodide.version} on Pyodide`,
    sink: {
      output: (stream, bytes) => programOutput(stream, bytes.slice()),
      signal: (signal) => void Atomics.compareExchange(interrupt, 0, 0, signal),
    },
    diverged: (divergence) => host?.replayDiverged(describeDivergence(divergence), divergence.ended),
    cutOff: () => Atomics.load(control, CONTROL.halt) === HALT_CODE.terminate,
  });
  connectStreams(
    pyodide,
    data,
    writeOutput,
    input,
    () => host?.externalIoStarted({ resource: 'input', description: 'reading standard input' }),
    tape ? (read) => tapedStdin(tape, read) : undefined,
  );
  const heap = (): ArrayBuffer => (pyodide as unknown as { _module: { HEAPU8: Uint8Array } })._module.HEAPU8.buffer as ArrayBuffer;
  const writeStderr = (text: string): void => {
    const bytes = Buffer.from(text, 'utf8');
    if (data.inheritStdio) writeSync(2, bytes);
    else writeOutput('stderr', new Uint8Array(bytes));
  };
  for (const notice of data.environment.notices) writeStderr(`${notice}\n`);
  await installWasmWheels(pyodide, data.environment.wheels, writeStderr);
  host = new RuntimeHost(data, heap, post, commands, writeStderr, programOutput, tape);
  pyodide.setInterruptBuffer(new Int32Array(data.interrupt));
  installPython(pyodide, host, data);
  const interpreterWaitMs = interpreter ? interpreter.finish(data.awaitOptimizedMs) : 0;
  post({ kind: 'ready', startupMs: startupMs(), snapshot, interpreterWaitMs });
  if (data.debug) {
    const start = host.configure();
    input?.replay(start.stdinReplay);
    const debugger_ = pyodide.pyimport('_loopscope.debugger') as unknown as { start(options: unknown): void };
    const options = pyodide.toPy(start);
    try {
      debugger_.start(options as unknown);
    } finally {
      (options as unknown as { destroy(): void }).destroy();
    }
  }
  host.emit({ type: 'runStarted', time: 0, program: data.program, clock: data.clock, seed: data.seed });

  const program = pyodide.pyimport('_loopscope.program') as unknown as {
    run(path: string, argv: string[], seed: number | undefined): number;
    /** Set when python3 would end by killing itself with this signal (an uncaught KeyboardInterrupt). */
    ended_by_signal: number | null | undefined;
  };
  const argv = pyodide.toPy(data.argv);
  let exitStatus: number;
  try {
    exitStatus = program.run(data.program, argv as unknown as string[], data.seed ?? undefined);
  } finally {
    (argv as unknown as { destroy(): void }).destroy();
  }
  // The program is over: a halt or signal that came as it ended must not interrupt the clean-up below.
  Atomics.store(new Int32Array(data.interrupt), 0, 0);
  // The program may have closed its streams (a pipe transport on sys.stdout closes it, as under CPython).
  pyodide.runPython('import sys\nfor _s in (sys.stdout, sys.stderr):\n    try:\n        _s.flush()\n    except Exception:\n        pass');
  // Nothing of the program's outlives it: sockets and servers close with the run.
  host.io.closeAll();
  exitStatus = host.finishTape(exitStatus);
  const time = host.eventTime(host.clock.now());
  host.emit({ type: 'runFinished', time, exitStatus });
  host.flush();
  const signal = program.ended_by_signal;
  post({ kind: 'finished', exitStatus, time, ...(typeof signal === 'number' ? { signal } : {}) });
}

/** A booted worker that has waited this long for its program collects its garbage (see collectGarbage). */
const IDLE_COLLECT_MS = 250;

/**
 * One full garbage collection of this worker, while it idles waiting for its program: loading Python leaves tens of
 * MB behind (the snapshot's bytes, Pyodide's start-up objects) that an idle thread would otherwise hold for as long
 * as it waits, since nothing triggers a collection. V8 offers `gc` only to contexts made while --expose-gc is set
 * (a process-wide flag), so it is set just for the one context that takes it.
 */
function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    setFlagsFromString('--no-expose-gc');
    gc();
  } catch {
    // Without it the memory is only freed later.
  }
}

/**
 * V8 runs CPython's WebAssembly on its baseline tier first and optimizes a function in the background once it
 * is hot. A running wasm frame never switches to the optimized code (no on-stack replacement), and CPython
 * runs a Python call inside the caller's eval-loop frame: the program's top-level code, and a task's step,
 * keep the eval loop's baseline code for as long as they run. So the eval loop and the functions everyday
 * Python uses are made hot right after loading, and the program starts once the eval loop's optimized code
 * is in (a loop of pure Python gets at least twice as fast), or after `capMs`. The Python run here is the
 * same whether or not the worker waits, so the program always starts from the same interpreter state.
 */
class InterpreterTierUp {
  /** Probes made whether or not the worker waits between them, so the Python run before the program is fixed. */
  private static readonly PROBES = 40;
  private readonly spin: (iterations: number) => number;
  private readonly baseline: number;
  private readonly started = performance.now();

  constructor(pyodide: PyodideInterface) {
    const install = pyodide.pyimport('_loopscope.install') as unknown as {
      spin(iterations: number): number;
      exercise(iterations: number): number;
    };
    this.spin = (iterations) => install.spin(iterations) / iterations;
    // Enough to use up the eval loop's tiering budget, so its optimization starts now; then the rest.
    this.baseline = Math.min(this.spin(15000), this.spin(5000));
    install.exercise(4000);
  }

  /**
   * Makes the fixed probes; until one shows the eval loop optimized (or `capMs` after the start), sleeps
   * between them, leaving the CPU to the compiler. Returns the ms it took.
   */
  finish(capMs: number): number {
    const started = performance.now();
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    let waiting = capMs > 0;
    for (let probe = 0; probe < InterpreterTierUp.PROBES; probe++) {
      const perIteration = this.spin(2000);
      if (!waiting) continue;
      if (perIteration <= this.baseline / 2 || performance.now() - this.started >= capMs) waiting = false;
      else Atomics.wait(sleeper, 0, 0, capMs / InterpreterTierUp.PROBES);
    }
    return performance.now() - started;
  }
}

function installPython(pyodide: PyodideInterface, host: RuntimeHost, data: WorkerStartData): void {
  adoptHostTimeZone(pyodide);
  const config = {
    ops: {
      ready: JOURNAL.ready,
      timer: JOURNAL.timer,
      cancel: JOURNAL.cancel,
      task_created: JOURNAL.taskCreated,
      step_started: JOURNAL.stepStarted,
      step_ended: JOURNAL.stepEnded,
      task_finished: JOURNAL.taskFinished,
      max_record: MAX_JOURNAL_RECORD,
      max_lent_batches: MAX_EXTRA_BATCHES,
      need_capacity: RUN_ONCE.needCapacity,
      deadlock: RUN_ONCE.deadlock,
      max_time: RUN_ONCE.maxTime,
      interrupted: RUN_ONCE.interrupted,
      io_events: RUN_ONCE.io,
      await_kinds: [...AWAIT_KINDS],
      io_wait_operations: [...IO_WAIT_OPERATIONS],
    },
    host: {
      // What CPython took from this worker as it started, had it started here and not from a snapshot.
      ...startUpHostValues(),
      platform: process.platform,
      uname: { sysname: type(), nodename: hostname(), release: release(), version: version(), machine: machine() },
    },
    openssl: process.versions.openssl,
    instrumented: data.instrumented,
    virtual: data.clock === 'virtual',
    // A recorded or replayed run under the real clock: the program's readings of the time go through the tape.
    tapedClock: data.clock === 'real' && host.tape !== null,
    epoch: data.epoch,
    workers: data.defaultWorkers,
    signals: { halt: SIGNALS.halt, pause: SIGNALS.pause },
    cwd: data.cwd,
    env: data.env,
    environment: data.environment,
    debug: data.debug,
  };
  const install = pyodide.pyimport('_loopscope.install') as unknown as { install(host: RuntimeHost, config: unknown): void };
  const pyConfig = pyodide.toPy(config);
  try {
    install.install(host, pyConfig);
  } finally {
    (pyConfig as unknown as { destroy(): void }).destroy();
  }
  host.inspector = pyodide.pyimport('_loopscope.inspector') as unknown as PythonInspector;
}
