// Which classes a class derives from, through its bases in this file and, with the project indexed, through the
// classes of other modules (their summaries keep each class's bases): a test case of the project's own test base
// (`class MarketTests(IsolatedAsyncioWrapperTestCase)`, defined in another module) is a unittest test case.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { RuleContext } from '../linter/rule';

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

/**
 * The qualified names of the classes `classNode` lists as bases (not `metaclass=` and other keywords): a class of
 * this file as `<module>.<Outer>.<Name>` (`moduleName`), another as its import names it (relative names as written:
 * `absolute` makes them absolute). Bases that name nothing known (a call, a subscript's value aside) are left out.
 */
export function writtenBases(
  classNode: SyntaxNode,
  model: SemanticModel,
  moduleName: string,
  absolute: (name: string) => string,
): string[] {
  const superclasses = classNode.childForFieldName('superclasses');
  if (!superclasses) return [];
  const scope = model.scopeOf(classNode);
  const names: string[] = [];
  for (const base of superclasses.namedChildren) {
    if (base.type !== 'identifier' && base.type !== 'attribute' && base.type !== 'subscript') continue;
    // `Generic[T]`, `Base[int]`: the class subscripted.
    const written = base.type === 'subscript' ? (base.childForFieldName('value') ?? base) : base;
    const definition = model.definitionOf(written, scope);
    if (definition) {
      if (definition.type === 'class_definition') {
        const definitionScope = model.scopeOfDefinition(definition);
        const local = definitionScope && localClassName(definitionScope);
        if (local !== undefined) names.push(`${moduleName}.${local}`);
      }
      continue;
    }
    const name = model.qualifiedName(written, scope);
    if (name !== undefined && !name.startsWith('builtins.')) names.push(absolute(name));
  }
  return names;
}

/** The class and the classes of this file it derives from (through bases written as names of this file), nearest first. */
export function classesInFile(classNode: SyntaxNode, model: SemanticModel): SyntaxNode[] {
  const found: SyntaxNode[] = [classNode];
  for (let index = 0; index < found.length && index < MAX_DEPTH; index++) {
    const superclasses = found[index]!.childForFieldName('superclasses');
    const scope = model.scopeOf(found[index]!);
    for (const base of superclasses?.namedChildren ?? []) {
      if (base.type !== 'identifier' && base.type !== 'attribute') continue;
      const definition = model.definitionOf(base, scope);
      if (definition?.type === 'class_definition' && !found.some((known) => known.id === definition.id)) found.push(definition);
    }
  }
  return found;
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

/**
 * Whether the class derives (directly or through other classes) from one of `wanted` (qualified names): its bases
 * in this file are read from their definitions, those of other modules from the project's summaries.
 */
export function derivesFrom(classNode: SyntaxNode, wanted: ReadonlySet<string>, context: Pick<RuleContext, 'model' | 'project'>): boolean {
  const { model, project } = context;
  const moduleName = project?.moduleName ?? '';
  const absolute = (name: string): string => project?.absoluteName(name) ?? name;
  const seen = new Set<string>();
  let layer = writtenBases(classNode, model, moduleName, absolute);
  for (let depth = 0; layer.length > 0 && depth < MAX_DEPTH; depth++) {
    const next: string[] = [];
    for (const name of layer) {
      if (wanted.has(name)) return true;
      if (seen.has(name)) continue;
      seen.add(name);
      next.push(...(basesOf(name, context) ?? []));
    }
    layer = next;
  }
  return false;
}

/** The bases of a class named by its qualified name: one of this file (read from its definition) or of the project. */
function basesOf(name: string, { model, project }: Pick<RuleContext, 'model' | 'project'>): readonly string[] | undefined {
  const moduleName = project?.moduleName ?? '';
  if (name.startsWith(`${moduleName}.`)) {
    const local = localClass(model.module.node, name.slice(moduleName.length + 1));
    if (local) return writtenBases(local, model, moduleName, (written) => project?.absoluteName(written) ?? written);
  }
  return project?.classBases(name);
}

/** The class of the module `root` named `Outer.Inner`, if there is one at module level or nested in classes. */
function localClass(root: SyntaxNode, dotted: string): SyntaxNode | undefined {
  let statements: readonly SyntaxNode[] = root.namedChildren;
  let found: SyntaxNode | undefined;
  for (const part of dotted.split('.')) {
    found =
      statements
        .map((statement) => (statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement))
        .find((definition) => definition?.type === 'class_definition' && definition.childForFieldName('name')?.text === part) ?? undefined;
    if (!found) return undefined;
    statements = found.childForFieldName('body')?.namedChildren ?? [];
  }
  return found;
}
