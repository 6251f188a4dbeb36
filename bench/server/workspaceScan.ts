// Cold scan of a whole workspace by the language server (index every module, then lint every file
// and publish its diagnostics), against Ruff's wasm build linting the same files in this process;
// and the server's memory once done. Default workspace: CPython's Lib (python3's stdlib).
// Usage: npm run build && npx tsx bench/server/workspaceScan.ts [FOLDER]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { findPythonFiles } from '../../server/engine/src';
import { LspTestClient } from '../../test/server/lspClient';

const folder =
  process.argv[2] ??
  execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();

function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function serverScan(): Promise<{ ms: number; rss: number; published: number }> {
  const client = LspTestClient.start();
  let resolveEnd: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (resolveEnd = resolve));
  client.connection.onRequest('window/workDoneProgress/create', () => null);
  client.connection.onNotification('$/progress', (params: { value: { kind: string } }) => {
    if (params.value.kind === 'end') resolveEnd();
  });
  const started = performance.now();
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'bench' }],
    capabilities: { window: { workDoneProgress: true } },
  });
  await client.connection.sendNotification('initialized', {});
  await ended;
  const ms = performance.now() - started;
  const rss = rssMegabytes(client.process.pid!);
  const published = new Set(client.published.map((p) => p.uri)).size;
  await client.shutdown();
  return { ms, rss, published };
}

function ruffScan(files: readonly string[]): number {
  const ruff = new Workspace({ lint: { select: ['ASYNC', 'RUF006', 'RUF029', 'PLE1142'], preview: true } }, PositionEncoding.Utf16);
  const texts = files.map((file) => readFileSync(file, 'latin1'));
  const started = performance.now();
  for (const text of texts) {
    try {
      ruff.check(text);
    } catch {
      // Ruff's wasm panics on a few of CPython's deliberately broken test files; they count as done.
    }
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const { files } = findPythonFiles([folder]);
  console.log(`workspace: ${folder} (${files.length} Python files)`);
  const ours = await serverScan();
  const ruff = ruffScan(files);
  console.log(
    `loopscope server: indexed + linted + published in ${(ours.ms / 1000).toFixed(2)} s (${ours.published} files with diagnostics)`,
  );
  console.log(`ruff-wasm (lint only, in-process, files pre-read): ${(ruff / 1000).toFixed(2)} s`);
  console.log(`ratio loopscope/ruff: ${(ours.ms / ruff).toFixed(2)}   (target ≤ 1.0)`);
  console.log(`server memory after the scan: ${ours.rss.toFixed(0)} MB RSS   (target ≤ 400 MB)`);
}

void main();
