// Waits on an asyncio primitive someone keeps: `await self.ready.wait()`, `async with reconnector.lock:`,
// `await queue.get()` on an Event, Lock, Semaphore, Condition or Queue that an object holds (`self.x`), that the
// `async def` starting the task holds in a parameter or local, or that the module holds (`chat.queues[name]`, `chat` a
// module-level name). The primitive keeps the waiter's future in its queue of waiters, and the future the waiting
// task's wake-up: while it waits there, the task cannot be collected.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { contextManagerOf, unparenthesize, withItems } from '../../../analysis/pythonSyntax';
import type { Binding, BindingKind, Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { isPrimitiveOf, LOCKS, waitedPrimitive } from '../../../ruleSupport/asyncioPrimitives';

/** Names whose value the function binding them holds until it returns (not one a loop or `with` rebinds). */
const HELD_KINDS: ReadonlySet<BindingKind> = new Set(['parameter', 'assignment']);

/**
 * Whether `call`, awaited in `body` (the code of the task `starter` starts, or of a coroutine it awaits), waits on a
 * kept primitive: `.wait()` of an Event or Condition, `.get()` of a Queue, `.acquire()` of a Lock, Semaphore or
 * Condition (see isKept).
 */
export function waitsOnKeptPrimitive(call: SyntaxNode, body: Scope, starter: Scope, model: SemanticModel): boolean {
  const primitive = waitedPrimitive(call, body, model);
  return primitive !== undefined && isKept(primitive, body, starter, model);
}

/** Whether the `async` statement `statement` of `body` is an `async with` of kept Locks, Semaphores or Conditions only. */
export function entersKeptLocks(statement: SyntaxNode, body: Scope, starter: Scope, model: SemanticModel): boolean {
  if (statement.type !== 'with_statement') return false;
  return withItems(statement).every((item) => {
    const manager = contextManagerOf(item);
    return !!manager && isPrimitiveOf(manager, LOCKS, body, model) && isKept(manager, body, starter, model);
  });
}

/** What a module-level name bound once holds for the program's life: an instance (a call) or a literal container. */
const MODULE_HELD_VALUES: ReadonlySet<string> = new Set(['call', 'dictionary', 'list', 'set']);

/**
 * Whether something keeps the primitive `expression` (read in `body`) for as long as the task may wait on it, reached
 * through attributes and subscripts (`self.conn.lock`, `chat.queues[name]`) from: `self` or `cls` (an object, as a
 * future the object holds, see awaitsHeldFuture); a module-level name bound once, to an instance or a literal container
 * (the module holds it, and the program the module); or a parameter or a local bound only once of the `async def` that
 * starts the task (`starter`: `reconnector.lock`, a fixture object the test holds), which holds it while it runs. Not a
 * plain `def`'s, which returns as soon as it has started the task, nor a name of the task's own.
 */
export function isKept(expression: SyntaxNode, body: Scope, starter: Scope, model: SemanticModel): boolean {
  const root = holderOf(expression);
  if (root?.type !== 'identifier') return false;
  if (root.id !== unparenthesize(expression).id && (root.text === 'self' || root.text === 'cls')) return true;
  const binding = model.resolve(root, body);
  if (!binding) return false;
  if (binding.scope.kind === 'module') return isModuleHeld(binding, model);
  if (starter.kind !== 'function' || !starter.isAsyncFunction) return false;
  return binding.scope === starter && HELD_KINDS.has(binding.kind) && model.bindingsIn(starter, binding.name).length === 1;
}

/** The expression `expression` is reached from through attributes and subscripts (`chat` of `chat.queues[name]`). */
function holderOf(expression: SyntaxNode): SyntaxNode | undefined {
  let node = unparenthesize(expression);
  while (node.type === 'attribute' || node.type === 'subscript') {
    const holder = node.childForFieldName(node.type === 'attribute' ? 'object' : 'value');
    if (!holder) return undefined;
    node = unparenthesize(holder);
  }
  return node;
}

/** A module-level name bound once (no `global` statement rebinds it), to an instance or a literal container. */
function isModuleHeld(binding: Binding, model: SemanticModel): boolean {
  const value = binding.kind === 'assignment' ? binding.value : undefined;
  return (
    value !== undefined && MODULE_HELD_VALUES.has(unparenthesize(value).type) && model.bindingsIn(binding.scope, binding.name).length === 1
  );
}
