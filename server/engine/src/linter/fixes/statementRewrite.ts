// Rewriting whole statements: replacing one simple statement by several, adding statements after
// one, or moving one into a new block (`async with ...:`), at the statement's own indentation.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { LINE_BREAK, type LineIndex } from '../../analysis/sourceText';
import type { TextEdit } from '../rule';
import { endOfLine, endsLine, hasMultilineString, indentationOf, indentUnit, sourceLayout, startsLine } from './sourceLayout';
import { insertAt, replaceNode } from './textEdits';

/** The statement kinds these helpers handle: simple statements, which a `;` may join. */
const SIMPLE_STATEMENTS: ReadonlySet<string> = new Set(['expression_statement', 'return_statement']);

/**
 * Replaces a simple statement by `statements`: one per line at its indentation when the statement
 * has its line(s) to itself, else joined with `; ` (`if ready: a; b; c` is one line of simple statements).
 */
export function replaceStatement(statement: SyntaxNode, statements: readonly string[], lines: LineIndex): TextEdit | undefined {
  if (!SIMPLE_STATEMENTS.has(statement.type)) return undefined;
  const layout = sourceLayout(lines);
  if (startsLine(statement, lines) && endsLine(statement, lines)) {
    const indentation = indentationOf(lines, statement.startPosition.row);
    return replaceNode(statement, statements.join(`${layout.eol}${indentation}`));
  }
  return replaceNode(statement, statements.join('; '));
}

/** Adds `statements` after a simple statement, on lines of their own (after its comment) or after `; `. */
export function appendStatements(statement: SyntaxNode, statements: readonly string[], lines: LineIndex): TextEdit | undefined {
  if (!SIMPLE_STATEMENTS.has(statement.type)) return undefined;
  const layout = sourceLayout(lines);
  if (startsLine(statement, lines) && endsLine(statement, lines)) {
    const indentation = indentationOf(lines, statement.startPosition.row);
    const end = endOfLine(lines, statement.endPosition.row);
    return insertAt(end, statements.map((added) => `${layout.eol}${indentation}${added}`).join(''));
  }
  return insertAt(statement.endPosition, statements.map((added) => `; ${added}`).join(''));
}

/**
 * Moves `statement` into a new block: `header` (`async with asyncio.timeout(5):`) at the
 * statement's indentation, then `body` (the statement's new text, which may span lines) one level
 * deeper. Only for a statement with its lines to itself; lines inside a multi-line string keep
 * their indentation, all others move with the statement.
 */
export function wrapInBlock(statement: SyntaxNode, header: string, body: string, lines: LineIndex): TextEdit | undefined {
  if (!SIMPLE_STATEMENTS.has(statement.type)) return undefined;
  const layout = sourceLayout(lines);
  if (!startsLine(statement, lines) || !endsLine(statement, lines)) return undefined;
  const indentation = indentationOf(lines, statement.startPosition.row);
  const unit = indentUnit(statement, lines);
  const [first = '', ...rest] = body.split(LINE_BREAK);
  const continuation = hasMultilineString(statement) ? rest : rest.map((line) => (line.trim() === '' ? line : `${unit}${line}`));
  const indentedBody = [`${indentation}${unit}${first}`, ...continuation].join(layout.eol);
  return replaceNode(statement, `${header}${layout.eol}${indentedBody}`);
}
