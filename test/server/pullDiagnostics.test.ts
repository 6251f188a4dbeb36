// Pull diagnostics over a real LSP connection: document and workspace reports with result ids
// (unchanged documents answer `unchanged`), no duplicate pushes for clients that pull, and a
// `workspace/diagnostic/refresh` when settings change what a document's diagnostics are.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspTestClient, type PulledReport } from './lspClient';

const SOURCE = ['import time', '', 'async def main():', '    time.sleep(1)', ''].join('\n');
const PULL_CAPABILITIES = {
  workspace: { configuration: true, diagnostics: { refreshSupport: true } },
  textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false }, publishDiagnostics: {} },
};

const codes = (report: PulledReport) => (report.items ?? []).map((item) => item.code);

describe('pull diagnostics', () => {
  let client: LspTestClient;
  const uri = 'file:///tmp/pull.py';
  const other = 'file:///tmp/pull-other.py';
  let capabilities: Record<string, unknown>;

  before(async () => {
    client = LspTestClient.start({});
    capabilities = (await client.initializeWith(PULL_CAPABILITIES)).capabilities;
    for (const [document, text] of [
      [uri, SOURCE],
      [other, 'async def ask():\n    input()\n'],
    ] as const) {
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: document, languageId: 'python', version: 1, text },
      });
    }
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('the server offers document and workspace pulls', () => {
    assert.deepEqual(capabilities['diagnosticProvider'], {
      identifier: 'loopscope',
      interFileDependencies: true,
      workspaceDiagnostics: true,
    });
  });

  test('a full report, then `unchanged` for the same result id', async () => {
    const first = await client.pullDiagnostics(uri);
    assert.equal(first.kind, 'full');
    assert.deepEqual(codes(first), ['LOOP101']);
    const [diagnostic] = first.items!;
    assert.equal(diagnostic!.source, 'loopscope');
    assert.match(diagnostic!.codeDescription!.href, /^file:.*docs\/rules\/blocking-sleep\.md$/);
    assert.ok(first.resultId);
    assert.deepEqual(await client.pullDiagnostics(uri, first.resultId), { kind: 'unchanged', resultId: first.resultId });
    // A stale id gets the full report again.
    assert.equal((await client.pullDiagnostics(uri, 'stale')).kind, 'full');
  });

  test('pulled diagnostics are the ones a push client gets, and nothing is pushed to a pulling client', async () => {
    const pushClient = LspTestClient.start();
    try {
      const pushCapabilities = (await pushClient.initialize()).capabilities;
      assert.equal(pushCapabilities['diagnosticProvider'], undefined, 'clients that cannot pull are not offered it');
      const pushed = await pushClient.open(uri, SOURCE);
      assert.deepEqual((await client.pullDiagnostics(uri)).items, pushed.diagnostics);
    } finally {
      assert.equal(await pushClient.shutdown(), 0);
    }
    assert.deepEqual(
      client.published.filter((published) => published.diagnostics.length > 0),
      [],
    );
  });

  test('an edit that keeps the diagnostics is `unchanged`; one that changes them is a new full report', async () => {
    const before = await client.pullDiagnostics(uri);
    // A comment after the code: nothing moves.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: '# done\n' }],
    });
    assert.deepEqual(await client.pullDiagnostics(uri, before.resultId), { kind: 'unchanged', resultId: before.resultId });
    // A line inserted above the problem moves it.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'import asyncio\n' }],
    });
    const after = await client.pullDiagnostics(uri, before.resultId);
    assert.equal(after.kind, 'full');
    assert.notEqual(after.resultId, before.resultId);
    assert.equal(after.items![0]!.range.start.line, 4);
  });

  test('workspace reports cover open documents, with versions and result ids', async () => {
    const first = await client.workspaceDiagnostics();
    const byUri = new Map(first.items.map((item) => [item.uri, item]));
    assert.deepEqual([...byUri.keys()].sort(), [other, uri]);
    assert.equal(byUri.get(uri)!.version, 3);
    assert.deepEqual(codes(byUri.get(other)!), ['LOOP105']);
    const second = await client.workspaceDiagnostics(first.items.map((item) => ({ uri: item.uri, value: item.resultId! })));
    for (const item of second.items) assert.equal(item.kind, 'unchanged', item.uri);
  });

  test('a closed document reports no diagnostics', async () => {
    const closed = 'file:///tmp/pull-closed.py';
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: closed, languageId: 'python', version: 1, text: SOURCE },
    });
    assert.deepEqual(codes(await client.pullDiagnostics(closed)), ['LOOP101']);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: closed } });
    const report = await client.pullDiagnostics(closed);
    assert.equal(report.kind, 'full');
    assert.deepEqual(report.items, []);
    assert.ok(!(await client.workspaceDiagnostics()).items.some((item) => item.uri === closed));
  });

  test('a settings change that changes diagnostics asks the client to pull again; one that does not, does not', async () => {
    const before = await client.pullDiagnostics(uri);
    await client.pullDiagnostics(other);
    const refreshes = client.refreshRequests;
    await client.changeConfiguration({ ignore: ['LOOP101'] });
    await client.waitUntil(() => client.refreshRequests > refreshes, 'a refresh request');
    const after = await client.pullDiagnostics(uri, before.resultId);
    assert.equal(after.kind, 'full');
    assert.deepEqual(after.items, []);

    // Same effective settings, spelled differently: re-linted, nothing changed, no refresh.
    await client.pullDiagnostics(other);
    const settled = client.refreshRequests;
    await client.changeConfiguration({ ignore: ['blocking-sleep'] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(client.refreshRequests, settled);
    assert.equal((await client.pullDiagnostics(uri, after.resultId)).kind, 'unchanged');

    // Disabling Loopscope empties the reports.
    await client.changeConfiguration({ enable: false });
    await client.waitUntil(() => client.refreshRequests > settled, 'a refresh request');
    assert.deepEqual((await client.pullDiagnostics(other)).items, []);
  });
});
