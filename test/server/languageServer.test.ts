// The real language server (dist/server.js) driven over stdio by a JSON-RPC client.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspTestClient } from './lspClient';

const ASYNC_SLEEP = ['import time', '', 'async def main():', '    time.sleep(1)', ''].join('\n');

describe('language server over stdio', () => {
  let client: LspTestClient;

  before(async () => {
    client = LspTestClient.start();
    const result = await client.initialize();
    assert.equal((result as { serverInfo?: { name: string } }).serverInfo?.name, 'loopscope');
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('publishes diagnostics for an opened document', async () => {
    const published = await client.open('file:///tmp/open.py', ASYNC_SLEEP);
    assert.equal(published.diagnostics.length, 1);
    const [diagnostic] = published.diagnostics;
    assert.equal(diagnostic!.code, 'LOOP101');
    assert.equal(diagnostic!.source, 'loopscope');
    assert.equal(diagnostic!.severity, 2);
    assert.deepEqual(diagnostic!.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 17 } });
    assert.match(diagnostic!.codeDescription!.href, /^file:.*docs\/rules\/blocking-sleep\.md$/);
  });

  test('re-lints after incremental changes, reporting the new version', async () => {
    const uri = 'file:///tmp/change.py';
    await client.open(uri, ASYNC_SLEEP);
    // Replace `time.sleep(1)` with `await asyncio.sleep(1)`: the problem goes away.
    const fixed = await client.change(uri, 2, [
      { range: { start: { line: 3, character: 4 }, end: { line: 3, character: 17 } }, text: 'await asyncio.sleep(1)' },
    ]);
    assert.deepEqual(fixed.diagnostics, []);
    // Add a blocking input() on a new line.
    const broken = await client.change(uri, 3, [
      { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: '    input()\n' },
    ]);
    assert.deepEqual(
      broken.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['LOOP105', 4, 4]],
    );
  });

  test('lone \\r line breaks, a leading one too: diagnostics, noqa, fixes and incremental edits', async () => {
    const uri = 'file:///tmp/old-mac.py';
    const text = '\rimport time\rasync def f():\r    time.sleep(1)  # noqa: LOOP999\r    time.sleep(2)  # noqa\r';
    const opened = await client.open(uri, text);
    assert.deepEqual(
      opened.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [['LOOP101', 3, 4, 17]],
    );
    const actions = (await client.codeActions(uri, opened.diagnostics[0]!.range, { diagnostics: opened.diagnostics }))!;
    const edits = actions.flatMap((action) => Object.values(action.edit?.changes ?? {}).flat());
    assert.ok(
      edits.some((edit) => edit.newText === 'await asyncio.sleep(1)'),
      JSON.stringify(actions),
    );
    // The added import line ends with the file's own line break.
    assert.ok(
      edits.some((edit) => edit.newText.includes('import asyncio') && !edit.newText.includes('\n')),
      JSON.stringify(edits),
    );
    // Remove the leading line break, then type it back: rows follow.
    const removed = await client.change(uri, 2, [
      { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' },
    ]);
    assert.deepEqual(
      removed.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['LOOP101', 2]],
    );
    const restored = await client.change(uri, 3, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\r' },
    ]);
    assert.deepEqual(
      restored.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['LOOP101', 3]],
    );
    // A blank first line typed into a file that had none.
    const blank = await client.change(uri, 4, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' },
    ]);
    assert.deepEqual(
      blank.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['LOOP101', 4]],
    );
  });

  test('columns are UTF-16 code units (emoji, Korean)', async () => {
    const text = ['import time', 'async def 작업():', '    s = "😀😀"; time.sleep(1)', ''].join('\n');
    const published = await client.open('file:///tmp/unicode.py', text);
    assert.deepEqual(published.diagnostics[0]!.range.start, { line: 2, character: 16 });
  });

  test('a syntax error gives LOOP000 and keeps the other diagnostics', async () => {
    const text = ['import time', 'async def ok():', '    time.sleep(1)', '', 'def broken(:', '    pass', ''].join('\n');
    const published = await client.open('file:///tmp/broken.py', text);
    const codes = published.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['LOOP000', 'LOOP101']);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'file:///tmp/close.py';
    await client.open(uri, ASYNC_SLEEP);
    const cleared = client.nextDiagnostics(uri);
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual((await cleared).diagnostics, []);
  });

  test('a full-text change replaces the document', async () => {
    const uri = 'file:///tmp/full.py';
    await client.open(uri, 'x = 1\n');
    const published = await client.change(uri, 2, [{ text: ASYNC_SLEEP }]);
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['LOOP101'],
    );
  });
});

describe('language server with editor settings', () => {
  test('loopscope.ignore and loopscope.enable are honoured', async () => {
    const client = LspTestClient.start({ ignore: ['LOOP101'] });
    await client.initialize(true);
    const published = await client.open('file:///tmp/settings.py', ASYNC_SLEEP + 'async def ask():\n    input()\n');
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['LOOP105'],
    );
    assert.equal(await client.shutdown(), 0);

    const disabled = LspTestClient.start({ enable: false });
    await disabled.initialize(true);
    assert.deepEqual((await disabled.open('file:///tmp/disabled.py', ASYNC_SLEEP)).diagnostics, []);
    assert.equal(await disabled.shutdown(), 0);
  });
});
