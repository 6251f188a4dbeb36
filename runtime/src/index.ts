// The runtime's public API, used by the CLI, the debug adapter and tests: start a program, listen, inspect.
import { RuntimeSession } from './runtimeSession';
import type { RuntimeOptions } from './runtimeOptions';

export { RuntimeSession } from './runtimeSession';
export type { RuntimeOptions, RunResult, StartupReport } from './runtimeOptions';
export { BootedRuntime, bootRuntime, findDistDir, type BootOptions, type BootReport } from './runtimeBoot';
export { wasmTierFromEnvironment, type WasmTier } from './wasmTier';
export { TaskRegistry, type TaskRecord } from './taskRegistry';
export { formatTaskTree } from './taskTree';
export { describeAwaitTarget } from './awaitTargetText';
export { formatTimeline } from './timelineText';
export {
  findPythonEnvironment,
  describePythonEnvironment,
  PythonEnvironmentError,
  type PythonEnvironment,
  type EnvironmentQuery,
} from './environment/pythonEnvironment';
export { WheelsFolderError } from './environment/wasmWheels';
export { environmentVariables } from './environment/environmentVariables';
export { snapshotFolder, type SnapshotFolder } from './environment/snapshotFolder';
export { readRecordingHeader, RecordingError, type RecordingHeader } from './recording/recordingFormat';
export type * from '../../protocol/runtimeEvents';

/** Starts the worker and the program at once; await `session.run()` for the outcome. */
export function startRuntime(options: RuntimeOptions): RuntimeSession {
  return new RuntimeSession(options);
}
