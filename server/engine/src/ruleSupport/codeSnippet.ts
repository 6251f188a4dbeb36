// Code quoted in a diagnostic's message, on one line and cut short: rules of every family quote the calls and
// conditions they flag this way.
import type { SyntaxNode } from '../analysis/pythonParser';
import { leadingText } from '../analysis/sourceText';

/** Code in a message: whitespace collapsed, cut to `limit` characters. */
export function snippet(node: SyntaxNode, limit = 40): string {
  // On one line, without the spaces a line break leaves inside brackets: `(a and\n b)` → `(a and b)`.
  const text = withoutComments(node)
    .replace(/\s+/g, ' ')
    .replace(/([([{]) /g, '$1')
    .replace(/ ([)\]}])/g, '$1');
  if (text.length <= limit) return text;
  // Cut between tokens (at a space), never inside a name or a number.
  const cut = text.lastIndexOf(' ', limit - 2);
  return `${leadingText(text, cut > limit / 2 ? cut : limit - 1)} …`;
}

/** The node's code without the comments inside it (a condition split over lines may hold some). */
function withoutComments(node: SyntaxNode): string {
  const text = node.text;
  if (!text.includes('#')) return text;
  let result = '';
  let from = node.startIndex;
  for (const comment of node.descendantsOfType('comment')) {
    // Only comments within the node (a parenthesized expression's may sit just outside it).
    if (!comment || comment.startIndex < from || comment.endIndex > node.endIndex) continue;
    result += text.slice(from - node.startIndex, comment.startIndex - node.startIndex);
    from = comment.endIndex;
  }
  return result + text.slice(from - node.startIndex);
}
