// What a class of this file defines, counting base classes from this file too, so the protocol rules can tell "no
// `__aexit__` anywhere" from "a base class we cannot see may define it", and an `isinstance` test of a runtime-checkable
// protocol can tell which members it asks for (runtimeProtocols).
import type { SyntaxNode } from '../analysis/pythonParser';
import type { SemanticModel } from '../analysis/semanticModel';
import { decoratorNames } from './decoratorNames';

interface ClassMembers {
  /** Names bound in the class body itself (methods, assignments). */
  readonly ownNames: ReadonlySet<string>;
  /** Names the class gets from its base classes in this file. */
  readonly inheritedNames: ReadonlySet<string>;
  /**
   * False when something outside this file may add members: a base class defined elsewhere
   * (other than `object`, `Generic`, `Protocol`, `ABC`), `*bases`, or an unknown class decorator.
   */
  readonly isComplete: boolean;
  /** The class lists `typing.Protocol` as a base: it describes an interface, partial by design. */
  readonly isProtocol: boolean;
}

/** Bases that add no methods a protocol rule asks about. */
const NEUTRAL_BASES: ReadonlySet<string> = new Set(['builtins.object', 'typing.Generic', 'typing_extensions.Generic', 'abc.ABC']);
const PROTOCOL_BASES: ReadonlySet<string> = new Set(['typing.Protocol', 'typing_extensions.Protocol']);
/** Class decorators known not to add dunder methods. */
const NEUTRAL_CLASS_DECORATORS: ReadonlySet<string> = new Set([
  'dataclasses.dataclass',
  'typing.final',
  'typing_extensions.final',
  'typing.runtime_checkable',
  'typing_extensions.runtime_checkable',
  'functools.total_ordering',
  'enum.unique',
]);

const membersByModel = new WeakMap<SemanticModel, Map<number, ClassMembers>>();

export function classMembers(classDefinition: SyntaxNode, model: SemanticModel): ClassMembers {
  return membersOf(classDefinition, model, new Set());
}

/** A name is defined by the class or a base class of this file. */
export function hasMember(members: ClassMembers, name: string): boolean {
  return members.ownNames.has(name) || members.inheritedNames.has(name);
}

function membersOf(classDefinition: SyntaxNode, model: SemanticModel, visiting: Set<number>): ClassMembers {
  let cache = membersByModel.get(model);
  if (!cache) membersByModel.set(model, (cache = new Map()));
  const known = cache.get(classDefinition.id);
  if (known) return known;

  const body = model.scopeOfDefinition(classDefinition);
  const ownNames = new Set(body ? body.bindings.keys() : []);
  const inheritedNames = new Set<string>();
  let isComplete = body !== undefined;
  let isProtocol = false;
  visiting.add(classDefinition.id);

  // Bases and decorators are evaluated in the scope around the class.
  const outer = model.scopeOf(classDefinition);
  for (const name of decoratorNames(classDefinition, model)) {
    if (name === undefined || !NEUTRAL_CLASS_DECORATORS.has(name)) isComplete = false;
  }
  for (const argument of classDefinition.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (argument.type === 'keyword_argument' || argument.type === 'comment') continue; // metaclass=..., **kwargs for __init_subclass__
    if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
      isComplete = false;
      continue;
    }
    // `Generic[T]`, `Base[int]`: the class is the subscripted value.
    const base = argument.type === 'subscript' ? (argument.childForFieldName('value') ?? argument) : argument;
    const name = model.qualifiedName(base, outer);
    if (name !== undefined && NEUTRAL_BASES.has(name)) continue;
    if (name !== undefined && PROTOCOL_BASES.has(name)) {
      isProtocol = true;
      continue;
    }
    const definition = model.definitionOf(base, outer);
    if (definition?.type !== 'class_definition' || visiting.has(definition.id)) {
      isComplete = false;
      continue;
    }
    const inherited = membersOf(definition, model, visiting);
    for (const member of inherited.ownNames) inheritedNames.add(member);
    for (const member of inherited.inheritedNames) inheritedNames.add(member);
    if (!inherited.isComplete) isComplete = false;
  }
  visiting.delete(classDefinition.id);

  const members: ClassMembers = { ownNames, inheritedNames, isComplete, isProtocol };
  cache.set(classDefinition.id, members);
  return members;
}
