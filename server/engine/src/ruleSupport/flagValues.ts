// What a flag argument holds, followed through names: `socket.AI_NUMERICHOST` written out, in an `|` with others, or
// held by a name bound only to such flags (dask's `_NUMERIC_ONLY = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV`, a
// flag imported under another name). The calls told not to wait (nonBlockingFlags) and the sockets made datagram or
// non-blocking (nonBlockingSockets) read their flags with it.
import type { SyntaxNode } from '../analysis/pythonParser';
import { unparenthesize } from '../analysis/pythonSyntax';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { bindingsReaching } from './reachingBindings';

/** How many names deep a flag or a host is followed (`A = B | C`, `B = socket.AI_NUMERICHOST`). */
const MAX_NAME_DEPTH = 4;

/**
 * `socket.AI_NUMERICHOST`, `AI_NUMERICHOST`, a name bound only to it (imported as another name, or a constant such as
 * `_NUMERIC_ONLY = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV`), or an `|` of flags one of which it is.
 */
export function setsFlag(written: SyntaxNode, flag: string, scope: Scope, model: SemanticModel, depth = 0): boolean {
  const node = unparenthesize(written);
  if (node.type === 'binary_operator') {
    if (node.childForFieldName('operator')?.type !== '|') return false;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    return (left !== null && setsFlag(left, flag, scope, model, depth)) || (right !== null && setsFlag(right, flag, scope, model, depth));
  }
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text === flag;
  if (node.type !== 'identifier') return false;
  if (node.text === flag) return true;
  return everyBinding(
    node,
    scope,
    model,
    depth,
    (binding) =>
      binding.importedName?.endsWith(`.${flag}`) === true || assigned(binding, (value, at) => setsFlag(value, flag, at, model, depth + 1)),
  );
}

/**
 * Whether `test` holds of every binding of `name` that may reach its read (see bindingsReaching): a constant, an
 * import, or a local every assignment of which says the same. `depth` counts the names followed so far.
 */
export function everyBinding(
  name: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  depth: number,
  test: (binding: Binding) => boolean,
): boolean {
  if (depth >= MAX_NAME_DEPTH) return false;
  const bindings = bindingsReaching(name, model, scope);
  return bindings !== undefined && bindings.length > 0 && bindings.every(test);
}

/** `name = value` with `test` true of the value (read in the binding's scope); not a parameter, a loop target, an import. */
export function assigned(binding: Binding, test: (value: SyntaxNode, scope: Scope) => boolean): boolean {
  return binding.kind === 'assignment' && binding.value !== undefined && test(binding.value, binding.scope);
}
