// An open document: its text and syntax tree, kept in step by applying each LSP edit to both,
// so a keystroke costs an incremental reparse rather than a full one; and its last lint's memo with
// the edits since, so re-linting checks again only what the edits may have changed. Linting after
// a keystroke does not even wait for the reparse: it parses the edited statements apart (see
// editedStatements.ts), and the whole tree is brought up to date when the typing pauses.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { Edit } from 'web-tree-sitter';
import type { Linter, LintMemo, LintResult, LintSettings, Point, ProjectView, SyntaxTree } from '../../engine/src';
import { editNodes, KeptStatements, mergedSpans, reparseEditedStatements, type RegionParse, type TextSpan } from './editedStatements';

/** The typing pause after which the whole tree is reparsed. */
const IDLE_REPARSE_MS = 200;

export class OpenDocument {
  private tree: SyntaxTree | undefined;
  /** `tree`'s top-level statements, once a re-lint has read them, moved along with the edits since. */
  private treeStatements: KeptStatements | undefined;
  /** The document version `tree` was parsed from. */
  private parsedVersion = -1;
  private memo: LintMemo | undefined;
  /** The edits since `memo`'s lint, as applied to the tree. */
  private editsSinceMemo: Edit[] = [];
  /** The text the edits since the last lint (or parse) cover, in current offsets, in order. */
  private changedSinceLint: TextSpan[] = [];
  /** The small parses of edited statements since the last full parse (see editedStatements.ts), edited along. */
  private regions: readonly RegionParse[] = [];
  private idleReparse: NodeJS.Timeout | undefined;

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
    for (const received of changes) {
      const change = 'range' in received ? { range: rangeInside(this.document, received.range), text: received.text } : received;
      if ('range' in change && this.tree) {
        const edit = lineBreakSafeEdit(this.document, change.range, change.text);
        this.tree.edit(edit);
        this.treeStatements?.edit(edit);
        if (this.memo) this.editsSinceMemo.push(edit);
        this.changedSinceLint = spansAfterEdit(this.changedSinceLint, edit);
        this.regions = this.regions.map(({ tree, nodes, spans }) => {
          tree.edit(edit);
          editNodes(nodes, edit);
          return { tree, nodes, spans: spans.map((span) => movedSpan(span, edit)) };
        });
      } else {
        this.dropTree();
      }
      this.document = TextDocument.update(this.document, [change], version);
    }
  }

  /** The current syntax tree, reparsed incrementally if edits arrived since the last call. */
  syntaxTree(): SyntaxTree {
    clearTimeout(this.idleReparse);
    if (this.tree && this.parsedVersion === this.document.version) return this.tree;
    const previous = this.tree;
    const text = this.document.getText();
    // tree-sitter recovers from a syntax error differently when it reuses an old tree: broken code is
    // parsed afresh, to get the diagnostics the CLI and a fresh open give it. Text that parses gets the
    // same tree either way, so typing in valid code keeps the incremental parse's speed. (Reusing a
    // broken tree is no faster: on a file broken in many places it cost more than a fresh parse.)
    let tree = this.linter.parse(text, previous?.rootNode.hasError ? undefined : previous);
    if (previous && tree.rootNode.hasError && !previous.rootNode.hasError) {
      tree.delete();
      tree = this.linter.parse(text);
    }
    this.tree = tree;
    this.treeStatements = undefined;
    previous?.delete();
    this.dropRegions();
    this.parsedVersion = this.document.version;
    this.changedSinceLint = [];
    return this.tree;
  }

  /** The current syntax tree, or undefined when the text cannot be parsed (too large: its lint says so). */
  parsedTree(): SyntaxTree | undefined {
    try {
      return this.syntaxTree();
    } catch {
      return undefined;
    }
  }

  /** Lints the current text, re-checking only what changed since the last lint when it can. */
  lint(settings: LintSettings, project: ProjectView | undefined): LintResult {
    const text = this.text;
    const tooLarge = this.linter.tooLarge(text.length, 'characters', settings);
    if (tooLarge) {
      this.dropTree();
      return tooLarge;
    }
    try {
      return this.lintParsed(text, settings, project);
    } catch (error) {
      // Reported as this document's LOOP000; the next lint starts from a fresh parse.
      this.dropTree();
      return this.linter.failed(error, settings);
    }
  }

  private lintParsed(text: string, settings: LintSettings, project: ProjectView | undefined): LintResult {
    const edited =
      this.memo && this.tree && this.parsedVersion !== this.document.version
        ? reparseEditedStatements(
            this.linter,
            this.tree,
            (this.treeStatements ??= new KeptStatements(this.tree)),
            this.regions,
            text,
            this.changedSinceLint,
            (offset) => {
              const { line, character } = this.document.positionAt(offset);
              return { row: line, column: character };
            },
          )
        : undefined;
    if (edited) {
      for (const { tree } of this.regions) if (!edited.regions.some((region) => region.tree === tree)) tree.delete();
      this.regions = edited.regions;
      this.changedSinceLint = [];
    }
    try {
      const result = this.linter.lintTree(edited ? this.tree! : this.syntaxTree(), text, settings, {
        project,
        remember: true,
        previous: this.memo,
        edits: this.editsSinceMemo,
        statements: edited?.statements,
        reparsed: edited?.regions.map(({ tree, spans }) => ({ root: tree.rootNode, spans })),
      });
      this.memo = result.memo;
      this.editsSinceMemo = [];
      return result;
    } finally {
      if (edited) {
        clearTimeout(this.idleReparse);
        this.idleReparse = setTimeout(() => {
          try {
            this.syntaxTree();
          } catch {
            // The next request that needs the tree parses again and reports what fails.
          }
        }, IDLE_REPARSE_MS).unref();
      }
    }
  }

  /** The next lint checks everything (what the checks read elsewhere, settings or other modules, changed). */
  forgetLint(): void {
    this.memo = undefined;
    this.editsSinceMemo = [];
  }

  close(): void {
    this.dropTree();
  }

  private dropTree(): void {
    clearTimeout(this.idleReparse);
    this.tree?.delete();
    this.tree = undefined;
    this.treeStatements = undefined;
    this.dropRegions();
    this.changedSinceLint = [];
    this.forgetLint();
  }

  private dropRegions(): void {
    for (const { tree } of this.regions) tree.delete();
    this.regions = [];
  }
}

/** `offset` (before `edit`) after it: inside the replaced text, its new end. */
function movedOffset(offset: number, edit: Edit): number {
  return offset <= edit.startIndex ? offset : offset >= edit.oldEndIndex ? offset + edit.newEndIndex - edit.oldEndIndex : edit.newEndIndex;
}

function movedSpan({ start, end }: TextSpan, edit: Edit): TextSpan {
  return { start: movedOffset(start, edit), end: movedOffset(end, edit) };
}

/** `spans` (offsets before `edit`, in order) in offsets after it, with the edited text added. */
function spansAfterEdit(spans: readonly TextSpan[], edit: Edit): TextSpan[] {
  return mergedSpans([...spans.map((span) => movedSpan(span, edit)), { start: edit.startIndex, end: edit.newEndIndex }]);
}

/**
 * `range` with each end moved inside `document` (a line past the last means the end of the text, a
 * character past a line's end that end), in order. `TextDocument.update` finds the offsets so, but
 * counts lines from the range as given: a range past the last line left it with lines the text does
 * not have (holes in its line table), and later edits landed at the wrong offsets.
 */
function rangeInside(document: TextDocument, range: Range): Range {
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  return { start: document.positionAt(Math.min(start, end)), end: document.positionAt(Math.max(start, end)) };
}

/**
 * The tree edit for replacing `range` of `document` with `text`. A `\r` just before the edit and a
 * `\n` just after it may join or part (`\r\n` is one line break, each alone is one too), which
 * moves rows on both sides of the edit: where that can happen the edit is widened over them, so that
 * its ends lie where the old and the new text agree on rows, and rows are counted as LSP counts them.
 */
function lineBreakSafeEdit(document: TextDocument, range: Range, text: string): Edit {
  const old = document.getText();
  let start = document.offsetAt(range.start);
  let oldEnd = Math.max(start, document.offsetAt(range.end));
  const before = start > 0 ? old.charCodeAt(start - 1) : -1;
  const after = oldEnd < old.length ? old.charCodeAt(oldEnd) : -1;
  const nowFollowing = text.length > 0 ? text.charCodeAt(0) : after;
  const nowPreceding = text.length > 0 ? text.charCodeAt(text.length - 1) : before;
  let inserted = text;
  if (before === CARRIAGE_RETURN && (old.charCodeAt(start) === LINE_FEED || nowFollowing === LINE_FEED)) {
    start--;
    inserted = '\r' + inserted;
  }
  if (after === LINE_FEED && (old.charCodeAt(oldEnd - 1) === CARRIAGE_RETURN || nowPreceding === CARRIAGE_RETURN)) {
    oldEnd++;
    inserted += '\n';
  }
  const point = (offset: number): Point => {
    const { line, character } = document.positionAt(offset);
    return { row: line, column: character };
  };
  const startPosition = point(start);
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: start + inserted.length,
    startPosition,
    oldEndPosition: point(oldEnd),
    newEndPosition: endOfInsertedText(startPosition, inserted),
  });
}

const CARRIAGE_RETURN = 0x0d;
const LINE_FEED = 0x0a;

/** Where `text` inserted at `start` ends, counting line breaks as LSP does (`\r\n`, `\r`, `\n`). */
function endOfInsertedText(start: Point, text: string): Point {
  let row = start.row;
  let lineStart = -start.column;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LINE_FEED || (code === CARRIAGE_RETURN && text.charCodeAt(i + 1) !== LINE_FEED)) {
      row++;
      lineStart = i + 1;
    }
  }
  return { row, column: text.length - lineStart };
}
