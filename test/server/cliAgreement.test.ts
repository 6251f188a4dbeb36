// Texts on which the language server and the CLI once disagreed (found by the server fuzz, which holds the server's
// diagnostics of each final text against the CLI's): each must now publish what the CLI reports.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fromServer, lintWithCli } from './cliDiagnostics';
import { LspTestClient } from './lspClient';

const FOLDER = path.join(__dirname, '..', 'fixtures', 'incremental');

let client: LspTestClient;

before(async () => {
  client = LspTestClient.start();
  await client.initialize();
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

test('an `async def` only in code that does not parse is no coroutine of the project, for the CLI as for the server', async () => {
  const { text } = JSON.parse(readFileSync(path.join(FOLDER, 'unparsed_async_def_cli.json'), 'utf8')) as { text: string };
  const published = await client.open('file:///agreement/unparsed_async_def.py', text);
  const [cli] = lintWithCli([text]);
  assert.ok(
    cli!.some((diagnostic) => diagnostic.code === 'LOOP104' && diagnostic.message.includes("up to the library's awaited `load_flows`")),
  );
  assert.deepEqual(fromServer(published.diagnostics), cli);
});
