// LOOP305's re-requested cancellation: a handler that cancels its own task again (`asyncio.current_task().cancel()`),
// so that the task's next await raises `CancelledError` once more. Code emulating a step that must not be interrupted
// (a lock taken without blocking) lets the cancellation through that way: it is put off to the next await, not swallowed.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { statementExpression, statementsOf } from './syntaxShapes';

/**
 * Whether a statement of the handler's own cancels the task running it: `asyncio.current_task().cancel()`, or
 * `.cancel()` on a local name bound only to `asyncio.current_task()` (`me = asyncio.current_task()`). One under a
 * condition leaves a path on which the cancellation is swallowed, and does not count; nor does cancelling another task.
 */
export function cancelsOwnTaskAgain(handler: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  return statementsOf(handler).some((statement) => {
    const call = statementExpression(statement);
    const callee = call?.type === 'call' ? call.childForFieldName('function') : undefined;
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'cancel') return false;
    const task = callee.childForFieldName('object');
    return task !== null && isCurrentTask(unparenthesize(task), scope, model);
  });
}

/** `asyncio.current_task()` (`asyncio.tasks.current_task()` too), or a local name bound to nothing else. */
function isCurrentTask(expression: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const fetchesCurrentTask = (value: SyntaxNode | undefined): boolean =>
    value?.type === 'call' && model.calleeName(value, scope) === 'asyncio.current_task';
  if (expression.type !== 'identifier') return fetchesCurrentTask(expression);
  const owner = scope.functionScope;
  if (!owner || owner.globals.has(expression.text) || owner.nonlocals.has(expression.text)) return false;
  const bindings = owner.bindings.get(expression.text) ?? [];
  return bindings.length > 0 && bindings.every((binding) => binding.kind === 'assignment' && fetchesCurrentTask(binding.value));
}
