// The bindings of a name that may have given it the value it holds where it is read. A rule that claims what a name
// holds (a coroutine, a flag, a datagram socket) must find it true of each: `awaitable = func()` then, under an `if`,
// `awaitable = wait_for(awaitable, t)` reads either at the next line, so the nearest binding alone proves nothing.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/**
 * Every binding that may be what `name` (an identifier read in `scope`) holds: the bindings of the name in the scope it
 * resolves to, but for those of the reading scope itself that come after the read outside any loop around it, and for
 * bare annotations (`x: int` binds nothing). Read from another scope (a closure, a module name read in a function), it
 * may run after any of them. Undefined when the name is bound nowhere the model sees (a builtin, a wildcard import).
 */
export function bindingsReaching(name: SyntaxNode, model: SemanticModel, scope: Scope): readonly Binding[] | undefined {
  const found = model.resolve(name, scope);
  if (!found) return undefined;
  const all = model.bindingsIn(found.scope, name.text).filter((binding) => binding.kind !== 'annotation');
  if (found.scope !== scope) return all;
  const inLoop = inLoopAround(name, scope.node);
  return all.filter((binding) => binding.position < name.startIndex || inLoop(binding.position));
}

/** Whether an offset lies in a loop of `definition` around `node`: what is set there may be what `node` reads next round. */
export function inLoopAround(node: SyntaxNode, definition: SyntaxNode): (offset: number) => boolean {
  const loops: SyntaxNode[] = [];
  for (let around = node.parent; around && around.id !== definition.id; around = around.parent) {
    if (around.type === 'for_statement' || around.type === 'while_statement') loops.push(around);
  }
  return (offset) => loops.some((loop) => loop.startIndex <= offset && offset < loop.endIndex);
}
