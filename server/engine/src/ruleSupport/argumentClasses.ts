// The classes an argument is declared to be an instance of, where no single class is known but the code says which it
// may be: a name annotated with a union (`payload: bytes | bytearray`, narrowed by the `isinstance` tests around the
// read: see typeAlternatives.ts), or an attribute that the class of its object declares so (see declaredAttributes.ts):
// rio's `asset.data` under `if isinstance(asset, assets.BytesAsset):`, whose `__init__` stores `data: bytes |
// bytearray`. Such classes decide `isinstance` tests of a helper's parameter (see declaredClassTests.ts).
import type { SyntaxNode } from '../analysis/pythonParser';
import { classesListed, runsOnlyWhere, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { joinedAlternatives, type Alternatives } from '../analysis/typeAlternatives';
import type { ProjectView } from '../linter/projectView';
import { declaredAttributeClasses } from './declaredAttributes';
import { hasKnownRelations } from './declaredClassTests';
import { valueClass, type ClassReference } from './instanceClasses';

/** What the project tells of its classes' attributes: another module's class, by its absolute name. */
type ProjectAttributes = Pick<ProjectView, 'absoluteName' | 'findFunction'> | undefined;

/**
 * The classes the value of `argument` (read in `scope`) is declared to be an instance of (one of them, or of a
 * subclass; None may be left out), where each is one whose relations are known (see declaredClassTests.ts).
 */
export function argumentClasses(
  argument: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
  project: ProjectAttributes,
): Alternatives | undefined {
  const node = unparenthesize(argument);
  const classes =
    node.type === 'identifier'
      ? nameClasses(node, model, scope)
      : node.type === 'attribute'
        ? attributeClasses(node, model, scope, project)
        : undefined;
  return classes && classes.length > 0 && classes.every(hasKnownRelations) ? classes : undefined;
}

/** What the model knows a name to be (its annotation, its value), not for `*args: bytes`, a tuple of them. */
function nameClasses(name: SyntaxNode, model: SemanticModel, scope: Scope): Alternatives | undefined {
  const binding = model.resolve(name, scope);
  const declaredAs = binding?.kind === 'parameter' ? binding.node.parent?.type : undefined;
  if (declaredAs === 'list_splat_pattern' || declaredAs === 'dictionary_splat_pattern') return undefined;
  return model.typeAlternatives(name, scope);
}

/**
 * For `obj.name`: what the class of `obj` declares the attribute to be, that class being the one an `isinstance` test
 * around the read says (see testedClasses), else the one the code says `obj` is (see valueClass). For several classes
 * tested (`isinstance(obj, (A, B))`), each must declare it.
 */
function attributeClasses(attribute: SyntaxNode, model: SemanticModel, scope: Scope, project: ProjectAttributes): Alternatives | undefined {
  const object = attribute.childForFieldName('object');
  const name = attribute.childForFieldName('attribute')?.text;
  if (!object || name === undefined) return undefined;
  const owners = testedClasses(unparenthesize(object), model, scope) ?? knownClass(object, model, scope);
  let classes: Alternatives | undefined;
  for (const owner of owners ?? []) {
    const declared = declaredOf(owner, name, model, project);
    if (!declared) return undefined;
    classes = classes ? joinedAlternatives(classes, declared) : declared;
  }
  return classes;
}

/** The class the code says the value of `expression` is an instance of (see valueClass), as a list of one. */
function knownClass(expression: SyntaxNode, model: SemanticModel, scope: Scope): ClassReference[] | undefined {
  const known = valueClass(expression, scope, model);
  return known ? [known] : undefined;
}

/** What the class `owner` declares its attribute `name` to be: a class of this file, or another module's by its summary. */
function declaredOf(owner: ClassReference, name: string, model: SemanticModel, project: ProjectAttributes): Alternatives | undefined {
  let declared;
  if ('local' in owner) {
    const classScope = model.scopeOfDefinition(owner.local);
    const inits = classScope ? model.bindingsIn(classScope, '__init__') : [];
    const init = inits.length === 1 ? inits[0]!.definition : undefined;
    declared = init && declaredAttributeClasses(init, model);
  } else {
    declared = project?.findFunction(project.absoluteName(owner.name))?.attributeClasses;
  }
  return declared && Object.hasOwn(declared, name) ? declared[name] : undefined;
}

/**
 * The classes the innermost `isinstance(name, C)` test around the read of `name` (an identifier) says it is an
 * instance of, where it holds there: a class of this file, or one of elsewhere by its qualified name. Not where the
 * name is bound again in the `if` (the value read may be another) or the read is of another scope's name (a
 * comprehension's variable).
 */
function testedClasses(name: SyntaxNode, model: SemanticModel, scope: Scope): ClassReference[] | undefined {
  if (name.type !== 'identifier') return undefined;
  let found: ClassReference[] | undefined;
  runsOnlyWhere(name, (test, holds) => {
    if (!holds || test.type !== 'call' || test.childForFieldName('function')?.text !== 'isinstance') return false;
    const [tested, listed] = test.childForFieldName('arguments')?.namedChildren ?? [];
    if (!tested || !listed || unparenthesize(tested).text !== name.text) return false;
    // The innermost test of the name decides, whatever it says.
    found = sameValueRead(unparenthesize(tested), name, test, model, scope)
      ? classReferences(classesListed(listed), model, scope)
      : undefined;
    return true;
  });
  return found;
}

/** Whether `read` reads the value `tested` (the same name, in `test`) had: the same binding, not bound again in the `if`. */
function sameValueRead(tested: SyntaxNode, read: SyntaxNode, test: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const binding = model.resolve(read, scope);
  if (!binding || model.resolve(tested, model.scopeOf(tested))?.scope !== binding.scope) return false;
  let statement: SyntaxNode | null = test;
  while (statement && statement.type !== 'if_statement') statement = statement.parent;
  if (!statement) return false;
  const { startIndex, endIndex } = statement;
  return model.bindingsIn(binding.scope, read.text).every((other) => other.position < startIndex || other.position >= endIndex);
}

/** The classes written in an `isinstance` test; undefined where one is not a class the code names. */
function classReferences(written: readonly SyntaxNode[], model: SemanticModel, scope: Scope): ClassReference[] | undefined {
  const references: ClassReference[] = [];
  for (const node of written) {
    if (node.type !== 'identifier' && node.type !== 'attribute') return undefined;
    const local = model.definitionOf(node, scope);
    const name = local ? undefined : model.qualifiedName(node, scope);
    if (local?.type === 'class_definition') references.push({ local });
    else if (name !== undefined && !name.startsWith('builtins.')) references.push({ name });
    else return undefined;
  }
  return references;
}
