// Decorators whose wrapper makes a loop current before it calls the function it decorates (a test suite's
// `@dedicatedloop`: `asyncio.set_event_loop(asyncio.new_event_loop())`, then `return func(*args, **kw)`): the decorated
// function's body runs with that loop current, and its `asyncio.get_event_loop()` returns it on every version
// (LOOP201). Module summaries record such decorators for the tests of other modules.
import type { SyntaxNode } from '../analysis/pythonParser';
import { hasAsyncKeyword, inNestedDefinition } from '../analysis/pythonSyntax';
import type { SemanticModel } from '../analysis/semanticModel';
import { loopEnsuredBy, loopSetBy } from './loopMadeCurrent';
import { decoratedParameter, returnedFunction } from './plainWrappers';
import { nearestStatementBefore } from './statementsBefore';

/**
 * Whether `definition`, used as a decorator (`@it`), returns a plain wrapper of its own whose every call of the function
 * it decorates comes after a statement leaving a loop current: the nearest one of its body touching the current loop,
 * in the call's block or a block around it, sets a loop (not `None`) or leaves one current otherwise (see
 * loopEnsuredBy: a `try` making sure of one, a call of a function of the module setting one).
 */
export function setsLoopAroundCall(definition: SyntaxNode, model: SemanticModel): boolean {
  if (hasAsyncKeyword(definition)) return false;
  const wrapper = returnedFunction(definition);
  const decorated = decoratedParameter(definition);
  if (!wrapper || hasAsyncKeyword(wrapper) || decorated === undefined) return false;
  const calls = wrapper
    .descendantsOfType('call')
    .filter((call) => call.childForFieldName('function')?.text === decorated && !inNestedDefinition(call, wrapper));
  return calls.length > 0 && calls.every((call) => nearestStatementBefore(call, (statement) => leavesLoop(statement, model)) === true);
}

/** What a statement of the wrapper leaves current: true for a loop, false for `None`, undefined where it does not decide. */
function leavesLoop(statement: SyntaxNode, model: SemanticModel): boolean | undefined {
  const set = loopSetBy(statement, model, model.scopeOf(statement));
  if (set !== undefined) return set !== null;
  return loopEnsuredBy(statement, model, undefined) ? true : undefined;
}
