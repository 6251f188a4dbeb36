// Diagnostics of files that are not open, over a real LSP connection: a document of the workspace that
// closes goes back to the diagnostics of its file on disk (never cleared in between); one outside the
// workspace is cleared. A client that pulls diagnostics but never asks for the workspace's (Neovim
// 0.10) still hears about files that are not open: they are pushed until it asks.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient, type PublishedDiagnostics } from './lspClient';

/** LOOP101 on line 3. */
const ON_DISK = ['import time', '', 'async def main():', '    time.sleep(1)', ''].join('\n');
/** The same with LOOP105 too, as edited and not saved. */
const EDITED = ['import time', '', 'async def main():', '    time.sleep(1)', '    input()', ''].join('\n');

const codes = (published: PublishedDiagnostics): string[] => published.diagnostics.map((d) => String(d.code)).sort();

let root: string;
const uriIn = (workspace: string, name: string): string => pathToFileURL(path.join(root, workspace, name)).href;

/** A workspace folder with these files (each ON_DISK), its path. */
function workspaceWith(name: string, files: readonly string[]): string {
  const folder = path.join(root, name);
  mkdirSync(folder, { recursive: true });
  for (const file of files) writeFileSync(path.join(folder, file), ON_DISK);
  return folder;
}

/** Publications for `uri` after the first `from` publications. */
const publishedSince = (client: LspTestClient, from: number, uri: string): PublishedDiagnostics[] =>
  client.published.slice(from).filter((p) => p.uri === uri);

before(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'loopscope-closed-'));
});

after(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('a client that takes pushed diagnostics', () => {
  let client: LspTestClient;
  let folder: string;

  before(async () => {
    folder = workspaceWith('pushed', ['a.py', 'b.py']);
    client = LspTestClient.start();
    await client.initializeWith({}, folder);
    await client.waitUntil(() => client.published.some((p) => p.uri === uriIn('pushed', 'b.py')), 'the scan');
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('closing a document of the workspace brings back its file’s diagnostics, without clearing them first', async () => {
    const uri = uriIn('pushed', 'a.py');
    assert.deepEqual(codes(await client.open(uri, EDITED)), ['LOOP101', 'LOOP105']);
    const from = client.published.length;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.waitUntil(() => publishedSince(client, from, uri).length > 0, 'diagnostics after the close');
    assert.deepEqual(codes(publishedSince(client, from, uri)[0]!), ['LOOP101'], 'the saved text’s, at once');
  });

  test('a document outside the workspace folders is cleared when it closes', async () => {
    const outside = pathToFileURL(path.join(root, 'elsewhere.py')).href;
    writeFileSync(path.join(root, 'elsewhere.py'), ON_DISK);
    assert.deepEqual(codes(await client.open(outside, ON_DISK)), ['LOOP101']);
    const next = client.nextDiagnostics(outside);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: outside } });
    assert.deepEqual((await next).diagnostics, []);
  });
});

describe('a client that pulls document diagnostics', () => {
  const PULL = { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } };

  test('but never the workspace’s: files that are not open are pushed, and closing a document brings its file’s back', async (t) => {
    const folder = workspaceWith('pull-documents', ['a.py', 'b.py']);
    const client = LspTestClient.start();
    t.after(async () => assert.equal(await client.shutdown(), 0));
    await client.initializeWith(PULL, folder);
    await client.waitUntil(() => client.published.some((p) => p.uri === uriIn('pull-documents', 'b.py')), 'b.py pushed');
    assert.deepEqual(codes(client.published.find((p) => p.uri === uriIn('pull-documents', 'b.py'))!), ['LOOP101']);

    // An open document is pulled, and what was pushed for it withdrawn (it would show twice).
    const uri = uriIn('pull-documents', 'a.py');
    const from = client.published.length;
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version: 1, text: EDITED },
    });
    assert.deepEqual(codes({ uri, diagnostics: (await client.pullDiagnostics(uri)).items ?? [] }), ['LOOP101', 'LOOP105']);
    await client.waitUntil(() => publishedSince(client, from, uri).some((p) => p.diagnostics.length === 0), 'the withdrawal');

    const closedFrom = client.published.length;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.waitUntil(() => publishedSince(client, closedFrom, uri).length > 0, 'a.py pushed again');
    assert.deepEqual(codes(publishedSince(client, closedFrom, uri)[0]!), ['LOOP101']);
  });

  test('and the workspace’s: once it asks, pushed diagnostics are withdrawn and nothing more is pushed', async (t) => {
    const folder = workspaceWith('pull-workspace', ['a.py', 'b.py']);
    const client = LspTestClient.start();
    t.after(async () => assert.equal(await client.shutdown(), 0));
    await client.initializeWith(PULL, folder);
    await client.waitUntil(() => client.published.some((p) => p.uri === uriIn('pull-workspace', 'b.py')), 'the scan');
    const pushed = new Set(client.published.filter((p) => p.diagnostics.length > 0).map((p) => p.uri));
    const from = client.published.length;
    const report = await client.workspaceDiagnostics();
    assert.deepEqual(
      report.items.map((item) => path.basename(item.uri)),
      ['a.py', 'b.py'],
    );
    await client.waitUntil(
      () => [...pushed].every((uri) => publishedSince(client, from, uri).some((p) => p.diagnostics.length === 0)),
      'every push withdrawn',
    );

    // A file changed on disk: a refresh request and a new report, no push.
    const refreshes = client.refreshRequests;
    const withdrawn = client.published.length;
    const a = uriIn('pull-workspace', 'a.py');
    writeFileSync(path.join(folder, 'a.py'), EDITED);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: a, type: 2 }] });
    const deadline = Date.now() + 10_000;
    let pulled = await client.pullDiagnostics(a);
    while (!pulled.items?.some((d) => d.code === 'LOOP105') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      pulled = await client.pullDiagnostics(a);
    }
    assert.deepEqual(codes({ uri: a, diagnostics: pulled.items ?? [] }), ['LOOP101', 'LOOP105']);
    await client.waitUntil(() => client.refreshRequests > refreshes, 'a refresh request');
    assert.deepEqual(client.published.slice(withdrawn), []);
  });
});
