// Values a test made as stand-ins: a `unittest.mock` mock (`MagicMock()`, `create_autospec(AbstractEventLoop)`), an
// instance of a class named as one (`MockBot()`), what a helper or fixture of this file returning one hands out, and
// anything reached from one (`bot.loop` of `bot = MockBot()`). A name that says "event loop" is no event loop there: its
// `create_task` runs whatever the test made it do, and no task need exist.
import type { SyntaxNode } from '../analysis/pythonParser';
import { unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { plainFunctionCalled, returnedValues } from './fileLocalFunctions';
import { valueClass, type ClassReference } from './instanceClasses';
import { fixtureResults, requestedFixture } from './pytestFixtures';

/** `unittest.mock`'s makers of mocks (also as pytest-mock's `mocker.MagicMock`), by their last name. */
const MOCK_MAKERS: ReadonlySet<string> = new Set([
  'Mock',
  'MagicMock',
  'AsyncMock',
  'NonCallableMock',
  'NonCallableMagicMock',
  'create_autospec',
]);

/** A class or helper named as a maker of stand-ins: `MockBot`, `Mock_Loop`, `mock_loop()`. */
const DOUBLE_NAME = /^(?:Mock(?:[A-Z_]|$)|mock_)/;

/** Names, calls and helpers followed at most this far. */
const MAX_STEPS = 6;

/**
 * Whether `expression` (read in `scope`) is a test double or part of one: a call of a mock maker (see makesTestDouble),
 * a name every binding of which is one (`bot = helpers.MockBot()`), a fixture of this file handing out one, an attribute
 * of one (`bot.loop`, `self.bot.loop`), or an attribute of an object whose class says it holds one (`self.loop`, where
 * every assignment to it is `MagicMock()`).
 */
export function isTestDouble(expression: SyntaxNode, scope: Scope, model: SemanticModel, steps = 0): boolean {
  if (steps > MAX_STEPS) return false;
  const node = unparenthesize(expression);
  switch (node.type) {
    case 'call':
      return makesTestDouble(node, scope, model, steps);
    case 'identifier':
      return isDoubleName(node, scope, model, steps);
    case 'attribute': {
      // What the file says the attribute holds decides (a fake's `self.loop = asyncio.new_event_loop()` is a real loop);
      // where it says nothing, an attribute of a mock is a mock.
      const declared = valueClass(node, scope, model);
      if (declared) return isDoubleClass(declared);
      const object = node.childForFieldName('object');
      return !!object && isTestDouble(object, scope, model, steps + 1);
    }
    default:
      return false;
  }
}

/** A call of a mock maker or of a class named as one, or of a plain function of this file that returns test doubles only. */
function makesTestDouble(call: SyntaxNode, scope: Scope, model: SemanticModel, steps: number): boolean {
  const name = model.calleeLastName(call);
  if (MOCK_MAKERS.has(name) || DOUBLE_NAME.test(name)) return true;
  const helper = plainFunctionCalled(call, scope, model);
  const helperScope = helper && model.scopeOfDefinition(helper);
  const returned = helper && returnedValues(helper, model);
  return !!helperScope && !!returned && returned.every((value) => isTestDouble(value, helperScope, model, steps + 1));
}

/**
 * A name annotated as a test double (`loop: MagicMock`), a local bound only to test doubles, or a parameter receiving a
 * fixture of this file that hands out only test doubles. Not a method's `self`, even in a fake's class: its own code
 * may run real things.
 */
function isDoubleName(name: SyntaxNode, scope: Scope, model: SemanticModel, steps: number): boolean {
  const binding = model.resolve(name, scope);
  if (!binding) return false;
  if (binding.annotation) return isDoubleClass(valueClass(name, scope, model));
  if (binding.kind === 'parameter') {
    const requested = requestedFixture(binding, model);
    if (!requested || !('definition' in requested)) return false;
    const fixtureScope = model.scopeOfDefinition(requested.definition);
    const results = fixtureScope && fixtureResults(requested.definition, model);
    return !!results && results.every((result) => isTestDouble(result, fixtureScope!, model, steps + 1));
  }
  const bindings = model.bindingsIn(binding.scope, binding.name);
  return bindings.every(
    (each) => each.kind === 'assignment' && each.value !== undefined && isTestDouble(each.value, each.scope, model, steps + 1),
  );
}

/** A class named as a stand-in (`MockBot`, `unittest.mock.MagicMock`), or the value of a mock maker valueClass names. */
function isDoubleClass(found: ClassReference | undefined): boolean {
  if (!found) return false;
  const name = 'local' in found ? (found.local.childForFieldName('name')?.text ?? '') : (found.name.split('.').at(-1) ?? '');
  return MOCK_MAKERS.has(name) || DOUBLE_NAME.test(name);
}
