// Finds the Python environment a program imports its packages from, in the order CONTRACT.md gives for
// `--python`: the interpreter named by the user (--python, the launch attribute, the editor's selection), else
// VIRTUAL_ENV, else .venv or venv beside the program, in the workspace or in the working directory, else the
// python3 on PATH.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { probeInterpreter, ProbeError } from './interpreterProbe';
import type { CacheEnv } from './userCacheFolder';
import { findOnPath, isScript, resolvePyenvShim } from './versionManagerShim';
import {
  interpreterInFolder,
  isDirectory,
  isFile,
  majorMinor,
  readVirtualEnvironment,
  virtualEnvironmentOfInterpreter,
  type VirtualEnvironment,
} from './virtualEnvironment';

export interface EnvironmentQuery {
  /** The program (absolute, or relative to cwd). */
  program: string;
  cwd: string;
  /** The program's environment variables (VIRTUAL_ENV, PATH, PYENV_VERSION, PYTHONNOUSERSITE). */
  env: Record<string, string | undefined>;
  /** An interpreter path (or a name looked up on PATH, or an environment's folder) chosen by the user. */
  python?: string | null;
  /** Who chose `python`, as messages should say it: '--python' (default), 'the launch attribute "python"'… */
  pythonChosenBy?: string;
  /** The editor's workspace folder holding the program: its .venv or venv comes after the program's folder. */
  workspaceFolder?: string | null;
  /** Where interpreters' answers are cached (the entry point's variables, see userCacheFolder.ts). */
  cacheEnv: CacheEnv;
}

export interface PythonEnvironment {
  /** The interpreter, as found (for a version manager's shim: the binary it runs). */
  interpreter: string;
  /** The virtual environment's folder; null for a base interpreter. */
  root: string | null;
  /** "3.11"; null if the files do not say. */
  version: string | null;
  /** How it was found, in words: '--python', 'VIRTUAL_ENV', '.venv beside the program', 'python3 on PATH'… */
  foundBy: string;
  /** site-packages folders in sys.path order (only existing ones). */
  sitePackages: string[];
}

/** The user named an interpreter that cannot be used; the message says which and why. */
export class PythonEnvironmentError extends Error {}

/** The program's environment, or null when there is none (no venv and no python3 on PATH). */
export function findPythonEnvironment(query: EnvironmentQuery): PythonEnvironment | null {
  const cwd = path.resolve(query.cwd);
  const program = path.resolve(cwd, query.program);
  if (query.python) return chosenEnvironment(query.python, query.pythonChosenBy ?? '--python', cwd, query.env, query.cacheEnv);

  const active = query.env.VIRTUAL_ENV;
  if (active && path.isAbsolute(active)) {
    const venv = readVirtualEnvironment(active);
    if (venv) return fromVirtualEnvironment(venv, 'VIRTUAL_ENV', query.env, query.cacheEnv);
  }
  const places: [string, string][] = [[path.dirname(program), 'beside the program']];
  if (query.workspaceFolder) places.push([path.resolve(query.workspaceFolder), 'in the workspace']);
  places.push([cwd, 'in the working directory']);
  const searched = new Set<string>();
  for (const [folder, where] of places) {
    if (searched.has(folder)) continue;
    searched.add(folder);
    const venv = virtualEnvironmentIn(folder);
    if (venv) return fromVirtualEnvironment(venv, `${path.basename(venv.root)} ${where}`, query.env, query.cacheEnv);
  }
  for (const command of process.platform === 'win32' ? ['python'] : ['python3', 'python']) {
    const found = findOnPath(command, query.env.PATH ?? '');
    if (!found) continue;
    try {
      return fromInterpreter(found, `${command} on PATH`, cwd, query.env, query.cacheEnv);
    } catch (error) {
      if (error instanceof ProbeError || error instanceof PythonEnvironmentError) return null;
      throw error;
    }
  }
  return null;
}

/** The .venv (else venv) virtual environment in `folder`, if there is one. */
export function virtualEnvironmentIn(folder: string): VirtualEnvironment | null {
  for (const name of ['.venv', 'venv']) {
    const venv = readVirtualEnvironment(path.join(folder, name));
    if (venv) return venv;
  }
  return null;
}

/** One line for messages: "/proj/.venv (.venv beside the program)". */
export function describePythonEnvironment(environment: PythonEnvironment): string {
  return `${environment.root ?? environment.interpreter} (${environment.foundBy})`;
}

function chosenEnvironment(
  python: string,
  chosenBy: string,
  cwd: string,
  env: Record<string, string | undefined>,
  cacheEnv: CacheEnv,
): PythonEnvironment {
  const named = python.includes('/') || python.includes(path.sep) || python.startsWith('.') ? path.resolve(cwd, python) : null;
  const interpreter = named ?? findOnPath(python, env.PATH ?? '');
  if (!interpreter || (!isFile(interpreter) && !isDirectory(interpreter)))
    throw new PythonEnvironmentError(`${chosenBy} ${python}: not found${named ? '' : ' on PATH'}`);
  if (isDirectory(interpreter)) {
    const venv = readVirtualEnvironment(interpreter);
    if (venv) return fromVirtualEnvironment(venv, chosenBy, env, cacheEnv);
    const inside = interpreterInFolder(interpreter);
    if (!inside) throw new PythonEnvironmentError(`${chosenBy} ${python}: is a folder, not a Python interpreter or environment`);
    return checked(fromInterpreter(inside, chosenBy, cwd, env, cacheEnv), chosenBy, python);
  }
  if (!isExecutable(interpreter)) throw new PythonEnvironmentError(`${chosenBy} ${python}: is not executable`);
  try {
    return checked(fromInterpreter(interpreter, chosenBy, cwd, env, cacheEnv), chosenBy, python);
  } catch (error) {
    if (error instanceof ProbeError) throw new PythonEnvironmentError(`${chosenBy} ${python}: ${error.message}`);
    throw error;
  }
}

function checked(environment: PythonEnvironment, chosenBy: string, python: string): PythonEnvironment {
  if (environment.version && Number(environment.version.split('.')[0]) < 3)
    throw new PythonEnvironmentError(
      `${chosenBy} ${python}: is Python ${environment.version}; the runtime runs Python 3 and can use only a Python 3 environment`,
    );
  return environment;
}

function fromInterpreter(
  interpreter: string,
  foundBy: string,
  cwd: string,
  env: Record<string, string | undefined>,
  cacheEnv: CacheEnv,
): PythonEnvironment {
  const venv = virtualEnvironmentOfInterpreter(interpreter);
  if (venv) return fromVirtualEnvironment(venv, foundBy, env, cacheEnv, interpreter);
  // A shim is resolved to the binary it would run (which may itself belong to a virtual environment).
  const real = isScript(interpreter) ? (resolvePyenvShim(interpreter, cwd, env) ?? interpreter) : interpreter;
  if (real !== interpreter) {
    const shimmed = virtualEnvironmentOfInterpreter(real);
    if (shimmed) return fromVirtualEnvironment(shimmed, foundBy, env, cacheEnv, real);
  }
  const facts = probeInterpreter(real, cacheEnv);
  const sitePackages = existing([...userSite(facts.userSitePackages, env), ...facts.sitePackages]);
  return { interpreter: facts.executable || real, root: null, version: majorMinor(facts.version), foundBy, sitePackages };
}

function fromVirtualEnvironment(
  venv: VirtualEnvironment,
  foundBy: string,
  env: Record<string, string | undefined>,
  cacheEnv: CacheEnv,
  interpreter?: string,
): PythonEnvironment {
  let sitePackages = [...venv.sitePackages];
  if (venv.includesSystemSitePackages && venv.baseInterpreter) {
    // CPython then also enables the user site, ahead of the venv's own (site.main: user site first).
    try {
      const base = probeInterpreter(venv.baseInterpreter, cacheEnv);
      sitePackages = [...userSite(base.userSitePackages, env), ...sitePackages, ...base.sitePackages];
    } catch {
      // The base interpreter is gone or broken: the venv's own packages still work.
    }
  }
  return {
    interpreter: interpreter ?? interpreterInFolder(venv.root) ?? path.join(venv.root, 'bin', 'python'),
    root: venv.root,
    version: venv.version,
    foundBy,
    sitePackages: existing(sitePackages),
  };
}

function userSite(folder: string | null, env: Record<string, string | undefined>): string[] {
  return folder && !env.PYTHONNOUSERSITE ? [folder] : [];
}

function existing(folders: string[]): string[] {
  return [...new Set(folders.map((folder) => path.resolve(folder)))].filter(isDirectory);
}

function isExecutable(file: string): boolean {
  if (process.platform === 'win32') return true;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
