// Which classes a class derives from, through its bases in this file and, with the project indexed, through the
// classes of other modules (their summaries keep each class's bases): a test case of the project's own test base
// (`class MarketTests(IsolatedAsyncioWrapperTestCase)`, defined in another module) is a unittest test case.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { RuleContext } from '../linter/rule';
import { decoratorNames } from './decoratorNames';

/** Classes followed up the hierarchy at most this far (bases of bases...). */
const MAX_DEPTH = 12;

/** unittest's async test case: its `run()` sets its runner's loop current before `setUp`, each test and `tearDown`. */
export const ISOLATED_ASYNCIO_TEST_CASE: ReadonlySet<string> = new Set([
  'unittest.IsolatedAsyncioTestCase',
  'unittest.async_case.IsolatedAsyncioTestCase',
]);

/** unittest's test cases (the async one derives from `TestCase`). */
export const UNITTEST_TEST_CASE: ReadonlySet<string> = new Set([
  ...ISOLATED_ASYNCIO_TEST_CASE,
  'unittest.TestCase',
  'unittest.case.TestCase',
]);

/** A base as written: a class of this file (its definition), or the qualified name of one from elsewhere. */
type BaseClass = { readonly local: SyntaxNode } | { readonly name: string };

/**
 * The bases `classNode` lists (not `metaclass=` and other keywords; `Base[int]` as `Base`) that name a class: a class
 * of this file, or another by its qualified name (relative as imported; builtins left out).
 */
function basesOf(classNode: SyntaxNode, model: SemanticModel): BaseClass[] {
  const scope = model.scopeOf(classNode);
  const bases: BaseClass[] = [];
  for (const base of classNode.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (base.type !== 'identifier' && base.type !== 'attribute' && base.type !== 'subscript') continue;
    const written = base.type === 'subscript' ? (base.childForFieldName('value') ?? base) : base;
    const definition = model.definitionOf(written, scope);
    if (definition) {
      if (definition.type === 'class_definition') bases.push({ local: definition });
      continue;
    }
    const name = model.qualifiedName(written, scope);
    if (name !== undefined && !name.startsWith('builtins.')) bases.push({ name });
  }
  return bases;
}

/**
 * The qualified names of the classes `classNode` lists as bases, for module summaries: a class of this file as
 * `<module>.<Outer>.<Name>` (`moduleName`), another made absolute by `absolute`.
 */
export function writtenBases(
  classNode: SyntaxNode,
  model: SemanticModel,
  moduleName: string,
  absolute: (name: string) => string,
): string[] {
  return basesOf(classNode, model).flatMap((base) => {
    if ('name' in base) return [absolute(base.name)];
    const definitionScope = model.scopeOfDefinition(base.local);
    const local = definitionScope && localClassName(definitionScope);
    return local === undefined ? [] : [`${moduleName}.${local}`];
  });
}

/**
 * In a summary's list of a class's bases, the class's metaclass, marked so (`metaclass=pkg.Meta`): no base, but what a
 * rule asking how the class behaves needs to know is there (a metaclass may rewrite its methods: asyncpg's test case
 * wraps each `async def` test in a function running it).
 */
export const METACLASS_MARK = 'metaclass=';

/**
 * `metaclass=<qualified name>` for a class written with a `metaclass=` keyword (see METACLASS_MARK): a class of this file
 * as `<module>.<Outer>.<Name>` (`moduleName`), another made absolute by `absolute`, as writtenBases names bases.
 */
export function writtenMetaclass(
  classNode: SyntaxNode,
  model: SemanticModel,
  moduleName: string,
  absolute: (name: string) => string,
): string | undefined {
  const value = writtenMetaclassValue(classNode);
  if (!value) return undefined;
  const scope = model.scopeOf(classNode);
  const definition = model.definitionOf(value, scope);
  const definitionScope = definition?.type === 'class_definition' ? model.scopeOfDefinition(definition) : undefined;
  const local = definitionScope && localClassName(definitionScope);
  if (local !== undefined) return `${METACLASS_MARK}${moduleName}.${local}`;
  const name = model.qualifiedName(value, scope);
  return `${METACLASS_MARK}${name === undefined ? value.text : absolute(name)}`;
}

/** What a class's `metaclass=` keyword gives (`Singleton` of `class Client(Base, metaclass=Singleton)`), if it has one. */
export function writtenMetaclassValue(classNode: SyntaxNode): SyntaxNode | undefined {
  const keyword = classNode
    .childForFieldName('superclasses')
    ?.namedChildren.find((argument) => argument.type === 'keyword_argument' && argument.childForFieldName('name')?.text === 'metaclass');
  return keyword?.childForFieldName('value') ?? undefined;
}

/** The class and the classes of this file it derives from (through bases written as names of this file), nearest first. */
export function classesInFile(classNode: SyntaxNode, model: SemanticModel): SyntaxNode[] {
  const found: SyntaxNode[] = [classNode];
  for (let index = 0; index < found.length && index < MAX_DEPTH; index++) {
    for (const base of basesOf(found[index]!, model)) {
      if ('local' in base && !found.some((known) => known.id === base.local.id)) found.push(base.local);
    }
  }
  return found;
}

/**
 * The `def` a call `self.name(...)` or `cls.name(...)` runs, written in a method (or a function nested in one): the
 * method `name` of that method's class or, where the class binds no such name, of the nearest class of this file it
 * derives from (a test base's `create_default_loop()`), when that class binds the name once, to a `def`. Not through a
 * `@staticmethod`'s first parameter, an argument like any other. A subclass elsewhere may override the method; what the
 * classes of this file say is taken.
 */
export function selfMethodCalled(call: SyntaxNode, scope: Scope, model: SemanticModel): SyntaxNode | undefined {
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  const name = callee?.childForFieldName('attribute')?.text;
  if (receiver?.type !== 'identifier' || name === undefined) return undefined;
  const binding = model.resolve(receiver, scope);
  const method = binding?.kind === 'parameter' ? binding.scope : undefined;
  const owner = method?.kind === 'function' ? method.parent : undefined;
  if (!binding || !method || owner?.kind !== 'class') return undefined;
  if (method.node.childForFieldName('parameters')?.firstNamedChild?.id !== binding.node.id) return undefined;
  if (decoratorNames(method.node, model).includes('builtins.staticmethod')) return undefined;
  for (const classNode of classesInFile(owner.node, model)) {
    const classScope = model.scopeOfDefinition(classNode);
    const bindings = classScope ? model.bindingsIn(classScope, name) : [];
    if (bindings.length === 0) continue;
    return bindings.length === 1 && bindings[0]!.kind === 'function' ? bindings[0]!.definition : undefined;
  }
  return undefined;
}

/** `Outer.Inner` for a class scope at module level or nested in classes only; undefined inside a function. */
export function localClassName(classScope: Scope): string | undefined {
  const parts: string[] = [];
  for (let scope: Scope | undefined = classScope; scope && scope.kind !== 'module'; scope = scope.parent) {
    if (scope.kind !== 'class') return undefined;
    parts.unshift(scope.name);
  }
  return parts.join('.');
}

/** Each model's answers of ancestorNames, by class node: rules ask of the same class for each of its calls. */
const ancestorsByModel = new WeakMap<SemanticModel, Map<number, ReadonlySet<string>>>();

/**
 * The qualified names of the classes of other modules `classNode` derives from: named by it or by the classes of this
 * file it derives from, and, with the project indexed, their bases in turn (from the summaries of their modules).
 */
export function ancestorNames(classNode: SyntaxNode, { model, project }: Pick<RuleContext, 'model' | 'project'>): ReadonlySet<string> {
  let byNode = ancestorsByModel.get(model);
  if (!byNode) ancestorsByModel.set(model, (byNode = new Map()));
  const known = byNode.get(classNode.id);
  if (known) return known;
  const named = classesInFile(classNode, model).flatMap((owner) =>
    basesOf(owner, model).flatMap((base) => ('name' in base ? [project?.absoluteName(base.name) ?? base.name] : [])),
  );
  const names = withProjectBases(named, (name) => project?.classBases(name));
  byNode.set(classNode.id, names);
  return names;
}

/**
 * The classes `names` and, layer by layer up to MAX_DEPTH, the project's classes they derive from as `classBases` gives
 * them (a module summary's bases, metaclass marks among them: those lead nowhere further).
 */
export function withProjectBases(names: readonly string[], classBases: (name: string) => readonly string[] | undefined): Set<string> {
  const found = new Set<string>();
  let layer = names;
  for (let depth = 0; layer.length > 0 && depth < MAX_DEPTH; depth++) {
    const next: string[] = [];
    for (const name of layer) {
      if (found.has(name)) continue;
      found.add(name);
      if (!name.startsWith(METACLASS_MARK)) next.push(...(classBases(name) ?? []));
    }
    layer = next;
  }
  return found;
}

/** Whether the class derives (directly or through other classes, of this file or others) from one of `wanted`. */
export function derivesFrom(classNode: SyntaxNode, wanted: ReadonlySet<string>, context: Pick<RuleContext, 'model' | 'project'>): boolean {
  for (const name of ancestorNames(classNode, context)) if (wanted.has(name)) return true;
  return false;
}
