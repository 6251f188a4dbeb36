// The server indexes the workspace on start (reporting progress), publishes diagnostics for files
// that are not open, follows calls across modules, and keeps up with files changing on disk.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient, type PublishedDiagnostics } from './lspClient';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'projects', 'shop');
let workspace: string;
let client: LspTestClient;
const progress: { kind: string; message?: string }[] = [];

const uriOf = (relative: string): string => pathToFileURL(path.join(workspace, relative)).href;

/** Resolves when the server publishes diagnostics for `uri` satisfying `predicate` (or already has). */
function diagnosticsFor(uri: string, predicate: (published: PublishedDiagnostics) => boolean = () => true): Promise<PublishedDiagnostics> {
  const latest = [...client.published].reverse().find((published) => published.uri === uri);
  if (latest && predicate(latest)) return Promise.resolve(latest);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}`)), 15_000);
    const poll = setInterval(() => {
      const current = [...client.published].reverse().find((published) => published.uri === uri);
      if (current && predicate(current)) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(current);
      }
    }, 20);
  });
}

/** Resolves when the server has reported the end of its progress (rejects after 15 s). */
function progressEnded(): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the scan reported no end of progress')), 15_000);
    const poll = setInterval(() => {
      if (progress.at(-1)?.kind !== 'end') return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve();
    }, 20);
  });
}

const codes = (published: PublishedDiagnostics): string[] => published.diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`);

before(async () => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'loopscope-workspace-'));
  cpSync(FIXTURE, workspace, { recursive: true });
  client = LspTestClient.start();
  client.connection.onRequest('window/workDoneProgress/create', () => null);
  client.connection.onNotification('$/progress', (params: { value: { kind: string; message?: string } }) => {
    progress.push(params.value);
  });
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'shop' }],
    capabilities: {
      window: { workDoneProgress: true },
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: { publishDiagnostics: { relatedInformation: true } },
    },
  });
  await client.connection.sendNotification('initialized', {});
});

after(async () => {
  await client.shutdown();
  rmSync(workspace, { recursive: true, force: true });
});

test('the initial scan reports progress and publishes diagnostics for files that are not open', async () => {
  const checkout = await diagnosticsFor(uriOf('shop/checkout.py'));
  assert.deepEqual(codes(checkout).sort(), ['11:LOOP108', '12:LOOP108', '13:LOOP108', '15:LOOP302']);
  const report = await diagnosticsFor(uriOf('scripts/report.py'));
  assert.deepEqual(codes(report), ['7:LOOP108']);
  // The scan ends after its last file's diagnostics go out: wait for the end, however loaded the machine is.
  await progressEnded();
  assert.equal(progress[0]?.kind, 'begin');
  assert.ok(progress.some((value) => value.kind === 'report' && /files/.test(value.message ?? '')));
  assert.equal(progress.at(-1)?.kind, 'end');
});

test('an open document sees other modules, with related locations in them', async () => {
  const uri = uriOf('shop/checkout.py');
  const published = await client.open(uri, readFileSync(path.join(workspace, 'shop', 'checkout.py'), 'utf8'));
  const chain = published.diagnostics.find((d) => d.code === 'LOOP108' && d.range.start.line === 10)!;
  assert.match(chain.message, /load_inventory\(\) → fetch_remote\(\) → requests\.get\(\)/);
  const related = (chain.relatedInformation as { location: { uri: string } }[] | undefined)?.map((r) => path.basename(r.location.uri));
  assert.deepEqual(related, ['storage.py', 'storage.py']);
});

test('changing and deleting files on disk updates the diagnostics of their dependents', async () => {
  const storage = path.join(workspace, 'shop', 'storage.py');
  writeFileSync(storage, readFileSync(storage, 'utf8').replace('requests.get(url).json()', '[{"sku": url}]'));
  void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(storage).href, type: 2 }] });
  const report = await diagnosticsFor(uriOf('scripts/report.py'), (published) => published.diagnostics.length === 0);
  assert.deepEqual(report.diagnostics, []);
  const checkout = await diagnosticsFor(uriOf('shop/checkout.py'), (published) => !codes(published).includes('11:LOOP108'));
  assert.deepEqual(codes(checkout).sort(), ['13:LOOP108', '15:LOOP302']);

  const notify = path.join(workspace, 'shop', 'notify.py');
  unlinkSync(notify);
  void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(notify).href, type: 3 }] });
  const after = await diagnosticsFor(uriOf('shop/checkout.py'), (published) => !codes(published).includes('15:LOOP302'));
  assert.deepEqual(codes(after), ['13:LOOP108']);
});
