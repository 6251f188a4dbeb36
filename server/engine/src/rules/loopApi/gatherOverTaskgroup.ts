// LOOP209 gather-over-taskgroup: `await asyncio.gather(<coroutines>)` where an `asyncio.TaskGroup`
// would cancel the siblings of a failed task (hint, Python 3.11+).
import type { SyntaxNode } from '../../analysis/pythonParser';
import {
  callArguments,
  COMPREHENSION_KINDS,
  contextManagerOf,
  DEFINITION_KINDS,
  definedFunctions,
  unparenthesize,
  withItems,
} from '../../analysis/pythonSyntax';
import type { Scope } from '../../analysis/scope';
import type { SemanticModel } from '../../analysis/semanticModel';
import type { Rule, RuleContext } from '../../linter/rule';
import { atLeast } from '../../linter/pythonVersion';
import { callsCoroutineThatCannotFail } from '../../ruleSupport/catchAllCoroutines';
import { callsCoroutineFunction } from '../../ruleSupport/coroutineCalls';
import { isExpectedToRaise } from '../../ruleSupport/expectedToRaise';
import { mayCallMadePlain } from '../../ruleSupport/plainWrappers';
import { catchesErrorTypeAroundCall, caughtAsTypeNoGroupIs, namesTypeNoGroupIs } from '../../ruleSupport/errorCatchingDecorators';
import { statedAtLeast } from '../../ruleSupport/statedTargetVersion';
import { calleeMatcher, coroutineSource, isCoroutineCall, isFutureOrTask } from './support/asyncioValues';

const callsGather = calleeMatcher(['asyncio.gather']);

/** `asyncio.TaskGroup` is new in Python 3.11. */
const TASK_GROUP_SINCE = { major: 3, minor: 11 };

/**
 * From Python 3.12 `contextlib.suppress(X)` also suppresses an exception group holding only `X`s (and raises the rest
 * as a group): around a TaskGroup it still does its work.
 */
const SUPPRESS_SPLITS_GROUPS_SINCE = { major: 3, minor: 12 };

export const gatherOverTaskgroup: Rule = {
  code: 'LOOP209',
  name: 'gather-over-taskgroup',
  summary: '`await asyncio.gather(...)` of coroutines, where `asyncio.TaskGroup` cancels the rest when one fails (hint).',
  defaultSeverity: 'hint',
  // Off by default: a migration hint, not a mistake. On real projects a reviewer left about a quarter of the findings as
  // they were even after the rule learnt what TaskGroup would break (bench/lint/realWorld.ts: 82 of 108 judged right
  // over 28 corpora): fan-outs whose parts should finish on their own (shutdowns, one request per device), callers
  // and tests relying on the error's own type, tests whose leftovers a fixture already cancels.
  enabledByDefault: false,
  equivalents: [],
  fixable: false,
  nodeKinds: ['await'],
  check(awaitNode, context) {
    if (!context.scope.isAsyncContext || !statedAtLeast(context.settings, TASK_GROUP_SINCE)) return;
    const inner = awaitNode.firstNamedChild;
    const call = inner && unparenthesize(inner);
    if (call?.type !== 'call' || !callsGather(call, context)) return;
    const args = callArguments(call);
    const returnExceptions = args.keywords.get('return_exceptions');
    // With return_exceptions=True every awaitable runs to the end: a TaskGroup behaves differently.
    if (returnExceptions && unparenthesize(returnExceptions).type !== 'false') return;
    const argumentList = call.childForFieldName('arguments');
    const awaitables =
      argumentList?.namedChildren.filter((argument) => argument.type !== 'keyword_argument' && argument.type !== 'comment') ?? [];
    if (!awaitables.some((argument) => startsCoroutine(argument, context))) return;
    // A Task or Future beside the coroutines (an inner `asyncio.gather(...)`): `tg.create_task()` cannot take it, and
    // what the TaskGroup would look after is only part of what is gathered.
    if (awaitables.some((argument) => isFutureOrTask(argument, context))) return;
    // The error the gather raises is what the code around it expects: a TaskGroup would raise an ExceptionGroup instead.
    if (exceptionTypeReliedOn(call, context)) return;
    // Where no awaitable can fail, there is no sibling to cancel and no error to lose: the TaskGroup would change nothing.
    if (awaitables.every((argument) => cannotFail(argument, context))) return;
    // Nor can it take a status object that a decorator makes a call return (`signal.set(1)`, see plainWrappers.ts). Asked
    // last: the project may have to read the modules defining an `async def` of that name.
    if (awaitables.some((argument) => mayBeMadePlain(argument, context))) return;
    context.report({
      node: call,
      message:
        '`asyncio.gather()` leaves the other awaitables running when one fails; use `async with asyncio.TaskGroup() as tg:` with `tg.create_task(...)`, which cancels the rest and reports every error',
    });
  },
  doc: {
    whatItDoes:
      "Suggests `asyncio.TaskGroup` for `await asyncio.gather(...)` in a coroutine when the project states a target version of 3.11 or later (a setting, `requires-python` or `python_requires`) and at least one argument is a coroutine: a call (of an `async def`, or of a function not found, taken for one), `*[fetch(u) for u in urls]`, or a name assigned one. Where nothing states the target version, nothing is reported: the default target is only a guess, and `TaskGroup` does not exist before 3.11. Calls with `return_exceptions=True` are left alone (TaskGroup does not collect exceptions as results), as are gathers not awaited where they stand, and gathers with an argument that `tg.create_task()` would refuse: an existing Task or Future (an inner `asyncio.gather(...)`, a name assigned `asyncio.create_task(...)`, `loop.run_in_executor(...)`, a name the function calls `add_done_callback()`, `result()` or another method only Futures have on), or a call that may return no coroutine at all because it is named as an `async def` that a decorator of this file or of the project makes a plain function (a decorator returning a plain `def` that does more than return the decorated function's call: ophyd-async's `@AsyncStatus.wrap` makes `signal.set(1)` return a status object running the coroutine as a Task). The name decides because the receiver's type is seldom known (`self.driver.mode.set(...)`); a call found to be of a coroutine function is not affected. Gathers whose error type the code around them relies on are left alone too: in the body of `with pytest.raises(...)` or `with self.assertRaises(...)`, of a `try` with an `except` naming a type other than `Exception`, `BaseException`, the exception groups, `CancelledError`, `KeyboardInterrupt` and `SystemExit`, or, where the target version is 3.11, of a `with contextlib.suppress(...)` naming such a type, or in a coroutine nested in a function that awaits it only in such places, or in a coroutine whose decorator, of this file or of the project, calls it in the body of a `try` with an `except` naming such a type (a decorator function, a factory called for one, or a class called for an instance whose `__call__` decorates: home-assistant supervisor's `@Job(...)` handles `HassioError` apart from other errors): a TaskGroup raises its tasks' errors wrapped in an `ExceptionGroup`, which that handler would not catch and that test would not expect (callers elsewhere are not looked for). From Python 3.12 `suppress()` also suppresses a group holding only the types it names, so a gather in its body is reported there. So are gathers whose every awaitable is a call of an `async def` of this file that cannot fail (see LOOP301: each statement of its body cannot raise, or is a `try` catching `Exception` or everything that never raises again, whose `else` cannot fail or hands the result to the future or Deferred the handler hands the exception to, and whose `finally` cannot raise, an import of a package the module imports at its top, or a `while`/`if` around such statements; an empty method a subclass may override is not judged by its body): none of them can fail, so a TaskGroup would change nothing.",
    whyIsThisBad:
      'When one awaitable passed to `gather` raises, `gather` propagates that exception but leaves the others running, unsupervised: their errors are lost and they may outlive the caller. A `TaskGroup` cancels the remaining tasks on the first failure, waits for them, and raises every error in an `ExceptionGroup`. It is a hint: `gather` is not wrong when the awaitables cannot fail or their results order matters more than structured cancellation.',
    example:
      'import asyncio\n\nasync def load_dashboard(user_id):\n    profile, orders = await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id))\n    return render(profile, orders)',
    useInstead:
      'import asyncio\n\nasync def load_dashboard(user_id):\n    async with asyncio.TaskGroup() as tg:\n        profile = tg.create_task(fetch_profile(user_id))\n        orders = tg.create_task(fetch_orders(user_id))\n    return render(profile.result(), orders.result())',
  },
};

/**
 * Whether code around the gather relies on the type of the error it raises: the body of `with
 * pytest.raises(TimeoutError):` (or `self.assertRaises(...)`), of a `try` with an `except` naming a type that no
 * `ExceptionGroup` is (`except MotorLimitsError:`), or, before Python 3.12, of a `with contextlib.suppress(...)` of
 * such a type (`with suppress(HostNetworkNotFound):`), in its own function or, for a coroutine nested in a function,
 * around every call of it there (a test's `async def main(): await asyncio.gather(...)` awaited in `with
 * pytest.raises(...)`). A TaskGroup raises its tasks' errors wrapped in an `ExceptionGroup`: that test would fail, that
 * handler be skipped. `except Exception:` and a bare `except:` still catch the group. A decorator of the coroutine
 * holding the gather that calls it in such a `try` (`@Job(...)`) relies on the type too. Callers elsewhere are not
 * looked for.
 */
function exceptionTypeReliedOn(call: SyntaxNode, context: RuleContext): boolean {
  const { model, scope } = context;
  if (errorTypeTestedAround(call, scope, context)) return true;
  const coroutine = scope.functionScope;
  if (coroutine && decoratedToCatchErrorType(coroutine.node, context)) return true;
  const holder = coroutine?.parent;
  if (!coroutine || !holder?.functionScope) return false;
  const binding = model.bindingsIn(holder, coroutine.name).find((candidate) => candidate.definition?.id === coroutine.node.id);
  const uses = binding ? model.references(binding) : [];
  return (
    uses.length > 0 &&
    uses.every(
      (use) =>
        use.parent?.type === 'call' &&
        use.parent.childForFieldName('function')?.id === use.id &&
        errorTypeTestedAround(use, model.scopeOf(use), context),
    )
  );
}

/**
 * Whether a decorator of `definition`, of this file or of the project, calls it in a `try` catching a type no
 * `ExceptionGroup` is (home-assistant supervisor's `@Job(...)`, whose wrapper handles `HassioError` apart from the
 * rest): that handler would be skipped. A class called as the decorator decorates through its instances' `__call__`.
 */
function decoratedToCatchErrorType(definition: SyntaxNode, context: RuleContext): boolean {
  const { model, project } = context;
  const decorated = definition.parent;
  if (decorated?.type !== 'decorated_definition') return false;
  return decorated.namedChildren.some((decorator) => {
    const written = decorator.type === 'decorator' ? decorator.firstNamedChild : null;
    const called = written?.type === 'call';
    const expression = called ? written.childForFieldName('function') : written;
    if (!expression) return false;
    const local = model.definitionOf(expression);
    if (local?.type === 'function_definition') return catchesErrorTypeAroundCall(local);
    if (local?.type === 'class_definition') {
      const call = called ? definedFunctions(local).find((method) => method.childForFieldName('name')?.text === '__call__') : undefined;
      return call !== undefined && catchesErrorTypeAroundCall(call);
    }
    const name = local === undefined ? model.qualifiedName(expression) : undefined;
    return name !== undefined && project?.decoratorCatchesErrorType(`${project.absoluteName(name)}${called ? '()' : ''}`) === true;
  });
}

/**
 * `node` lies, in its own function, in a body expecting an error of some type, in a `try` body catching one, or in the
 * body of a `with contextlib.suppress(...)` of one where the target version is older than 3.12 (before, `suppress()`
 * lets an `ExceptionGroup` through whatever it holds).
 */
function errorTypeTestedAround(node: SyntaxNode, scope: Scope, context: RuleContext): boolean {
  const { model } = context;
  if (isExpectedToRaise(node, model, scope)) return true;
  const suppressMissesGroups = !atLeast(
    context.settings.targetVersion,
    SUPPRESS_SPLITS_GROUPS_SINCE.major,
    SUPPRESS_SPLITS_GROUPS_SINCE.minor,
  );
  if (caughtAsTypeNoGroupIs(node)) return true;
  if (!suppressMissesGroups) return false;
  for (let child = node, parent = node.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'with_statement' || parent.childForFieldName('body')?.id !== child.id) continue;
    if (namesTypeNoGroupIs(suppressedTypes(parent, model, scope))) return true;
  }
  return false;
}

/** The types a `with` statement's `contextlib.suppress(...)` items name (`*ERRORS` as `ERRORS`). */
function suppressedTypes(statement: SyntaxNode, model: SemanticModel, scope: Scope): SyntaxNode[] {
  return withItems(statement).flatMap((item) => {
    const manager = contextManagerOf(item);
    if (manager?.type !== 'call' || model.calleeName(manager, scope) !== 'contextlib.suppress') return [];
    const args = manager.childForFieldName('arguments')?.namedChildren ?? [];
    return args.flatMap((argument) => {
      if (argument.type === 'comment' || argument.type === 'keyword_argument') return [];
      const inner = argument.type === 'list_splat' ? argument.firstNamedChild : argument;
      return inner ? [unparenthesize(inner)] : [];
    });
  });
}

/** A coroutine call, a name assigned one, or `*[coro(x) for x in xs]` / `*(coro(x) for ...)`. */
function startsCoroutine(argument: SyntaxNode, context: RuleContext): boolean {
  const node = unparenthesize(argument);
  if (node.type !== 'list_splat') return coroutineSource(node, context) !== undefined;
  const element = spreadElement(node);
  return element !== undefined && isCoroutineCall(element, context);
}

/**
 * Whether `argument` (a call, a name assigned one, or `*[call(x) for ...]`) may call an `async def` that a decorator of
 * this file or the project makes a plain function; not when it calls a coroutine function found as such.
 */
function mayBeMadePlain(argument: SyntaxNode, context: RuleContext): boolean {
  const node = unparenthesize(argument);
  const call = node.type === 'list_splat' ? spreadElement(node) : coroutineSource(node, context);
  if (call?.type !== 'call') return false;
  const scope = context.model.scopeOf(call);
  return !callsCoroutineFunction(call, scope, context.model, context.project) && mayCallMadePlain(call, context.model, context.project);
}

/** Whether `argument` (a coroutine call, or `*[coro(x) for ...]`) calls an `async def` of this file that cannot fail. */
function cannotFail(argument: SyntaxNode, context: RuleContext): boolean {
  const node = unparenthesize(argument);
  const call = node.type === 'list_splat' ? spreadElement(node) : node;
  return call !== undefined && callsCoroutineThatCannotFail(call, context.model, context.scope);
}

/** `coro(x)` of `*[coro(x) for x in xs]` (or of a generator expression): what a spread comprehension makes. */
function spreadElement(splat: SyntaxNode): SyntaxNode | undefined {
  const spread = splat.firstNamedChild && unparenthesize(splat.firstNamedChild);
  const body = spread && COMPREHENSION_KINDS.has(spread.type) ? spread.childForFieldName('body') : null;
  return body ? unparenthesize(body) : undefined;
}
