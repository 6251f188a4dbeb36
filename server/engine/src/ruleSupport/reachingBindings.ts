// The bindings of a name that may have given it the value it holds where it is read. A rule that claims what a name
// holds (a coroutine, a flag, a datagram socket) must find it true of each: `awaitable = func()` then, under an `if`,
// `awaitable = wait_for(awaitable, t)` reads either at the next line, so the nearest binding alone proves nothing.
import { reachesRead } from '../analysis/reachingAssignments';
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/**
 * Every binding that may be what `name` (an identifier read in `scope`) holds: the bindings of the name in the scope it
 * resolves to, but for those of the reading scope itself that come after the read outside any loop around it, those an
 * assignment always made before the read replaces (see analysis/reachingAssignments.ts: `s = None` then, in the `try`,
 * `s = socket.socket(...)` and `s.connect(...)`), and bare annotations (`x: int` binds nothing). Read from another
 * scope (a closure, a module name read in a function), it may run after any of them. Undefined when the name is bound
 * nowhere the model sees (a builtin, a wildcard import).
 */
export function bindingsReaching(name: SyntaxNode, model: SemanticModel, scope: Scope): readonly Binding[] | undefined {
  const found = model.resolve(name, scope);
  if (!found) return undefined;
  const all = model.bindingsIn(found.scope, name.text).filter((binding) => binding.kind !== 'annotation');
  if (found.scope !== scope) return all;
  const reaches = reachesRead(name, scope.node, true);
  return all.filter((binding) => reaches(binding.position));
}
