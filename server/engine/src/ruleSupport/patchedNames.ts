// Names a test replaces with a mock where a call runs: `with mock.patch("subprocess.run"):` around it,
// `@mock.patch("builtins.open", ...)` on its function (or the function's class), `patch.object(subprocess, "run")`,
// and, earlier in the same test, pytest's `monkeypatch.setattr(...)` and pytest-mock's `mocker.patch(...)` (which last
// until the test ends). A blocking call replaced so does not block: the blocking rules and LOOP108's chains
// leave it alone (a test of code that runs `subprocess.run`, with the process mocked out). So does a call of an HTTP client
// whose transport a mocking library replaced there (`async with respx.mock:`, `@responses.activate`; httpMocks.ts).
import type { SyntaxNode } from '../analysis/pythonParser';
import {
  argumentAt,
  callArguments,
  contextManagerOf,
  functionName,
  plainStringText,
  unparenthesize,
  withItems,
} from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { clientsMockedByDecorator, clientsMockedByFixtures, clientsMockedInside, httpMockSwitch } from './httpMocks';

/** `unittest.mock.patch` and the `mock` backport's: the target is a dotted name in a string. */
const PATCHERS: ReadonlySet<string> = new Set(['unittest.mock.patch', 'mock.patch']);
/** Their `.object` form: an object and the name of its attribute. */
const OBJECT_PATCHERS: ReadonlySet<string> = new Set(['unittest.mock.patch.object', 'mock.patch.object']);

/**
 * Whether any of `qualifiedNames` (`subprocess.run`, `builtins.open`, a project function's `pkg.mod.load`) is replaced
 * with a mock where `node` runs (in `scope`). A target names it when it is the name itself, or the name reached
 * through another module (`pkg.mod.subprocess.run`); a builtin is also replaced as another module sees it
 * (`pkg.mod.open`). A call of an HTTP client (`httpx.get`, `requests.Session.get`) is replaced where a mocking library
 * replaced that client's transport.
 */
export function isPatchedAt(node: SyntaxNode, qualifiedNames: readonly string[], scope: Scope, model: SemanticModel): boolean {
  const { targets, clients } = replacedAt(node, scope, model);
  if (targets.length === 0 && clients.size === 0) return false;
  return qualifiedNames.some(
    (name) =>
      [...clients].some((client) => name.startsWith(`${client}.`)) ||
      targets.some(
        (target) =>
          target === name ||
          target.endsWith(`.${name}`) ||
          (name.startsWith('builtins.') && target.endsWith(`.${name.slice('builtins.'.length)}`)),
      ),
  );
}

/** What a test replaced where a call runs: dotted names, and the HTTP clients (by module) a mocking library answers. */
interface Replaced {
  readonly targets: string[];
  readonly clients: Set<string>;
}

/** The dotted names patched, and the HTTP clients mocked, where `node` runs. */
function replacedAt(node: SyntaxNode, scope: Scope, model: SemanticModel): Replaced {
  const targets: string[] = [];
  const clients = new Set<string>(clientsMockedByFixtures(scope));
  // HTTP mocks an earlier statement stopped (`respx.stop()`), nearest first: a start before the stop is over.
  const stopped = new Set<string>();
  // The outermost function passed on the way up: a class's method, when a class decorator is met.
  let method: SyntaxNode | undefined;
  let inner: SyntaxNode = node;
  for (let outer = node.parent; outer; inner = outer, outer = outer.parent) {
    if (outer.type === 'function_definition') method = outer;
    if (outer.type === 'with_statement' && outer.childForFieldName('body')?.id === inner.id) {
      for (const item of withItems(outer)) {
        const manager = contextManagerOf(item);
        if (!manager) continue;
        targets.push(...patchTargets(manager, scope, model, false));
        for (const client of clientsMockedInside(manager, scope, model)) clients.add(client);
      }
    } else if (outer.type === 'decorated_definition') {
      // A class's HTTP mock decorator runs its test methods under the mock (those of the libraries that decorate classes).
      const ofClass = inner.type === 'class_definition';
      const testMethod = ofClass && method !== undefined && functionName(method).startsWith('test');
      for (const decorator of outer.namedChildren) {
        const expression = decorator.type === 'decorator' ? decorator.firstNamedChild : null;
        if (!expression) continue;
        const where = model.scopeOf(expression);
        targets.push(...patchTargets(expression, where, model, false));
        if (!ofClass || testMethod) for (const client of clientsMockedByDecorator(expression, ofClass, where, model)) clients.add(client);
      }
    } else if (outer.type === 'block' && inFunctionOf(outer, scope)) {
      // A test's earlier `monkeypatch.setattr(...)` / `mocker.patch(...)` statements, and HTTP mocks started or stopped.
      for (let statement = inner.previousNamedSibling; statement; statement = statement.previousNamedSibling) {
        const expression = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
        if (!expression) continue;
        targets.push(...patchTargets(unparenthesize(expression), scope, model, true));
        const mockSwitch = httpMockSwitch(unparenthesize(expression), scope, model);
        for (const client of mockSwitch?.clients ?? []) {
          if (!mockSwitch?.starts) stopped.add(client);
          else if (!stopped.has(client)) clients.add(client);
        }
      }
    }
  }
  return { targets, clients };
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
