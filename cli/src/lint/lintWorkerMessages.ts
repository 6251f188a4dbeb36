// Messages between `loopscope lint` and its worker threads.
import type { ConfigFinderOptions, LintSettings } from '../../../server/engine/src';
import type { FileLintResult } from './fileLinter';
import type { CachedLint } from './lintCache';

/** A worker's start-up data: the command-line settings and how to find configuration files. */
export interface LintWorkerData {
  readonly overrides: LintSettings;
  readonly config: ConfigFinderOptions;
  /** The main thread keeps a lint cache: send back what is to be kept of each lint. */
  readonly cache: boolean;
  /** Every file of the run, whichever thread lints it: the project whose modules may use a function. */
  readonly files: readonly string[];
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
  /** What the main thread's cache keeps of this lint (when it keeps one and the lint is worth keeping). */
  readonly cached?: CachedLint;
}
