// Where the runtime keeps its memory snapshot of a started CPython (31 MB, rebuilt when missing): in the user cache
// folder, one subfolder per install, never in the install itself (a global npm install may be read-only).
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, readdirSync, realpathSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { userCacheFolder, type CacheEnv } from './userCacheFolder';

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
  if (!env.LOOPSCOPE_SNAPSHOT_DIR) markUsedAndPrune(chosen);
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

/** Touches this install's subfolder and removes the others no run has touched for UNUSED_INSTALL_DAYS. */
function markUsedAndPrune(folder: string): void {
  const now = new Date();
  const oldest = now.getTime() - UNUSED_INSTALL_DAYS * 24 * 60 * 60 * 1000;
  try {
    utimesSync(folder, now, now);
    const parent = path.dirname(folder);
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
      const sibling = path.join(parent, entry.name);
      if (entry.isDirectory() && sibling !== folder && statSync(sibling).mtimeMs < oldest) {
        rmSync(sibling, { recursive: true, force: true });
      }
    }
  } catch {
    // Another run pruning at the same time, or a folder we may not touch: the cache works without it.
  }
}
