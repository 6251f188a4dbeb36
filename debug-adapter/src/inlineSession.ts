// Entry of dist/debugSession.js: the adapter as a library, for the extension to run inline in the extension host
// (no process to start), and to load a Python runtime ahead of the next session (its warm spare). The extension
// loads this bundle on the first debug session or spare, keeping activation light.
import { bootRuntime, type BootedRuntime, type BootOptions } from '../../runtime/src/index';
import { runtimeBootOptions } from './capabilities';
import { LoopscopeSession, type SessionOptions } from './loopscopeSession';

export type { SessionOptions };

export function createLoopscopeSession(options: SessionOptions): LoopscopeSession {
  return new LoopscopeSession(options);
}

/** A worker loading Python now, for a session's `prestart` later. */
export function bootSpareRuntime(options: BootOptions): BootedRuntime {
  return bootRuntime(options);
}

/** The boot options a session with this snapshot folder asks its `prestart` for. */
export function sessionBootOptions(snapshotDir: string | undefined): BootOptions {
  return runtimeBootOptions(snapshotDir);
}
