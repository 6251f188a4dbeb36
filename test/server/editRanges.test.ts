// Content changes whose ranges lie past a line's end or past the document's last line, as a careless
// client sends: the server must apply them where the client did (a line past the last means the
// end of the text), keep counting lines right afterwards, and report what the CLI reports on the
// text the client holds. Found by the fuzz (serverFuzz.test.ts): `# noqa\r` put over lines 1–2 of a
// one-line document left the text model with a line it does not have, and later edits landed elsewhere.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Linter } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';
import { OpenDocument } from '../../server/src/lsp/openDocument';
import { applyClientChanges, clientLines, type ClientChange } from './clientText';
import { fromServer, lintWithCli } from './cliDiagnostics';
import { LspTestClient, type PublishedDiagnostics } from './lspClient';

const BLOCKING_SLEEP = readFileSync(path.join(__dirname, '..', '..', 'examples', 'mistakes', 'blocking_sleep.py'), 'utf8');
const LAST_LINE = clientLines(BLOCKING_SLEEP).starts.length - 1;

const at = (line: number, character: number) => ({ line, character });

/** Edit sequences, each starting from `text`; the first change of each reaches past the last line. */
const CASES: { name: string; text: string; changes: ClientChange[][] }[] = [
  {
    name: '`# noqa\\r` over lines 1–2 of a one-line document, then typing on line 1',
    text: 'import time',
    changes: [
      [{ range: { start: at(1, 0), end: at(2, 0) }, text: '# noqa\r' }],
      [{ range: { start: at(1, 0), end: at(1, 0) }, text: 'async def f():\n    time.sleep(1)\n' }],
    ],
  },
  {
    name: '`# noqa\\r` over the two lines past the end of blocking_sleep.py, then a coroutine added at the end',
    text: BLOCKING_SLEEP,
    changes: [
      [{ range: { start: at(LAST_LINE + 1, 0), end: at(LAST_LINE + 2, 0) }, text: '# noqa\r' }],
      [{ range: { start: at(LAST_LINE + 1, 0), end: at(LAST_LINE + 1, 0) }, text: 'async def late():\n    time.sleep(1)\n' }],
      [{ range: { start: at(LAST_LINE + 2, 4), end: at(LAST_LINE + 2, 99) }, text: 'time.sleep(2)' }],
    ],
  },
  {
    name: 'a deletion from inside the text to three lines past the end, then a line break and typing there',
    text: BLOCKING_SLEEP,
    changes: [
      [{ range: { start: at(8, 8), end: at(LAST_LINE + 3, 7) }, text: 'time.sleep(0.1)\r\n\r\n' }],
      [{ range: { start: at(10, 0), end: at(11, 0) }, text: 'async def g():\r    time.sleep(3)\r' }],
    ],
  },
];

describe('edits reaching past the end of the document', () => {
  let linter: Linter;
  let client: LspTestClient;

  before(async () => {
    linter = await Linter.create(RULES);
    client = LspTestClient.start();
    await client.initialize();
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  for (const [index, { name, text, changes }] of CASES.entries()) {
    test(`${name}: the server's text is the client's`, () => {
      const document = OpenDocument.open(`file:///ranges/${index}.py`, 'python', 1, text, linter);
      let expected = text;
      for (const [step, stepChanges] of changes.entries()) {
        document.applyChanges(stepChanges, step + 2);
        expected = applyClientChanges(expected, stepChanges);
        assert.equal(document.text, expected, `after change ${step + 1}`);
      }
      document.close();
    });

    test(`${name}: the server reports what the CLI reports on the client's text`, async () => {
      const uri = `file:///ranges/lsp-${index}.py`;
      await client.open(uri, text);
      let expected = text;
      let published: PublishedDiagnostics | undefined;
      for (const [step, stepChanges] of changes.entries()) {
        published = await client.change(uri, step + 2, stepChanges);
        expected = applyClientChanges(expected, stepChanges);
      }
      const [cli] = lintWithCli([expected]);
      assert.ok(cli!.length > 0, 'the final text has something to report');
      assert.deepEqual(fromServer(published!.diagnostics), cli, JSON.stringify(expected));
    });
  }
});
