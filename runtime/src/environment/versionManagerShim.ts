// Finds the interpreter a version manager's shim would run (pyenv's `python3` is a bash script that costs
// ~0.2 s per call), by reading the files pyenv itself reads: PYENV_VERSION, .python-version, $PYENV_ROOT/version.
import { accessSync, closeSync, constants, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { isDirectory, isFile } from './virtualEnvironment';

/** A script (`#!…`) rather than a binary: a shim or wrapper, not the interpreter itself. */
export function isScript(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The interpreter a pyenv shim runs for a program started in `cwd` with `env`, or null when `shim` is not
 * a pyenv shim or its choice cannot be worked out from files (the caller then runs the shim itself).
 */
export function resolvePyenvShim(shim: string, cwd: string, env: Record<string, string | undefined>): string | null {
  let text: string;
  try {
    text = readFileSync(shim, 'utf8').slice(0, 4096);
  } catch {
    return null;
  }
  if (!/pyenv["']?\s+exec/.test(text)) return null;
  const root = /export PYENV_ROOT="([^"]+)"/.exec(text)?.[1] ?? env.PYENV_ROOT ?? path.dirname(path.dirname(shim));
  const command = path.basename(shim);
  for (const version of selectedVersions(root, cwd, env)) {
    if (version === 'system') {
      const system = findOnPath(command, env.PATH ?? '', (folder) => !folder.startsWith(root + path.sep));
      if (system) return system;
      continue;
    }
    const installed = installedVersion(root, version);
    const candidate = installed ? path.join(root, 'versions', installed, 'bin', command) : null;
    if (candidate && isFile(candidate)) return candidate;
  }
  return null;
}

/** pyenv's order: $PYENV_VERSION, the nearest .python-version from cwd up, $PYENV_ROOT/version, "system". */
function selectedVersions(root: string, cwd: string, env: Record<string, string | undefined>): string[] {
  if (env.PYENV_VERSION) return env.PYENV_VERSION.split(':').filter(Boolean);
  for (let folder = path.resolve(cwd); ; folder = path.dirname(folder)) {
    const names = versionFile(path.join(folder, '.python-version'));
    if (names) return names;
    if (path.dirname(folder) === folder) break;
  }
  return versionFile(path.join(root, 'version')) ?? ['system'];
}

function versionFile(file: string): string[] | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const names = text
    .split(/\s+/)
    .map((word) => word.trim())
    .filter((word) => word && !word.startsWith('#'));
  return names.length ? names : null;
}

/** An exact version folder, or (pyenv ≥ 2.3) the newest installed one a prefix such as "3.11" names. */
function installedVersion(root: string, version: string): string | null {
  const versions = path.join(root, 'versions');
  if (isDirectory(path.join(versions, version))) return version;
  let names: string[];
  try {
    names = readdirSync(versions).filter((name) => name.startsWith(`${version}.`) && /^[\d.]+$/.test(name));
  } catch {
    return null;
  }
  names.sort(compareVersions);
  return names.at(-1) ?? null;
}

function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference) return difference;
  }
  return 0;
}

/** The first `command` in PATH's folders (those `accept` allows), as the shell would find it. */
export function findOnPath(command: string, pathVariable: string, accept: (folder: string) => boolean = () => true): string | null {
  const extensions = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const folder of pathVariable.split(path.delimiter)) {
    if (!folder || !path.isAbsolute(folder) || !accept(folder)) continue;
    for (const extension of extensions) {
      const candidate = path.join(folder, command + extension);
      if (isFile(candidate) && isExecutable(candidate)) return candidate;
    }
  }
  return null;
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
