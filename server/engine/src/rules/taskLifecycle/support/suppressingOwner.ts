// A coroutine whose `except CancelledError:` handler is its last clean-up, run only as a task by an owner that suppresses
// the task's `CancelledError` (LOOP305): awaiting the clean-up there is what the rule's own advice keeps, not harm.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { contextManagerOf, DEFINITION_KINDS, exceptionTypesCaught, withItems } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { callOf } from '../../../ruleSupport/fileLocalFunctions';
import { enclosingLoop, handlerBlock, isLastWork, statementsOf, TASK_CREATING_METHODS } from './syntaxShapes';

/**
 * Whether the handler is the coroutine's last work and the coroutine is only ever a task whose owner accepts either
 * outcome: the handler holds no loop and nothing runs after it (it returns; or nothing follows the `try`, with no loop
 * around it and no `else` clause of a `try` around it; or it `break`s out of a loop that nothing follows: see endsRoutine), and
 * every use of the coroutine in the file is `task = create_task(routine())` (or an unheld `create_task(routine())`)
 * whose task is only cancelled (`task.cancel()`, or `task.cancel` handed to a signal handler) and awaited where
 * `CancelledError` is suppressed (`except CancelledError: pass`, `with contextlib.suppress(CancelledError):`), or as
 * the last work of a `main()` that `asyncio.run()` runs. Re-raising after the clean-up would change nothing its owner
 * does: the task ends either way, and the owner swallows the difference or ends with it. A coroutine run by
 * `asyncio.run()` itself or awaited by a caller is no such task (asyncio.run re-raises Ctrl-C only for a cancelled
 * main task; a caller carries on as if not cancelled).
 */
export function endsTaskOfSuppressingOwner(tryStatement: SyntaxNode, handler: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const routine = scope.functionScope;
  const parent = routine?.parent;
  if (!routine || !parent || parent.kind === 'class' || routine.node.type !== 'function_definition') return false;
  if (!endsRoutine(tryStatement, handler, routine.node)) return false;
  const bindings = model.bindingsIn(parent, routine.name);
  if (bindings.length !== 1 || bindings[0]!.definition?.id !== routine.node.id) return false;
  const uses = model.references(bindings[0]!);
  return uses.length > 0 && uses.every((use) => startedForSuppressingOwner(use, model));
}

/**
 * No loop in the handler's own code, and nothing of the routine after the handler: it ends in `return`; or it ends in
 * `break` and nothing runs after the loop it leaves (the loop never goes round again, so what follows the loop
 * decides); or nothing runs after the `try` (see isLastWork: a loop around the `try` that the handler does not leave
 * goes round again).
 */
function endsRoutine(tryStatement: SyntaxNode, handler: SyntaxNode, routine: SyntaxNode): boolean {
  const loops = handler.descendantsOfType(['for_statement', 'while_statement']);
  if (loops.some((loop) => !nestedIn(loop, handler))) return false;
  const last = statementsOf(handler).at(-1);
  if (last?.type === 'return_statement') return true;
  if (last?.type === 'break_statement') {
    const left = enclosingLoop(tryStatement, routine);
    return left !== undefined && isLastWork(left, routine);
  }
  return isLastWork(tryStatement, routine);
}

/** Whether `node` is in a function, lambda or class nested in `outer`. */
function nestedIn(node: SyntaxNode, outer: SyntaxNode): boolean {
  for (let current = node.parent; current && current.id !== outer.id; current = current.parent) {
    if (DEFINITION_KINDS.has(current.type)) return true;
  }
  return false;
}

/**
 * `create_task(routine())`, unheld or held in a name (bound only to such tasks: one per branch of a `match` choosing
 * the routine) that is only cancelled (`task.cancel()`, or `task.cancel` handed on as a callback:
 * `loop.add_signal_handler(SIGTERM, task.cancel)`) and awaited with `CancelledError` suppressed, or as the last work of
 * an entry coroutine (see isEntryAwait).
 */
function startedForSuppressingOwner(use: SyntaxNode, model: SemanticModel): boolean {
  const call = callOf(use);
  const argumentList = call?.parent;
  const creator = argumentList?.type === 'argument_list' ? argumentList.parent : undefined;
  if (creator?.type !== 'call' || !TASK_CREATING_METHODS.has(model.calleeLastName(creator))) return false;
  const holder = creator.parent;
  if (holder?.type === 'expression_statement') return true;
  const target = holder?.type === 'assignment' ? holder.childForFieldName('left') : null;
  if (target?.type !== 'identifier' || holder?.childForFieldName('right')?.id !== creator.id) return false;
  const ownerScope = model.scopeOf(holder);
  const bindings = model.bindingsIn(ownerScope, target.text);
  if (!bindings.every((binding) => binding.kind === 'assignment' && isTaskCreation(binding.value, model))) return false;
  return bindings.every((binding) =>
    model.references(binding).every((taskUse) => isCancel(taskUse) || isSuppressedAwait(taskUse, model) || isEntryAwait(taskUse, model)),
  );
}

/** `create_task(...)` (`asyncio.create_task`, `loop.create_task`, `ensure_future`, a task group's). */
function isTaskCreation(value: SyntaxNode | undefined, model: SemanticModel): boolean {
  return value?.type === 'call' && TASK_CREATING_METHODS.has(model.calleeLastName(value));
}

/** `task.cancel()`, or `task.cancel` handed on as a callback that cancels it. */
function isCancel(taskUse: SyntaxNode): boolean {
  const attribute = taskUse.parent;
  if (attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.text !== 'cancel') return false;
  if (attribute.parent?.type === 'argument_list') return true;
  return attribute.parent?.type === 'call' && attribute.parent.childForFieldName('function')?.id === attribute.id;
}

/**
 * `await task` as the last work of a coroutine that only `asyncio.run(...)` runs (a program's `main()`): the program
 * ends when the task does, and relies on it ending quietly when cancelled (re-raising would end `asyncio.run()` with
 * `CancelledError` instead); nothing carries on after the cancellation.
 */
function isEntryAwait(taskUse: SyntaxNode, model: SemanticModel): boolean {
  const statement = taskUse.parent?.type === 'await' ? taskUse.parent.parent : undefined;
  const owner = model.scopeOf(taskUse).functionScope;
  if (statement?.type !== 'expression_statement' || !owner?.parent || owner.node.type !== 'function_definition') return false;
  if (!isLastWork(statement, owner.node)) return false;
  const bindings = model.bindingsIn(owner.parent, owner.name);
  if (bindings.length !== 1 || bindings[0]!.definition?.id !== owner.node.id) return false;
  const runs = model.references(bindings[0]!);
  return runs.length > 0 && runs.every((run) => isRunByAsyncioRun(run, model));
}

/** `asyncio.run(owner())`. */
function isRunByAsyncioRun(use: SyntaxNode, model: SemanticModel): boolean {
  const argumentList = callOf(use)?.parent;
  const runner = argumentList?.type === 'argument_list' ? argumentList.parent : undefined;
  return runner?.type === 'call' && model.calleeName(runner, model.scopeOf(runner)) === 'asyncio.run';
}

/** `await task` in a `try` whose handler of `CancelledError` does not raise, or in `with suppress(CancelledError):`. */
function isSuppressedAwait(taskUse: SyntaxNode, model: SemanticModel): boolean {
  if (taskUse.parent?.type !== 'await') return false;
  const scope = model.scopeOf(taskUse);
  const isCancellation = (type: SyntaxNode): boolean => model.qualifiedName(type, scope) === 'asyncio.CancelledError';
  for (
    let child = taskUse.parent, parent = child.parent;
    parent && !DEFINITION_KINDS.has(parent.type);
    child = parent, parent = parent.parent
  ) {
    if (parent.type === 'try_statement' && parent.childForFieldName('body')?.id === child.id) {
      const clause = parent.namedChildren.find((part) => part.type === 'except_clause' && exceptionTypesCaught(part).some(isCancellation));
      const block = clause ? handlerBlock(clause) : undefined;
      if (block) return block.descendantsOfType('raise_statement').length === 0;
    }
    if (parent.type === 'with_statement' && parent.childForFieldName('body')?.id === child.id) {
      const suppressed = withItems(parent).some((item) => {
        const manager = contextManagerOf(item);
        if (manager?.type !== 'call' || model.calleeName(manager, scope) !== 'contextlib.suppress') return false;
        return (manager.childForFieldName('arguments')?.namedChildren ?? []).some(isCancellation);
      });
      if (suppressed) return true;
    }
  }
  return false;
}
