// A lint worker thread (dist/lintWorker.js): lints the files the main thread sends, one message each.
import { parentPort, workerData } from 'node:worker_threads';
import { Linter, RULES } from '../../../server/engine/src';
import { FileLinter } from './fileLinter';
import type { LintWorkerData, LintWorkerReply, LintWorkerRequest } from './lintWorkerMessages';

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('lintWorker must run in a worker thread');
  const data = workerData as LintWorkerData;
  const files = new FileLinter(await Linter.create(RULES), data.overrides, [], data.config);
  port.on('message', (request: LintWorkerRequest) => {
    const reply: LintWorkerReply = { index: request.index, result: files.lint(request.file) };
    port.postMessage(reply);
  });
  port.postMessage('ready');
}

void serve();
