// A workspace of 5,000 modules, with files deleted while the initial scan runs: the scan finishes,
// reports progress to the end, and the server keeps answering.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';

const FILES = 5000;
/**
 * Below module 4000 every 20th module sleeps, so chains are short; above it only module 4900 does,
 * so chains run to hundreds of modules — longer than Loopscope follows.
 */
const blocks = (i: number): boolean => (i < 4000 ? i % 20 === 19 : i === 4900);
let workspace: string | undefined;

after(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

test('5,000 files, some deleted mid-scan: no crash, no hang', { timeout: 300_000 }, async () => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'loopscope-large-'));
  for (let i = 0; i < FILES; i++) {
    const folder = path.join(workspace, `pkg${Math.floor(i / 100)}`);
    if (i % 100 === 0) {
      mkdirSync(folder);
      writeFileSync(path.join(folder, '__init__.py'), '');
    }
    const next = `pkg${Math.floor((i + 1) / 100)}.m${i + 1}`;
    // Each module imports the next: a long chain of cross-module calls, cyclic at the end.
    writeFileSync(
      path.join(folder, `m${i}.py`),
      `import time\nfrom ${i + 1 < FILES ? next : 'pkg0.m0'} import work as nxt\n\ndef work(n):\n    return nxt(n - 1) if n else ${blocks(i) ? 'time.sleep(1)' : '0'}\n\nasync def run():\n    work(3)\n`,
    );
  }
  const client = LspTestClient.start();
  const progress: string[] = [];
  let ended: () => void = () => undefined;
  const scanEnded = new Promise<void>((resolve) => (ended = resolve));
  client.connection.onRequest('window/workDoneProgress/create', () => null);
  client.connection.onNotification('$/progress', (params: { value: { kind: string } }) => {
    progress.push(params.value.kind);
    if (params.value.kind === 'report' && progress.length === 3) {
      // Delete files while the scan is under way.
      for (let i = FILES - 50; i < FILES; i++) unlinkSync(path.join(workspace!, `pkg${Math.floor(i / 100)}`, `m${i}.py`));
    }
    if (params.value.kind === 'end') ended();
  });
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'large' }],
    capabilities: { window: { workDoneProgress: true } },
  });
  await client.connection.sendNotification('initialized', {});
  await scanEnded;
  assert.equal(progress[0], 'begin');
  // The server still answers, and a module in the middle of the chain was analysed across files.
  const middle = pathToFileURL(path.join(workspace, 'pkg10', 'm1000.py')).href;
  const published = client.published.filter((p) => p.uri === middle).at(-1);
  assert.deepEqual(
    published?.diagnostics.map((d) => d.code),
    ['LOOP108'],
  );
  const deep = pathToFileURL(path.join(workspace, 'pkg41', 'm4100.py')).href;
  assert.deepEqual(client.published.filter((p) => p.uri === deep).at(-1)?.diagnostics ?? [], []);
  assert.equal(client.stderr.join('').includes('Error'), false, client.stderr.join(''));
  assert.equal(await client.shutdown(), 0);
});
