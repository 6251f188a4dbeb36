// A LOOP305 handler that ends the loop around its `try` by making the loop's condition false (`while self.keep_alive:`
// and `self.keep_alive = False` in the handler): as with a `break`, the loop does not go round again, and where the
// loop is the coroutine's last work the task just ends, leaving only the `with` blocks it is in.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { unparenthesize } from '../../../analysis/pythonSyntax';
import { enclosingLoop, isLastWork, statementsOf } from './syntaxShapes';

/** Values that make a `while flag:` loop stop, by node type; `True` makes a `while not flag:` one stop. */
const FALSY_VALUES: ReadonlySet<string> = new Set(['false', 'none']);

/**
 * Whether the handler stops the coroutine's last loop: the `while` loop right around `tryStatement` tests a flag (`while
 * self.keep_alive:`, or `while not self.stopping:`), which a statement of the handler's own, not under a condition, sets
 * so that the loop stops (`self.keep_alive = False`); the `try` is the loop body's last work (see isLastWork), so
 * nothing runs before the test; the loop has no `else` clause and is the coroutine's last work, so nothing runs after it
 * but the exits of the `with` blocks around it. The cancelled task then ends, as it would on a `break` with nothing after
 * the loop: it does not carry on as if it had not been cancelled. (Whether a caller awaiting the coroutine carries on
 * instead is the rule's question, asked of every handler that lets the coroutine end.)
 */
export function clearsLastLoopCondition(handler: SyntaxNode, tryStatement: SyntaxNode, coroutine: SyntaxNode): boolean {
  const loop = enclosingLoop(tryStatement, coroutine);
  if (loop?.type !== 'while_statement' || loop.childForFieldName('alternative')) return false;
  const condition = loop.childForFieldName('condition');
  if (!condition || !isLastWork(tryStatement, loop) || !isLastWork(loop, coroutine)) return false;
  const test = unparenthesize(condition);
  const negated = test.type === 'not_operator';
  const flag = negated ? test.childForFieldName('argument') : test;
  const flagNode = flag ? unparenthesize(flag) : undefined;
  if (flagNode?.type !== 'identifier' && flagNode?.type !== 'attribute') return false;
  const written = flagNode.text.replace(/\s+/g, '');
  return statementsOf(handler).some((statement) => {
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    if (assignment?.type !== 'assignment') return false;
    const target = assignment.childForFieldName('left');
    const value = assignment.childForFieldName('right');
    if (!target || !value || target.text.replace(/\s+/g, '') !== written) return false;
    const stored = unparenthesize(value).type;
    return negated ? stored === 'true' : FALSY_VALUES.has(stored);
  });
}
