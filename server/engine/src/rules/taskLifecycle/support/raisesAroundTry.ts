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
 * Whether the statement right after `tryStatement` is a `raise` that the handler (and a `finally` clause) cannot skip:
 * neither has a `return`, `break` or `continue` of its own. A cancellation the handler catches is then followed by that
 * raise (`except: try: await server.shutdown() except: log(...)` then `raise`, re-raising the error being handled):
 * the task ends by raising, it does not carry on as if it had not been cancelled.
 */
export function raisesRightAfter(tryStatement: SyntaxNode, handler: SyntaxNode): boolean {
  let next = tryStatement.nextNamedSibling;
  while (next?.type === 'comment') next = next.nextNamedSibling;
  if (next?.type !== 'raise_statement') return false;
  const finallyClause = tryStatement.namedChildren.find((child) => child.type === 'finally_clause');
  return [handler, finallyClause].every((block) => !block || !leavesEarly(block));
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
