// `raise` statements around a LOOP305 `try` statement that tell what its handler is for: one right after the `try`
// (a clean-up inside `except:` that then re-raises), after which the task ends by raising rather than carrying on; and
// one in the `try` body raising `CancelledError` itself, which a clause naming it is then written to catch.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { inNestedDefinition } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { raisesCancelledError } from '../../../ruleSupport/raiseFreeCode';
import { leavesEarly } from './syntaxShapes';

/**
 * Whether the statement that runs right after `tryStatement` completes is a `raise` that the handler (and a `finally`
 * clause) cannot skip: neither has a `return`, `break` or `continue` of its own. A cancellation the handler catches is
 * then followed by that raise (`except: try: await server.shutdown() except: log(...)` then `raise`, re-raising the
 * error being handled): the task ends by raising, it does not carry on as if it had not been cancelled. The `try` may be
 * the last statement of an `if` branch or a `with` block: a handler that falls through leaves that block too, and the
 * `raise` after it still runs (`except CancelledError: if subscribed: try: await unsubscribe() except BaseException:
 * log(...)` and then `raise`).
 */
export function raisesRightAfter(tryStatement: SyntaxNode, handler: SyntaxNode): boolean {
  if (nextStatementRun(tryStatement)?.type !== 'raise_statement') return false;
  const finallyClause = tryStatement.namedChildren.find((child) => child.type === 'finally_clause');
  return [handler, finallyClause].every((block) => !block || !leavesEarly(block));
}

/** Blocks whose end control leaves for the statement after the compound statement holding them. */
const FALLING_THROUGH: ReadonlySet<string> = new Set(['if_statement', 'with_statement']);

/**
 * The statement that runs next once `statement` completes normally: its next sibling, or, at the end of an `if` branch
 * (`elif`, `else` too) or a `with` block, the one after that statement, and so on out. Undefined at the end of any
 * other block (a loop's goes round again, a function's returns, a handler's leaves its `try`).
 */
function nextStatementRun(statement: SyntaxNode): SyntaxNode | undefined {
  for (let current = statement; ;) {
    let next = current.nextNamedSibling;
    while (next?.type === 'comment') next = next.nextNamedSibling;
    if (next) return next;
    const block = current.parent;
    let enclosing = block?.type === 'block' ? block.parent : null;
    if (enclosing?.type === 'elif_clause' || enclosing?.type === 'else_clause') enclosing = enclosing.parent;
    if (!enclosing || !FALLING_THROUGH.has(enclosing.type)) return undefined;
    current = enclosing;
  }
}

/**
 * Whether the code of the `try` body raises `asyncio.CancelledError` itself (`raise asyncio.CancelledError()`, as a
 * test simulating a cancelled handler does): a clause naming `CancelledError` after it is written for that
 * cancellation, which is the body's own, not one another task asked for.
 */
export function raisesCancellationItself(body: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  return body
    .descendantsOfType('raise_statement')
    .some((raise) => !inNestedDefinition(raise, body) && raisesCancelledError(raise, scope, model));
}
