// Editor settings however a client sends them, over a real LSP connection: `initializationOptions`
// (Neovim's `init_options`, Helix's `config`, Zed's `initialization_options`), the `settings` of
// `workspace/didChangeConfiguration`, and `workspace/configuration`; a client that cannot be asked,
// or never answers, still gets diagnostics with the configuration file's settings.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient, type PublishedDiagnostics } from './lspClient';

/** LOOP101 on line 5, LOOP105 on line 6. */
const SOURCE = ['import asyncio', 'import time', '', 'async def main():', '    time.sleep(1)', '    input()', ''].join('\n');

const SEVERITY_NAMES = ['', 'error', 'warning', 'information', 'hint'];
const summary = (published: PublishedDiagnostics): string[] =>
  published.diagnostics.map((d) => `${d.code}:${SEVERITY_NAMES[d.severity ?? 0]}`).sort();

/** What Neovim 0.7's built-in client declares: no `workspace/configuration`, no file watching. */
const NEOVIM_07 = { workspace: { workspaceFolders: true, applyEdit: true }, textDocument: {} };
const PULLING = { workspace: { configuration: true }, textDocument: {} };

let root: string;
let documents = 0;
/** A fresh file below `folder` (a folder of `root`), its URI. */
function newDocument(folder: string): string {
  documents++;
  const file = path.join(root, folder, `doc${documents}.py`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, SOURCE);
  return pathToFileURL(file).href;
}

before(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'loopscope-editor-settings-'));
  // LOOP105 becomes an error here: the configuration file always applies under the editor's settings.
  mkdirSync(path.join(root, 'configured'));
  writeFileSync(path.join(root, 'configured', 'loopscope.toml'), 'severity = { LOOP105 = "error" }\n');
});

after(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('a client that cannot be asked for settings (Neovim 0.7)', () => {
  let client: LspTestClient;

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  test('initializationOptions apply, nested under "loopscope" or not; then pushed settings replace them key by key', async () => {
    client = LspTestClient.start();
    await client.initializeWith(NEOVIM_07, undefined, { ignore: ['LOOP101'], severity: { LOOP105: 'hint' } });
    const uri = newDocument('plain');
    assert.deepEqual(summary(await client.open(uri, SOURCE)), ['LOOP105:hint']);

    // Pushed as VS Code and Neovim's `settings` tables do: under "loopscope". `ignore` is replaced, `severity` stays.
    let next = client.nextDiagnostics(uri, 1);
    await client.pushConfiguration({ loopscope: { ignore: ['LOOP105'] } });
    assert.deepEqual(summary(await next), ['LOOP101:warning']);

    // Pushed flat, as Helix sends its `config`.
    next = client.nextDiagnostics(uri, 1);
    await client.pushConfiguration({ ignore: ['blocking-input'], severity: { LOOP101: 'error' } });
    assert.deepEqual(summary(await next), ['LOOP101:error']);

    // `settings: null` (a client expecting to be asked) keeps what was pushed.
    next = client.nextDiagnostics(uri, 1);
    await client.pushConfiguration(null);
    assert.deepEqual(summary(await next), ['LOOP101:error']);

    // The configuration file applies under the editor's settings: here its LOOP105 is ignored by the editor.
    const configured = newDocument('configured');
    assert.deepEqual(summary(await client.open(configured, SOURCE)), ['LOOP101:error']);
    // A new push replaces the last one whole: initializationOptions apply again where it sets nothing,
    // and their severity entry comes after the file's (LOOP105: error there, hint here).
    next = client.nextDiagnostics(configured, 1);
    await client.pushConfiguration({ loopscope: { enable: true } });
    assert.deepEqual(summary(await next), ['LOOP105:hint']);
  });

  test('nothing sent at all: defaults and the configuration file', async (t) => {
    const bare = LspTestClient.start();
    t.after(async () => assert.equal(await bare.shutdown(), 0));
    await bare.initializeWith(NEOVIM_07);
    assert.deepEqual(summary(await bare.open(newDocument('configured'), SOURCE)), ['LOOP101:warning', 'LOOP105:error']);
  });

  test('enable: false from initializationOptions turns linting off', async (t) => {
    const off = LspTestClient.start();
    t.after(async () => assert.equal(await off.shutdown(), 0));
    await off.initializeWith(NEOVIM_07, undefined, { loopscope: { enable: false } });
    assert.deepEqual((await off.open(newDocument('plain'), SOURCE)).diagnostics, []);
  });

  test('kebab-case keys (as in pyproject.toml) are not read, and the log says how to spell them', async (t) => {
    const kebab = LspTestClient.start();
    t.after(async () => assert.equal(await kebab.shutdown(), 0));
    await kebab.initializeWith(NEOVIM_07, undefined, { 'extend-select': ['LOOP408'], ignore: ['LOOP105'] });
    assert.deepEqual(summary(await kebab.open(newDocument('plain'), SOURCE)), ['LOOP101:warning']);
    await kebab.waitUntil(
      () => kebab.loggedMessages.some((m) => m.message.includes("write 'extendSelect', not 'extend-select'")),
      'the spelling warning',
    );
    assert.deepEqual(kebab.shownMessages, []);
  });
});

describe('a client that is asked for settings', () => {
  test('pulled settings win key by key over pushed ones and initializationOptions; a null answer leaves those', async (t) => {
    const client = LspTestClient.start({ severity: { LOOP101: 'information' } });
    t.after(async () => assert.equal(await client.shutdown(), 0));
    await client.initializeWith(PULLING, undefined, { ignore: ['LOOP105'], severity: { LOOP101: 'error' } });
    const uri = newDocument('plain');
    assert.deepEqual(summary(await client.open(uri, SOURCE)), ['LOOP101:information']);

    // Neovim answers null for a section it has no settings for: initializationOptions and pushes apply.
    const next = client.nextDiagnostics(uri, 1);
    client.configuration = undefined;
    await client.pushConfiguration({ loopscope: { severity: { LOOP101: 'hint' } } });
    assert.deepEqual(summary(await next), ['LOOP101:hint']);
  });

  test('a client that never answers: diagnostics with the configuration file and initializationOptions, and a line in the log', async (t) => {
    const client = LspTestClient.start({ ignore: ['LOOP101', 'LOOP105'] });
    t.after(async () => assert.equal(await client.shutdown(), 0));
    client.answersConfiguration = false;
    await client.initializeWith(PULLING, undefined, { severity: { LOOP101: 'hint' } });
    const first = newDocument('configured');
    assert.deepEqual(summary(await client.open(first, SOURCE)), ['LOOP101:hint', 'LOOP105:error']);
    await client.waitUntil(
      () => client.loggedMessages.some((m) => m.message.includes('did not answer workspace/configuration')),
      'the log line',
    );
    // Later documents are not held up by asking again.
    assert.deepEqual(summary(await client.open(newDocument('plain'), SOURCE)), ['LOOP101:hint', 'LOOP105:warning']);
    assert.deepEqual(client.shownMessages, []);
  });
});
