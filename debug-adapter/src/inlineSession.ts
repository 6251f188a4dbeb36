// Entry of dist/debugSession.js: the adapter as a library, for the extension to run inline in the extension host
// (no process to start). The extension loads this bundle only when a debug session starts, keeping activation light.
import { LoopscopeSession, type SessionOptions } from './loopscopeSession';

export type { SessionOptions };

export function createLoopscopeSession(options: SessionOptions): LoopscopeSession {
  return new LoopscopeSession(options);
}
