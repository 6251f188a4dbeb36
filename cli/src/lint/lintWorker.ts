// A lint worker thread (dist/lintWorker.js): lints the files the main thread sends, one message each.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { Linter, RULES } from '../../../server/engine/src';
import { FileLinter } from './fileLinter';
import { LintCache } from './lintCache';
import type { LintWorkerData, LintWorkerReply, LintWorkerRequest } from './lintWorkerMessages';

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('lintWorker must run in a worker thread');
  const data = workerData as LintWorkerData;
  const cache = data.cache ? LintCache.collecting() : undefined;
  const files = new FileLinter(await Linter.create(RULES), data.overrides, [], data.config, cache, data.files);
  port.on('message', (request: LintWorkerRequest) => {
    const result = files.lint(request.file);
    const cached = cache?.takeAdded(path.resolve(request.file));
    const reply: LintWorkerReply = { index: request.index, result, ...(cached ? { cached } : {}) };
    port.postMessage(reply);
  });
  port.postMessage('ready');
}

void serve();
