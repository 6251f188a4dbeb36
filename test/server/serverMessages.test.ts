// What the server tells the user goes to the log (`window/logMessage`) unless it is an error: a
// prompt (`window/showMessage`) blocks Neovim's command line and stacks up in other editors.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { LspTestClient } from './lspClient';

const ROOT = path.join(__dirname, '..', '..');
/** The language server and the engine it runs. */
const SERVER_SOURCES = [path.join(ROOT, 'server', 'src'), path.join(ROOT, 'server', 'engine', 'src')];

test('a workspace too large to index whole is said in the log, not in a prompt', { timeout: 120_000 }, async (t) => {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'loopscope-messages-'));
  t.after(() => rmSync(workspace, { recursive: true, force: true }));
  // 20,100 empty modules: past the 20,000 the workspace index takes.
  for (let folder = 0; folder < 201; folder++) {
    const directory = path.join(workspace, `pkg${folder}`);
    mkdirSync(directory);
    for (let module = 0; module < 100; module++) writeFileSync(path.join(directory, `m${module}.py`), '');
  }
  const client = LspTestClient.start();
  t.after(async () => assert.equal(await client.shutdown(), 0));
  await client.initializeWith({ window: { showMessage: {} } }, workspace);
  await client.waitUntil(
    () => client.loggedMessages.some((m) => m.message.includes('20100 Python files') && m.type === 2),
    'the warning in the log',
    60_000,
  );
  assert.deepEqual(client.shownMessages, []);
});

test('the server prompts only for errors (no showWarningMessage or showInformationMessage in server/src or server/engine)', () => {
  const offending: string[] = [];
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.show(Warning|Information)Message\(|'window\/showMessage(Request)?'/.test(readFileSync(full, 'utf8')))
        offending.push(path.relative(ROOT, full));
    }
  };
  for (const folder of SERVER_SOURCES) visit(folder);
  assert.deepEqual(offending, []);
});
