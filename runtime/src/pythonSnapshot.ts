// What a memory snapshot of a started CPython depends on (its key), and the one an install ships: the build that
// packages the extension makes dist/snapshot/snapshot-<key>.bin (scripts/shipSnapshot.ts), which runs load read-only,
// so that the first debug session after an install does not spend 3 s making one. Shared by the worker that loads
// Python and the main thread.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The secret str/bytes hashes are salted with: fixed, so that every install's Python iterates a set of strings in
 * the same order. CPython draws it when it starts, and the runtime starts from a memory snapshot, so it was fixed
 * per install anyway (not per run, as under python3); fixed everywhere, a recording made on one machine replays on
 * another (docs/recording.md).
 */
export const STRING_HASH_SEED = '3';

/**
 * What CPython would otherwise take from the Node.js that starts it and from where Loopscope is installed, fixed so
 * that the snapshot holds the same bytes from any install and under any Node.js version (one made at package time fits
 * every install): Emscripten names the program after the worker's file (sys.executable and $_ then hold the install's
 * path), and on Node 21 and later derives LANG from navigator.language and the runtime's name in sys._emscripten_info
 * from navigator.userAgent (Python is started with navigator hidden, as on Node 20: pythonHost.ts). The time zone
 * still reaches the snapshot (the extension's is made in UTC). A run sets again what its program sees of its host:
 * its environment, sys.executable, the Node.js version and the time zone (host_platform.py).
 */
export const SNAPSHOT_PROGRAM = '/usr/bin/python3';
export const SNAPSHOT_LANG = 'C.UTF-8';

/** The install's own snapshot, beside the bundles: dist/snapshot/. */
export const SHIPPED_SNAPSHOT_FOLDER = 'snapshot';

/** The runtime's Python package (dist/python/_loopscope), by path relative to its folder (`net/sockets.py`): the files' bytes. */
export function readPythonSources(pythonDir: string): Map<string, Uint8Array> {
  const sources = new Map<string, Uint8Array>();
  const read = (relative: string): void => {
    for (const entry of readdirSync(path.join(pythonDir, '_loopscope', relative), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) read(name);
      else if (entry.name.endsWith('.py')) sources.set(name, readFileSync(path.join(pythonDir, '_loopscope', name)));
    }
  };
  read('');
  return sources;
}

/**
 * A snapshot is valid for the same Pyodide, the same Python package and the same fixed start-up values. Not for a
 * Node.js version or an install path: neither reaches the snapshot (see SNAPSHOT_PROGRAM); test/runtime/
 * shippedSnapshot.test.ts holds that.
 */
export function snapshotKey(pyodideDir: string, sources: Map<string, Uint8Array>): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(path.join(pyodideDir, 'pyodide-lock.json')));
  hash.update(`PYTHONHASHSEED=${STRING_HASH_SEED} LANG=${SNAPSHOT_LANG} executable=${SNAPSHOT_PROGRAM} navigator=hidden`);
  for (const [name, bytes] of sources) hash.update(`${name}\0`).update(bytes).update('\0');
  return hash.digest('hex').slice(0, 16);
}

export function snapshotFileName(key: string): string {
  return `snapshot-${key}.bin`;
}

/** The snapshot this install ships, if it has one made from its own files (a checkout may hold a stale one). */
export function shippedSnapshot(distDir: string): string | null {
  try {
    const key = snapshotKey(path.join(distDir, 'pyodide'), readPythonSources(path.join(distDir, 'python')));
    const file = path.join(distDir, SHIPPED_SNAPSHOT_FOLDER, snapshotFileName(key));
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}
