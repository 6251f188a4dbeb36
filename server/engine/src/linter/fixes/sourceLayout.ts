// How a file lays out its lines: line endings, indentation, where a statement's line ends. Fixes
// that add lines or blocks ask this so their text matches the file (CRLF, tabs) and stays valid.
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { LineBreak, LineIndex } from '../../analysis/sourceText';
import type { Point } from '../rule';

interface SourceLayout {
  /**
   * The line break added lines end with: the file's first one (`\n` for a one-line file). Any of
   * `\n`, `\r\n` and a lone `\r` is a line break to Python, so a file mixing them stays valid.
   */
  readonly eol: LineBreak;
  /** One level of indentation when nothing nearer says: a tab if the file indents with tabs, else four spaces. */
  readonly defaultIndent: string;
}

const layouts = new WeakMap<LineIndex, SourceLayout>();

export function sourceLayout(lines: LineIndex): SourceLayout {
  let layout = layouts.get(lines);
  if (!layout) {
    const text = lines.text;
    layout = {
      eol: lines.lineBreak ?? '\n',
      // Asked on every lint (its layout is part of the memo): a text without a tab is not read line by line.
      defaultIndent: text.includes('\t') && /^\t/m.test(text) && !/^ {2,}\S/m.test(text) ? '\t' : '    ',
    };
    layouts.set(lines, layout);
  }
  return layout;
}

/** The leading whitespace of a line. */
export function indentationOf(lines: LineIndex, row: number): string {
  return /^[ \t\f]*/.exec(lines.lineText(row))![0];
}

/** The point after the last character of a line (before its line break). */
export function endOfLine(lines: LineIndex, row: number): Point {
  return { row, column: lines.lineText(row).length };
}

/** Whether only whitespace precedes `node` on its first line. */
export function startsLine(node: SyntaxNode, lines: LineIndex): boolean {
  const { row, column } = node.startPosition;
  return /^[ \t\f]*$/.test(lines.lineText(row).slice(0, column));
}

/** Whether only whitespace or a comment follows `node` on its last line. */
export function endsLine(node: SyntaxNode, lines: LineIndex): boolean {
  const { row, column } = node.endPosition;
  return /^[ \t\f]*(#.*)?$/.test(lines.lineText(row).slice(column));
}

/**
 * One level of indentation for a new block opened at `statement`'s indentation: the step its own
 * block is indented by from its header, else the file's default.
 */
export function indentUnit(statement: SyntaxNode, lines: LineIndex): string {
  const own = indentationOf(lines, statement.startPosition.row);
  const block = statement.parent;
  const header = block?.type === 'block' ? block.parent : null;
  if (header) {
    const outer = indentationOf(lines, header.startPosition.row);
    if (own.length > outer.length && own.startsWith(outer)) return own.slice(outer.length);
  }
  if (own.includes('\t')) return '\t';
  return sourceLayout(lines).defaultIndent;
}

/** Whether a string literal inside `node` spans lines: re-indenting those lines would change its value. */
export function hasMultilineString(node: SyntaxNode): boolean {
  if (node.startPosition.row === node.endPosition.row) return false;
  return node.descendantsOfType('string').some((string) => string.startPosition.row !== string.endPosition.row);
}
