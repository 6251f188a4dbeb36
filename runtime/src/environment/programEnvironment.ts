// What the runtime worker needs to give a program its environment: the folders to mount (site-packages and
// .pth folders read-only), the sys.path additions, the bytecode cache, the WebAssembly wheels to install, and
// the words its import errors use to say where Loopscope looked.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { describePythonEnvironment, findPythonEnvironment, type PythonEnvironment } from './pythonEnvironment';
import { pthFolders } from './pthFolders';
import { userCacheSubfolder, type CacheEnv } from './userCacheFolder';
import { isDirectory } from './virtualEnvironment';
import { runtimePlatform, selectWasmWheels } from './wasmWheels';

export interface ProgramEnvironment {
  /** site-packages folders, in sys.path order, added with site.addsitedir (which processes their .pth files). */
  sitePackages: string[];
  /** Folders the .pth files add (mounted read-only unless inside the program's own folders). */
  pthFolders: string[];
  /** PYTHONPATH entries (existing folders), placed after the program's folder as CPython does. */
  pythonPath: string[];
  /** "/proj/.venv (.venv beside the program)"; null when no environment was found. */
  description: string | null;
  /** Host folder for the environment's compiled bytecode (sys.pycache_prefix); null: compile every run. */
  bytecodeCache: string | null;
  /** WebAssembly wheels to install before the program (Pyodide's loader, local files only). */
  wheels: string[];
  /** The platform tag a WebAssembly wheel needs, for messages ("pyemscripten_2026_0_wasm32"). */
  wheelPlatform: string;
  /** Lines for stderr before the program (wheels left out and why). */
  notices: string[];
}

/** The environment options of a run (RuntimeOptions has them). */
export interface EnvironmentOptions {
  /**
   * The interpreter whose environment the program imports from; without it, findPythonEnvironment's order.
   * One that cannot be used makes startRuntime throw a PythonEnvironmentError (front ends check it first).
   */
  python?: string | null;
  /** Who chose `python`, as messages say it (default '--python'). */
  pythonChosenBy?: string;
  /** An environment found already (front ends report a bad `python` before starting anything); null: none. */
  environment?: PythonEnvironment | null;
  /** Folder of WebAssembly wheels for the bundled CPython, installed before the program. */
  wheels?: string | null;
  /** Where the environment's compiled bytecode is cached (default: the user cache folder's bytecode/; null: never). */
  bytecodeCacheDir?: string | null;
}

/** Finds the environment (unless given) and prepares it for the worker; throws PythonEnvironmentError or WheelsFolderError. */
export function resolveProgramEnvironment(
  options: EnvironmentOptions & {
    program: string;
    cwd: string;
    env: Record<string, string | undefined>;
    pyodideDir: string;
    cacheEnv: CacheEnv;
  },
): ProgramEnvironment {
  const environment =
    options.environment !== undefined
      ? options.environment
      : findPythonEnvironment({
          program: options.program,
          cwd: options.cwd,
          env: options.env,
          python: options.python ?? null,
          cacheEnv: options.cacheEnv,
          ...(options.pythonChosenBy ? { pythonChosenBy: options.pythonChosenBy } : {}),
        });
  return programEnvironment({ ...options, environment });
}

interface ProgramEnvironmentOptions {
  environment: PythonEnvironment | null;
  cwd: string;
  env: Record<string, string | undefined>;
  pyodideDir: string;
  /** Folder of WebAssembly wheels (already checked to be a folder; see selectWasmWheels). */
  wheels?: string | null;
  /** undefined: the user cache folder's `bytecode/`; null: none. */
  bytecodeCacheDir?: string | null;
  /** Where the user cache folder is (the entry point's variables, see userCacheFolder.ts). */
  cacheEnv: CacheEnv;
}

export function programEnvironment(options: ProgramEnvironmentOptions): ProgramEnvironment {
  // Real paths: the worker mounts each folder where it really is, and a path through a symlink (a .venv
  // linked into the project) would lead the runtime's file system to a target it has not mounted.
  const sitePackages = [...new Set((options.environment?.sitePackages ?? []).map(realPath))];
  const platform = runtimePlatform(options.pyodideDir);
  const selection = options.wheels ? selectWasmWheels(path.resolve(options.cwd, options.wheels), platform) : { wheels: [], notices: [] };
  const bytecodeCache =
    options.bytecodeCacheDir === undefined ? userCacheSubfolder('bytecode', options.cacheEnv) : options.bytecodeCacheDir;
  return {
    sitePackages,
    pthFolders: [...new Set(sitePackages.flatMap(pthFolders).map(realPath))].filter((folder) => !sitePackages.includes(folder)),
    pythonPath: (options.env.PYTHONPATH ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .map((entry) => path.resolve(options.cwd, entry))
      .filter(isDirectory),
    description: options.environment ? describePythonEnvironment(options.environment) : null,
    bytecodeCache: bytecodeCache && isDirectory(bytecodeCache) ? bytecodeCache : null,
    wheels: selection.wheels,
    wheelPlatform: platform.platformTags[0] ?? 'pyemscripten_wasm32',
    notices: selection.notices,
  };
}

function realPath(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}
