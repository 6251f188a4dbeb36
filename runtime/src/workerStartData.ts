// What a run's worker is told about its program (WorkerStartData), from the caller's options: paths resolved
// against the program's working directory, the program's Python environment, the defaults of every option, and
// whether it is recorded or replayed.
import path from 'node:path';
import { resolveProgramEnvironment } from './environment/programEnvironment';
import type { RuntimeOptions } from './runtimeOptions';
import type { WorkerStartData } from './workerMessages';

/** What the session shares with its worker (control words, buffers, the port reporting child processes). */
interface WorkerChannels {
  control: SharedArrayBuffer;
  interrupt: SharedArrayBuffer;
  signals: SharedArrayBuffer;
  input: SharedArrayBuffer | null;
  childTracker: WorkerStartData['childTracker'];
}

/** Throws when the options ask for what the runtime cannot do (a run both recorded and replayed). */
export function checkRecordingOptions(options: RuntimeOptions): void {
  if (options.record && options.replay) throw new Error('a run is recorded or replayed, not both');
}

export function workerStartData(
  options: RuntimeOptions,
  distDir: string,
  channels: WorkerChannels,
  /** How long the worker waits for the optimized eval loop before the program starts (ms). */
  awaitOptimizedMs: number,
): WorkerStartData {
  const stdio = options.stdio ?? 'pipe';
  const debug = options.debug ?? false;
  const cwd = path.resolve(options.cwd);
  const program = path.resolve(cwd, options.program);
  const env = options.env;
  const pyodideDir = path.join(distDir, 'pyodide');
  return {
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
    awaitOptimizedMs,
    lendBatches: options.lendDeadlineBatches === 'always' ? 'always' : options.lendDeadlineBatches === false ? 'never' : 'adaptive',
    epoch: options.epoch ?? Date.now() / 1000,
    defaultWorkers: options.defaultWorkers ?? 8,
    control: channels.control,
    interrupt: channels.interrupt,
    debug,
    input: channels.input,
    signals: channels.signals,
    childTracker: channels.childTracker,
    recording: options.record
      ? { mode: 'record', path: path.resolve(options.record) }
      : options.replay
        ? { mode: 'replay', path: path.resolve(options.replay) }
        : null,
  };
}
