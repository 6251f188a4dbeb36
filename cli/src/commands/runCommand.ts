// `loopscope run FILE.py [ARGS…] [--clock virtual|real] [--seed N] [--tree] [--timeline] [--events PATH]
//  [--max-time S] [--max-wall S] [--python PATH] [--wheels DIR] [--record FILE]`, `loopscope run --replay FILE`:
// runs a program on the Loopscope runtime.
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import {
  environmentVariables,
  findDistDir,
  findPythonEnvironment,
  formatTaskTree,
  formatTimeline,
  PythonEnvironmentError,
  readRecordingHeader,
  RecordingError,
  snapshotFolder,
  startRuntime,
  wasmTierFromEnvironment,
  TaskRegistry,
  type ClockKind,
  type PythonEnvironment,
  type RecordingHeader,
  type RuntimeEvent,
  type RuntimeSession,
} from '../../../runtime/src/index';
import { isClockKind } from '../../../protocol/runtimeEvents';
import { UsageError } from '../usageError';

export const RUN_USAGE = `usage: loopscope run FILE.py [ARGS...] [--clock virtual|real] [--seed N] [--tree] [--timeline]
                    [--events PATH] [--max-time S] [--max-wall S] [--python PATH] [--wheels DIR] [--record FILE]
       loopscope run --replay FILE [--tree] [--timeline] [--events PATH] [--python PATH] [--wheels DIR]

Runs a Python asyncio program on the Loopscope runtime (CPython 3.14 in WebAssembly, with a TypeScript
event loop). Under the default virtual clock asyncio.sleep() and time.sleep() take no wall time.
Output and exit status are the program's. --tree and --timeline print the task tree and a timeline to
stderr after the run; --events writes every runtime event as JSON Lines. --max-time stops the program
after S virtual seconds, --max-wall after S wall-clock seconds (0: no limit; by default 60 for a run that
stays inside the program under the virtual clock, and none under --clock real or once the program reaches
the network, starts a process or reads stdin); both, and a deadlock, end the run with a report on stderr
(status 124 for limits, 1 for a deadlock). Ctrl+C stops any run.
Signals sent to loopscope run are the program's, as if it were python3 (Ctrl+C: KeyboardInterrupt, or the
program's handler); child processes the program started end with the run.
The program imports packages from the environment of --python PATH (an interpreter, or a virtualenv's
folder); without it from $VIRTUAL_ENV, else .venv or venv beside the program or in the working directory,
else the python3 on PATH. --wheels DIR adds WebAssembly wheels built for the runtime (Pyodide's
*-cp314-cp314-pyemscripten_*_wasm32.whl) for packages that exist only as native code.
--record FILE writes everything that enters the program from outside (bytes received, connections, name
lookups, child processes' output and status, signals, stdin, random bytes, the wall clock) to FILE;
--replay FILE runs the recorded program again offline, getting what the recorded run got: same output, same
exit status, no network and no process. A replay that goes another way (the program changed, or it reads
something not recorded) stops with a report saying where (status 3). Under --clock real the readings of
the clock are recorded too, and a replay takes no wall time waiting.
Options after FILE.py that are not listed here are passed to the program; so is everything after --.`;

const FLAGS_WITH_VALUE = new Set([
  '--clock',
  '--seed',
  '--events',
  '--max-time',
  '--max-wall',
  '--python',
  '--wheels',
  '--record',
  '--replay',
]);
/** What a replay takes from its recording: given with --replay, they would be ignored, so they are refused. */
const RECORDED_FLAGS = ['--clock', '--seed', '--record'] as const;
const BOOLEAN_FLAGS = new Set(['--tree', '--timeline', '--help', '-h']);

interface RunFlags {
  clock: ClockKind;
  seed: number | null;
  tree: boolean;
  timeline: boolean;
  events: string | null;
  maxTime: number | null;
  /** null: no limit; undefined: the runtime's default. */
  maxWall: number | null | undefined;
  python: string | null;
  wheels: string | null;
  record: string | null;
  replay: string | null;
  /** Flags given on the command line (to refuse those a replay takes from its recording). */
  given: Set<string>;
  help: boolean;
}

export async function runCommand(args: readonly string[]): Promise<number> {
  const { flags, file, programArgs } = parseRunArgs(args);
  if (flags.help) {
    process.stdout.write(`${RUN_USAGE}\n`);
    return 0;
  }
  if (flags.replay !== null) return replayCommand(flags, file, programArgs);
  if (file === undefined) throw new UsageError(`missing FILE.py\n${RUN_USAGE}`);
  checkProgram(file);
  if (flags.record !== null) checkWritable(flags.record);
  return runProgram(flags, { program: file, args: programArgs });
}

/** `--replay FILE`: the recorded program, with the recorded arguments, folder, environment variables, clock and seed. */
async function replayCommand(flags: RunFlags, file: string | undefined, programArgs: readonly string[]): Promise<number> {
  const replay = flags.replay!;
  const clashing = RECORDED_FLAGS.filter((flag) => flags.given.has(flag));
  if (clashing.length > 0)
    throw new UsageError(`--replay takes ${clashing.join(', ')} from the recording: leave ${clashing.length === 1 ? 'it' : 'them'} out`);
  let header: RecordingHeader;
  try {
    header = readRecordingHeader(replay);
  } catch (error) {
    if (error instanceof RecordingError) throw new UsageError(`--replay ${replay}: ${error.message}`);
    throw error;
  }
  if (file !== undefined && path.resolve(file) !== header.program)
    throw new UsageError(`--replay ${replay}: this is a recording of ${header.program}, not of ${path.resolve(file)}`);
  if (file !== undefined && programArgs.length > 0)
    throw new UsageError(`--replay takes the program's arguments from the recording: leave out ${programArgs.join(' ')}`);
  checkProgram(header.program);
  return runProgram(
    { ...flags, clock: header.clock, seed: header.seed },
    { program: header.program, args: header.argv.slice(1), argv0: header.argv[0], cwd: header.cwd, env: header.env, epoch: header.epoch },
  );
}

interface ProgramToRun {
  program: string;
  args: readonly string[];
  argv0?: string;
  cwd?: string;
  env?: Record<string, string>;
  epoch?: number;
}

async function runProgram(flags: RunFlags, run: ProgramToRun): Promise<number> {
  const file = run.program;
  const cwd = run.cwd ?? process.cwd();
  const env = run.env ?? environmentVariables(process.env);
  const environment = programEnvironment(file, flags.python, cwd, env);
  if (flags.wheels !== null && !isFolder(flags.wheels)) throw new UsageError(`--wheels ${flags.wheels}: not a folder`);

  const instrument = flags.tree || flags.timeline || flags.events !== null;
  // The program's stderr is its own, but a run that will always start cold says so once, and how to fix it.
  const snapshots = snapshotFolder(findDistDir(), process.env);
  if (snapshots.note) process.stderr.write(`${snapshots.note}\n`);
  const session = startRuntime({
    wasmTier: wasmTierFromEnvironment('balanced'),
    program: file,
    args: run.args,
    argv0: run.argv0,
    cwd,
    env,
    epoch: run.epoch,
    record: flags.record,
    replay: flags.replay,
    clock: flags.clock,
    seed: flags.seed,
    maxTime: flags.maxTime,
    maxWall: flags.maxWall,
    instrument,
    stdio: 'inherit',
    environment,
    wheels: flags.wheels,
    snapshotDir: snapshots.folder,
    cacheEnv: process.env,
  });
  // Only the timeline draws the steps: --tree alone keeps none.
  const registry = new TaskRegistry({ stepLimit: flags.timeline ? Infinity : 0 });
  const eventLog = flags.events !== null ? new JsonLinesFile(flags.events) : undefined;
  session.onEvent((event: RuntimeEvent) => {
    registry.apply(event);
    eventLog?.write(event);
  });
  const forwarding = forwardSignals(session);
  try {
    const result = await session.run();
    eventLog?.close();
    if (flags.tree) process.stderr.write(`\n${formatTaskTree(registry, process.cwd())}`);
    if (flags.timeline) process.stderr.write(`\n${formatTimeline(registry)}`);
    forwarding.stop();
    // Ended as python3 ends when killed by a signal: die of the same signal, so the shell sees the same.
    if (result.signal !== null) dieOf(result.signal as NodeJS.Signals);
    return result.exitStatus;
  } finally {
    forwarding.stop();
  }
}

/** Signals this process passes to the program (as the OS would deliver them to python3). */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGWINCH',
  'SIGALRM',
];

/**
 * Signals sent to `loopscope run` are the program's: its handler runs, it is ignored, or the run ends as the signal
 * would end python3. A program that never takes a Ctrl+C it handles (stuck outside Python) is ended by the next one.
 */
function forwardSignals(session: RuntimeSession): { stop(): void } {
  const listeners = new Map<NodeJS.Signals, () => void>();
  for (const signal of FORWARDED_SIGNALS) {
    const listener = (): void => {
      if (signal === 'SIGINT' && session.signalUndelivered(signal)) {
        void session.terminate();
        return;
      }
      session.deliverSignal(signal);
    };
    listeners.set(signal, listener);
    process.on(signal, listener);
  }
  return {
    stop(): void {
      for (const [signal, listener] of listeners) process.off(signal, listener);
      listeners.clear();
    },
  };
}

function dieOf(signal: NodeJS.Signals): void {
  // Node starts its inspector on SIGUSR1 instead of dying: the exit status says it then.
  if (signal === 'SIGUSR1') return;
  process.kill(process.pid, signal);
  // Delivery is asynchronous: block until the default action ends the process (an exit code is the fallback).
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; waited < 1000; waited += 10) Atomics.wait(sleeper, 0, 0, 10);
}

function parseRunArgs(args: readonly string[]): { flags: RunFlags; file: string | undefined; programArgs: string[] } {
  const flags: RunFlags = {
    clock: 'virtual',
    seed: null,
    tree: false,
    timeline: false,
    events: null,
    maxTime: null,
    maxWall: undefined,
    python: null,
    wheels: null,
    record: null,
    replay: null,
    given: new Set(),
    help: false,
  };
  let file: string | undefined;
  const programArgs: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--') {
      if (file === undefined) {
        file = args[index + 1];
        programArgs.push(...args.slice(index + 2));
      } else {
        programArgs.push(...args.slice(index + 1));
      }
      break;
    }
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (FLAGS_WITH_VALUE.has(name)) {
      const value = inline ?? args[++index];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      applyFlag(flags, name, value);
      flags.given.add(name);
    } else if (BOOLEAN_FLAGS.has(name) && inline === undefined) {
      if (name === '--tree') flags.tree = true;
      else if (name === '--timeline') flags.timeline = true;
      else if (file === undefined) flags.help = true;
      else programArgs.push(arg);
    } else if (file === undefined) {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}' (see 'loopscope run --help')`);
      file = arg;
    } else {
      programArgs.push(arg);
    }
  }
  return { flags, file, programArgs };
}

function applyFlag(flags: RunFlags, name: string, value: string): void {
  switch (name) {
    case '--clock':
      if (!isClockKind(value)) throw new UsageError(`--clock must be virtual or real, not '${value}'`);
      flags.clock = value;
      break;
    case '--seed':
      if (!/^-?\d+$/.test(value)) throw new UsageError(`--seed must be an integer, not '${value}'`);
      flags.seed = Number(value);
      break;
    case '--events':
      flags.events = value;
      break;
    case '--max-time':
      flags.maxTime = positiveSeconds(name, value);
      break;
    case '--max-wall': {
      const seconds = positiveSeconds(name, value, true);
      flags.maxWall = seconds === 0 ? null : seconds;
      break;
    }
    case '--python':
      if (value === '') throw new UsageError('--python needs an interpreter path');
      flags.python = value;
      break;
    case '--wheels':
      if (value === '') throw new UsageError('--wheels needs a folder');
      flags.wheels = value;
      break;
    case '--record':
    case '--replay':
      if (value === '') throw new UsageError(`${name} needs a file`);
      if (name === '--record') flags.record = value;
      else flags.replay = value;
      if (flags.record !== null && flags.replay !== null) throw new UsageError('--record and --replay cannot go together');
      break;
  }
}

/** The environment the program imports from, found before the runtime starts so a bad --python is a usage error. */
function programEnvironment(file: string, python: string | null, cwd: string, env: Record<string, string>): PythonEnvironment | null {
  try {
    return findPythonEnvironment({ program: file, cwd, env, python, pythonChosenBy: '--python', cacheEnv: process.env });
  } catch (error) {
    if (error instanceof PythonEnvironmentError) throw new UsageError(error.message);
    throw error;
  }
}

/** --record FILE can be written (said before the program runs, not after). */
function checkWritable(file: string): void {
  try {
    closeSync(openSync(file, 'a'));
  } catch (error) {
    throw new UsageError(`--record ${file}: cannot write there: ${(error as Error).message}`);
  }
}

function isFolder(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

function positiveSeconds(name: string, value: string, allowZero = false): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0 || (!allowZero && seconds === 0))
    throw new UsageError(`${name} must be a positive number of seconds, not '${value}'`);
  return seconds;
}

function checkProgram(file: string): void {
  let stats;
  try {
    stats = statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `can't open file '${path.resolve(file)}': ${code === 'ENOENT' ? 'No such file or directory' : (error as Error).message}`,
    );
  }
  if (stats.isDirectory()) throw new UsageError(`'${file}' is a directory, not a Python file`);
  if (!/\.pyw?$/i.test(file)) throw new UsageError(`'${file}' is not a Python file (expected FILE.py)`);
}

/** Events as JSON Lines, written in large synchronous chunks. */
class JsonLinesFile {
  private readonly fd: number;
  private chunks: string[] = [];
  private size = 0;

  constructor(file: string) {
    try {
      this.fd = openSync(file, 'w');
    } catch (error) {
      throw new UsageError(`cannot write events to '${file}': ${(error as Error).message}`);
    }
  }

  write(event: RuntimeEvent): void {
    const line = `${JSON.stringify(event)}\n`;
    this.chunks.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }
}
