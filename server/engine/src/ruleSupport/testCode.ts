// Whether code is a test's: a module of the tests (`tests/...`, `test_*.py`, `conftest.py`), or, known by name where
// the file's module is not, a test, a set-up or tear-down function, a fixture, or a method of a test case class.
import type { Scope } from '../analysis/scope';
import type { RuleContext } from '../linter/rule';
import { fixtureName } from './pytestFixtures';

/** Tests, their set-up and tear-down (unittest's and pytest's spellings), and pytest's hooks (`pytest_pyfunc_call`). */
export const TEST_FUNCTION = /^(?:(?:test|setUp|tearDown|setup|teardown|asyncSetUp|asyncTearDown)(?:_|[A-Z]|$)|pytest_)/;
/**
 * A test case class, by its name or its bases as written: `...TestCase`, `...Tests`, `...Test`, or a mixin or base
 * of test cases (`PubSubTestsMixin`, `ClientTestBase`).
 */
export const TEST_CLASS_BASE = /(?:TestCase|Tests?)(?:Mixin|Base)?\b/;

/** Module names pytest and unittest collect, or that hold the tests: `test_x`, `x_test`, `conftest`, `tests`. */
const TEST_MODULE_PART = /^(?:test_.*|.*_tests?|conftest|tests?)$/;

/**
 * Whether the code of `scope` belongs to the tests: its module is one of the tests (`tests.integration.test_master`,
 * `test_x`, a `conftest`: a part of its name so named; a library's `testing` package is code its users run, not tests),
 * or `scope` is in a function named for tests or a fixture, or in a class named for tests.
 */
export function isTestCode(scope: Scope, { model, project }: Pick<RuleContext, 'model' | 'project'>): boolean {
  if (project?.moduleName.split('.').some((part) => TEST_MODULE_PART.test(part))) return true;
  for (let current: Scope | undefined = scope; current && current.kind !== 'module'; current = current.parent) {
    if (current.kind === 'function' && (TEST_FUNCTION.test(current.name) || fixtureName(current.node, model) !== undefined)) return true;
    if (current.kind === 'class') {
      const bases = current.node.childForFieldName('superclasses')?.text ?? '';
      if (current.name.startsWith('Test') || TEST_CLASS_BASE.test(current.name) || TEST_CLASS_BASE.test(bases)) return true;
    }
  }
  return false;
}
