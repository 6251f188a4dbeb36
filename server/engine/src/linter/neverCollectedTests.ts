// Functions of a test module that never run: pytest collects the functions named `test...` of a `test_*.py` module,
// and a function named otherwise that nothing in the module calls or names is dead: a disabled test kept with its
// marks (`@pytest.mark.asyncio` on `mirror_sync_..._early_exit`, a TODO above it), or a private helper left behind
// (`_connect_tcp`). What the rules would say of its body is not a problem of the code that runs, as in a branch that
// never runs (see analysis/unreachableBranches.ts), so the linter checks neither.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { SemanticModel } from '../analysis/semanticModel';
import type { SourceSpan } from '../analysis/unreachableBranches';
import { decoratorNames } from '../ruleSupport/decoratorNames';

/** Modules pytest collects tests from by default: `test_*.py` and `*_test.py`. */
const COLLECTED_MODULE = /^test_|_test$/;
/** Functions pytest collects, by default, and its hooks and set-up/tear-down functions, which it calls by name. */
const CALLED_BY_PYTEST = /^(?:test|pytest_|setup|teardown|setUp|tearDown)/;
/** `@pytest.mark.<anything>` (with or without arguments): a test's marks. */
const PYTEST_MARK = /^pytest\.mark\./;

/** Whether pytest collects tests from the module `moduleName` (by default: `test_*.py`, `*_test.py`). */
export function isCollectedTestModule(moduleName: string | undefined): boolean {
  const last = moduleName?.split('.').pop();
  return last !== undefined && COLLECTED_MODULE.test(last);
}

/**
 * The span of `statement`, a top-level statement of a module pytest collects (see isCollectedTestModule), when it
 * defines a function that never runs (see the header): named for no collection and private (`_helper`) or marked as a
 * test (`@pytest.mark...`, its only decorators), and named nowhere else in the module. Re-linting checks the answer
 * again when a statement mentioning the name changes (SemanticModel.mentionsOf).
 */
export function neverCollectedSpan(statement: SyntaxNode, model: SemanticModel): SourceSpan | undefined {
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  if (definition?.type !== 'function_definition') return undefined;
  const nameNode = definition.childForFieldName('name');
  const name = nameNode?.text;
  if (!nameNode || !name || CALLED_BY_PYTEST.test(name) || name.startsWith('__')) return undefined;
  const decorators = decoratorNames(definition, model);
  const marked = decorators.length > 0 && decorators.every((decorator) => PYTEST_MARK.test(decorator ?? ''));
  if (!marked && (decorators.length > 0 || !name.startsWith('_'))) return undefined;
  // Named anywhere outside its own body (a call, a reference handed on, a decorator's argument): it may run.
  const named = model
    .mentionsOf(name)
    .some((mention) => mention.startIndex < definition.startIndex || mention.startIndex >= definition.endIndex);
  if (named) return undefined;
  return { start: statement.startIndex, end: statement.endIndex, from: statement.startPosition, to: statement.endPosition };
}
