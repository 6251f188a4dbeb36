// pytest's fixtures seen from the code that receives them: which functions pytest calls with fixtures (tests and
// fixtures), which fixture definition of the same file a parameter of one of them receives (pytest looks in the test's
// classes, then its module, then the conftest.py files of its folder and those above), and what a fixture hands out
// (what it returns, or yields).
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, functionName, plainStringText } from '../analysis/pythonSyntax';
import type { Binding, Scope } from '../analysis/scope';
import { MODULE_CODE, type SemanticModel } from '../analysis/semanticModel';
import { returnedValues } from './fileLocalFunctions';

const FIXTURE_DECORATORS: ReadonlySet<string> = new Set(['pytest.fixture', 'pytest.yield_fixture', 'pytest_asyncio.fixture']);

/** A function pytest calls with its fixtures: a test (`test*`) or a fixture. */
export function isPytestFunction(definition: SyntaxNode, model: SemanticModel): boolean {
  return functionName(definition).startsWith('test') || fixtureName(definition, model) !== undefined;
}

/** The name pytest knows the fixture `definition` by (`@pytest.fixture(name="client")`, else its own), if it is one. */
export function fixtureName(definition: SyntaxNode, model: SemanticModel): string | undefined {
  const holder = definition.parent;
  if (definition.type !== 'function_definition' || holder?.type !== 'decorated_definition') return undefined;
  for (const decorator of holder.namedChildren) {
    const expression = decorator.type === 'decorator' ? decorator.firstNamedChild : null;
    const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
    const name = callee && model.qualifiedName(callee);
    if (name == null || !FIXTURE_DECORATORS.has(name)) continue;
    const renamed = expression?.type === 'call' ? callArguments(expression).keywords.get('name') : undefined;
    return renamed === undefined ? functionName(definition) : plainStringText(renamed);
  }
  return undefined;
}

/** Where pytest finds the fixture a parameter receives: a definition of this file, or none here (a conftest.py's, a plugin's). */
type RequestedFixture = { readonly definition: SyntaxNode } | { readonly elsewhere: true };

/**
 * The fixture pytest hands the parameter `binding` of a test or a fixture, looked up as pytest does in this file: the
 * classes holding the function (innermost first), then the module. Undefined where pytest may hand it something else:
 * a parameter with a default (pytest passes none), one a `parametrize` mark may name (the mark's values replace the
 * fixture's), a class with bases that may define the fixture, a module importing the name (an imported fixture).
 */
export function requestedFixture(binding: Binding, model: SemanticModel): RequestedFixture | undefined {
  const scope = binding.scope;
  const declared = binding.node.parent;
  if (binding.kind !== 'parameter' || scope.kind !== 'function' || !isPytestFunction(scope.node, model)) return undefined;
  if (declared?.type !== 'parameters' && declared?.type !== 'typed_parameter') return undefined;
  if (model.bindingsIn(scope, binding.name).length !== 1) return undefined;
  const name = binding.name;
  if (mayBeParametrized(scope.node, name, model)) return undefined;
  for (let holder = scope.parent; holder; holder = holder.parent) {
    if (holder.kind === 'module') {
      if (model.bindingsIn(holder, name).some((bound) => bound.kind === 'import') || holder.wildcardImports.length > 0) return undefined;
      const definition = fixtureDefinedIn(holder, name, model);
      return definition ? { definition } : { elsewhere: true };
    }
    if (holder.kind !== 'class') return undefined;
    const definition = fixtureDefinedIn(holder, name, model);
    if (definition) return { definition };
    if ((holder.node.childForFieldName('superclasses')?.namedChildCount ?? 0) > 0) return undefined;
  }
  return undefined;
}

/**
 * The last fixture defined in the class or module `scope` under the name `name`. In the module, the answer depends on
 * statements other than the one being checked: a re-lint checks it again when a definition of `name` changes, when
 * the fixture found under another name changes, or when module-level code does (a decorator `@pytest.fixture(name=…)`
 * added or changed). `model.scopes` builds the statements a re-lint has not built yet.
 */
function fixtureDefinedIn(scope: Scope, name: string, model: SemanticModel): SyntaxNode | undefined {
  const inModule = scope.kind === 'module';
  if (inModule) {
    model.recordDependency(name);
    model.recordDependency(MODULE_CODE);
  }
  let found: SyntaxNode | undefined;
  for (const child of inModule ? model.scopes.filter((each) => each.parent === scope) : scope.children) {
    if (child.kind === 'function' && fixtureName(child.node, model) === name) found = child.node;
  }
  if (found && inModule) model.recordDependency(functionName(found));
  return found;
}

/**
 * Whether a `parametrize` mark on the function, a class holding it, or a `pytestmark` of those classes or the module
 * may name the parameter `name` (its values then replace the fixture's): any that mentions it in a string.
 */
function mayBeParametrized(definition: SyntaxNode, name: string, model: SemanticModel): boolean {
  const mentions = (mark: SyntaxNode): boolean =>
    mark.text.includes('parametrize') &&
    mark.descendantsOfType('string').some((text) => (plainStringText(text) ?? '').split(/[\s,]+/).includes(name));
  for (let node: SyntaxNode | null = definition; node; node = node.parent) {
    const holder = node.parent?.type === 'decorated_definition' ? node.parent : undefined;
    if (holder?.namedChildren.some((decorator) => decorator.type === 'decorator' && mentions(decorator))) return true;
    if (node.type === 'class_definition' || node.type === 'module') {
      const scope = node.type === 'module' ? model.module : model.scopeOfDefinition(node);
      const marks = scope ? model.bindingsIn(scope, 'pytestmark') : [];
      if (marks.some((mark) => mark.value !== undefined && mentions(mark.value))) return true;
    }
  }
  return false;
}

/**
 * What the fixture `definition` hands its users, as written: each value it yields (a generator fixture hands out the
 * one it yields), else each value it returns. Undefined where it may hand out None: a bare `yield` or `return`, a
 * `yield from`, or a body that may end without a `return`.
 */
export function fixtureResults(definition: SyntaxNode, model: SemanticModel): SyntaxNode[] | undefined {
  const scope = model.scopeOfDefinition(definition);
  if (!scope) return undefined;
  if (scope.yields.length > 0) {
    const values = scope.yields.map((yielded) => (yielded.text.startsWith('yield from') ? null : yielded.firstNamedChild));
    return values.every((value): value is SyntaxNode => value !== null) ? values : undefined;
  }
  return returnedValues(definition, model);
}
