// The methods building an instance runs: `__init__`, and the hooks the `__init__` that attrs or dataclasses write for a
// class calls last (`__attrs_post_init__`, `__post_init__`). Whatever holds where the class is built holds there.
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { decoratorNames } from './decoratorNames';

/** Class decorators that write the class's `__init__`, calling the hook named for each at its end. */
const INIT_WRITERS: ReadonlyMap<string, string> = new Map([
  ['attr.s', '__attrs_post_init__'],
  ['attr.attrs', '__attrs_post_init__'],
  ['attr.define', '__attrs_post_init__'],
  ['attr.mutable', '__attrs_post_init__'],
  ['attr.frozen', '__attrs_post_init__'],
  ['attr.dataclass', '__attrs_post_init__'],
  ['attrs.define', '__attrs_post_init__'],
  ['attrs.mutable', '__attrs_post_init__'],
  ['attrs.frozen', '__attrs_post_init__'],
  ['dataclasses.dataclass', '__post_init__'],
]);

/**
 * The class whose construction runs the method `scope` is the body of: its `__init__` in an undecorated class, or in
 * a class decorated by attrs or dataclasses alone (one decorator), that `__init__` or the hook theirs calls
 * (`__attrs_post_init__` of an `@attr.s` class, `__post_init__` of a `@dataclass`). Undefined for any other method, a
 * decorated one, or a class another decorator may rebuild.
 */
export function classConstructedBy(scope: Scope, model: SemanticModel): Scope | undefined {
  const owner = scope.parent;
  if (scope.kind !== 'function' || owner?.kind !== 'class' || scope.node.parent?.type === 'decorated_definition') return undefined;
  const decorators = decoratorNames(owner.node, model);
  if (decorators.length === 0) return scope.name === '__init__' ? owner : undefined;
  const hook = decorators.length === 1 && decorators[0] !== undefined ? INIT_WRITERS.get(decorators[0]) : undefined;
  return hook !== undefined && (scope.name === '__init__' || scope.name === hook) ? owner : undefined;
}
