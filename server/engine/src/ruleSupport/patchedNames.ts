// Names a test replaces with a mock where a call runs: `with mock.patch("subprocess.run"):` around it,
// `@mock.patch("builtins.open", ...)` on its function (or the function's class), `patch.object(subprocess, "run")`,
// and, earlier in the same test, pytest's `monkeypatch.setattr(...)` and pytest-mock's `mocker.patch(...)` (which last
// until the test ends). A blocking call replaced so does not block: the blocking rules and LOOP108's chains
// leave it alone (a test of code that runs `subprocess.run`, with the process mocked out).
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt, callArguments, plainStringText, unparenthesize, withItems, contextManagerOf } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/** `unittest.mock.patch` and the `mock` backport's: the target is a dotted name in a string. */
const PATCHERS: ReadonlySet<string> = new Set(['unittest.mock.patch', 'mock.patch']);
/** Their `.object` form: an object and the name of its attribute. */
const OBJECT_PATCHERS: ReadonlySet<string> = new Set(['unittest.mock.patch.object', 'mock.patch.object']);

/**
 * Whether any of `qualifiedNames` (`subprocess.run`, `builtins.open`, a project function's `pkg.mod.load`) is replaced
 * with a mock where `node` runs (in `scope`). A target names it when it is the name itself, or the name reached
 * through another module (`pkg.mod.subprocess.run`); a builtin is also replaced as another module sees it
 * (`pkg.mod.open`).
 */
export function isPatchedAt(node: SyntaxNode, qualifiedNames: readonly string[], scope: Scope, model: SemanticModel): boolean {
  const targets = patchTargetsAt(node, scope, model);
  if (targets.length === 0) return false;
  return qualifiedNames.some((name) =>
    targets.some(
      (target) =>
        target === name ||
        target.endsWith(`.${name}`) ||
        (name.startsWith('builtins.') && target.endsWith(`.${name.slice('builtins.'.length)}`)),
    ),
  );
}

/** The dotted names patched where `node` runs. */
function patchTargetsAt(node: SyntaxNode, scope: Scope, model: SemanticModel): string[] {
  const targets: string[] = [];
  let inner: SyntaxNode = node;
  for (let outer = node.parent; outer; inner = outer, outer = outer.parent) {
    if (outer.type === 'with_statement' && outer.childForFieldName('body')?.id === inner.id) {
      for (const item of withItems(outer)) {
        const manager = contextManagerOf(item);
        if (manager) targets.push(...patchTargets(manager, scope, model, false));
      }
    } else if (outer.type === 'decorated_definition') {
      for (const decorator of outer.namedChildren) {
        const expression = decorator.type === 'decorator' ? decorator.firstNamedChild : null;
        if (expression) targets.push(...patchTargets(expression, model.scopeOf(expression), model, false));
      }
    } else if (outer.type === 'block' && inFunctionOf(outer, scope)) {
      // A test's earlier `monkeypatch.setattr(...)` / `mocker.patch(...)` statements.
      for (let statement = inner.previousNamedSibling; statement; statement = statement.previousNamedSibling) {
        const expression = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
        if (expression) targets.push(...patchTargets(unparenthesize(expression), scope, model, true));
      }
    }
  }
  return targets;
}

/** Whether `block` is (in) the body of the function `scope` is in, not an enclosing function's or class's. */
function inFunctionOf(block: SyntaxNode, scope: Scope): boolean {
  const definition = scope.functionScope?.node;
  return definition !== undefined && definition.startIndex <= block.startIndex && block.endIndex <= definition.endIndex;
}

/** What a patching call replaces: `patch("a.b")`, `patch.object(obj, "name")`, and (statements) pytest's fixtures. */
function patchTargets(expression: SyntaxNode, scope: Scope, model: SemanticModel, fixtures: boolean): string[] {
  if (expression.type !== 'call') return [];
  const name = model.calleeName(expression, scope);
  if (name !== undefined && PATCHERS.has(name)) return dottedTarget(argumentAt(expression, 0, 'target'));
  if (name !== undefined && OBJECT_PATCHERS.has(name)) return attributeTarget(expression, 0, scope, model);
  if (!fixtures) return [];
  const callee = expression.childForFieldName('function');
  const written = callee?.type === 'attribute' ? callee.text : '';
  // pytest-mock's `mocker.patch("a.b")` / `mocker.patch.object(obj, "name")`.
  if (written === 'mocker.patch') return dottedTarget(argumentAt(expression, 0, 'target'));
  if (written === 'mocker.patch.object') return attributeTarget(expression, 0, scope, model);
  // pytest's `monkeypatch.setattr("a.b", value)` / `monkeypatch.setattr(obj, "name", value)`.
  if (written === 'monkeypatch.setattr') {
    const positional = callArguments(expression).positional;
    return positional.length === 2 ? dottedTarget(positional[0]) : attributeTarget(expression, 0, scope, model);
  }
  return [];
}

function dottedTarget(argument: SyntaxNode | undefined): string[] {
  const text = argument && unparenthesize(argument).type === 'string' ? plainStringText(unparenthesize(argument)) : undefined;
  return text ? [text] : [];
}

/** `obj, "name"` from argument `index` on: the object's qualified name and the attribute. */
function attributeTarget(call: SyntaxNode, index: number, scope: Scope, model: SemanticModel): string[] {
  const owner = argumentAt(call, index);
  const attribute = dottedTarget(argumentAt(call, index + 1));
  const ownerName = owner && model.qualifiedName(unparenthesize(owner), scope);
  return ownerName && attribute.length === 1 ? [`${ownerName}.${attribute[0]}`] : [];
}
