// LOOP305 cancellation-swallowed: a coroutine's `except` clause that catches `asyncio.CancelledError`
// (directly, through `BaseException` or a bare `except:`) and does not re-raise it.
import type { SyntaxNode } from '../../analysis/pythonParser';
import {
  callArguments,
  caughtName,
  DEFINITION_KINDS,
  isMethodDefinition,
  lastDottedName,
  parentOutsideParentheses,
  unparenthesize,
} from '../../analysis/pythonSyntax';
import type { Scope } from '../../analysis/scope';
import { MODULE_CODE, referencesOf, type SemanticModel } from '../../analysis/semanticModel';
import type { Rule } from '../../linter/rule';
import { awaitedCall, enclosingLoop, handlerBlock, hasCheckpoint, isLastWork, statementsOf } from './support/syntaxShapes';
import { collectedForRaising, raisedAfterTry, resultRaised, storedForRaising } from './support/postponedRaise';
import { raisesCancellationItself, raisesRightAfter } from './support/raisesAroundTry';
import { cancelsChildAwaitedLater, cancelsOwnTaskAgain } from './support/ownTaskCancel';
import { endsTaskOfSuppressingOwner } from './support/suppressingOwner';
import { clearsLastLoopCondition } from './support/clearedLoopCondition';
import { catchOf, caughtEarlier, inCancellationCleanup, reraises } from './support/cancellationCatches';
import { awaitsOnlyConsumingCoroutines } from './support/consumingCoroutines';
import { awaitsCancelledWork, awaitsOnlyCancelAndAwaitCoroutines, enclosingStatement } from './support/cancelledChildren';
import { awaitsOnlyWhatNeverSuspends } from './support/neverSuspendingAwaits';
import { isShielded, isStarted, isStartedDirectly, startedLater } from './support/taskRootStarts';
import { asyncLibraryOf, cancellationException } from '../../ruleSupport/asyncLibrary';
import { inTestSkippedOnTarget } from '../../ruleSupport/compatibilityFallback';
import { callOf } from '../../ruleSupport/fileLocalFunctions';

export const cancellationSwallowed: Rule = {
  code: 'LOOP305',
  name: 'cancellation-swallowed',
  summary: '`CancelledError` (or a bare `except:` / `BaseException`) caught in a coroutine and not re-raised.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: ['ASYNC103', 'ASYNC104', 'S7497'],
  fixable: false,
  nodeKinds: ['except_clause'],
  check(clause, context) {
    if (!context.scope.isAsyncContext) return;
    const { model, scope } = context;
    const caught = catchOf(clause, model, scope);
    if (!caught || caught.byAnyio) return;
    const tryStatement = clause.parent;
    if (tryStatement?.type !== 'try_statement') return;
    // An earlier clause that catches cancellation sees it first; this one never does.
    if (caughtEarlier(clause, model, scope)) return;
    // Clean-up inside an outer handler of the cancellation: that handler decides whether it is lost, and is judged.
    if (inCancellationCleanup(tryStatement, model, scope)) return;
    const body = tryStatement.childForFieldName('body');
    if (!body || !hasCheckpoint(scope, body.startIndex, body.endIndex)) return;
    const handler = handlerBlock(clause);
    if (!handler || reraises(handler, context.model, scope) || consumesCancellation(handler, model, scope)) return;
    // Cancelling its own task again re-requests the cancellation for the task's next await: it is not swallowed.
    if (cancelsOwnTaskAgain(handler, scope, model)) return;
    // Cancelling a child task it awaits later hands the cancellation on: it comes back at that await.
    if (cancelsChildAwaitedLater(handler, tryStatement, scope, model)) return;
    if (handsOnException(clause, handler)) return;
    if (raisedAfterTry(clause, tryStatement, handler, scope, model, () => callersRaiseResult(scope, model))) return;
    // The task ends by raising (the error an enclosing handler is handling), or hands the exception to its owner.
    if (raisesRightAfter(tryStatement, handler) || storedForOwner(clause, tryStatement, handler, scope)) return;
    if (awaitsCancelledWork(tryStatement, body, scope) || awaitsHeldObjects(body, scope, model)) return;
    // The idiom split across a coroutine of this file (`await run.terminate()`, which cancels its task and awaits it),
    // caught by name: a broad catch there is as likely written for the helper's other errors.
    if (caught.kind === 'explicit' && awaitsOnlyCancelAndAwaitCoroutines(body, scope, model)) return;
    // The coroutines it awaits consume the cancellation themselves: none reaches this clause.
    if (awaitsOnlyConsumingCoroutines(body, scope, model)) return;
    if (endsTaskRoot(clause, tryStatement, handler, scope, model)) return;
    // Catching `CancelledError` by name is a decision; it is reported only with evidence that it
    // hurts (see `swallowsVisibly`). A broad catch swallows cancellation by accident and is reported.
    if (
      caught.kind === 'explicit' &&
      (onlyAwaitsShielded(body, scope, model) ||
        raisesCancellationItself(body, scope, model) ||
        !swallowsVisibly(tryStatement, handler, scope, model))
    )
      return;
    // Awaits only of coroutines that never suspend: the task cannot be cancelled there (asked last: it reads other code).
    if (awaitsOnlyWhatNeverSuspends(body, scope, model, context.project)) return;
    // A test skipped on every Python the project targets (`skipif(sys.version_info >= (3, 7))`) never runs.
    if (inTestSkippedOnTarget(clause, model, context.settings.targetVersion)) return;
    const header = clause.text.slice(0, caught.header.endIndex - clause.startIndex).replace(/\s+/g, ' ');
    const library = asyncLibraryOf(context);
    const cancellation = cancellationException(library);
    const what =
      caught.kind === 'explicit'
        ? `\`${header}\` catches this task's cancellation`
        : caught.kind === 'baseException'
          ? `\`${header}\` also catches ${cancellation}`
          : `A bare \`except:\` also catches ${cancellation}`;
    const breaking =
      library === 'asyncio' ? '`Task.cancel()`, `asyncio.timeout` and `TaskGroup`' : 'cancel scopes, timeouts and task groups';
    const instead = caught.kind === 'explicit' ? 'clean up, then `raise`' : 'catch `Exception` instead, or re-raise with `raise`';
    context.report({
      start: clause.startPosition,
      end: caught.header.endPosition,
      message: `${what} and does not re-raise it, so the task carries on as if it had not been cancelled (breaking ${breaking}); ${instead}`,
    });
  },
  doc: {
    whatItDoes:
      "Flags, in a coroutine, an `except` (or `except*`) clause catching `asyncio.CancelledError`, `BaseException` or everything (bare `except:`) whose handler does not raise: no `raise` statement of its own (one inside a nested `except` clause runs only when that clause's exception happens, and does not count), no `assert False` (a test reporting what it caught as its failure: `except BaseException as e: assert False, e`), no assert a cancellation cannot pass among the handler's own statements before any that may end it (`return`, `break`, `continue`; not under a condition): a test checking what it caught, `assert isinstance(e, RuntimeError)` (or a tuple, or `IndexError | ValueError`) of builtin exception classes other than `BaseException` (`Exception` included: `CancelledError` derives from `BaseException` since 3.8) or classes of this file deriving from one, or `assert e is error` where `error` is bound once, to such a class's instance (`error = RuntimeError(\"oops\")`), raises AssertionError for a cancellation (`BaseException`, `asyncio.CancelledError`, a class from another module, or `e is not error`, decides nothing), and no call to a function that always raises (a function of the same file ending in `raise` with no `return`, or `sys.exit`, `pytest.fail`), when the `try` body can be cancelled at all: it contains an `await`, `async for` or `async with`, and not only awaits of coroutines that never suspend (an `async def` of this file with no `await`, `async for` or `async with` of its own, or awaiting only such coroutines, undecorated, no hook meant to be overridden (an empty body, or a docstring saying subclasses or users override it), and that no class deriving from its class overrides, in this file or elsewhere in the project; or a coroutine of another module of the project whose summary says the same: a method of the class its receiver is known to be an instance of, `self._settings.lookup(key)` where `__init__` assigned `self._settings` a parameter annotated `settings: Settings`): asyncio delivers a cancellation only where the task gives the loop a turn, so none can reach such a body. `except Exception` is never flagged: `CancelledError` derives from `BaseException` since Python 3.8. `concurrent.futures.CancelledError` is a different class since 3.8 and is not flagged either. Awaiting a task you have just cancelled (`task.cancel()` and then `try: await task` / `except CancelledError: pass`, also when the cancel loop comes before the loop that awaits) is the documented idiom and is not flagged, nor, where the clause names `CancelledError`, is a `try` whose only awaits are of coroutines of this file written that way (`await run.terminate()`, a method of the class `run: Run` says it is, whose every await is of a task it cancelled just before, `task.cancel()` then `await task`, rocketry's way of stopping a run), nor is a try body that only awaits a task or future held in a name or attribute (`await self.transfer_task`), also through `asyncio.wait_for(self.transfer_task, timeout)`, which only puts a timeout on that wait (of an attribute, one this file cancels, `self.transfer_task.cancel()`: a future nobody cancels raises no `CancelledError` of its own), whose `CancelledError` is in that idiom the awaited task's; a handler that hands the exception on (`errors.append(exc)`, `future.set_exception(exc)`, `sys.exc_info()`, or inside a value it sends on by keyword too: `await results.send(Outcome(task, error=exc))`) is not flagged, since what happens to it is decided elsewhere; nor is a handler that keeps the exception in a local name by a statement of its own (`cancellation = exc`, or `if first_error is None: first_error = exc`, keeping the first of several errors, which is then raised in the cancellation's place) which the same function raises after the `try` statement (`if cancellation is not None: raise cancellation`, or a test's `assert cancellation is None`, failing with an `AssertionError`; not in a later `except` clause), or hands there to an error picker whose result it raises (`final = self._cleanup_failure(primary_error, cleanup_errors)`, then `raise final` or `if final := ...: raise final`; an error picker is a plain function of the same file whose every `return` gives back one of its arguments or an item of one, `return cancellation or primary or next(iter(errors), None)`, and which ends with such a `return`: one that may return None or anything else, or whose result is only logged, does not count), or returns at its end (`return first_error`, with no other `return` after the `try`) to callers that raise it (every call in the same top-level statement or module-level code is `error = await self._close()` followed by `raise error`, or appends what it returns to a local list, `if error := await self._close(page): errors.append(error)`, which it later hands to an error picker whose result it raises, with nothing binding the list anew in between), with nothing binding that name anew in between (from the top of any loop around the `try`) but other handlers keeping their own caught exception in it (a loop whose read and whose write each store the cancellation and `break`): the cancellation is postponed until work that cannot be interrupted ends (a thread awaited through `asyncio.shield`), not swallowed; nor is a handler returning what it caught by a statement of its own (`return exc`, a `_close()` helper handing back what closing raised) to such callers; nor, likewise, is a handler that notes the cancellation in a local flag by a statement of its own (`cancelled = True`) on which the same function raises a new one after the `try` statement (`if cancelled: raise asyncio.CancelledError`, after the loop that takes a lock back, as `asyncio.Condition.wait` does), with nothing setting the flag to another value in between (from the top of any loop around the `try`); nor is a handler that keeps the exception in an attribute by a statement of its own (`self._run_error = err`) which other code of the same top-level statement raises (`raise self._run_error` in the class's `__aexit__`), unless a loop around the `try` goes round again: the exception is handed to the object's owner; nor is a handler that cannot skip a `raise` right after its `try` statement (neither it nor a `finally` clause has a `return`, `break` or `continue`), as a clean-up `try` inside `except:` followed by `raise` is, also where the `try` ends an `if` branch or a `with` block the `raise` follows (`except CancelledError:` whose `if subscribed:` guards `try: await unsubscribe()` / `except BaseException: log(...)`, then `raise`): the task ends by raising, not carrying on; nor is a handler that ends a coroutine which this file only starts as a task of its own (`self._task = create_task(self._routine())`, `asyncio.run(main())`, `loop.call_soon_threadsafe(asyncio.create_task, self._routine())`, whose task the loop makes and nobody holds, or `await asyncio.shield(self._routine())`, whose inner task nobody else holds to cancel; found in the same top-level statement or in module-level code) and never awaits, with no loop going round again after the handler (a `break` leaves the loop around the `try`, unless an outer loop takes it round again; so does making the loop's condition false, as below): the task stops, which is what its owner asked; nor is a handler that cancels its own task again by a statement of its own, not under a condition (`asyncio.current_task().cancel()`, or `.cancel()` on a local name bound only to `asyncio.current_task()`): the task's next await raises `CancelledError` again, so the cancellation is put off, not swallowed (cancelling another task is no such thing, unless it is a child task the coroutine started, `task = asyncio.create_task(run())`, and awaits after the `try` statement outside any `try` body, `await task` after the drain loop: the child's `CancelledError` comes back there); nor is a handler that calls `uncancel()` (the Python 3.11+ way to consume a cancellation), itself or through a function of this file it calls (a helper skipping it on older Pythons), or a clause after one that already catches `CancelledError` (by name, or as anyio's `get_cancelled_exc_class()`), or a clause in the clean-up of an outer handler of the same function that catches the cancellation first for its own `try`, and nothing else (an `except CancelledError:` whose handler guards `try: await self.close()` with `except CancelledError: pass` against a second cancellation): whether the task's cancellation is lost is that outer handler's doing, and it alone is flagged (once it re-raises, the inner clause loses nothing). Under `except BaseException:` or a bare `except:`, whose handler also cleans up after ordinary errors, the inner clause is flagged: a cancellation arriving during that clean-up is a new one, which only it swallows. A clause catching anyio's `get_cancelled_exc_class()` is not flagged itself: anyio's cancellation is level-triggered (the cancel scope stays cancelled, and the next checkpoint raises it again), so catching it delays the cancellation rather than swallowing it. A clause after a `try` body whose only awaits are of coroutines of this file (`await self._drain()`, an undecorated `async def`, not the coroutine itself) that consume the cancellation wherever they suspend is not flagged either: each of their awaits (and `async for`/`async with`) sits in a `try` body whose first clause catching `CancelledError` does not raise (`try: await asyncio.shield(self._flush())` / `except asyncio.CancelledError: pass`; a clause that raises hands it to a `try` further out, which must consume it in turn), and they raise no `CancelledError` themselves; the awaited coroutine runs in the same task, so the cancellation is raised, and ends, at its own await, and this clause never receives it (what the inner clause does is judged there). A `try` whose every await is of `asyncio.shield(...)` with an `except CancelledError:` is the documented way to ignore cancellation on purpose (the shielded teardown, or each of several stops, finishes) and is not flagged either. A clause naming `CancelledError` after a `try` body that raises it itself (`raise asyncio.CancelledError()`, a test simulating a cancelled handler) is written for that cancellation and is not flagged. A clause that names `CancelledError` is a decision (libraries use it to end a routine quietly: a command wrapper returning, a reconnect giving up, `main()` leaving on Ctrl-C), so it is flagged only with evidence that the swallowed cancellation does harm (the awaits of a `finally` clause are none: they run on every exit, the cancelled one too): the handler awaits again (unless it is the coroutine's last work, with no loop in it, and it returns, or `break`s out of the loop around the `try` with nothing after that loop (the loop never goes round again, so what follows it decides), or nothing follows the `try` and no loop is around it, and every use of the coroutine in the file is `task = create_task(routine())` whose task (the name may hold one such task per branch) is only cancelled, `task.cancel()` or `task.cancel` handed to a signal handler, and awaited with `CancelledError` suppressed, `except CancelledError: pass` or `contextlib.suppress(CancelledError)`, or as the last work of a `main()` that only `asyncio.run()` runs (the program ends with the task, quietly; re-raising would end `asyncio.run()` with `CancelledError`), or is never held: that await is the clean-up the advice keeps, and the owner accepts either ending; a coroutine run by `asyncio.run()` is no such task, since asyncio.run re-raises Ctrl-C only when its main task ends cancelled), or the loop around the `try` goes round again (the task visibly keeps working after it was asked to stop; not when the handler, by a statement of its own, makes the condition of that `while` loop false, `self.keep_alive = False` under `while self.keep_alive:`, the `try` being the loop body's last work and the loop, with no `else` clause, the coroutine's, up through `with` blocks: the loop ends as on a `break` and the task with it); other code of the same top-level statement or module-level code awaits the coroutine (`await self.disconnect()`, or through `asyncio.wait_for`: the cancellation caught is that caller's, which then carries on as if it had not been cancelled; not through `asyncio.gather`, which raises the caller's cancellation once its children end, whatever they return, and not when a private coroutine awaits it as its last work, `return await self._handshake()`, and is itself only started as a task here, or awaited the same way: the task then just ends, and the coroutine and each such caller must be private, `_name` or a function local to another whose name is only called there, `async def runner(): await self._serve()` then `asyncio.run(runner())`, since a public one may be awaited elsewhere by callers that carry on); or that code starts the coroutine as a task it cancels and then checks (`self._task.cancel()` … `self._task.cancelled()`; a `cancelled()` guard before the cancel, `if not task.cancelled(): task.cancel()`, only avoids cancelling twice and is no such evidence). Cancelling a task and awaiting it is not such evidence by itself: an owner that awaits it without handling `CancelledError` relies on the routine ending quietly, and one that suppresses `CancelledError` accepts either outcome. A broad `except BaseException:` or bare `except:` is flagged without such evidence: it swallows cancellation by accident. Nothing is flagged in a test skipped on every Python the target version allows (`@pytest.mark.skipif(sys.version_info >= (3, 7), ...)` where the target is 3.7 or later, `@unittest.skipUnless(sys.version_info < (3, 8), ...)`, also through a module-level name bound once to the comparison, or a method of a test class so skipped): it never runs.",
    whyIsThisBad:
      'asyncio cancels a task by raising `CancelledError` at its current `await`. Code that swallows it keeps running: `task.cancel()` appears to have no effect, `asyncio.timeout()` cannot turn the cancellation into `TimeoutError`, a `TaskGroup` cannot stop its children, and `asyncio.run()` may hang at shutdown.',
    example:
      'import asyncio\nimport logging\n\nasync def consume(queue):\n    while True:\n        try:\n            item = await queue.get()\n            await process(item)\n        except BaseException:\n            logging.exception("item failed")',
    useInstead:
      'import asyncio\nimport logging\n\nasync def consume(queue):\n    while True:\n        try:\n            item = await queue.get()\n            await process(item)\n        except Exception:\n            logging.exception("item failed")',
  },
};

/**
 * `try: await asyncio.shield(work) except CancelledError: ...`: the documented way to ignore cancellation on purpose
 * (the shielded work finishes, a teardown or each of several stops): the try body's every await is of a shield.
 */
function onlyAwaitsShielded(body: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const start = body.startIndex;
  const end = body.endIndex;
  const within = (node: SyntaxNode): boolean => node.startIndex >= start && node.startIndex < end;
  if (scope.asyncStatements.some(within)) return false;
  const awaits = scope.awaits.filter((node) => node.isNamed && within(node));
  return (
    awaits.length > 0 &&
    awaits.every((node) => {
      const call = awaitedCall(node);
      return call !== undefined && model.calleeName(call, scope) === 'asyncio.shield';
    })
  );
}

/** `asyncio.timeout()` / `timeout_at()`: entering and leaving them does not suspend. */
const NON_SUSPENDING_CONTEXTS: ReadonlySet<string> = new Set(['asyncio.timeout', 'asyncio.timeout_at']);

/**
 * A try body whose only suspension points await a task or future held in a name or attribute
 * (`await self.transfer_task`), not a coroutine call: a `CancelledError` there is, in the idiom this
 * shape is written for, the awaited task's own cancellation (it was cancelled elsewhere), which the
 * handler means to absorb; whether it could instead be this task's cannot be told from the code.
 */
function awaitsHeldObjects(body: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const start = body.startIndex;
  const end = body.endIndex;
  const within = (node: SyntaxNode): boolean => node.startIndex >= start && node.startIndex < end;
  // `asyncio.current_task().cancel()` makes the next await this task's own cancellation.
  if (/current_task\(\)\s*\.\s*cancel\b/.test(body.text)) return false;
  for (const statement of scope.asyncStatements.filter(within)) {
    if (statement.type !== 'with_statement') return false;
    const items = statement.descendantsOfType('with_item').filter((item) => item.parent?.parent?.id === statement.id);
    for (const item of items) {
      const value = item.childForFieldName('value');
      const call = value ? unparenthesize(value.type === 'as_pattern' ? (value.firstNamedChild ?? value) : value) : undefined;
      const name = call?.type === 'call' ? model.calleeName(call, scope) : undefined;
      if (name === undefined || !NON_SUSPENDING_CONTEXTS.has(name)) return false;
    }
  }
  if (scope.children.some((child) => child.kind === 'comprehension' && hasCheckpoint(child, start, end))) return false;
  const awaits = scope.awaits.filter((node) => node.type === 'await' && within(node));
  const held = (node: SyntaxNode | undefined): boolean =>
    node?.type === 'identifier' || node?.type === 'attribute' || node?.type === 'subscript';
  return (
    awaits.length > 0 &&
    awaits.every((node) => {
      const operand = node.firstNamedChild ? unparenthesize(node.firstNamedChild) : undefined;
      // `asyncio.wait_for(self.worker, timeout)` only puts a timeout on the wait for the object it is given: held in
      // a name, or in an attribute this module cancels (a future nobody cancels raises no CancelledError of its own).
      if (operand?.type === 'call' && model.calleeName(operand, scope) === 'asyncio.wait_for') {
        const first = callArguments(operand).positional[0];
        const awaited = first && unparenthesize(first);
        return awaited?.type === 'identifier' || (held(awaited) && cancelledInModule(awaited!, model));
      }
      return held(operand);
    })
  );
}

/** Whether the module calls `.cancel()` on what `held` (an attribute or subscript, `self.worker`) is written as. */
function cancelledInModule(held: SyntaxNode, model: SemanticModel): boolean {
  // A re-lint checks the statement again when one naming the attribute changes.
  const last = held.type === 'attribute' ? held.childForFieldName('attribute')?.text : undefined;
  if (last !== undefined) model.recordDependency(referencesOf(last));
  const written = held.text.replace(/\s+/g, '');
  return model.root.text.replace(/\s+/g, '').includes(`${written}.cancel(`);
}

/**
 * Where evidence about how a coroutine is used is looked for: its own top-level statement (a class's
 * other methods) and module-level code, so re-linting one statement after an edit sees what a full
 * lint sees.
 */
function evidencePlaces(coroutine: SyntaxNode, model: SemanticModel): SyntaxNode[] {
  let topLevel = coroutine;
  while (topLevel.parent && topLevel.parent.type !== 'module') topLevel = topLevel.parent;
  const places = [topLevel];
  const module = topLevel.parent;
  if (module) {
    model.recordDependency(MODULE_CODE);
    places.push(
      ...module.namedChildren.filter((statement) => !DEFINITION_KINDS.has(statement.type) && statement.type !== 'decorated_definition'),
    );
  }
  return places;
}

/**
 * An explicit `except CancelledError` is often the deliberate way a library ends a routine quietly
 * (a command wrapper returning, a reconnect giving up, `main()` leaving on Ctrl-C). It is reported
 * when the code shows the swallowed cancellation doing harm:
 * - the handler awaits again, or the loop around the `try` goes round again: the task visibly keeps
 *   working after it was asked to stop (not when that await is the last clean-up of a task whose owner
 *   suppresses its `CancelledError`: see endsTaskOfSuppressingOwner);
 * - other code here awaits the coroutine (`await self.disconnect()`): the cancellation caught is
 *   that caller's, which then carries on as if nothing had been cancelled (a timeout around it
 *   cannot fire); not through gather (see WAITING_CALLS), nor as a private task's last work (see endsCallersTask);
 * - the coroutine is started as a task that code here cancels and then checks with `cancelled()`:
 *   that code relies on the cancelled state the handler hides.
 */
function swallowsVisibly(tryStatement: SyntaxNode, handler: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const start = handler.startIndex;
  const end = handler.endIndex;
  const within = (node: SyntaxNode): boolean => node.startIndex >= start && node.startIndex < end;
  const awaitsAgain = scope.awaits.some(within) || scope.asyncStatements.some(within);
  if (awaitsAgain && !endsTaskOfSuppressingOwner(tryStatement, handler, scope, model)) return true;
  const coroutine = scope.functionScope?.node;
  if (coroutine?.type !== 'function_definition') return false;
  if (loopsAgain(handler, tryStatement, coroutine)) return true;
  const name = coroutine.childForFieldName('name')?.text;
  if (!name) return false;
  const places = evidencePlaces(coroutine, model);
  return callsFromOutside(coroutine, name, places).some(
    (call) => (isAwaited(call) && !endsCallersTask(call, model, 0)) || isCancelledAndChecked(call, places),
  );
}

/**
 * Whether the coroutine of `scope` is called here (see evidencePlaces), and only as `error = await self.routine()`
 * followed by `raise error`, or into a list of errors from which an error picker's result is raised (see
 * collectedForRaising): what it returns is raised by its callers.
 */
function callersRaiseResult(scope: Scope, model: SemanticModel): boolean {
  const coroutine = scope.functionScope?.node;
  const name = coroutine?.type === 'function_definition' ? coroutine.childForFieldName('name')?.text : undefined;
  if (!coroutine || !name) return false;
  const callsIt = callerOf(coroutine, name);
  const calls = evidencePlaces(coroutine, model).flatMap((place) => place.descendantsOfType('call').filter(callsIt));
  return calls.length > 0 && calls.every((call) => resultRaised(call, model) || collectedForRaising(call, model));
}

/** The calls of the coroutine `name` defined by `coroutine` in `places` (see evidencePlaces), outside its own body. */
function callsFromOutside(coroutine: SyntaxNode, name: string, places: readonly SyntaxNode[]): SyntaxNode[] {
  const callsIt = callerOf(coroutine, name);
  return places.flatMap((place) =>
    place
      .descendantsOfType('call')
      .filter((call) => callsIt(call) && (call.startIndex < coroutine.startIndex || call.startIndex >= coroutine.endIndex)),
  );
}

/**
 * Whether a call calls the coroutine defined by `coroutine`: `self.name(...)` / `cls.name(...)` for a
 * method, `name(...)` for a function (`other_module.name(...)` is another function). Whether the coroutine is a method
 * is read once for all the calls asked about (every call of its evidence places: each read costs syntax nodes).
 */
function callerOf(coroutine: SyntaxNode, name: string): (call: SyntaxNode) => boolean {
  const isMethod = isMethodDefinition(coroutine);
  return (call) => {
    const callee = call.childForFieldName('function');
    if (!callee) return false;
    if (!isMethod) return callee.type === 'identifier' && callee.text === name;
    if (callee.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== name) return false;
    const receiver = callee.childForFieldName('object')?.text;
    return receiver === 'self' || receiver === 'cls';
  };
}

/**
 * A handler storing the exception in an attribute the owner raises (see storedForRaising) and then leaving: were a
 * loop to go round again, the task would carry on after its cancellation was handed on.
 */
function storedForOwner(clause: SyntaxNode, tryStatement: SyntaxNode, handler: SyntaxNode, scope: Scope): boolean {
  const coroutine = scope.functionScope?.node;
  return coroutine !== undefined && storedForRaising(clause, handler) && !loopsAgain(handler, tryStatement, coroutine);
}

/** Whether, once the handler completes without raising, a loop of the coroutine goes round again. */
function loopsAgain(handler: SyntaxNode, tryStatement: SyntaxNode, coroutine: SyntaxNode): boolean {
  const last = statementsOf(handler).at(-1);
  if (last?.type === 'return_statement') return false;
  if (last?.type === 'continue_statement') return true;
  // Making the condition of the coroutine's last loop false (`self.keep_alive = False`) ends that loop as a `break` would.
  if (last?.type !== 'break_statement')
    return !clearsLastLoopCondition(handler, tryStatement, coroutine) && reachesLoopAgain(tryStatement, coroutine);
  const loop = enclosingLoop(tryStatement, coroutine);
  return loop !== undefined && reachesLoopAgain(loop, coroutine);
}

/** Whether control, going on after `statement`, comes back to the top of a loop around it (a `return` or leaving every loop ends it). */
function reachesLoopAgain(statement: SyntaxNode, coroutine: SyntaxNode): boolean {
  let node = statement;
  for (;;) {
    let next = node.nextNamedSibling;
    for (; next; next = next.nextNamedSibling) {
      if (next.type === 'return_statement') return false;
      if (next.type === 'continue_statement') return true;
      if (next.type === 'break_statement') break;
    }
    if (next) {
      const loop = enclosingLoop(node, coroutine);
      if (!loop) return false;
      node = loop;
      continue;
    }
    const parent = enclosingStatement(node);
    if (!parent || parent.id === coroutine.id || DEFINITION_KINDS.has(parent.type)) return false;
    if (parent.type === 'for_statement' || parent.type === 'while_statement') {
      const body = parent.childForFieldName('body');
      if (body && node.startIndex >= body.startIndex && node.endIndex <= body.endIndex) return true;
    }
    node = parent;
  }
}

/**
 * Calls that wait for the coroutine they are given. Not `gather`: a gathered coroutine runs in a task of its own, and
 * when the caller is cancelled, gather raises `CancelledError` once its children end, whatever they return.
 */
const WAITING_CALLS: ReadonlySet<string> = new Set(['wait_for', 'shield']);

/** How many callers up endsCallersTask follows `return await routine()`. */
const CALLER_DEPTH = 3;

/**
 * `await self._routine()` as its caller's last work (`return await self._routine()`, or the last statement, see
 * isLastWork), in a coroutine that code here only starts as a task of its own, or awaits the same way (up to
 * CALLER_DEPTH callers up): the cancellation ends that task quietly, and no caller carries on after it. The routine and
 * each caller on the way must be private (`_name`, or a caller local to another function: see isPrivate): a public one
 * may be awaited by callers elsewhere that carry on (`await handler.stop()` in another module, then a reconnect).
 */
function endsCallersTask(call: SyntaxNode, model: SemanticModel, depth: number): boolean {
  if (!lastDottedName(call.childForFieldName('function'))?.startsWith('_')) return false;
  const awaitNode = parentOutsideParentheses(call);
  const statement = awaitNode?.type === 'await' ? parentOutsideParentheses(awaitNode) : null;
  if (statement?.type !== 'expression_statement' && statement?.type !== 'return_statement') return false;
  const caller = enclosingDefinition(call);
  const name = caller?.type === 'function_definition' ? caller.childForFieldName('name')?.text : undefined;
  if (!caller || !name || !isPrivate(caller, name, model) || !isLastWork(statement, caller)) return false;
  const places = evidencePlaces(caller, model);
  const uses = callsFromOutside(caller, name, places);
  return (
    uses.length > 0 &&
    uses.every(
      (use) => (isStarted(use) && !isCancelledAndChecked(use, places)) || (depth < CALLER_DEPTH && endsCallersTask(use, model, depth + 1)),
    )
  );
}

/**
 * Whether only code looked at here calls the function: a private name (`_serve`), or an undecorated function local to
 * another (`async def runner(): await self._serve()` in a method, then `asyncio.run(runner())`) whose name is only ever
 * called there, not returned nor handed on to code elsewhere that may await it and carry on.
 */
function isPrivate(definition: SyntaxNode, name: string, model: SemanticModel): boolean {
  if (name.startsWith('_')) return true;
  const outer = enclosingDefinition(definition);
  const outerScope = outer?.type === 'function_definition' ? model.scopeOfDefinition(outer) : undefined;
  if (!outerScope || definition.parent?.type === 'decorated_definition') return false;
  const bindings = model.bindingsIn(outerScope, name);
  if (bindings.length !== 1 || bindings[0]!.definition?.id !== definition.id) return false;
  return model.references(bindings[0]!).every((use) => callOf(use) !== undefined);
}

/** `await routine()`, or `await asyncio.wait_for(routine(), ...)`: the caller waits for the coroutine's result. */
function isAwaited(call: SyntaxNode): boolean {
  const parent = parentOutsideParentheses(call);
  if (parent?.type === 'await') return true;
  const waiting = parent?.type === 'argument_list' ? parent.parent : undefined;
  return waiting?.type === 'call' && WAITING_CALLS.has(lastDottedName(waiting.childForFieldName('function')) ?? '') && isAwaited(waiting);
}

/**
 * `task = create_task(routine())` and, in the same places, `task.cancel()` and a look at
 * `task.cancelled()`: the owner relies on the cancelled state the handler hides. (Cancelling and then
 * awaiting alone is not evidence: an owner that awaits without handling `CancelledError` relies on
 * the routine ending quietly, and one that suppresses it accepts either outcome.)
 */
function isCancelledAndChecked(call: SyntaxNode, places: readonly SyntaxNode[]): boolean {
  if (!isStartedDirectly(call)) return false;
  const starter = call.parent?.parent;
  const assignment = starter?.parent;
  const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
  if (target?.type !== 'identifier' && target?.type !== 'attribute') return false;
  const held = target.text;
  // `cancel` or `cancelled` where the call is one of these methods on what holds the task.
  const heldMethod = (other: SyntaxNode): string | undefined => {
    const callee = other.childForFieldName('function');
    if (callee?.type !== 'attribute') return undefined;
    const method = callee.childForFieldName('attribute')?.text;
    return (method === 'cancel' || method === 'cancelled') && callee.childForFieldName('object')?.text === held ? method : undefined;
  };
  // A look after the cancel in the same function (`task.cancel()` … `task.cancelled()`), not the guard before it
  // (`if not task.cancelled(): task.cancel()`), which only avoids cancelling twice. Each call's callee is read once for
  // both lists (every call of the place is asked about).
  return places.some((place) => {
    const cancels: SyntaxNode[] = [];
    const checks: SyntaxNode[] = [];
    for (const other of place.descendantsOfType('call')) {
      const method = heldMethod(other);
      if (method === 'cancel') cancels.push(other);
      else if (method === 'cancelled') checks.push(other);
    }
    if (cancels.length === 0) return false;
    return cancels.some((cancel) => {
      const owner = enclosingDefinition(cancel);
      return checks.some((check) => check.startIndex > cancel.endIndex && enclosingDefinition(check)?.id === owner?.id);
    });
  });
}

/** The function (or lambda, or class) whose code `node` is. */
function enclosingDefinition(node: SyntaxNode): SyntaxNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (DEFINITION_KINDS.has(parent.type)) return parent;
  return undefined;
}

/**
 * A handler that lets a task's root coroutine end when it is cancelled: the coroutine is started,
 * here, only as a task of its own (`self._task = create_task(self._routine())`, `asyncio.run(main())`,
 * `loop.call_soon_threadsafe(asyncio.create_task, self._routine())`, `asyncio.shield(self._routine())`: see
 * taskRootStarts) and never awaited by other code, and no loop goes round again after the handler (see loopsAgain:
 * a `break` leaves the loop around the try). The task then ends without the cancelled state its owner may check, but
 * nothing waits on its cancellation to stop a timeout or a task group: the owner cancelled it to stop
 * it, and it stops. Evidence is looked for in the same top-level statement (a class's other methods)
 * and in module-level code only, so re-linting one statement after an edit sees what a full lint sees.
 */
function endsTaskRoot(clause: SyntaxNode, tryStatement: SyntaxNode, handler: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const coroutine = scope.functionScope?.node;
  const name = coroutine?.type === 'function_definition' ? coroutine.childForFieldName('name')?.text : undefined;
  if (!coroutine || !name) return false;
  // Inside a loop of the coroutine, the handler must leave it for good: a `break` out of an inner loop that an outer one
  // takes round again does not end the task.
  if (loopsAgain(handler, tryStatement, coroutine)) return false;
  const places = evidencePlaces(coroutine, model);
  let started = false;
  for (const place of places) {
    for (const call of place.descendantsOfType('call')) {
      if (lastDottedName(call.childForFieldName('function')) !== name) continue;
      if (call.id === clause.id) continue;
      const parent = call.parent;
      if (parent?.type === 'await') return false;
      // Its owner cancels it and then checks that it was cancelled.
      if (isCancelledAndChecked(call, places)) return false;
      if (isStarted(call) || isShielded(call)) started = true;
      else if (parent?.type === 'assignment' && startedLater(parent)) started = true;
      else return false;
    }
  }
  return started;
}

/** Calls that only report or inspect an exception, not hand it on. */
const REPORTING_CALLS: ReadonlySet<string> = new Set([
  'debug',
  'info',
  'warning',
  'warn',
  'error',
  'exception',
  'critical',
  'log',
  'print',
  'str',
  'repr',
  'format',
  'isinstance',
  'type',
  'print_exc',
  'format_exc',
]);

/**
 * The handler hands the caught exception on to other code (`errors.append(exc)` raised together
 * later, `future.set_exception(exc)`, `state.set_exception(sys.exc_info())`): whether it is raised
 * again is decided there, which this rule cannot follow.
 */
function handsOnException(clause: SyntaxNode, handler: SyntaxNode): boolean {
  const name = caughtName(clause);
  return handler.descendantsOfType('call').some((call) => {
    const callee = call.childForFieldName('function');
    if (callee?.text === 'sys.exc_info') return true;
    if (REPORTING_CALLS.has(lastDottedName(callee) ?? '')) return false;
    const argumentsNode = call.childForFieldName('arguments');
    // Positionally or by keyword: `stream.send(Result(task, error=exc))` sends it on inside a value.
    const passed = (argument: SyntaxNode): boolean =>
      argument.type === 'keyword_argument' ? argument.childForFieldName('value')?.text === name?.text : argument.text === name?.text;
    return name !== undefined && argumentsNode !== null && argumentsNode.namedChildren.some(passed);
  });
}

/**
 * The handler consumes the cancellation with `uncancel()` (Python 3.11+), itself or through a function of this file it
 * calls (a test's `_task_uncancel(task)` helper, skipping the call on older Pythons).
 */
function consumesCancellation(handler: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  if (handler.text.includes('.uncancel(')) return true;
  return handler.descendantsOfType('call').some((call) => {
    const helper = model.calleeDefinition(call, scope);
    return helper?.type === 'function_definition' && (helper.childForFieldName('body')?.text.includes('.uncancel(') ?? false);
  });
}
