// Incremental reparsing: after any sequence of LSP edits, the tree equals a fresh parse of the text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Edit } from 'web-tree-sitter';
import type { Point, SyntaxNode } from '../../server/engine/src/analysis/pythonParser';
import { Linter } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';
import { KeptStatements } from '../../server/src/lsp/editedStatements';
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

test('top-level statements kept over edits of their tree are those the edited tree lists', async () => {
  const linter = await Linter.create(RULES);
  const next = seededRandom(777);
  let text = SOURCE;
  const tree = linter.parse(text);
  const kept = new KeptStatements(tree);
  for (let step = 0; step < 300; step++) {
    // What statements have read of their children is moved too.
    for (let read = 0; read < 3; read++) void kept.nodes[next(kept.nodes.length)]?.children;
    const start = next(text.length + 1);
    const oldEnd = Math.min(text.length, start + (next(3) === 0 ? next(200) : 0));
    const insert = ['x', '\n', '    await f()\n', ')', '', '\n\ndef g():\n    pass\n'][next(6)]!;
    const edit = new Edit({
      startIndex: start,
      oldEndIndex: oldEnd,
      newEndIndex: start + insert.length,
      startPosition: pointAt(text, start),
      oldEndPosition: pointAt(text, oldEnd),
      newEndPosition: pointAt(text.slice(0, start) + insert, start + insert.length),
    });
    text = text.slice(0, start) + insert + text.slice(oldEnd);
    tree.edit(edit);
    kept.edit(edit);
    assert.equal(describeNodes(kept.nodes), describeNodes(tree.rootNode.children), `after edit ${step}`);
  }
  tree.delete();
});

/** Each node's identity, kind, span and its children's spans. */
function describeNodes(nodes: readonly SyntaxNode[]): string {
  const span = (node: SyntaxNode): string => `${node.startIndex}-${node.endIndex}:${node.startPosition.row},${node.startPosition.column}`;
  return nodes.map((node) => `${node.id} ${node.type}@${span(node)} [${node.children.map(span).join(' ')}]`).join('\n');
}

/** The row and column of `offset` in `text` (line breaks are `\n` only). */
function pointAt(text: string, offset: number): Point {
  const before = text.slice(0, offset);
  const row = before.split('\n').length - 1;
  return { row, column: offset - (before.lastIndexOf('\n') + 1) };
}

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
