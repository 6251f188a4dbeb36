// A lint worker thread (dist/lintWorker.js): lints the files the main thread sends, one message each.
import { parentPort, workerData } from 'node:worker_threads';
import { Linter } from '../../../server/src/linter/linter';
import type { LintSettings } from '../../../server/src/linter/lintSettings';
import { FileLinter } from './fileLinter';
import type { LintWorkerReply, LintWorkerRequest } from './lintWorkerMessages';

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('lintWorker must run in a worker thread');
  const files = new FileLinter(await Linter.create(), workerData as LintSettings);
  port.on('message', (request: LintWorkerRequest) => {
    const reply: LintWorkerReply = { index: request.index, result: files.lint(request.file) };
    port.postMessage(reply);
  });
  port.postMessage('ready');
}

void serve();
