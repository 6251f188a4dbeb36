// `async for tick in self.clock:` over an object someone keeps, of a class of this file whose `__aiter__` returns the
// object itself: each step of the loop awaits that object's `__anext__`, run with `self` bound to it. Where that step
// waits on what the object holds (`await self._tick.wait()` on its own Event), the primitive holds the waiter's future
// and the future the task's wake-up, for as long as the object is kept: see parkedCoroutine.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { hasAsyncKeyword } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { isWrappedByDecorator } from '../../../ruleSupport/coroutineCalls';
import { isOverrideHook } from '../../../ruleSupport/overrideHooks';
import { valueClass } from '../../../ruleSupport/instanceClasses';
import { isKept } from './keptPrimitives';

/**
 * For `statement`, an `async for` of `body` (the code of the task `starter` starts, or of a coroutine it awaits): the
 * `__anext__` each of its steps runs, where the object it iterates is kept (an attribute of `self`, a module-level name,
 * or a parameter or local of the `async def` starting the task: see isKept) and is an instance of a class of this file
 * that defines `__aiter__` as a plain `def` returning `self` on every `return`, and `__anext__` as an `async def` (not
 * one meant to be overridden), each once and undecorated. Undefined otherwise: what the iteration waits on is not known.
 */
export function keptIteratorStep(statement: SyntaxNode, body: Scope, starter: Scope, model: SemanticModel): SyntaxNode | undefined {
  if (statement.type !== 'for_statement' || !hasAsyncKeyword(statement)) return undefined;
  const iterated = statement.childForFieldName('right');
  if (!iterated || !isKept(iterated, body, starter, model)) return undefined;
  const owner = valueClass(iterated, body, model);
  if (!owner || !('local' in owner)) return undefined;
  const classScope = model.scopeOfDefinition(owner.local);
  if (!classScope) return undefined;
  const method = (name: string): SyntaxNode | undefined => {
    const bindings = model.bindingsIn(classScope, name);
    const definition = bindings.length === 1 && bindings[0]!.kind === 'function' ? bindings[0]!.definition : undefined;
    return definition && !isWrappedByDecorator(definition, model) ? definition : undefined;
  };
  const aiter = method('__aiter__');
  const anext = method('__anext__');
  if (!aiter || hasAsyncKeyword(aiter) || !returnsSelf(aiter, model)) return undefined;
  // A `__anext__` meant to be overridden (empty, or documented so) says nothing of what runs.
  return anext && hasAsyncKeyword(anext) && !isOverrideHook(anext, model) ? anext : undefined;
}

/** Whether every `return` of the method `definition` (and there is one) returns `self`, the object iterated. */
function returnsSelf(definition: SyntaxNode, model: SemanticModel): boolean {
  const scope = model.scopeOfDefinition(definition);
  const returns = (definition.childForFieldName('body')?.descendantsOfType('return_statement') ?? []).filter(
    (statement) => model.scopeOf(statement) === scope,
  );
  return (
    returns.length > 0 &&
    returns.every((statement) => statement.namedChild(0)?.type === 'identifier' && statement.namedChild(0)?.text === 'self')
  );
}
