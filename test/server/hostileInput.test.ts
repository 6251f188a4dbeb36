// What a hostile document can do to the language server over stdio: URIs it cannot turn into a
// path, and files too large to parse. The server must neither exit nor stop linting the others.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LspTestClient } from './lspClient';

const BLOCKING = 'import time\n\nasync def main():\n    time.sleep(1)\n';

/** `megabytes` MB of valid Python ending with a blocking call in a coroutine. */
function largePython(megabytes: number): string {
  const chunk = 'async def f(n):\n    total = 0\n    for i in range(n):\n        total += i * 2\n    return total\n\n';
  return `import time\n${chunk.repeat(Math.ceil((megabytes * 1024 * 1024) / chunk.length))}async def last():\n    time.sleep(1)\n`;
}

describe('hostile documents', () => {
  let client: LspTestClient;
  let folder: string;
  const exits: (number | null)[] = [];

  before(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'loopscope-hostile-'));
    // In the workspace too: the server indexes every module of the folder.
    writeFileSync(path.join(folder, 'big.py'), largePython(53));
    writeFileSync(path.join(folder, 'good.py'), BLOCKING);
    client = LspTestClient.start();
    client.process.on('exit', (code) => exits.push(code));
    await client.initializeWith({ workspace: { configuration: false } }, folder);
  });

  after(async () => {
    assert.deepEqual(exits, [], client.stderr.join(''));
    assert.equal(await client.shutdown(), 0);
    rmSync(folder, { recursive: true, force: true });
  });

  async function assertStillLints(name: string): Promise<void> {
    const published = await client.open(pathToFileURL(path.join(folder, name)).href, BLOCKING);
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['LOOP101'],
    );
  }

  for (const uri of [
    'file:///%E0%A4%A', // a broken percent-encoding
    'file://server/share/x.py', // a host (a Windows share), which has no path here
    'file:///tmp/%00nul.py', // a NUL in the path
    'file:', // no path at all
    'not a uri at all',
  ]) {
    test(`a document at ${JSON.stringify(uri)} is linted as text, and the server goes on`, async () => {
      const published = await client.open(uri, BLOCKING);
      assert.deepEqual(
        published.diagnostics.map((d) => d.code),
        ['LOOP101'],
      );
      // Requests about it get answers, not a dead server.
      assert.ok(Array.isArray(await client.codeActions(uri, published.diagnostics[0]!.range, { diagnostics: published.diagnostics })));
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      await assertStillLints(`after-${uri.length}.py`);
    });
  }

  test('code quoted in a message is never cut inside a surrogate pair (an emoji at the cut: found by the fuzz run)', async () => {
    // 29 characters, then an emoji: the syntax error quotes the first 30 UTF-16 units of the line, half of it.
    const published = await client.open('file:///tmp/emoji-cut.py', 'import asyncio\nfrom asyncio.staggered import😀staggered_race:\n');
    const messages = published.diagnostics.map((diagnostic) => diagnostic.message);
    assert.ok(
      messages.some((message) => message.includes("near 'from asyncio.staggered import…'")),
      messages.join('\n'),
    );
    assert.ok(!messages.some((message) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\ufffd/.test(message)));
  });

  test('a 53 MB document is one LOOP000 (too large), and the server goes on linting the others', async () => {
    const uri = pathToFileURL(path.join(folder, 'big.py')).href;
    const published = await client.open(uri, largePython(53));
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['LOOP000', 0, 0]],
    );
    assert.match(published.diagnostics[0]!.message, /^File too large to lint: 53\.0 MB/);
    // An edit keeps it too large: still one LOOP000, nothing parsed.
    const edited = await client.change(uri, 2, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# x\n' },
    ]);
    assert.deepEqual(
      edited.diagnostics.map((d) => d.code),
      ['LOOP000'],
    );
    assert.equal(await client.hover(uri, 0, 0), null);
    await assertStillLints('good.py');
    await assertStillLints('another.py');
  });
});
