// A seeded fuzz run of the real server: real files mutated (line endings of every kind, surrogate
// pairs, lone surrogates), then random edits, some with ranges past the end of a line or of the
// document, as a careless client might send. The server must answer every request, publish
// diagnostics whose ranges lie inside the document, and end where a fresh open of the same text does.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient, type PublishedDiagnostics } from './lspClient';
import { seededRandom } from './seededRandom';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const FILES = readdirSync(EXAMPLES)
  .filter((name) => name.endsWith('.py'))
  .map((name) => path.join(EXAMPLES, name));

const INSERTS = [
  '\r',
  '\n',
  '\r\n',
  '😀',
  '\ud83d',
  '\ude00',
  'await ',
  'async def f():\n    time.sleep(1)\n',
  '(',
  ':',
  '    ',
  '"""',
  '# noqa\r',
  'é',
];

let client: LspTestClient;

before(async () => {
  client = LspTestClient.start();
  await client.initialize();
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

/** `text` mutated: line breaks of mixed kinds, and emoji or lone surrogates put into some lines. */
function mutated(text: string, next: (limit: number) => number): string {
  return text
    .replace(/\r\n|\r|\n/g, () => ['\n', '\r\n', '\r'][next(3)]!)
    .replace(/ /g, (space) => (next(40) === 0 ? ['😀', '\ud83d', '\udc00x', 'é'][next(4)]! : space));
}

/** A fresh open's diagnostics as the document under test has them: related locations in the file itself name it. */
function asOpenedAs(fresh: PublishedDiagnostics, uri: string): PublishedDiagnostics['diagnostics'] {
  const renamed = JSON.stringify(fresh.diagnostics).split(JSON.stringify(fresh.uri)).join(JSON.stringify(uri));
  return JSON.parse(renamed) as PublishedDiagnostics['diagnostics'];
}

function assertInside(published: PublishedDiagnostics, document: TextDocument, what: string): void {
  const lineCount = document.lineCount;
  for (const { range } of published.diagnostics) {
    for (const { line, character } of [range.start, range.end]) {
      assert.ok(line >= 0 && line < lineCount, `${what}: line ${line} of ${lineCount}`);
      const lineLength = document.offsetAt({ line: line + 1, character: 0 }) - document.offsetAt({ line, character: 0 });
      assert.ok(character >= 0 && character <= lineLength, `${what}: character ${character} on line ${line} (${lineLength} long)`);
    }
  }
}

test('random edits of mutated real files: the server answers, ranges stay inside, and ends where a fresh open does', async () => {
  const next = seededRandom(31337);
  for (const [fileIndex, file] of FILES.entries()) {
    const uri = `file:///fuzz/${fileIndex}.py`;
    let document = TextDocument.create(uri, 'python', 1, mutated(readFileSync(file, 'utf8'), next));
    assertInside(await client.open(uri, document.getText()), document, `${path.basename(file)} opened`);
    for (let version = 2; version < 40; version++) {
      const lineCount = document.lineCount;
      // Positions up to two lines past the end and characters up to 20 past a line's end.
      const position = () => ({ line: next(lineCount + 2), character: next(120) });
      const start = position();
      const end = next(3) === 0 ? position() : start;
      const [from, to] =
        end.line < start.line || (end.line === start.line && end.character < start.character) ? [end, start] : [start, end];
      const change = { range: { start: from, end: to }, text: next(3) === 0 ? '' : INSERTS[next(INSERTS.length)]! };
      const changes = next(15) === 0 ? [{ text: mutated(document.getText(), next) }] : [change];
      document = TextDocument.update(document, changes, version);
      const what = `${path.basename(file)} v${version} ${JSON.stringify(changes).slice(0, 200)}`;
      assertInside(await client.change(uri, version, changes), document, what);
      {
        const fresh = await client.open(`${uri}.v${version}.py`, document.getText());
        assert.deepEqual(
          client.published.filter((published) => published.uri === uri).at(-1)!.diagnostics,
          asOpenedAs(fresh, uri),
          `${what}:\n${JSON.stringify(document.getText())}`,
        );
      }
      if (next(5) === 0) {
        const at = { line: next(document.lineCount + 1), character: next(80) };
        await client.hover(uri, at.line, at.character);
        await client.codeActions(uri, { start: at, end: at });
      }
    }
    const last = client.published.filter((published) => published.uri === uri).at(-1)!;
    const fresh = await client.open(`${uri}.fresh.py`, document.getText());
    assert.deepEqual(last.diagnostics, asOpenedAs(fresh, uri), `${path.basename(file)} at the end:\n${JSON.stringify(document.getText())}`);
  }
});
