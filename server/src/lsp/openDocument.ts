// An open document: its text and syntax tree, kept in step by applying each LSP edit to both,
// so a keystroke costs an incremental reparse rather than a full one.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { Edit } from 'web-tree-sitter';
import type { Point, SyntaxTree } from '../analysis/pythonParser';
import type { Linter } from '../linter/linter';

export class OpenDocument {
  private tree: SyntaxTree | undefined;
  /** The document version `tree` was parsed from. */
  private parsedVersion = -1;

  constructor(
    private document: TextDocument,
    private readonly linter: Linter,
  ) {}

  static open(uri: string, languageId: string, version: number, text: string, linter: Linter): OpenDocument {
    return new OpenDocument(TextDocument.create(uri, languageId, version, text), linter);
  }

  get uri(): string {
    return this.document.uri;
  }

  get version(): number {
    return this.document.version;
  }

  get text(): string {
    return this.document.getText();
  }

  /** Applies LSP content changes, editing the syntax tree alongside the text. */
  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && this.tree) {
        const start = this.document.offsetAt(change.range.start);
        const oldEnd = this.document.offsetAt(change.range.end);
        const startPosition: Point = { row: change.range.start.line, column: change.range.start.character };
        this.tree.edit(
          new Edit({
            startIndex: start,
            oldEndIndex: oldEnd,
            newEndIndex: start + change.text.length,
            startPosition,
            oldEndPosition: { row: change.range.end.line, column: change.range.end.character },
            newEndPosition: endOfInsertedText(startPosition, change.text),
          }),
        );
      } else if (!('range' in change)) {
        this.dropTree();
      }
      this.document = TextDocument.update(this.document, [change], version);
    }
  }

  /** The current syntax tree, reparsed incrementally if edits arrived since the last call. */
  syntaxTree(): SyntaxTree {
    if (this.tree && this.parsedVersion === this.document.version) return this.tree;
    const previous = this.tree;
    this.tree = this.linter.parse(this.document.getText(), previous);
    previous?.delete();
    this.parsedVersion = this.document.version;
    return this.tree;
  }

  close(): void {
    this.dropTree();
  }

  private dropTree(): void {
    this.tree?.delete();
    this.tree = undefined;
  }
}

function endOfInsertedText(start: Point, text: string): Point {
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline < 0) return { row: start.row, column: start.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: text.length - lastNewline - 1 };
}
