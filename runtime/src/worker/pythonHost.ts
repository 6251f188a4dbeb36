// Loads CPython (Pyodide) in this worker from the bundled dist/pyodide files, through a memory snapshot
// when one is cached, and prepares its file system and standard streams for the program.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPyodide, type PyodideInterface } from 'pyodide';
import type { WorkerBootData, WorkerStartData } from '../workerMessages';

type SnapshotUse = 'loaded' | 'created' | 'none';

/** Where the Python runtime package lives inside Pyodide's file system. */
const PYTHON_ROOT = '/lib/loopscope';
/**
 * The secret str/bytes hashes are salted with: fixed, so that every install's Python iterates a set of strings in
 * the same order. CPython draws it when it starts, and the runtime starts from a memory snapshot made once per
 * install, so it was fixed per install anyway (not per run, as under python3); fixed everywhere, a recording made
 * on one machine replays on another (docs/recording.md). Part of the snapshot's key.
 */
const STRING_HASH_SEED = '3';

interface LoadedPython {
  pyodide: PyodideInterface;
  snapshot: SnapshotUse;
}

export async function loadPython(data: WorkerBootData): Promise<LoadedPython> {
  const indexURL = data.pyodideDir.endsWith('/') ? data.pyodideDir : `${data.pyodideDir}/`;
  const sources = readPythonSources(data.pythonDir);
  const snapshotFile = data.snapshotDir ? path.join(data.snapshotDir, `snapshot-${snapshotKey(data.pyodideDir, sources)}.bin`) : undefined;
  const common = {
    indexURL,
    enableRunUntilComplete: false,
    checkAPIVersion: true,
    env: { HOME: '/home/pyodide', PYTHONHASHSEED: STRING_HASH_SEED },
  };

  let pyodide: PyodideInterface;
  let snapshot: SnapshotUse = 'none';
  if (snapshotFile && existsSync(snapshotFile)) {
    try {
      // Read in the background while Pyodide compiles its JavaScript and instantiates CPython (it awaits the bytes).
      pyodide = await loadPyodide({ ...common, _loadSnapshot: handedOverOnce(readFile(snapshotFile)) });
      snapshot = 'loaded';
      writePythonSources(pyodide, sources);
      return finish(pyodide, snapshot);
    } catch {
      // A stale or truncated snapshot: fall back to a cold start (and replace it below).
    }
  }
  pyodide = await loadPyodide({ ...common, _makeSnapshot: snapshotFile !== undefined });
  writePythonSources(pyodide, sources);
  pyodide.runPython(`import sys\nsys.path.append(${JSON.stringify(PYTHON_ROOT)})\nfrom _loopscope import install\ninstall.prewarm()`);
  if (snapshotFile) {
    try {
      const bytes = pyodide.makeMemorySnapshot();
      mkdirSync(path.dirname(snapshotFile), { recursive: true });
      const temporary = `${snapshotFile}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temporary, bytes);
      renameSync(temporary, snapshotFile);
      snapshot = 'created';
      removeStaleSnapshots(snapshotFile);
    } catch {
      snapshot = 'none';
    }
  }
  return finish(pyodide, snapshot);
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

function finish(pyodide: PyodideInterface, snapshot: SnapshotUse): LoadedPython {
  return { pyodide, snapshot };
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

/** The runtime's Python package, by path relative to its folder (`net/sockets.py`): the files' bytes. */
function readPythonSources(directory: string): Map<string, Uint8Array> {
  const sources = new Map<string, Uint8Array>();
  const read = (relative: string): void => {
    for (const entry of readdirSync(path.join(directory, '_loopscope', relative), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) read(name);
      else if (entry.name.endsWith('.py')) sources.set(name, readFileSync(path.join(directory, '_loopscope', name)));
    }
  };
  read('');
  return sources;
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

function snapshotKey(pyodideDir: string, sources: Map<string, Uint8Array>): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(path.join(pyodideDir, 'pyodide-lock.json')));
  hash.update(String(process.versions.node.split('.')[0]));
  hash.update(`PYTHONHASHSEED=${STRING_HASH_SEED}`);
  for (const [name, bytes] of sources) hash.update(`${name}\0`).update(bytes).update('\0');
  return hash.digest('hex').slice(0, 16);
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
