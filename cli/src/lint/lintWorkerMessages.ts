// Messages between `loopscope lint` and its worker threads.
import type { FileLintResult } from './fileLinter';

/** Main thread → worker: lint this file (its position in the output order). */
export interface LintWorkerRequest {
  readonly index: number;
  readonly file: string;
}

/** Worker → main thread. */
export interface LintWorkerReply {
  readonly index: number;
  readonly result: FileLintResult;
}
