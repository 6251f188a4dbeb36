// Configuration files over a real LSP connection: the server asks the client to watch every file
// name it reads settings from, re-lints when any of them changes, watches them itself when the client
// cannot (Neovim 0.7), and honours the configuration's `exclude` / `extend-exclude` for open documents
// and for the workspace's files that are not open.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient, type PublishedDiagnostics } from './lspClient';

/** LOOP101 on line 5, LOOP105 on line 6. */
const SOURCE = ['import asyncio', 'import time', '', 'async def main():', '    time.sleep(1)', '    input()', ''].join('\n');
const FILE_CREATED = 1;
const FILE_CHANGED = 2;

const codes = (published: PublishedDiagnostics): string[] => published.diagnostics.map((d) => String(d.code)).sort();

let root: string;
const file = (relative: string): string => path.join(root, relative);
const uriOf = (relative: string): string => pathToFileURL(file(relative)).href;
function write(relative: string, text: string): void {
  mkdirSync(path.dirname(file(relative)), { recursive: true });
  writeFileSync(file(relative), text);
}

before(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'loopscope-config-watch-'));
});

after(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('a client that watches files for the server', () => {
  let client: LspTestClient;

  before(async () => {
    write('watched/app.py', SOURCE);
    client = LspTestClient.start();
    await client.initializeWith({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('is asked to watch pyproject.toml, loopscope.toml and .loopscope.toml', async () => {
    await client.waitUntil(() => client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'), 'the registration');
    const registration = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!;
    const globs = (registration.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    for (const glob of ['**/pyproject.toml', '**/loopscope.toml', '**/.loopscope.toml'])
      assert.ok(globs.includes(glob), `${glob} in ${globs.join(', ')}`);
  });

  test('a new loopscope.toml, then a .loopscope.toml beside it, re-lint open documents with their settings', async () => {
    const uri = uriOf('watched/app.py');
    assert.deepEqual(codes(await client.open(uri, SOURCE)), ['LOOP101', 'LOOP105']);

    write('watched/loopscope.toml', 'ignore = ["LOOP101"]\n');
    let next = client.nextDiagnostics(uri, 1);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf('watched/loopscope.toml'), type: FILE_CREATED }],
    });
    assert.deepEqual(codes(await next), ['LOOP105']);

    // .loopscope.toml comes first in a folder.
    write('watched/.loopscope.toml', 'ignore = ["LOOP105"]\n');
    next = client.nextDiagnostics(uri, 1);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf('watched/.loopscope.toml'), type: FILE_CHANGED }],
    });
    assert.deepEqual(codes(await next), ['LOOP101']);
  });
});

describe('a client that cannot watch files (Neovim 0.7)', () => {
  test('the server watches the folders above open documents itself', async (t) => {
    write('unwatched/pkg/app.py', SOURCE);
    write('unwatched/pyproject.toml', '[project]\nname = "demo"\n');
    const client = LspTestClient.start();
    t.after(async () => assert.equal(await client.shutdown(), 0));
    await client.initializeWith({ workspace: { workspaceFolders: true, applyEdit: true } });
    const uri = uriOf('unwatched/pkg/app.py');
    assert.deepEqual(codes(await client.open(uri, SOURCE)), ['LOOP101', 'LOOP105']);

    // Nobody tells the server: it sees the file change.
    let next = client.nextDiagnostics(uri, 1);
    write('unwatched/pyproject.toml', '[project]\nname = "demo"\n[tool.loopscope]\nignore = ["LOOP105"]\n');
    assert.deepEqual(codes(await next), ['LOOP101']);

    // A configuration file created nearer the document.
    next = client.nextDiagnostics(uri, 1);
    write('unwatched/pkg/loopscope.toml', 'ignore = ["LOOP101"]\n');
    assert.deepEqual(codes(await next), ['LOOP105']);
  });
});

describe('a client that cannot watch files, in a monorepo', () => {
  test("the server watches the packages beside a document, whose pyproject.toml files give the root's target version", async (t) => {
    // LOOP207 from Python 3.14 on.
    const source = 'import asyncio\n\nasync def main():\n    return asyncio.iscoroutinefunction(main)\n';
    write('mono/pyproject.toml', '[tool.mypy]\nstrict = true\n');
    write('mono/core/pyproject.toml', '[project]\nname = "core"\nrequires-python = ">=3.10"\n');
    write('mono/tests/test_a.py', source);
    const client = LspTestClient.start();
    t.after(async () => assert.equal(await client.shutdown(), 0));
    await client.initializeWith({ workspace: { workspaceFolders: true, applyEdit: true } });
    const uri = uriOf('mono/tests/test_a.py');
    assert.deepEqual(codes(await client.open(uri, source)), []);

    const next = client.nextDiagnostics(uri, 1);
    write('mono/core/pyproject.toml', '[project]\nname = "core"\nrequires-python = ">=3.14"\n');
    assert.deepEqual(codes(await next), ['LOOP207']);
  });
});

describe('exclude and extend-exclude in the server', () => {
  let client: LspTestClient;
  const workspace = 'excluding';

  before(async () => {
    write(`${workspace}/pyproject.toml`, '[tool.loopscope]\nextend-exclude = ["generated", "legacy_*.py"]\n');
    write(`${workspace}/src/app.py`, SOURCE);
    write(`${workspace}/src/zz_last.py`, SOURCE);
    write(`${workspace}/src/legacy_io.py`, SOURCE);
    write(`${workspace}/generated/client.py`, SOURCE);
    write(`${workspace}/generated/closed.py`, SOURCE);
    write(`${workspace}/.venv/lib/site.py`, SOURCE);
    client = LspTestClient.start();
    await client.initializeWith({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, file(workspace));
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('excluded files that are not open get no diagnostics from the workspace scan', async () => {
    // The scan walks folders in name order and publishes as it goes: zz_last.py is its last file.
    await client.waitUntil(() => client.published.some((p) => p.uri === uriOf(`${workspace}/src/zz_last.py`)), 'the end of the scan');
    assert.ok(client.published.some((p) => p.uri === uriOf(`${workspace}/src/app.py`)));
    const published = new Set(client.published.map((p) => p.uri));
    for (const excluded of ['src/legacy_io.py', 'generated/client.py', 'generated/closed.py', '.venv/lib/site.py'])
      assert.ok(!published.has(uriOf(`${workspace}/${excluded}`)), `${excluded} is excluded`);
  });

  test('an excluded document, once open, gets no diagnostics either; the others do', async () => {
    assert.deepEqual((await client.open(uriOf(`${workspace}/generated/client.py`), SOURCE)).diagnostics, []);
    assert.deepEqual((await client.open(uriOf(`${workspace}/src/legacy_io.py`), SOURCE)).diagnostics, []);
    assert.deepEqual((await client.open(uriOf(`${workspace}/.venv/lib/site.py`), SOURCE)).diagnostics, [], 'the built-in folders too');
    assert.deepEqual(codes(await client.open(uriOf(`${workspace}/src/other.py`), SOURCE)), ['LOOP101', 'LOOP105']);
  });

  test('changing the exclusions re-lints: what is no longer excluded gets its diagnostics, open or not', async () => {
    const reopened = ['generated/client.py', 'src/legacy_io.py'].map((relative) =>
      client.nextDiagnostics(uriOf(`${workspace}/${relative}`), 1),
    );
    write(`${workspace}/pyproject.toml`, '[tool.loopscope]\nextend-exclude = ["generated/other"]\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(`${workspace}/pyproject.toml`), type: FILE_CHANGED }],
    });
    for (const published of await Promise.all(reopened)) assert.deepEqual(codes(published), ['LOOP101', 'LOOP105'], published.uri);
    // A file that is not open, excluded until now.
    const closed = uriOf(`${workspace}/generated/closed.py`);
    await client.waitUntil(
      () => client.published.some((p) => p.uri === closed && p.diagnostics.length === 2),
      'generated/closed.py from disk',
    );
  });
});
