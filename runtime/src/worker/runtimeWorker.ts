// Entry of the runtime worker thread (dist/runtimeWorker.js): loads Python, installs the Loopscope loop,
// runs the program, and reports events, output and the exit status to the session that started it.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { writeSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { PyodideInterface } from 'pyodide';
import { JOURNAL, MAX_JOURNAL_RECORD, RUN_ONCE, SIGNALS } from '../eventRecords';
import type { WorkerMessage, WorkerStartData } from '../workerMessages';
import { connectStreams, loadPython, mountProgramDirectories } from './pythonHost';
import { ProgramInput } from './programInput';
import { RuntimeHost, type PythonInspector } from './runtimeHost';

interface StartData extends WorkerStartData {
  commands: MessagePort;
}

const data = workerData as StartData;
const port = parentPort!;
const post = (message: WorkerMessage, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer ?? []);

main().catch((error: unknown) => {
  post({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});

async function main(): Promise<void> {
  const started = performance.now();
  // V8 flags are process-wide; this one only changes how wasm compiled from now on is tiered.
  if (data.optimizeWasm) setFlagsFromString('--no-liftoff');
  const { pyodide, snapshot } = await loadPython(data);
  mountProgramDirectories(pyodide, [path.dirname(data.program), data.cwd]);
  const writeOutput = (stream: 'stdout' | 'stderr', bytes: Uint8Array): void => post({ kind: 'output', stream, data: bytes });
  const input =
    data.debug && data.input
      ? new ProgramInput(data.input, new Int32Array(data.control), () => post({ kind: 'inputRequested' }))
      : undefined;
  connectStreams(pyodide, data, writeOutput, input);
  const heap = (): ArrayBuffer => (pyodide as unknown as { _module: { HEAPU8: Uint8Array } })._module.HEAPU8.buffer as ArrayBuffer;
  const writeStderr = (text: string): void => {
    const bytes = Buffer.from(text, 'utf8');
    if (data.inheritStdio) writeSync(2, bytes);
    else writeOutput('stderr', new Uint8Array(bytes));
  };
  const host = new RuntimeHost(data, heap, post, data.commands, writeStderr);
  pyodide.setInterruptBuffer(new Int32Array(data.interrupt));
  installPython(pyodide, host);
  post({ kind: 'ready', startupMs: performance.now() - started, snapshot });
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
  };
  const argv = pyodide.toPy(data.argv);
  let exitStatus: number;
  try {
    exitStatus = program.run(data.program, argv as unknown as string[], data.seed ?? undefined);
  } finally {
    (argv as unknown as { destroy(): void }).destroy();
  }
  pyodide.runPython('import sys\nfor _s in (sys.stdout, sys.stderr):\n    _s.flush()');
  const time = host.eventTime(host.clock.now());
  host.emit({ type: 'runFinished', time, exitStatus });
  host.flush();
  post({ kind: 'finished', exitStatus, time });
}

function installPython(pyodide: PyodideInterface, host: RuntimeHost): void {
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
      need_capacity: RUN_ONCE.needCapacity,
      deadlock: RUN_ONCE.deadlock,
      max_time: RUN_ONCE.maxTime,
      interrupted: RUN_ONCE.interrupted,
    },
    instrumented: data.instrumented,
    virtual: data.clock === 'virtual',
    epoch: data.epoch,
    workers: data.defaultWorkers,
    signals: { halt: SIGNALS.halt, pause: SIGNALS.pause },
    cwd: data.cwd,
    env: data.env,
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
