// Checks a `loopscope` launch configuration (CONTRACT: program, args, cwd, env, stopOnEntry, clock, seed,
// justMyCode, python; and wheels, replay) and turns it into what a run needs, with messages that say what to fix.
import { statSync } from 'node:fs';
import path from 'node:path';
import { EDITOR_CONTEXT_ATTRIBUTE, type LaunchEditorContext, type LoopscopeLaunchArguments } from '../../protocol/debugProtocol';
import { isClockKind, type ClockKind } from '../../protocol/runtimeEvents';
import {
  findPythonEnvironment,
  PythonEnvironmentError,
  readRecordingHeader,
  RecordingError,
  type PythonEnvironment,
  type RecordingHeader,
} from '../../runtime/src/index';

export interface LaunchConfig {
  program: string;
  /** sys.argv[0]: the program's path (a replay: as the recorded run had it). */
  argv0: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  stopOnEntry: boolean;
  clock: ClockKind;
  /**
   * A session picks one when the configuration does not, so every re-run repeats; null only when replaying a
   * recording made without one (its `random` was seeded from the recorded os.urandom).
   */
  seed: number | null;
  justMyCode: boolean;
  /** time.time() at virtual time 0, fixed for the session for the same reason. */
  epoch: number;
  /** The environment the program imports from, found once: every re-run of the session uses the same. */
  environment: PythonEnvironment | null;
  /** Folder of WebAssembly wheels (absolute), or null. */
  wheels: string | null;
  /** The recording the session replays (absolute), or null: a live run. */
  replay: string | null;
}

export class LaunchConfigError extends Error {}

const KNOWN = new Set(['program', 'args', 'cwd', 'env', 'stopOnEntry', 'clock', 'seed', 'justMyCode', 'python', 'wheels', 'replay']);

/** What a replay takes from its recording: given with "replay", they would be ignored, so they are refused. */
const RECORDED = ['args', 'cwd', 'env', 'clock', 'seed'] as const;

/** Validates `raw` (the launch request's arguments); throws LaunchConfigError with a user-facing message. */
export function parseLaunchConfig(raw: unknown, defaults: { seed: number; epoch: number; env: NodeJS.ProcessEnv }): LaunchConfig {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object') throw new LaunchConfigError('the launch configuration must be an object');
  const given = raw as Partial<Record<keyof LoopscopeLaunchArguments, unknown>>;
  const replayOption = optionalString(given.replay, 'replay');
  const replay = replayOption === undefined ? null : path.resolve(optionalString(given.cwd, 'cwd') ?? process.cwd(), replayOption);
  const recorded = replay === null ? null : recordedConfiguration(given, replay, defaults.env);
  const config = recorded?.config ?? given;

  const cwd = optionalString(config.cwd, 'cwd');
  const workingDirectory = cwd === undefined ? undefined : path.resolve(cwd);
  if (workingDirectory !== undefined && !isDirectory(workingDirectory)) {
    throw new LaunchConfigError(`"cwd" is not a folder: ${workingDirectory}`);
  }

  if (config.program === undefined || config.program === null || config.program === '') {
    throw new LaunchConfigError('"program" is missing: set it to the .py file to debug, e.g. "${file}"');
  }
  if (typeof config.program !== 'string') throw new LaunchConfigError('"program" must be a string (the path of a .py file)');
  const program = path.resolve(workingDirectory ?? process.cwd(), config.program);
  let stats;
  try {
    stats = statSync(program);
  } catch {
    throw new LaunchConfigError(`"program" does not exist: ${program}`);
  }
  if (stats.isDirectory()) throw new LaunchConfigError(`"program" is a folder, not a Python file: ${program}`);
  if (!/\.pyw?$/i.test(program)) throw new LaunchConfigError(`"program" is not a Python file (expected a .py file): ${program}`);

  const args = config.args === undefined ? [] : config.args;
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string'))
    throw new LaunchConfigError('"args" must be an array of strings');

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(defaults.env)) if (value !== undefined) env[key] = value;
  if (config.env !== undefined) {
    if (typeof config.env !== 'object' || config.env === null || Array.isArray(config.env))
      throw new LaunchConfigError('"env" must be an object of strings');
    for (const [key, value] of Object.entries(config.env)) {
      if (value === null) delete env[key];
      else if (typeof value === 'string') env[key] = value;
      else throw new LaunchConfigError(`"env.${key}" must be a string`);
    }
  }

  const clock = config.clock === undefined ? 'virtual' : config.clock;
  if (!isClockKind(clock)) throw new LaunchConfigError('"clock" must be "virtual" or "real"');

  const seed = config.seed === undefined || (config.seed === null && replay === null) ? defaults.seed : config.seed;
  if (seed !== null && (typeof seed !== 'number' || !Number.isInteger(seed))) throw new LaunchConfigError('"seed" must be an integer');

  const runDirectory = workingDirectory ?? path.dirname(program);
  const python = optionalString(config.python, 'python');
  const editor = editorContext((raw as Record<string, unknown>)[EDITOR_CONTEXT_ATTRIBUTE]);
  let environment: PythonEnvironment | null;
  try {
    environment = findPythonEnvironment({
      program,
      cwd: runDirectory,
      env,
      python: python ?? null,
      pythonChosenBy: editor.pythonFromExtension ? "the Python extension's interpreter" : 'the launch attribute "python"',
      workspaceFolder: editor.workspaceFolder ?? null,
      // The interpreter probes' cache is placed by the adapter's own environment, not the program's.
      cacheEnv: defaults.env,
    });
  } catch (error) {
    if (error instanceof PythonEnvironmentError) throw new LaunchConfigError(error.message);
    throw error;
  }
  const wheelsOption = optionalString(config.wheels, 'wheels');
  const wheels = wheelsOption === undefined ? null : path.resolve(runDirectory, wheelsOption);
  if (wheels !== null && !isDirectory(wheels)) throw new LaunchConfigError(`"wheels" is not a folder: ${wheels}`);

  return {
    program,
    argv0: recorded?.header.argv[0] ?? program,
    args: args as string[],
    cwd: runDirectory,
    env,
    stopOnEntry: optionalBoolean(config.stopOnEntry, 'stopOnEntry') ?? false,
    clock,
    seed,
    justMyCode: optionalBoolean(config.justMyCode, 'justMyCode') ?? true,
    epoch: recorded?.header.epoch ?? defaults.epoch,
    environment,
    wheels,
    replay,
  };
}

/** A replay's configuration: the given one with the program, arguments, folder, environment, clock and seed recorded. */
function recordedConfiguration(
  given: Partial<Record<keyof LoopscopeLaunchArguments, unknown>>,
  replay: string,
  base: NodeJS.ProcessEnv,
): { config: Partial<Record<keyof LoopscopeLaunchArguments, unknown>>; header: RecordingHeader } {
  let header: RecordingHeader;
  try {
    header = readRecordingHeader(replay);
  } catch (error) {
    if (error instanceof RecordingError) throw new LaunchConfigError(`"replay": ${replay}: ${error.message}`);
    throw error;
  }
  const clashing = RECORDED.filter((name) => given[name] !== undefined);
  if (clashing.length > 0)
    throw new LaunchConfigError(
      `"replay" takes ${clashing.map((name) => `"${name}"`).join(', ')} from the recording: leave ${clashing.length === 1 ? 'it' : 'them'} out`,
    );
  if (typeof given.program === 'string' && given.program !== '' && path.resolve(header.cwd, given.program) !== header.program)
    throw new LaunchConfigError(`"replay" is a recording of ${header.program}, not of ${path.resolve(header.cwd, given.program)}`);
  // The recorded environment replaces the adapter's: null removes what the adapter has and the recording had not.
  const env: Record<string, string | null> = { ...header.env };
  for (const key of Object.keys(base)) if (!(key in header.env)) env[key] = null;
  return {
    config: { ...given, program: header.program, args: header.argv.slice(1), cwd: header.cwd, env, clock: header.clock, seed: header.seed },
    header,
  };
}

/** Attributes VS Code adds itself, or that other adapters use; not an error, but not ours either. */
export function unknownAttributes(raw: object): string[] {
  const vscode = new Set([
    'type',
    'request',
    'name',
    '__sessionId',
    '__configurationTarget',
    'noDebug',
    'preLaunchTask',
    'postDebugTask',
    'internalConsoleOptions',
    'presentation',
    'debugServer',
    '__restart',
    EDITOR_CONTEXT_ATTRIBUTE,
  ]);
  return Object.keys(raw).filter((key) => !KNOWN.has(key) && !vscode.has(key));
}

/** The extension's hints, read defensively (anything malformed is ignored: users do not write it). */
function editorContext(value: unknown): LaunchEditorContext {
  if (!value || typeof value !== 'object') return {};
  const context = value as Record<string, unknown>;
  return {
    pythonFromExtension: context.pythonFromExtension === true,
    ...(typeof context.workspaceFolder === 'string' && path.isAbsolute(context.workspaceFolder)
      ? { workspaceFolder: context.workspaceFolder }
      : {}),
  };
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new LaunchConfigError(`"${name}" must be a string`);
  return value;
}

function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new LaunchConfigError(`"${name}" must be true or false`);
  return value;
}

function isDirectory(directory: string): boolean {
  try {
    return statSync(directory).isDirectory();
  } catch {
    return false;
  }
}
