// Incremental reparsing: after any sequence of LSP edits, the tree equals a fresh parse of the text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { SyntaxNode } from '../../server/engine/src/analysis/pythonParser';
import { Linter } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';
import { OpenDocument } from '../../server/src/lsp/openDocument';
import { seededRandom } from './seededRandom';

const SOURCE = readFileSync(path.join(__dirname, '..', 'fixtures', 'rules', 'transitive-blocking', 'positives.py'), 'utf8');
const SNIPPETS = ['x', '\n', '    await f()\n', '한글', '😀', ')', '(', 'async ', ':', '\r\n', ''];

test('random edits keep the incremental tree identical to a full parse', async () => {
  const linter = await Linter.create(RULES);
  const next = seededRandom(12345);
  const document = OpenDocument.open('file:///tmp/edits.py', 'python', 1, SOURCE, linter);
  document.syntaxTree();
  for (let version = 2; version < 300; version++) {
    const text = document.text;
    const lines = text.split('\n');
    const startLine = next(lines.length);
    const endLine = Math.min(lines.length - 1, startLine + next(3));
    const startCharacter = next(lines[startLine]!.length + 1);
    const endCharacter =
      endLine === startLine ? startCharacter + next(lines[endLine]!.length - startCharacter + 1) : next(lines[endLine]!.length + 1);
    const insert = SNIPPETS[next(SNIPPETS.length)]!;
    // Never split a surrogate pair: LSP clients do not.
    const range = { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
    if (splitsSurrogate(lines[startLine]!, startCharacter) || splitsSurrogate(lines[endLine]!, endCharacter)) continue;
    document.applyChanges([{ range, text: insert }], version);
    const incremental = describeTree(document.syntaxTree().rootNode);
    const fresh = linter.parse(document.text);
    assert.equal(incremental, describeTree(fresh.rootNode), `after edit ${version}: ${JSON.stringify({ range, insert })}`);
    fresh.delete();
  }
  document.close();
});

/** Every node's kind and exact span, so a shifted position fails the comparison. */
function describeTree(root: SyntaxNode): string {
  const parts: string[] = [];
  const cursor = root.walk();
  for (;;) {
    parts.push(`${cursor.nodeType}@${cursor.startIndex}-${cursor.endIndex}:${cursor.startPosition.row},${cursor.startPosition.column}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return parts.join(' ');
      }
    }
  }
}

function splitsSurrogate(line: string, character: number): boolean {
  const code = line.charCodeAt(character);
  return code >= 0xdc00 && code <= 0xdfff;
}
