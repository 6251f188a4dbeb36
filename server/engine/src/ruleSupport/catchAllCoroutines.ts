// Coroutines that handle their own failures: an `async def` of this file whose whole body is one `try` catching
// `Exception` (or everything) without raising again, such as a wrapper logging what the coroutine it awaits raises
// (`async def logging_coroutine(coro): try: await coro / except Exception: log.exception(...)`). Whoever runs one
// never sees an exception from it: LOOP209 has no sibling to cancel on its failure, and LOOP301 does not warn that a
// dropped task's exception goes unseen (it is seen, by the handler).
import type { SyntaxNode } from '../analysis/pythonParser';
import { codeStatements, exceptionTypesCaught, hasAsyncKeyword, inNestedDefinition } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/** The broad catches: a clause naming one of these (or a bare `except:`) catches whatever the body may raise. */
const CATCH_ALL: ReadonlySet<string> = new Set(['Exception', 'BaseException']);

/**
 * Whether `call` calls an `async def` of this file that cannot fail: its body (after a docstring) is a single `try`
 * with a clause catching `Exception` or everything, no `finally`, and no `raise` in its handlers or `else` (a
 * cancellation still ends it: that is no failure).
 */
export function callsCoroutineThatCannotFail(call: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  if (call.type !== 'call') return false;
  const definition = model.calleeDefinition(call, scope);
  if (definition?.type !== 'function_definition' || !hasAsyncKeyword(definition)) return false;
  const code = codeStatements(definition);
  const attempt = code[0];
  if (code.length !== 1 || attempt?.type !== 'try_statement') return false;
  const clauses = attempt.namedChildren;
  if (clauses.some((clause) => clause.type === 'finally_clause' || clause.type === 'except_group_clause')) return false;
  const handlers = clauses.filter((clause) => clause.type === 'except_clause');
  const catchesAll = handlers.some((handler) => {
    const types = exceptionTypesCaught(handler);
    return types.length === 0 || types.some((type) => CATCH_ALL.has(type.text));
  });
  const raisesAgain = clauses.some(
    (clause) =>
      (clause.type === 'except_clause' || clause.type === 'else_clause') &&
      clause.descendantsOfType('raise_statement').some((raise) => !inNestedDefinition(raise, clause)),
  );
  return catchesAll && !raisesAgain;
}
