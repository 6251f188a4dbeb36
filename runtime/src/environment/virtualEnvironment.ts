// Reads a virtual environment (venv, virtualenv, uv) from its files: pyvenv.cfg and the site-packages folder
// beside it, without running its interpreter.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface VirtualEnvironment {
  root: string;
  /** "3.11", from pyvenv.cfg or the lib/python3.X folder; null if neither says. */
  version: string | null;
  /** Its own site-packages (normally one folder). */
  sitePackages: string[];
  /** `include-system-site-packages = true`: the base interpreter's site-packages come after its own. */
  includesSystemSitePackages: boolean;
  /** The base interpreter pyvenv.cfg names (`home` folder + python3), if it exists. */
  baseInterpreter: string | null;
}

/** The virtual environment whose interpreter is `interpreter` (bin/python or Scripts\python.exe), if it is one. */
export function virtualEnvironmentOfInterpreter(interpreter: string): VirtualEnvironment | null {
  // As CPython does: pyvenv.cfg beside the executable or one folder up, without resolving symlinks (a venv's
  // bin/python is a symlink to the base interpreter).
  const binFolder = path.dirname(interpreter);
  for (const root of [path.dirname(binFolder), binFolder]) {
    if (isFile(path.join(root, 'pyvenv.cfg'))) return readVirtualEnvironment(root);
  }
  return null;
}

/** The virtual environment rooted at `root` (the folder holding pyvenv.cfg), or null. */
export function readVirtualEnvironment(root: string): VirtualEnvironment | null {
  let text: string;
  try {
    text = readFileSync(path.join(root, 'pyvenv.cfg'), 'utf8');
  } catch {
    return null;
  }
  const settings = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const equals = line.indexOf('=');
    if (equals > 0) settings.set(line.slice(0, equals).trim().toLowerCase(), line.slice(equals + 1).trim());
  }
  const declared = majorMinor(settings.get('version_info') ?? settings.get('version') ?? '');
  const found = sitePackagesFolders(root, declared);
  const home = settings.get('home');
  return {
    root,
    version: declared ?? found.version,
    sitePackages: found.folders,
    includesSystemSitePackages: (settings.get('include-system-site-packages') ?? '').toLowerCase() === 'true',
    baseInterpreter: home ? baseInterpreterIn(home) : null,
  };
}

/** The interpreter a folder given as an environment stands for: a venv root's bin/python, or null. */
export function interpreterInFolder(folder: string): string | null {
  for (const candidate of ['bin/python3', 'bin/python', 'Scripts/python.exe', 'python.exe']) {
    const file = path.join(folder, candidate);
    if (isFile(file)) return file;
  }
  return null;
}

function sitePackagesFolders(root: string, version: string | null): { folders: string[]; version: string | null } {
  const windows = path.join(root, 'Lib', 'site-packages');
  if (version) {
    const posix = path.join(root, 'lib', `python${version}`, 'site-packages');
    if (isDirectory(posix)) return { folders: [posix], version };
  }
  // The version unknown or its folder missing: whatever lib/python3.X/site-packages there is (the newest).
  let entries: string[] = [];
  try {
    entries = readdirSync(path.join(root, 'lib')).filter((name) => /^python3\.\d+t?$/.test(name));
  } catch {
    // No lib/ (a Windows layout, or not an environment at all).
  }
  entries.sort((a, b) => minorOf(b) - minorOf(a));
  for (const name of entries) {
    const folder = path.join(root, 'lib', name, 'site-packages');
    if (isDirectory(folder)) return { folders: [folder], version: name.slice('python'.length).replace(/t$/, '') };
  }
  if (isDirectory(windows)) return { folders: [windows], version };
  return { folders: [], version };
}

function baseInterpreterIn(home: string): string | null {
  for (const name of ['python3', 'python', 'python.exe']) {
    const file = path.join(home, name);
    if (existsSync(file)) return file;
  }
  return null;
}

/** "3.11.7" or "3.11.7.final.0" → "3.11". */
export function majorMinor(version: string): string | null {
  const match = /^(\d+)\.(\d+)/.exec(version.trim());
  return match ? `${match[1]}.${match[2]}` : null;
}

function minorOf(name: string): number {
  return Number(/\.(\d+)/.exec(name)?.[1] ?? -1);
}

export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
