// Where the runtime keeps its memory snapshot of a started CPython (31 MB, rebuilt when missing): in the user cache
// folder, one subfolder per install, never in the install itself (a global npm install may be read-only).
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { markUsedAndRemoveStale, userCacheFolder, type CacheEnv } from './userCacheFolder';

interface SnapshotFolder {
  /** A writable folder for snapshots, or null: every run starts CPython from scratch. */
  folder: string | null;
  /** One line saying why there is no folder (for the CLI to print), or null. */
  note: string | null;
}

/** A subfolder no run has used for this long belongs to an install that is gone (or an old npx cache). */
const UNUSED_INSTALL_DAYS = 30;

/**
 * $LOOPSCOPE_SNAPSHOT_DIR as it is, else `snapshots/<install>` in the user cache folder ($LOOPSCOPE_CACHE_DIR,
 * $XDG_CACHE_HOME/loopscope, ~/.cache/loopscope, …): each install (a checkout's dist/, a global install, an npx
 * cache) keeps its own snapshot, so two versions side by side do not replace each other's on every run.
 */
export function snapshotFolder(distDir: string, env: CacheEnv): SnapshotFolder {
  const chosen = env.LOOPSCOPE_SNAPSHOT_DIR
    ? path.resolve(env.LOOPSCOPE_SNAPSHOT_DIR)
    : path.join(userCacheFolder(env), 'snapshots', installKey(distDir));
  try {
    mkdirSync(chosen, { recursive: true });
    accessSync(chosen, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const variable = env.LOOPSCOPE_SNAPSHOT_DIR ? 'LOOPSCOPE_SNAPSHOT_DIR' : 'LOOPSCOPE_CACHE_DIR';
    return {
      folder: null,
      note: `loopscope: cannot write the runtime's snapshot to ${chosen} (${reason}), so every run starts Python from scratch; set ${variable} to a writable folder`,
    };
  }
  if (!env.LOOPSCOPE_SNAPSHOT_DIR) markUsedAndRemoveStale(chosen, UNUSED_INSTALL_DAYS);
  return { folder: chosen, note: null };
}

function installKey(distDir: string): string {
  let real = distDir;
  try {
    real = realpathSync(distDir);
  } catch {
    // A dist folder that does not exist yet: its path is key enough.
  }
  return createHash('sha256').update(real).digest('hex').slice(0, 12);
}
