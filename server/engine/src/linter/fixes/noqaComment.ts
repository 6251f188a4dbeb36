// "Disable LOOPnnn for this line": the edit adding `# noqa: LOOPnnn` at the end of a line the
// diagnostic covers, or adding the code to a `# noqa: ...` list already there. The comment must
// not land inside a multi-line string or after a line-continuation backslash.
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { LineIndex } from '../../analysis/sourceText';
import type { Point, TextEdit } from '../rule';
import { noqaMatches } from '../suppression';
import { endOfLine } from './sourceLayout';
import { insertAt, replaceRange } from './textEdits';

/**
 * The edit suppressing `code` on one of the rows from `start` to `end` (the first where a comment
 * can go), or undefined when none can take one, or a bare `# noqa` already covers everything.
 */
export function noqaEdit(code: string, start: Point, end: Point, lines: LineIndex, root: SyntaxNode): TextEdit | undefined {
  for (let row = start.row; row <= end.row; row++) {
    const line = lines.lineText(row);
    if (/\\\s*$/.test(line) || endsInsideString(row, line.length, root)) continue;
    // The first `# noqa` comment of the line is the one that counts (one inside a string does not).
    const existing = [...noqaMatches(line)].find((match) => root.descendantForPosition({ row, column: match.index })?.type === 'comment');
    if (existing) {
      if (existing.items === undefined) return undefined;
      if (existing.items.some((listed) => listed.toUpperCase() === code)) return undefined;
      return existing.items.length === 0
        ? replaceRange({ row, column: existing.index }, { row, column: existing.index + existing.length }, `# noqa: ${code}`)
        : insertAt({ row, column: existing.index + existing.length }, `, ${code}`);
    }
    // Trailing whitespace gives way to the comment's usual two spaces.
    const trimmed = line.replace(/[ \t\f]+$/, '');
    return replaceRange({ row, column: trimmed.length }, endOfLine(lines, row), `${trimmed.length === 0 ? '' : '  '}# noqa: ${code}`);
  }
  return undefined;
}

/** Whether the end of `row` is inside a string literal that goes on to a later line. */
function endsInsideString(row: number, column: number, root: SyntaxNode): boolean {
  for (let node: SyntaxNode | null = root.descendantForPosition({ row, column }); node; node = node.parent) {
    if (node.type === 'string' && node.endPosition.row > row) return true;
  }
  return false;
}
