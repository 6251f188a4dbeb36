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
 * whose task is only cancelled (`task.cancel()`) and awaited where `CancelledError` is suppressed (`except
 * CancelledError: pass`, `with contextlib.suppress(CancelledError):`). Re-raising after the clean-up would change
 * nothing its owner sees: the task ends either way and the owner swallows the difference. A coroutine run by
 * `asyncio.run()` or awaited by a caller is no such task (asyncio.run re-raises Ctrl-C only for a cancelled main task;
 * a caller carries on as if not cancelled).
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

/** `create_task(routine())`, unheld or held in a name only cancelled and awaited with `CancelledError` suppressed. */
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
  if (bindings.length !== 1) return false;
  return model.references(bindings[0]!).every((taskUse) => isCancel(taskUse) || isSuppressedAwait(taskUse, model));
}

/** `task.cancel()`. */
function isCancel(taskUse: SyntaxNode): boolean {
  const attribute = taskUse.parent;
  return (
    attribute?.type === 'attribute' &&
    attribute.childForFieldName('attribute')?.text === 'cancel' &&
    attribute.parent?.type === 'call' &&
    attribute.parent.childForFieldName('function')?.id === attribute.id
  );
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
