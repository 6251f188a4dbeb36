// Where Loopscope keeps what it can recompute but would rather not: interpreter probes and the bytecode of the
// program's environment. Outside the install folder, which may be read-only (a CLI or extension install).
import { mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The variables that place Loopscope's caches (LOOPSCOPE_CACHE_DIR, XDG_CACHE_HOME, LOCALAPPDATA and, for the
 * snapshot, LOOPSCOPE_SNAPSHOT_DIR), as an entry point read them from its process: the runtime reads none itself.
 */
export type CacheEnv = Readonly<Record<string, string | undefined>>;

/**
 * $LOOPSCOPE_CACHE_DIR, else $XDG_CACHE_HOME/loopscope, else the platform's user cache folder
 * (~/.cache/loopscope, ~/Library/Caches/loopscope, %LOCALAPPDATA%\loopscope\Cache).
 */
export function userCacheFolder(env: CacheEnv): string {
  if (env.LOOPSCOPE_CACHE_DIR) return path.resolve(env.LOOPSCOPE_CACHE_DIR);
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'loopscope');
  if (process.platform === 'darwin') return path.join(homedir(), 'Library', 'Caches', 'loopscope');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'loopscope', 'Cache');
  return path.join(homedir(), '.cache', 'loopscope');
}

/** `name` inside the user cache folder, created if needed; null when it cannot be created (read-only home). */
export function userCacheSubfolder(name: string, env: CacheEnv): string | null {
  const folder = path.join(userCacheFolder(env), name);
  try {
    mkdirSync(folder, { recursive: true });
    return folder;
  } catch {
    return null;
  }
}

/**
 * Marks `entry` (a file or folder of one of the cache's subfolders: an install's snapshots, a working folder's lint
 * cache) used now, and removes the entries beside it that no run has used for `days` days: they belong to an
 * install or a project that is gone. Another run pruning at the same time, or an entry we may not touch, is no
 * failure: the cache works without it.
 */
export function markUsedAndRemoveStale(entry: string, days: number): void {
  const now = new Date();
  const oldest = now.getTime() - days * 24 * 60 * 60 * 1000;
  try {
    utimesSync(entry, now, now);
    const parent = path.dirname(entry);
    for (const name of readdirSync(parent)) {
      const sibling = path.join(parent, name);
      if (sibling !== entry && statSync(sibling).mtimeMs < oldest) rmSync(sibling, { recursive: true, force: true });
    }
  } catch {
    // As above.
  }
}
