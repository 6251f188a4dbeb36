// Code that uses a deprecated API on purpose, and says so: the body of `with warnings.catch_warnings():` that ignores
// DeprecationWarning (`warnings.simplefilter("ignore", DeprecationWarning)`), or of `with pytest.warns(DeprecationWarning)`,
// `pytest.deprecated_call()` or `self.assertWarns(DeprecationWarning)`. A test of the old behaviour, or a shim keeping
// it quiet: telling its author that the API is deprecated tells them nothing.
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt, contextManagerOf, plainStringText, unparenthesize, withItems } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

const DEPRECATION_WARNINGS: ReadonlySet<string> = new Set(['DeprecationWarning', 'PendingDeprecationWarning']);
/** Where the walk up stops: what a function or class body runs is not in the `with` around its definition. */
const OWN_CODE_ENDS: ReadonlySet<string> = new Set(['function_definition', 'class_definition']);
/** How many statements of a `catch_warnings()` body are read for the filter (it is set first). */
const FILTER_STATEMENTS = 3;

/**
 * Whether `node` lies in the body of a `with` that silences or expects DeprecationWarning, in its own function (a
 * lambda written there counts: `executor.submit(lambda: asyncio.get_event_loop()).result()` runs inside).
 */
export function isDeprecationExpected(node: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  for (let child = node, parent = node.parent; parent && !OWN_CODE_ENDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'with_statement' || child.type !== 'block') continue;
    if (withItems(parent).some((item) => expectsDeprecation(item, child, model, scope))) return true;
  }
  return false;
}

function expectsDeprecation(item: SyntaxNode, body: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const manager = contextManagerOf(item);
  if (manager?.type !== 'call') return false;
  const name = model.calleeName(manager, scope);
  if (name === 'warnings.catch_warnings')
    return body.namedChildren.slice(0, FILTER_STATEMENTS).some((statement) => ignoresDeprecation(statement, model, scope));
  if (name === 'pytest.deprecated_call') return true;
  const last = model.calleeLastName(manager);
  if (name !== 'pytest.warns' && last !== 'assertWarns' && last !== 'assertWarnsRegex') return false;
  const category = argumentAt(manager, 0, 'expected_warning');
  return category !== undefined && namesDeprecation(category);
}

/** `warnings.simplefilter("ignore", DeprecationWarning)` or `warnings.filterwarnings("ignore", category=...)` (or no category: every warning). */
function ignoresDeprecation(statement: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const call = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (call?.type !== 'call') return false;
  const name = model.calleeName(call, scope);
  if (name !== 'warnings.simplefilter' && name !== 'warnings.filterwarnings') return false;
  const action = argumentAt(call, 0, 'action');
  if (!action || plainStringText(unparenthesize(action)) !== 'ignore') return false;
  const category = argumentAt(call, name === 'warnings.simplefilter' ? 1 : 2, 'category');
  return category === undefined || namesDeprecation(category);
}

function namesDeprecation(category: SyntaxNode): boolean {
  const node = unparenthesize(category);
  const names = node.type === 'tuple' ? node.namedChildren : [node];
  return names.some((name) => DEPRECATION_WARNINGS.has(name.text.slice(name.text.lastIndexOf('.') + 1)));
}
