// The classes a class's `__init__` declares attributes of its instances to be: a parameter annotated with them, stored
// as it came (`self.data = data` at the top of its body, `data: bytes | bytearray`), where nothing else in the class
// sets that attribute. That is what a type checker takes `obj.data` to be for any instance of the class. Read for the
// classes of an argument (see argumentClasses), of a class of the file, or through its module's summary.
import type { SyntaxNode } from '../analysis/pythonParser';
import { assignedAttribute } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { annotationAlternatives, type Alternatives } from '../analysis/typeAlternatives';
import { hasKnownRelations } from './declaredClassTests';

/** By attribute: the classes its value is an instance of, one of them or of a subclass (None left out). */
export type AttributeClasses = Readonly<Record<string, Alternatives>>;

/**
 * What the `__init__` `init` declares of its instances' attributes (see the file's head). Only classes whose relations
 * are known (builtin values, `pathlib`, `io`: see declaredClassTests.ts) are kept, the only ones deciding a test.
 * (Not kept between calls: the names it resolves are what the asking statement depends on.)
 */
export function declaredAttributeClasses(init: SyntaxNode, model: SemanticModel): AttributeClasses | undefined {
  const scope = init.type === 'function_definition' ? model.scopeOfDefinition(init) : undefined;
  const classScope = scope?.parent;
  const receiver = receiverName(init);
  if (!scope || classScope?.kind !== 'class' || receiver === undefined) return undefined;
  const stored = new Map<string, Alternatives>();
  for (const statement of init.childForFieldName('body')?.namedChildren ?? []) {
    const assignment = statement.type === 'expression_statement' && statement.namedChildCount === 1 ? statement.firstNamedChild : null;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('type')) continue;
    const attribute = assignedAttribute(assignment.childForFieldName('left'), receiver);
    const value = assignment.childForFieldName('right');
    const classes = attribute !== undefined && value?.type === 'identifier' ? parameterClasses(value, scope, model) : undefined;
    if (classes) stored.set(attribute!, classes);
  }
  if (stored.size === 0) return undefined;
  // Another method (or this one, again) may set the attribute to something else; the class body, or that of a base
  // class of this file, may bind the name itself (a property whose setter the assignment runs, a class attribute): then
  // the parameter's annotation is not all there is. (A base class of another module is not read.)
  const writes = attributeWrites(classScope.node, stored);
  const declared: Record<string, Alternatives> = {};
  for (const [attribute, classes] of stored)
    if (writes.get(attribute) === 1 && !bindsInClassOrBases(classScope, attribute, model, 0)) declared[attribute] = classes;
  return Object.keys(declared).length > 0 ? declared : undefined;
}

/** Base classes followed at most this far up (a hierarchy of this file). */
const MAX_BASE_DEPTH = 8;

/** Whether the body of the class (`classScope`) or of a base class of this file it derives from binds `name`. */
function bindsInClassOrBases(classScope: Scope, name: string, model: SemanticModel, depth: number): boolean {
  if (model.bindingsIn(classScope, name).length > 0) return true;
  if (depth >= MAX_BASE_DEPTH) return false;
  const around = classScope.parent ?? classScope;
  return (classScope.node.childForFieldName('superclasses')?.namedChildren ?? []).some((written) => {
    const base = model.definitionOf(written, around);
    const baseScope = base?.type === 'class_definition' ? model.scopeOfDefinition(base) : undefined;
    return baseScope !== undefined && bindsInClassOrBases(baseScope, name, model, depth + 1);
  });
}

/** The name of a method's first parameter (`self`), as its class's instances are known in it. */
function receiverName(method: SyntaxNode): string | undefined {
  const first = method.childForFieldName('parameters')?.firstNamedChild;
  const name = first?.type === 'identifier' ? first : first?.type === 'typed_parameter' ? first.firstNamedChild : null;
  return name?.type === 'identifier' ? name.text : undefined;
}

/**
 * The classes the annotation of the parameter `name` (read in its function, `scope`) allows, where the function binds
 * it nowhere else and every class is one whose relations are known. Not for `*args: bytes`, a tuple of them.
 */
function parameterClasses(name: SyntaxNode, scope: Scope, model: SemanticModel): Alternatives | undefined {
  const binding = model.resolve(name, scope);
  if (binding?.kind !== 'parameter' || binding.scope !== scope || !binding.annotation) return undefined;
  const declaredAs = binding.node.parent?.type;
  if (declaredAs === 'list_splat_pattern' || declaredAs === 'dictionary_splat_pattern') return undefined;
  if (model.bindingsIn(scope, name.text).length !== 1) return undefined;
  const classes = annotationAlternatives(binding.annotation, (written) => model.qualifiedName(written, scope));
  return classes && classes.length > 0 && classes.every(hasKnownRelations) ? classes : undefined;
}

/** Targets that assign several values at once, or hold one: what an attribute written in one may be nested in. */
const TARGET_PATTERNS: ReadonlySet<string> = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'expression_list']);

/** How many times code in `classNode` sets (or deletes) an attribute named as one of `names`, of any object. */
export function attributeWrites(classNode: SyntaxNode, names: ReadonlyMap<string, unknown>): Map<string, number> {
  const writes = new Map<string, number>();
  for (const attribute of classNode.descendantsOfType('attribute')) {
    const name = attribute.childForFieldName('attribute')?.text;
    if (name === undefined || !names.has(name) || !isWritten(attribute)) continue;
    writes.set(name, (writes.get(name) ?? 0) + 1);
  }
  return writes;
}

/** Whether an attribute is a target: assigned (also with others, or augmented), a loop's variable, a `with`'s `as`, deleted. */
function isWritten(attribute: SyntaxNode): boolean {
  let target = attribute;
  let holder = attribute.parent;
  while (holder && TARGET_PATTERNS.has(holder.type)) {
    target = holder;
    holder = holder.parent;
  }
  switch (holder?.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return holder.childForFieldName('left')?.id === target.id;
    case 'as_pattern_target':
    case 'delete_statement':
      return true;
    default:
      return false;
  }
}
