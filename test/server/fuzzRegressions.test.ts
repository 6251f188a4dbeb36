// Cases the full server fuzz (`npm run fuzz:server`, in CI) found, replayed through a real server: each file in
// test/fixtures/incremental/ whose name ends in `_server.json` holds a text, the `didChange` that broke it and what
// went wrong. The edited document must publish what a fresh open of the same text publishes. A final text on which the
// server and the CLI disagreed (`_cli.json`) must publish what the CLI reports.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fromServer, lintWithCli } from './cliDiagnostics';
import { applyClientChanges } from './clientText';
import { LspTestClient, type LspRange, type PublishedDiagnostics } from './lspClient';

const FOLDER = path.join(__dirname, '..', 'fixtures', 'incremental');

interface ReplayedEdit {
  readonly about: string;
  readonly original: string;
  readonly changes: readonly { readonly range: LspRange; readonly text: string }[];
}

/** The diagnostics as the edited document's: related locations in the file itself name its URI. */
function renamed(published: PublishedDiagnostics, uri: string): PublishedDiagnostics['diagnostics'] {
  return JSON.parse(
    JSON.stringify(published.diagnostics).split(JSON.stringify(published.uri)).join(JSON.stringify(uri)),
  ) as PublishedDiagnostics['diagnostics'];
}

describe('edits the server fuzz found, replayed', () => {
  let client: LspTestClient;

  before(async () => {
    client = LspTestClient.start();
    await client.initialize();
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  const files = readdirSync(FOLDER).filter((name) => name.endsWith('_server.json'));

  test('there are cases to replay', () => assert.ok(files.length > 0));

  for (const name of files) {
    test(name, async () => {
      const { original, changes } = JSON.parse(readFileSync(path.join(FOLDER, name), 'utf8')) as ReplayedEdit;
      const uri = `file:///replayed/${name}.py`;
      await client.open(uri, original);
      const edited = await client.change(uri, 2, [...changes]);
      const fresh = await client.open(`${uri}.fresh.py`, applyClientChanges(original, [...changes]));
      assert.deepEqual(edited.diagnostics, renamed(fresh, uri));
      for (const opened of [uri, `${uri}.fresh.py`]) {
        void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: opened } });
      }
    });
  }

  test('an `async def` only in code that does not parse is no coroutine of the project, for the CLI as for the server', async () => {
    const { text } = JSON.parse(readFileSync(path.join(FOLDER, 'unparsed_async_def_cli.json'), 'utf8')) as { text: string };
    const published = await client.open('file:///replayed/unparsed_async_def.py', text);
    const [cli] = lintWithCli([text]);
    assert.ok(
      cli!.some((diagnostic) => diagnostic.code === 'LOOP104' && diagnostic.message.includes("up to the library's awaited `load_flows`")),
    );
    assert.deepEqual(fromServer(published.diagnostics), cli);
  });
});
