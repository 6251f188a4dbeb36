// The folder of WebAssembly wheels a user gives for packages the environment has only as native code: which
// of its wheels fit the bundled CPython (Pyodide's platform tags), one per distribution, newest version.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDirectory } from './virtualEnvironment';

/** What a wheel must be built for: the bundled CPython's version and Pyodide's platform tags. */
export interface RuntimePlatform {
  /** [3, 14] */
  pythonVersion: [number, number];
  /** e.g. ['pyemscripten_2026_0_wasm32', 'emscripten_5_0_3_wasm32']; the first is the one to ask for. */
  platformTags: string[];
}

interface WheelSelection {
  /** Absolute paths of the wheels to install, sorted by file name. */
  wheels: string[];
  /** One line per wheel left out and why (shown on stderr before the program). */
  notices: string[];
}

class WheelsFolderError extends Error {}

const platforms = new Map<string, RuntimePlatform>();

/** The platform the bundled Pyodide installs wheels for, from its pyodide-lock.json (read once per process). */
export function runtimePlatform(pyodideDir: string): RuntimePlatform {
  let platform = platforms.get(pyodideDir);
  if (!platform) platforms.set(pyodideDir, (platform = readRuntimePlatform(pyodideDir)));
  return platform;
}

function readRuntimePlatform(pyodideDir: string): RuntimePlatform {
  let info: { python?: unknown; platform?: unknown; abi_version?: unknown } = {};
  try {
    info = (JSON.parse(readFileSync(path.join(pyodideDir, 'pyodide-lock.json'), 'utf8')) as { info?: typeof info }).info ?? {};
  } catch {
    // Without the lock file only the defaults below are known.
  }
  const [major, minor] = String(info.python ?? '3.14')
    .split('.')
    .map(Number);
  const tags: string[] = [];
  if (typeof info.abi_version === 'string') tags.push(`pyemscripten_${info.abi_version}_wasm32`);
  if (typeof info.platform === 'string') tags.push(`${info.platform.replace(/[.-]/g, '_')}_wasm32`);
  return { pythonVersion: [major ?? 3, minor ?? 14], platformTags: tags };
}

/** The wheels in `folder` that the runtime can install. Throws WheelsFolderError if it is not a folder. */
export function selectWasmWheels(folder: string, platform: RuntimePlatform): WheelSelection {
  if (!isDirectory(folder)) throw new WheelsFolderError(`${folder}: not a folder`);
  const notices: string[] = [];
  const newest = new Map<string, { file: string; version: string }>();
  for (const name of readdirSync(folder).sort()) {
    if (!name.endsWith('.whl')) continue;
    const parts = name.slice(0, -'.whl'.length).split('-');
    if (parts.length !== 5 && parts.length !== 6) {
      notices.push(`loopscope: skipped the wheel ${path.join(folder, name)}: not a wheel file name (name-version-python-abi-platform.whl)`);
      continue;
    }
    const [distribution, version] = parts as [string, string];
    const [pythonTags, abiTags, platformTags] = parts.slice(-3) as [string, string, string];
    const mismatch = incompatibility(pythonTags, abiTags, platformTags, platform);
    if (mismatch) {
      notices.push(`loopscope: skipped the wheel ${path.join(folder, name)}: ${mismatch}`);
      continue;
    }
    const key = distribution.toLowerCase().replace(/[-_.]+/g, '_');
    const previous = newest.get(key);
    if (!previous || compareLoosely(version, previous.version) > 0) newest.set(key, { file: path.join(folder, name), version });
  }
  return { wheels: [...newest.values()].map((entry) => entry.file).sort(), notices };
}

/** Why a wheel with these tags cannot run on the runtime, or null if it can. */
function incompatibility(pythonTags: string, abiTags: string, platformTags: string, platform: RuntimePlatform): string | null {
  const [major, minor] = platform.pythonVersion;
  const platforms = platformTags.split('.');
  if (!platforms.some((tag) => tag === 'any' || platform.platformTags.includes(tag)))
    return `built for ${platforms.join(', ')}, not for the runtime's WebAssembly CPython (${platform.platformTags[0] ?? 'pyemscripten'})`;
  const abis = abiTags.split('.');
  const pythons = pythonTags.split('.');
  const exact = `cp${major}${minor}`;
  const fits = pythons.some((tag) => {
    if (tag === `py${major}` || tag === `py${major}${minor}`) return abis.includes('none') || abis.includes('abi3');
    if (tag === exact) return abis.some((abi) => abi === exact || abi === 'abi3' || abi === 'none');
    const older = /^cp(\d)(\d+)$/.exec(tag);
    // Stable-ABI wheels built for an older CPython 3 load on newer ones.
    return older !== null && Number(older[1]) === major && Number(older[2]) <= minor && abis.includes('abi3');
  });
  return fits ? null : `built for ${pythons.join(', ')} (${abis.join(', ')}), not for CPython ${major}.${minor}`;
}

/** Orders "1.10.2" after "1.9"; text parts compare as text (enough to pick the newest of a few files). */
function compareLoosely(a: string, b: string): number {
  const left = a.split(/[.+]/);
  const right = b.split(/[.+]/);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    const difference = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
    if (difference) return difference;
  }
  return 0;
}
