// LOOP305's re-requested cancellation: a handler that cancels its own task again (`asyncio.current_task().cancel()`),
// so that the task's next await raises `CancelledError` once more. Code emulating a step that must not be interrupted
// (a lock taken without blocking) lets the cancellation through that way: it is put off to the next await, not swallowed.
// Likewise a handler that cancels a child task the coroutine awaits later (`task.cancel()` in the drain loop, `await
// task` after it): the child's `CancelledError` comes back through that await.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { DEFINITION_KINDS, unparenthesize } from '../../../analysis/pythonSyntax';
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

/** Calls starting a coroutine as a task the caller holds. */
const TASK_STARTERS: ReadonlySet<string> = new Set(['create_task', 'ensure_future']);

/**
 * Whether a statement of the handler's own cancels a child task that the coroutine awaits after the `try` statement:
 * `task.cancel()` on a local name bound only to `asyncio.create_task(...)` (`loop.create_task`, `ensure_future`), and a
 * later `await task` of the function's own code, not in the body of a `try` (whose handler may swallow it). The child
 * ends cancelled and its `CancelledError` is raised in this coroutine at that await: the cancellation is handed on and
 * comes back, not swallowed.
 */
export function cancelsChildAwaitedLater(handler: SyntaxNode, tryStatement: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const owner = scope.functionScope;
  if (!owner) return false;
  return statementsOf(handler).some((statement) => {
    const call = statementExpression(statement);
    const callee = call?.type === 'call' ? call.childForFieldName('function') : undefined;
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'cancel') return false;
    const task = callee.childForFieldName('object');
    if (task?.type !== 'identifier' || owner.globals.has(task.text) || owner.nonlocals.has(task.text)) return false;
    const bindings = owner.bindings.get(task.text) ?? [];
    const startsTask = (value: SyntaxNode | undefined): boolean => value?.type === 'call' && TASK_STARTERS.has(model.calleeLastName(value));
    if (bindings.length === 0 || !bindings.every((binding) => binding.kind === 'assignment' && startsTask(binding.value))) return false;
    return owner.awaits.some(
      (awaitNode) =>
        awaitNode.startIndex >= tryStatement.endIndex &&
        unparenthesize(awaitNode.firstNamedChild ?? awaitNode).text === task.text &&
        outsideTryBodies(awaitNode, owner.node),
    );
  });
}

/** Whether no `try` body (nor nested definition) lies between `node` and the function `definition`. */
function outsideTryBodies(node: SyntaxNode, definition: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent && parent.id !== definition.id; child = parent, parent = parent.parent) {
    if (DEFINITION_KINDS.has(parent.type)) return false;
    if (parent.type === 'try_statement' && parent.childForFieldName('body')?.id === child.id) return false;
  }
  return true;
}
