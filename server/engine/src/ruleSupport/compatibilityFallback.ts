// Code written for older Pythons on purpose: the branch a library takes where a newer API is missing. Advice to use
// the newer API there is wrong (the code beside it already does), so rules about deprecated APIs stay silent in:
// - the branch of an `if` (or a conditional expression) that runs where `hasattr(...)` is false or where
//   `sys.version_info` is below some version (`< (3, 9)`, the `else` of `>= (3, 11)`);
// - code after an `if` testing for newer Pythons that returns (or raises) on its own: `if sys.version_info >= (3, 10):
//   return asyncio.run(main())` leaves the rest of the function to the older ones (a `hasattr(...)` test does not count
//   here: `if hasattr(self, "_loop"): return self._loop` is a cache, not a version switch);
// - an `except` clause catching ImportError, ModuleNotFoundError, AttributeError or NameError (the `try` tried the
//   newer name); and, the other way round, the body of a `try` whose such clause uses the API replacing the one in the
//   body (`try: tasks = asyncio.Task.all_tasks()` / `except AttributeError: tasks = asyncio.all_tasks()`): the older
//   API tried first, the newer one where it is missing, works on every Python.
// - a method overriding a hook only older Pythons call: `IsolatedAsyncioTestCase._setupAsyncioLoop` (3.8–3.10; 3.11
//   calls `_setupAsyncioRunner` instead), kept beside its newer counterpart for the older Pythons a library supports.
// - the body of a test skipped on newer Pythons, `@pytest.mark.skipif(sys.version_info >= (3, 11), ...)` (also
//   `@unittest.skipIf`, and `@unittest.skipUnless` of an older-Python test), or of a method of a test class so
//   decorated: the decorators and the class body itself still run on import;
// - code after `if sys.version_info >= (3, 11): pytest.skip(...)` (or `self.skipTest(...)`), which leaves as a
//   `raise` does.
// A version test may be written through a module-level name bound once to it (`PY310 = sys.version_info >= (3, 10)`),
// or as `sys.version_info.major == 3 and sys.version_info.minor < 10`.
// Given the name of the removed API the code uses, `hasattr(asyncio, "coroutine")` holding says older too (given its
// qualified name, the object must be the one that had it: `hasattr(asyncio.Task, "all_tasks")`).
// A function defined in such a branch is part of the fallback too: the walk goes up through definitions.
// Apart: whether a test is skipped on every Python the project targets (inTestSkippedOnTarget), which never runs.
import type { SyntaxNode } from '../analysis/pythonParser';
import {
  argumentAt,
  branchConditions,
  isMethodDefinition,
  plainStringText,
  singleComparison,
  unparenthesize,
} from '../analysis/pythonSyntax';
import type { SemanticModel } from '../analysis/semanticModel';
import type { PythonVersion } from '../linter/pythonVersion';

const MISSING_NAME_ERRORS: ReadonlySet<string> = new Set(['ImportError', 'ModuleNotFoundError', 'AttributeError', 'NameError']);

/** Test decorators that skip where their condition holds, and where it does not. */
const SKIP_IF = /(?:^|\.)skip[iI]f$/;
const SKIP_UNLESS = /(?:^|\.)skipUnless$/;

/** Calls that skip the running test by raising: `pytest.skip(...)`, `self.skipTest(...)`. */
const SKIP_TEST = /^(?:pytest\.skip|self\.skipTest)$/;

/**
 * Whether `node` lies in code that runs only where a newer API is missing, or is tried before it (see above).
 * `removed`, the name of the removed API `node` uses (`coroutine`), makes a `hasattr(..., "coroutine")` test that holds
 * say so too (its qualified name, `asyncio.Task.all_tasks`, a `hasattr(asyncio.Task, "all_tasks")` test); `replacement`, the qualified name of the API replacing it (`asyncio.all_tasks`), lets a `try` fall back to it.
 */
export function isCompatibilityFallback(node: SyntaxNode, model: SemanticModel, removed?: string, replacement?: string): boolean {
  const older = (condition: SyntaxNode, holds: boolean): boolean => saysOlder(condition, holds, model, true, removed);
  // Whether the walk has come out of a function's body: code there runs when the function is called, not on import.
  let inFunctionBody = false;
  // Whether it has come out of a lambda or a function: an `except` around the definition does not see the call fail.
  let deferred = false;
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'block' && afterNewerExit(child, model, removed)) return true;
    switch (parent.type) {
      case 'lambda':
        deferred = true;
        break;
      case 'try_statement':
        if (replacement !== undefined && !deferred && child.id === parent.childForFieldName('body')?.id) {
          if (fallsBackTo(parent, replacement, model)) return true;
        }
        break;
      case 'if_statement':
        if (branchConditions(parent, child).some(([condition, holds]) => older(condition, holds))) return true;
        break;
      case 'conditional_expression': {
        const [whenTrue, condition, whenFalse] = parent.namedChildren;
        if (condition && (child.id === whenTrue?.id || child.id === whenFalse?.id) && older(condition, child.id === whenTrue?.id))
          return true;
        break;
      }
      case 'except_clause':
        if (child.type === 'block' && catchesMissingName(parent)) return true;
        break;
      case 'function_definition':
        if (OLDER_PYTHON_HOOKS.has(parent.childForFieldName('name')?.text ?? '') && isMethodDefinition(parent)) return true;
        if (child.id === parent.childForFieldName('body')?.id) {
          if (skippedWhereNewer(parent, older)) return true;
          inFunctionBody = true;
          deferred = true;
        }
        break;
      case 'class_definition':
        if (inFunctionBody && skippedWhereNewer(parent, older)) return true;
        break;
    }
  }
  return false;
}

/**
 * Whether `node` lies in a test that never runs on the target Pythons: the body of a function, or of a method of a
 * class, whose skip decorator skips it from a version the target has reached (`@pytest.mark.skipif(sys.version_info >=
 * (3, 7), ...)` in a project for 3.11 on; `@unittest.skipUnless(sys.version_info < (3, 8), ...)`). Unlike the fallbacks
 * above, which run on the older Pythons a project may still support, such a test runs nowhere the project does.
 */
export function inTestSkippedOnTarget(node: SyntaxNode, model: SemanticModel, target: PythonVersion): boolean {
  const belowTarget = (condition: SyntaxNode, holds: boolean): boolean => saysBelow(condition, holds, target, model);
  let inFunctionBody = false;
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'function_definition' && child.id === parent.childForFieldName('body')?.id) {
      if (skippedWhereNewer(parent, belowTarget)) return true;
      inFunctionBody = true;
    } else if (parent.type === 'class_definition' && inFunctionBody && skippedWhereNewer(parent, belowTarget)) return true;
  }
  return false;
}

/**
 * Whether `condition` having the value `holds` means the running Python is older than `target`: a comparison of
 * `sys.version_info` with a tuple of up to three integers (also through a module-level name bound once to one) that
 * every Python from the target on gives the other value. `sys.version_info` has five items, so it compares greater than
 * a shorter tuple it starts with: on 3.11.0 both `< (3, 11)` and `< (3, 11, 0)` are false, `< (3, 11, 1)` is true.
 */
function saysBelow(written: SyntaxNode, holds: boolean, target: PythonVersion, model: SemanticModel | undefined): boolean {
  const condition = unparenthesize(written);
  if (condition.type === 'not_operator') {
    const operand = condition.childForFieldName('argument');
    return operand !== null && saysBelow(operand, !holds, target, model);
  }
  if (condition.type === 'identifier' && model) {
    const test = versionTestNamed(condition, model);
    return test !== undefined && saysBelow(test, holds, target, undefined);
  }
  const comparison = singleComparison(condition);
  if (!comparison || !['<', '<=', '>', '>='].includes(comparison.operator)) return false;
  const versionOnLeft = isWholeVersionInfo(comparison.left);
  if (!versionOnLeft && !isWholeVersionInfo(comparison.right)) return false;
  const bound = integerTuple(versionOnLeft ? comparison.right : comparison.left);
  // The condition has the value `holds` where the version is below the bound (`sys.version_info < (3, 8)` holding,
  // `sys.version_info >= (3, 8)` not): below the target too when the bound is at most the target's first release.
  const lessMeansBelow = versionOnLeft ? comparison.operator.startsWith('<') : comparison.operator.startsWith('>');
  return bound !== undefined && lessMeansBelow === holds && compareTuples(bound, [target.major, target.minor, 0]) <= 0;
}

/** `sys.version_info` (or `version_info` imported from sys) itself, not a slice or an item of it. */
function isWholeVersionInfo(node: SyntaxNode): boolean {
  return /^(?:sys\.)?version_info$/.test(unparenthesize(node).text);
}

/** The integers of a tuple of one to three integer literals, `(3, 7, 0)`. */
function integerTuple(node: SyntaxNode): number[] | undefined {
  const tuple = unparenthesize(node);
  const items = tuple.type === 'tuple' ? tuple.namedChildren : [];
  if (items.length === 0 || items.length > 3 || !items.every((item) => item.type === 'integer' && /^\d+$/.test(item.text)))
    return undefined;
  return items.map((item) => Number(item.text));
}

/** Python's comparison of tuples of integers: item by item, then the shorter one first. */
function compareTuples(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) if (a[index] !== b[index]) return a[index]! - b[index]!;
  return a.length - b.length;
}

/**
 * Whether a `def` or `class` carries a skip decorator that skips it on newer Pythons (`skipif(version >= ...)`): the
 * Pythons `older` does not tell older, given a condition and its value.
 */
function skippedWhereNewer(definition: SyntaxNode, older: (condition: SyntaxNode, holds: boolean) => boolean): boolean {
  const decorated = definition.parent;
  if (decorated?.type !== 'decorated_definition') return false;
  for (const decorator of decorated.namedChildren) {
    const call = decorator.type === 'decorator' ? decorator.firstNamedChild : null;
    if (call?.type !== 'call') continue;
    const name = call.childForFieldName('function')?.text ?? '';
    const condition = argumentAt(call, 0, 'condition');
    if (!condition) continue;
    // The test runs where a `skipif` condition does not hold, and where a `skipUnless` one does.
    if (SKIP_IF.test(name) && older(condition, false)) return true;
    if (SKIP_UNLESS.test(name) && older(condition, true)) return true;
  }
  return false;
}

/** Methods only older Pythons call: unittest's `IsolatedAsyncioTestCase` hooks before 3.11. */
const OLDER_PYTHON_HOOKS: ReadonlySet<string> = new Set(['_setupAsyncioLoop', '_tearDownAsyncioLoop']);

/**
 * Whether `statement` comes after an `if` of the same block whose branches up to one that does not leave all return or
 * raise: where the statement runs, each of their conditions was false (`if sys.version_info >= (3, 10): return ...`).
 */
function afterNewerExit(statement: SyntaxNode, model: SemanticModel, removed: string | undefined): boolean {
  for (let earlier = statement.previousNamedSibling; earlier; earlier = earlier.previousNamedSibling) {
    if (earlier.type !== 'if_statement') continue;
    const branches: [SyntaxNode | null, SyntaxNode | null][] = [
      [earlier.childForFieldName('condition'), earlier.childForFieldName('consequence')],
    ];
    for (const alternative of earlier.childrenForFieldName('alternative')) {
      if (alternative.type === 'elif_clause')
        branches.push([alternative.childForFieldName('condition'), alternative.childForFieldName('consequence')]);
    }
    for (const [condition, body] of branches) {
      if (!condition || !body || !leaves(body)) break;
      if (saysOlder(condition, false, model, false, removed)) return true;
    }
  }
  return false;
}

/** A block whose last statement returns, raises or skips the test: what follows its `if` never runs after it. */
function leaves(block: SyntaxNode): boolean {
  const last = block.lastNamedChild;
  if (last?.type === 'return_statement' || last?.type === 'raise_statement') return true;
  const call = last?.type === 'expression_statement' && last.namedChildCount === 1 ? unparenthesize(last.firstNamedChild!) : undefined;
  return call?.type === 'call' && SKIP_TEST.test(call.childForFieldName('function')?.text ?? '');
}

/**
 * Whether `condition` having the value `holds` means the running Python lacks something newer: a `sys.version_info`
 * comparison, or (with `withHasattr`) a `hasattr(...)` test; or that it still has the `removed` API, a
 * `hasattr(..., "<removed>")` test.
 */
function saysOlder(
  written: SyntaxNode,
  holds: boolean,
  model: SemanticModel | undefined,
  withHasattr: boolean,
  removed: string | undefined,
): boolean {
  const condition = unparenthesize(written);
  if (condition.type === 'not_operator') {
    const operand = condition.childForFieldName('argument');
    return operand !== null && saysOlder(operand, !holds, model, withHasattr, removed);
  }
  if (condition.type === 'identifier' && model) {
    const test = versionTestNamed(condition, model);
    return test !== undefined && saysOlder(test, holds, undefined, false, undefined);
  }
  // `sys.version_info.major == 3 and sys.version_info.minor < 10` holding: one part holding says older enough (and
  // `or` not holding: each part fails).
  if (condition.type === 'boolean_operator') {
    const operator = condition.children.find((part) => part.type === 'and' || part.type === 'or')?.type;
    if ((operator === 'and') !== holds) return false;
    return [condition.childForFieldName('left'), condition.childForFieldName('right')].some(
      (part) => part !== null && saysOlder(part, holds, model, withHasattr, removed),
    );
  }
  if (condition.type === 'call' && condition.childForFieldName('function')?.text === 'hasattr') {
    if (holds) return removed !== undefined && testsRemoved(condition, removed, model);
    return withHasattr;
  }
  if (condition.type !== 'comparison_operator') return false;
  const [left, right] = condition.namedChildren;
  const operator = condition.children.find((part) => ['<', '<=', '>', '>='].includes(part.type))?.type;
  if (!left || !right || operator === undefined) return false;
  // `sys.version_info < (3, 9)`, `(3, 9) > sys.version_info`: true means older.
  const versionOnLeft = isVersionInfo(left);
  if (!versionOnLeft && !isVersionInfo(right)) return false;
  const lessMeansOlder = versionOnLeft ? operator.startsWith('<') : operator.startsWith('>');
  return lessMeansOlder === holds;
}

/**
 * The comparison a module-level name stands for when the module binds it once, to a comparison
 * (`_GET_EVENT_LOOP_IS_DEPRECATED = sys.version_info >= (3, 10)`): nothing rebinds it, so it says what the comparison says.
 */
function versionTestNamed(name: SyntaxNode, model: SemanticModel): SyntaxNode | undefined {
  const binding = model.resolve(name);
  if (binding?.kind !== 'assignment' || binding.scope !== model.module || !binding.value) return undefined;
  if (model.bindingsIn(model.module, binding.name).length !== 1) return undefined;
  const value = unparenthesize(binding.value);
  return value.type === 'comparison_operator' ? value : undefined;
}

/**
 * Whether a `hasattr(obj, "name")` test asks for the `removed` API: by its name alone (`coroutine`), or, given a
 * qualified name (`asyncio.Task.all_tasks`), for that attribute of that object (`hasattr(asyncio.Task, "all_tasks")`,
 * not `hasattr(asyncio, "all_tasks")`, which asks for the newer function).
 */
function testsRemoved(call: SyntaxNode, removed: string, model: SemanticModel | undefined): boolean {
  const nameNode = argumentAt(call, 1);
  const name = nameNode && plainStringText(nameNode);
  const dot = removed.lastIndexOf('.');
  if (dot < 0 || name === undefined) return name === removed;
  const owner = argumentAt(call, 0);
  return name === removed.slice(dot + 1) && owner !== undefined && model?.qualifiedName(owner) === removed.slice(0, dot);
}

function isVersionInfo(node: SyntaxNode): boolean {
  const text = unparenthesize(node).text.replace(/\s+/g, '');
  // `sys.version_info.minor` too: the Pythons asyncio code runs on are all 3.x.
  return /^(?:sys\.)?version_info(?:\[[0-9:]*\]|\.minor)?$/.test(text);
}

/** Whether a clause of the `try` catching a missing name (`except AttributeError:`) uses `replacement`. */
function fallsBackTo(statement: SyntaxNode, replacement: string, model: SemanticModel): boolean {
  const lastPart = replacement.slice(replacement.lastIndexOf('.') + 1);
  const uses = (node: SyntaxNode): boolean => {
    if (node.type !== 'identifier' && node.type !== 'attribute') return node.namedChildren.some(uses);
    if (node.text.endsWith(lastPart) && model.qualifiedName(node) === replacement) return true;
    // In `x.all_tasks`, only `x` is a name of its own.
    const object = node.type === 'attribute' ? node.childForFieldName('object') : null;
    return object !== null && uses(object);
  };
  return statement.namedChildren.some(
    (clause) =>
      clause.type === 'except_clause' &&
      catchesMissingName(clause) &&
      clause.namedChildren.some((part) => part.type === 'block' && uses(part)),
  );
}

/** `except ImportError:`, `except (AttributeError, TypeError) as error:`. */
function catchesMissingName(clause: SyntaxNode): boolean {
  return catchesAny(clause, MISSING_NAME_ERRORS);
}

/** Whether the `except` clause catches one of `errors` (by last name: `except (builtins.TypeError, KeyError) as e:`). */
function catchesAny(clause: SyntaxNode, errors: ReadonlySet<string>): boolean {
  const caught = clause.namedChildren.find((part) => part.type !== 'block' && part.type !== 'comment');
  if (!caught) return false;
  const types = caught.type === 'as_pattern' ? caught.namedChildren[0] : caught;
  const names = types && unparenthesize(types).type === 'tuple' ? unparenthesize(types).namedChildren : types ? [types] : [];
  return names.some((name) => errors.has(name.text.slice(name.text.lastIndexOf('.') + 1)));
}

/** What calling with a keyword argument a function no longer takes raises. */
const REMOVED_KEYWORD_ERRORS: ReadonlySet<string> = new Set(['TypeError']);

/**
 * Whether `call`, a call of `callee` passing a keyword argument a newer Python removed (`asyncio.Condition(loop=loop)`),
 * is tried in the body of a `try` whose `except TypeError:` (what the removed keyword raises there) calls `callee`
 * again: the older form tried first, the newer one where it fails, which works on every Python (`try: lock =
 * asyncio.Condition(loop=loop)` / `except TypeError: lock = asyncio.Condition()`). Not across a function or lambda:
 * the `try` must run the call.
 */
export function isTriedBeforeNewerCall(call: SyntaxNode, callee: string, model: SemanticModel): boolean {
  for (let child = call, parent = call.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'function_definition' || parent.type === 'lambda' || parent.type === 'class_definition') return false;
    if (parent.type !== 'try_statement' || child.id !== parent.childForFieldName('body')?.id) continue;
    const fallsBack = parent.namedChildren.some(
      (clause) =>
        clause.type === 'except_clause' &&
        catchesAny(clause, REMOVED_KEYWORD_ERRORS) &&
        clause.descendantsOfType('call').some((other) => model.calleeName(other, model.scopeOf(other)) === callee),
    );
    if (fallsBack) return true;
  }
  return false;
}
