// LOOP305's re-requested cancellation: a handler that cancels its own task again (`asyncio.current_task().cancel()`),
// so that the task's next await raises `CancelledError` once more. Code emulating a step that must not be interrupted
// (a lock taken without blocking) lets the cancellation through that way: it is put off to the next await, not swallowed.
// Likewise a handler that cancels a child task the coroutine awaits later (`task.cancel()` in the drain loop, `await
// task` after it): the child's `CancelledError` comes back through that await.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { DEFINITION_KINDS, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { statementExpression, statementsOf, TASK_CREATING_METHODS } from './syntaxShapes';

/**
 * Whether a statement of the handler's own cancels the task running it: `asyncio.current_task().cancel()`, or
 * `.cancel()` on a local name bound only to `asyncio.current_task()` (`me = asyncio.current_task()`). One under a
 * condition leaves a path on which the cancellation is swallowed, and does not count; nor does cancelling another task.
 */
export function cancelsOwnTaskAgain(handler: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const fetchesCurrentTask = (value: SyntaxNode | undefined): boolean =>
    value?.type === 'call' && model.calleeName(value, scope) === 'asyncio.current_task';
  return tasksCancelledBy(handler).some((task) =>
    task.type === 'identifier' ? localBoundOnlyTo(task, scope, fetchesCurrentTask) : fetchesCurrentTask(task),
  );
}

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
  const startsTask = (value: SyntaxNode | undefined): boolean =>
    value?.type === 'call' && TASK_CREATING_METHODS.has(model.calleeLastName(value));
  return tasksCancelledBy(handler).some(
    (task) =>
      task.type === 'identifier' &&
      localBoundOnlyTo(task, scope, startsTask) &&
      owner.awaits.some(
        (awaitNode) =>
          awaitNode.startIndex >= tryStatement.endIndex &&
          unparenthesize(awaitNode.firstNamedChild ?? awaitNode).text === task.text &&
          outsideTryBodies(awaitNode, owner.node),
      ),
  );
}

/** What the handler's own statements cancel: `x` of each statement `x.cancel()`, unparenthesized. */
function tasksCancelledBy(handler: SyntaxNode): SyntaxNode[] {
  return statementsOf(handler).flatMap((statement) => {
    const call = statementExpression(statement);
    const callee = call?.type === 'call' ? call.childForFieldName('function') : undefined;
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'cancel') return [];
    const task = callee.childForFieldName('object');
    return task ? [unparenthesize(task)] : [];
  });
}

/** Whether `name` is a local of the function around `scope` (not `global`, not `nonlocal`) bound only to values `test` accepts. */
function localBoundOnlyTo(name: SyntaxNode, scope: Scope, test: (value: SyntaxNode | undefined) => boolean): boolean {
  const owner = scope.functionScope;
  if (!owner || owner.globals.has(name.text) || owner.nonlocals.has(name.text)) return false;
  const bindings = owner.bindings.get(name.text) ?? [];
  return bindings.length > 0 && bindings.every((binding) => binding.kind === 'assignment' && test(binding.value));
}

/** Whether no `try` body (nor nested definition) lies between `node` and the function `definition`. */
function outsideTryBodies(node: SyntaxNode, definition: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent && parent.id !== definition.id; child = parent, parent = parent.parent) {
    if (DEFINITION_KINDS.has(parent.type)) return false;
    if (parent.type === 'try_statement' && parent.childForFieldName('body')?.id === child.id) return false;
  }
  return true;
}
