// Messages between `loopscope lint` and its worker threads.
import type { ConfigFinderOptions, LintSettings } from '../../../server/engine/src';
import type { FileLintResult } from './fileLinter';

/** A worker's start-up data: the command-line settings and how to find configuration files. */
export interface LintWorkerData {
  readonly overrides: LintSettings;
  readonly config: ConfigFinderOptions;
}

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
