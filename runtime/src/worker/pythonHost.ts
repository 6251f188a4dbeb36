// Loads CPython (Pyodide) in this worker from the bundled dist/pyodide files, through a memory snapshot (the one the
// install ships, else one cached in the user's folder), and prepares its file system and standard streams for the program.
import { existsSync, mkdirSync, readdirSync, renameSync, unlinkSync, writeFileSync, writeSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPyodide, type PyodideInterface } from 'pyodide';
import { readPythonSources, SNAPSHOT_LANG, SNAPSHOT_PROGRAM, snapshotFileName, snapshotKey, STRING_HASH_SEED } from '../pythonSnapshot';
import type { WorkerBootData, WorkerStartData } from '../workerMessages';

type SnapshotUse = 'loaded' | 'created' | 'none';

/** Where the Python runtime package lives inside Pyodide's file system. */
const PYTHON_ROOT = '/lib/loopscope';

interface LoadedPython {
  pyodide: PyodideInterface;
  snapshot: SnapshotUse;
}

export async function loadPython(data: WorkerBootData): Promise<LoadedPython> {
  const indexURL = data.pyodideDir.endsWith('/') ? data.pyodideDir : `${data.pyodideDir}/`;
  const sources = readPythonSources(data.pythonDir);
  const name = snapshotFileName(snapshotKey(data.pyodideDir, sources));
  const cached = data.snapshotDir ? path.join(data.snapshotDir, name) : undefined;
  const common = {
    indexURL,
    enableRunUntilComplete: false,
    checkAPIVersion: true,
    _sysExecutable: SNAPSHOT_PROGRAM,
    env: { HOME: '/home/pyodide', PYTHONHASHSEED: STRING_HASH_SEED, LANG: SNAPSHOT_LANG, _: SNAPSHOT_PROGRAM },
  };

  // The install's own snapshot first (read-only), then the one cached for it in the user's folder.
  for (const file of new Set([path.join(data.shippedSnapshotDir, name), cached])) {
    if (!file || !existsSync(file)) continue;
    try {
      // Read in the background while Pyodide compiles its JavaScript and instantiates CPython (it awaits the bytes).
      const pyodide = await loadPyodide({ ...common, _loadSnapshot: handedOverOnce(readFile(file)) });
      writePythonSources(pyodide, sources);
      return { pyodide, snapshot: 'loaded' };
    } catch {
      // A stale or truncated snapshot: try the next, else start cold (and cache a new one below).
    }
  }
  const pyodide = await withoutNavigator(async () => {
    const started = await loadPyodide({ ...common, _makeSnapshot: cached !== undefined });
    writePythonSources(started, sources);
    started.runPython(`import sys\nsys.path.append(${JSON.stringify(PYTHON_ROOT)})\nfrom _loopscope import install\ninstall.prewarm()`);
    return started;
  });
  let snapshot: SnapshotUse = 'none';
  if (cached) {
    try {
      const bytes = pyodide.makeMemorySnapshot();
      mkdirSync(path.dirname(cached), { recursive: true });
      const temporary = `${cached}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temporary, bytes);
      renameSync(temporary, cached);
      snapshot = 'created';
      removeStaleSnapshots(cached);
    } catch {
      snapshot = 'none';
    }
  }
  return { pyodide, snapshot };
}

/**
 * CPython started as on Node 20, which has no `navigator`: on later versions Emscripten would take the runtime's
 * name in sys._emscripten_info and LANG from it, and the snapshot would hold them (see SNAPSHOT_PROGRAM).
 */
async function withoutNavigator<T>(start: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  if (!descriptor?.configurable) return start();
  delete (globalThis as { navigator?: unknown }).navigator;
  try {
    return await start();
  } finally {
    Object.defineProperty(globalThis, 'navigator', descriptor);
  }
}

/**
 * The C library reads the time zone once, as CPython starts (what time.localtime().tm_zone and strftime('%Z') name):
 * a snapshot holds the zone of the machine, and the day, it was made on. Read again for this run, where Emscripten
 * keeps it; host_platform.adopt_host does the same for the time module's constants.
 */
export function adoptHostTimeZone(pyodide: PyodideInterface): void {
  const module = (pyodide as unknown as { _module: EmscriptenTimeZone })._module;
  if (typeof module.__tzset_js !== 'function') return;
  const names = module._tzname >>> 2;
  const [standard, daylight] = [module.HEAPU32[names]!, module.HEAPU32[names + 1]!];
  // Null until the C library first read the zone; it then reads this run's itself.
  if (standard === 0 || daylight === 0) return;
  module.__tzset_js(module._timezone, module._daylight, standard, daylight);
}

/**
 * What Emscripten gives CPython of this worker as it starts, which a snapshot holds from where it was made instead
 * (fixed there: pythonSnapshot.ts): the program's name (sys.executable: this worker's file) and the JavaScript
 * runtime's (sys._emscripten_info.runtime). host_platform.adopt_host sets them for the run.
 */
export function startUpHostValues(): { executable: string; runtime: string } {
  const navigator = (globalThis as { navigator?: { userAgent: string } }).navigator;
  return {
    executable: process.argv[1]?.replace(/\\/g, '/') ?? './this.program',
    runtime: typeof navigator === 'object' ? navigator.userAgent : `Node.js ${process.version}`,
  };
}

/** Emscripten's time-zone state: the C globals' addresses and the function that fills them from JavaScript's Date. */
interface EmscriptenTimeZone {
  HEAPU32: Uint32Array;
  _timezone: number;
  _daylight: number;
  _tzname: number;
  __tzset_js?: (timezone: number, daylight: number, standardName: number, daylightName: number) => void;
}

/**
 * Pyodide keeps its load options for good, and with them whatever `_loadSnapshot` holds: a promise of the snapshot's
 * bytes would keep 31 MB per worker alive after they were copied into CPython's memory. This hands them over once.
 */
function handedOverOnce<T>(value: Promise<T>): PromiseLike<T> {
  let pending: Promise<T> | undefined = value;
  return {
    then(fulfilled, rejected) {
      const promise = pending ?? Promise.reject(new Error('the snapshot was already handed over'));
      pending = undefined;
      return promise.then(fulfilled, rejected);
    },
  };
}

/** Snapshots of older runtime sources are 31 MB each and never valid again. */
function removeStaleSnapshots(current: string): void {
  const directory = path.dirname(current);
  for (const name of readdirSync(directory)) {
    if (/^snapshot-[0-9a-f]+\.bin$/.test(name) && path.join(directory, name) !== current) {
      try {
        unlinkSync(path.join(directory, name));
      } catch {
        // Another run may be using or removing it.
      }
    }
  }
}

/** Program output: straight to this process's file descriptors (CLI) or through a callback. */
export function connectStreams(
  pyodide: PyodideInterface,
  data: WorkerStartData,
  output: (stream: 'stdout' | 'stderr', bytes: Uint8Array) => void,
  input?: { read(buffer: Uint8Array): number },
  /** The program reads this process's stdin (it now waits on the world). */
  readingStdin?: () => void,
  /** Wraps the stdin reader (a recorded or replayed run tapes it). */
  tapeStdin: (read: (buffer: Uint8Array) => number) => (buffer: Uint8Array) => number = (read) => read,
): void {
  const writer = (stream: 'stdout' | 'stderr') => ({
    write(buffer: Uint8Array): number {
      if (data.inheritStdio) writeFully(stream === 'stdout' ? 1 : 2, buffer);
      else output(stream, buffer.slice());
      return buffer.length;
    },
    isatty: false,
  });
  pyodide.setStdout(writer('stdout'));
  pyodide.setStderr(writer('stderr'));
  if (input) {
    pyodide.setStdin({ read: (buffer: Uint8Array) => input.read(buffer), isatty: false });
  } else if (data.stdin === null) {
    const read = tapeStdin((buffer) => {
      readingStdin?.();
      return readFully(buffer);
    });
    pyodide.setStdin({ read, isatty: false });
  } else {
    const input = Buffer.from(data.stdin, 'utf8');
    let offset = 0;
    const read = tapeStdin((buffer) => {
      const count = Math.min(buffer.length, input.length - offset);
      buffer.set(input.subarray(offset, offset + count));
      offset += count;
      return count;
    });
    pyodide.setStdin({ read, isatty: false });
  }
}

export function writeFully(fd: number, buffer: Uint8Array): void {
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset, buffer.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

function readFully(buffer: Uint8Array): number {
  for (;;) {
    try {
      return readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EOF' || code === 'EBADF' || code === 'ENXIO' || code === 'EINVAL') return 0;
      throw error;
    }
  }
}

/**
 * Pyodide's file system is not part of the memory snapshot, so the sources go in after every start. As bytes the
 * files can keep (no text encoding, no copy), each folder made once: a restored runtime's code runs cold, and this
 * was 50-150 ms with text and a folder walk per file.
 */
function writePythonSources(pyodide: PyodideInterface, sources: Map<string, Uint8Array>): void {
  const made = new Set<string>();
  for (const [name, bytes] of sources) {
    const file = `${PYTHON_ROOT}/_loopscope/${name}`;
    const folder = path.posix.dirname(file);
    if (!made.has(folder)) pyodide.FS.mkdirTree(folder);
    made.add(folder);
    pyodide.FS.writeFile(file, bytes, { canOwn: true });
  }
}

/**
 * WebAssembly memory growth past the cap fails, so Python raises MemoryError instead of taking the machine's RAM.
 * Set when the program arrives (a booted worker may not have known its cap): only growth is checked, and loading
 * Python grows the memory to the same size whatever the program.
 */
export function capWasmMemory(maxMemoryMb: number): void {
  const maxPages = Math.floor((maxMemoryMb * 1024 * 1024) / 65536);
  interface WasmMemory {
    buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  const memory = (globalThis as unknown as { WebAssembly: { Memory: { prototype: WasmMemory } } }).WebAssembly.Memory.prototype;
  const grow = memory.grow;
  memory.grow = function (this: WasmMemory, delta: number): number {
    if (this.buffer.byteLength / 65536 + delta > maxPages) throw new RangeError('loopscope: WebAssembly memory limit reached');
    return grow.call(this, delta);
  };
}
