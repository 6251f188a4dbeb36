// The runtime's public API, used by the CLI, the debug adapter and tests: start a program, listen, inspect.
import { RuntimeSession } from './runtimeSession';
import type { RuntimeOptions } from './runtimeOptions';

export { RuntimeSession } from './runtimeSession';
export type { RuntimeOptions, RunResult, StartupReport } from './runtimeOptions';
export { BootedRuntime, bootRuntime, findDistDir, type BootOptions, type BootReport } from './runtimeBoot';
export { wasmTierFromEnvironment, type WasmTier } from './wasmTier';
export { TaskRegistry, type TaskRecord } from './taskRegistry';
export { formatTaskTree } from './taskTree';
export { formatTimeline } from './timelineText';
export { findPythonEnvironment, PythonEnvironmentError, type PythonEnvironment } from './environment/pythonEnvironment';
export { environmentVariables } from './environment/environmentVariables';
export { snapshotFolder } from './environment/snapshotFolder';
export { userCacheFolder } from './environment/userCacheFolder';
export { shippedSnapshot, SHIPPED_SNAPSHOT_FOLDER } from './pythonSnapshot';
export { readRecordingHeader, RecordingError, type RecordingHeader } from './recording/recordingFormat';
export type { ClockKind, RuntimeEvent, RuntimeEventOf } from '../../protocol/runtimeEvents';

/** Starts the worker and the program at once; await `session.run()` for the outcome. */
export function startRuntime(options: RuntimeOptions): RuntimeSession {
  return new RuntimeSession(options);
}
