// Coroutines of the file that consume their task's cancellation at every await they make (LOOP305): a `try` whose only
// awaits are of them never sees that cancellation arrive.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { catchOf, reraises } from './cancellationCatches';
import { raisesCancellationItself } from './raisesAroundTry';
import { everyCheckpointAwaits, handlerBlock, hasCheckpoint } from './syntaxShapes';

/**
 * Whether the code of `scope` between `body`'s ends suspends only at `await` of coroutines of this file (`await
 * self._drain()`, `await drain()`) that each consume the cancellation wherever they suspend (see consumesAtEveryAwait).
 * The awaited coroutine runs in the same task, so a cancellation arriving while it waits is raised at its own await and
 * ends there; the `try` around the call never receives it (see everyCheckpointAwaits).
 */
export function awaitsOnlyConsumingCoroutines(body: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const own = scope.functionScope?.node;
  return everyCheckpointAwaits(body, scope, (call) => {
    const callee = model.calleeDefinition(call, scope);
    return callee !== undefined && callee.id !== own?.id && consumesAtEveryAwait(callee, model);
  });
}

/**
 * An undecorated `async def` (a decorator may wrap it in code that suspends elsewhere) that suspends at least once and
 * whose every suspension point (`await`, `async for`/`async with`) lies in a `try` body whose first clause catching
 * `CancelledError` (by name, `BaseException` or bare) does not raise again (see reraises): a clause that raises hands the
 * cancellation to a `try` further out, which must consume it in turn. Nor may it raise `CancelledError` itself. An
 * awaiting comprehension, or anyio's level-triggered cancellation class, makes it no such coroutine.
 */
function consumesAtEveryAwait(definition: SyntaxNode, model: SemanticModel): boolean {
  if (definition.type !== 'function_definition' || definition.parent?.type === 'decorated_definition') return false;
  const scope = model.scopeOfDefinition(definition);
  const body = definition.childForFieldName('body');
  if (!scope?.isAsyncFunction || !body) return false;
  if (scope.children.some((child) => child.kind === 'comprehension' && hasCheckpoint(child, scope.start, scope.end))) return false;
  if (raisesCancellationItself(body, scope, model)) return false;
  const suspensions = [...scope.awaits.filter((node) => node.type === 'await'), ...scope.asyncStatements];
  return suspensions.length > 0 && suspensions.every((node) => consumedAround(node, definition, scope, model));
}

/** Whether a `try` of `definition` around `node` (in its body) catches `CancelledError` first in a clause that does not raise. */
function consumedAround(node: SyntaxNode, definition: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  for (let child = node, parent = node.parent; parent && parent.id !== definition.id; child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || parent.childForFieldName('body')?.id !== child.id) continue;
    for (const clause of parent.namedChildren) {
      const caught = clause.type === 'except_clause' ? catchOf(clause, model, scope) : undefined;
      if (!caught) continue;
      if (caught.byAnyio) return false;
      const handler = handlerBlock(clause);
      if (handler && !reraises(handler, model, scope)) return true;
      break;
    }
  }
  return false;
}
