// Functions of a test module that never run: pytest collects the functions named `test...` of a `test_*.py` module
// (or as its `python_functions` option says), and a function named otherwise that nothing in the module calls or names
// is dead: a disabled test kept with its marks (`@pytest.mark.asyncio` on `mirror_sync_..._early_exit`, a TODO above
// it), a test switched off by its name (`xtest_real_task_execution`, `disabled_test_...`, `dont_test_...`, in a test
// class too: unittest collects `test...` methods only), or a private helper left behind (`_connect_tcp`). What the rules
// would say of its body is not a problem of the code that runs, as in a branch that never runs (see
// analysis/unreachableBranches.ts), so the linter checks neither.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { SemanticModel } from '../analysis/semanticModel';
import type { SourceSpan } from '../analysis/unreachableBranches';
import { decoratorNames } from '../ruleSupport/decoratorNames';
import { collectedByPytest } from './pytestConfig';

/** Modules pytest collects tests from by default: `test_*.py` and `*_test.py`. */
const COLLECTED_MODULE = /^test_|_test$/;
/** What pytest's `python_functions` is where its configuration does not set it. */
const DEFAULT_TEST_FUNCTIONS: readonly string[] = ['test'];
/** pytest's hooks and the set-up/tear-down functions it calls by name. */
const CALLED_BY_PYTEST = /^(?:pytest_|setup|teardown|setUp|tearDown)/;
/** `@pytest.mark.<anything>` (with or without arguments): a test's marks. */
const PYTEST_MARK = /^pytest\.mark\./;
/**
 * A test switched off by a word before its name (`xtest_`, `disabled_test_`, `DISABLED_test_`, `skip_test_`,
 * `dont_test_`, `off_test_`): written to keep pytest and unittest from collecting it.
 */
const SWITCHED_OFF_TEST = /^(?:x+|disabled?_|skip(?:ped)?_|dont_|off_)test/i;
/** `@pytest.fixture`, `@pytest_asyncio.fixture`: a fixture runs for the tests naming it, where a string may name it. */
const FIXTURE = /(?:^|\.)fixture$/;

/** Whether pytest collects tests from the module `moduleName` (by default: `test_*.py`, `*_test.py`). */
export function isCollectedTestModule(moduleName: string | undefined): boolean {
  const last = moduleName?.split('.').pop();
  return last !== undefined && COLLECTED_MODULE.test(last);
}

/**
 * The spans of `statement`, a top-level statement of a module pytest collects (see isCollectedTestModule), that define
 * a function that never runs (see the header): the statement itself, a function named for no collection (`testFunctions`:
 * pytest's `python_functions`, where set) and private (`_helper`, undecorated), marked as a test (`@pytest.mark...`, its
 * only decorators) or switched off by its name (`xtest_...`, no fixture), named nowhere else in the module; or, of a
 * class, each method switched off by its name and named nowhere else. Re-linting checks the answer again when a
 * statement mentioning the name changes (SemanticModel.mentionsOf).
 */
export function neverCollectedSpans(statement: SyntaxNode, model: SemanticModel, testFunctions?: readonly string[]): SourceSpan[] {
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  if (definition?.type === 'function_definition') {
    return neverRuns(definition, model, testFunctions ?? DEFAULT_TEST_FUNCTIONS) ? [spanOf(statement)] : [];
  }
  if (definition?.type !== 'class_definition') return [];
  const spans: SourceSpan[] = [];
  for (const member of definition.childForFieldName('body')?.namedChildren ?? []) {
    const method = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    const name = method?.type === 'function_definition' ? method.childForFieldName('name')?.text : undefined;
    // unittest's loader collects `test...` methods, whatever pytest's option says: only a name switched off counts.
    if (name && SWITCHED_OFF_TEST.test(name) && switchedOffTest(method!, model) && !namedElsewhere(method!, name, model))
      spans.push(spanOf(member));
  }
  return spans;
}

/** Whether the module-level function `definition` never runs (see neverCollectedSpans). */
function neverRuns(definition: SyntaxNode, model: SemanticModel, testFunctions: readonly string[]): boolean {
  const name = definition.childForFieldName('name')?.text;
  if (!name || collectedByPytest(name, testFunctions) || CALLED_BY_PYTEST.test(name) || name.startsWith('__')) return false;
  const decorators = decoratorNames(definition, model);
  const marked = decorators.length > 0 && decorators.every((decorator) => PYTEST_MARK.test(decorator ?? ''));
  const unused =
    marked || (decorators.length === 0 && name.startsWith('_')) || (SWITCHED_OFF_TEST.test(name) && switchedOffTest(definition, model));
  return unused && !namedElsewhere(definition, name, model);
}

/** Whether a function named as a test switched off is no fixture, which runs for the tests naming it. */
function switchedOffTest(definition: SyntaxNode, model: SemanticModel): boolean {
  return !decoratorNames(definition, model).some((decorator) => decorator !== undefined && FIXTURE.test(decorator));
}

/** Whether `name` is mentioned outside the body of `definition` (a call, a reference handed on, a decorator's argument). */
function namedElsewhere(definition: SyntaxNode, name: string, model: SemanticModel): boolean {
  return model.mentionsOf(name).some((mention) => mention.startIndex < definition.startIndex || mention.startIndex >= definition.endIndex);
}

function spanOf(node: SyntaxNode): SourceSpan {
  return { start: node.startIndex, end: node.endIndex, from: node.startPosition, to: node.endPosition };
}
