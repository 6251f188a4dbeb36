// The tests a condition needs, every one of them, for the code under it to run: `a and b` needs `a` and `b`, `not (a
// or b)` needs `not a` and `not b`. A parameter guard (see parameterGuard) made of any one of them rules that code out
// where an argument makes it fail, whatever the others are: PyrateLimiter's sync wait under `not (_force_async or
// isawaitable(delay))` never runs for a call passing `_force_async=True`.
import type { SyntaxNode } from '../analysis/pythonParser';
import { unparenthesize } from '../analysis/pythonSyntax';

/** A test the code needs true (`negated`: false). */
interface NeededTest {
  readonly test: SyntaxNode;
  readonly negated: boolean;
}

/**
 * The tests `test` (needed true, or false where `negated`) breaks into, left to right: the operands of an `and` needed
 * true or of an `or` needed false, with `not` read through; the test itself where it is neither.
 */
export function neededTests(test: SyntaxNode, negated: boolean): NeededTest[] {
  let node = unparenthesize(test);
  let needsFalse = negated;
  for (let operand = notOperand(node); operand; operand = notOperand(node)) {
    node = unparenthesize(operand);
    needsFalse = !needsFalse;
  }
  const operator = node.type === 'boolean_operator' ? node.childForFieldName('operator')?.type : undefined;
  if ((operator === 'and' && !needsFalse) || (operator === 'or' && needsFalse)) {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left && right) return [...neededTests(left, needsFalse), ...neededTests(right, needsFalse)];
  }
  return [{ test: node, negated: needsFalse }];
}

function notOperand(node: SyntaxNode): SyntaxNode | null {
  return node.type === 'not_operator' ? node.childForFieldName('argument') : null;
}
