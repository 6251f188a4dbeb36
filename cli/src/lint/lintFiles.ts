// Lints many files, spreading them over worker threads when there are enough to pay for the
// workers' start-up (each loads its own parser). Results come back in the input order.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ParserNotReadyError, type ConfigFinderOptions, type Linter, type LintSettings } from '../../../server/engine/src';
import { FileLinter, type FileLintResult } from './fileLinter';
import type { CachedLint, LintCache } from './lintCache';
import type { LintWorkerData, LintWorkerReply, LintWorkerRequest } from './lintWorkerMessages';

/**
 * Files per extra worker thread. Each worker loads its own parser and reads on demand the modules its
 * files import, so workers only pay off on large file sets (measured on 2 cores: not below ~1,000 files).
 */
const FILES_PER_WORKER = 500;

/**
 * Cores left to the main thread and everything else before a worker is started. A worker repeats the
 * main thread's work on every module its files import (parse, semantic model, summary) and holds its
 * own parser and project index: on the 356k-line real-world corpus on 2 cores, one worker cost 55%
 * more CPU (14.9 s against 9.6 s) and 60 MB more memory (235 MB against 175 MB), and gained no wall
 * time while other work shared the machine. Workers start from 4 cores.
 */
const CORES_KEPT = 2;

interface LintFilesOptions {
  /** Upper bound on extra threads; 0 lints on the main thread only. */
  readonly maxWorkers?: number;
  /** The worker bundle; defaults to lintWorker.js next to the running bundle. */
  readonly workerScript?: string;
  /** `--config` / `--isolated`. */
  readonly config?: ConfigFinderOptions;
  /** Lints to reuse and keep (the caller saves it). */
  readonly cache?: LintCache;
}

export async function lintFiles(
  files: readonly string[],
  linter: Linter,
  overrides: LintSettings,
  options: LintFilesOptions = {},
): Promise<FileLintResult[]> {
  if (!linter.canParse) {
    const cached = options.cache && allFromCache(files, linter, overrides, options.cache, options.config);
    if (cached) return cached;
    await linter.ready;
  }
  const results: FileLintResult[] = new Array(files.length);
  const local = new FileLinter(linter, overrides, files, options.config, options.cache);
  const maxWorkers = options.maxWorkers ?? availableParallelism() - CORES_KEPT;
  const workersFor = (count: number): number => Math.max(0, Math.min(maxWorkers, Math.floor(count / FILES_PER_WORKER)));
  if (workersFor(files.length) === 0) {
    // In order, as without a cache: the project index then fills in the same order.
    files.forEach((file, index) => (results[index] = local.cached(file) ?? local.lint(file)));
    return results;
  }
  // Cached lints first, on this thread: what is left to lint decides whether workers pay off.
  const toLint: number[] = [];
  files.forEach((file, index) => {
    const cached = local.cached(file);
    if (cached) results[index] = cached;
    else toLint.push(index);
  });
  const workerCount = workersFor(toLint.length);
  if (workerCount === 0) {
    for (const index of toLint) results[index] = local.lint(files[index]!);
    return results;
  }

  let next = 0;
  const take = (): number | undefined => (next < toLint.length ? toLint[next++] : undefined);
  const script = options.workerScript ?? path.join(__dirname, 'lintWorker.js');
  const data: LintWorkerData = { overrides, config: options.config ?? {}, cache: options.cache !== undefined, files };
  const keep = (reply: LintWorkerReply): void => {
    if (reply.cached) options.cache?.addLint(path.resolve(files[reply.index]!), reply.cached);
  };
  const workers = Array.from({ length: workerCount }, () => runWorker(script, data, files, take, results, keep));
  // The main thread lints too, interleaved with the workers' replies.
  for (let index = take(); index !== undefined; index = take()) {
    results[index] = local.lint(files[index]!);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(workers);
  return results;
}

/**
 * Every file's lint from the cache, found without parsing anything (the parser is still loading); undefined at the
 * first file that needs linting or a module that needs parsing to answer a lookup. The caller then starts again
 * with the parser (what this pass did to its own project index is thrown away with it).
 */
function allFromCache(
  files: readonly string[],
  linter: Linter,
  overrides: LintSettings,
  cache: LintCache,
  config: ConfigFinderOptions | undefined,
): FileLintResult[] | undefined {
  const local = new FileLinter(linter, overrides, files, config, cache);
  // A file changed since its lint (the usual reason to lint at all) is found before any lookup is replayed.
  const lints: CachedLint[] = [];
  for (const file of files) {
    const lint = local.cachedLint(file);
    if (!lint) return undefined;
    lints.push(lint);
  }
  const results: FileLintResult[] = [];
  try {
    for (const [index, file] of files.entries()) {
      const reused = local.reuse(file, lints[index]!);
      if (!reused) return undefined;
      results.push(reused);
    }
  } catch (error) {
    if (error instanceof ParserNotReadyError) return undefined;
    throw error;
  }
  return results;
}

function runWorker(
  script: string,
  data: LintWorkerData,
  files: readonly string[],
  take: () => number | undefined,
  results: FileLintResult[],
  keep: (reply: LintWorkerReply) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: data });
    const sendNext = (): void => {
      const index = take();
      if (index === undefined) {
        void worker.terminate().then(() => resolve());
        return;
      }
      const request: LintWorkerRequest = { index, file: files[index]! };
      worker.postMessage(request);
    };
    worker.on('message', (message: LintWorkerReply | 'ready') => {
      if (message !== 'ready') {
        results[message.index] = message.result;
        keep(message);
      }
      sendNext();
    });
    worker.on('error', reject);
  });
}
