// LOOP202 ensure-future: `asyncio.ensure_future()` given a coroutine, where `create_task()` says what happens.
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { Scope } from '../../analysis/scope';
import { argumentAt, callArguments, unparenthesize } from '../../analysis/pythonSyntax';
import { callAsyncioFunction } from '../../linter/fixes/asyncioCallee';
import { awaitOperandText } from '../../linter/fixes/awaitPlacement';
import { replaceNode, safeFix, unsafeFix } from '../../linter/fixes/textEdits';
import type { Fix, Rule, RuleContext } from '../../linter/rule';
import { callsCoroutineFunction } from '../../ruleSupport/coroutineCalls';
import { coroutineOnlyReason } from '../../ruleSupport/fileLocalFunctions';
import { isScript } from '../../ruleSupport/scriptModules';
import { atLeast } from '../../linter/pythonVersion';
import { calleeMatcher, isEventLoop, isNewLoopCall, knownCoroutineSource, methodCall } from './support/asyncioValues';
import { nearestStatementBefore } from '../../ruleSupport/statementsBefore';
import { loopSetBy } from '../../ruleSupport/loopMadeCurrent';
import { isThreadTarget } from '../../ruleSupport/threadTargets';
import { snippet } from '../../ruleSupport/codeSnippet';
import { isTestNamedFor } from '../../ruleSupport/testOfTheApi';

const callsEnsureFuture = calleeMatcher(['asyncio.ensure_future']);

export const ensureFuture: Rule = {
  code: 'LOOP202',
  name: 'ensure-future',
  summary: '`asyncio.ensure_future()` called with a coroutine; `asyncio.create_task()` is the direct way to schedule it.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: [],
  fixable: true,
  nodeKinds: ['call'],
  check(call, context) {
    if (!atLeast(context.settings.targetVersion, 3, 7)) return;
    if (!callsEnsureFuture(call, context)) return;
    const argument = argumentAt(call, 0, 'coro_or_future');
    // Only with evidence: wrapping an awaitable of unknown kind is what ensure_future is for.
    if (!argument || !knownCoroutineSource(argument, context)) return;
    // A test named for `ensure_future` exercises it on purpose.
    if (isTestNamedFor(context.scope, 'ensure_future')) return;
    const { keywords, hasUnpacking } = callArguments(call);
    const loop = keywords.get('loop');
    // Outside a coroutine with nothing handed on: which loop `ensure_future` falls back to, where none may run.
    const currentLoop = loop || hasUnpacking || context.scope.isAsyncContext ? undefined : currentLoopAt(call, context);
    // Where no loop runs, `asyncio.create_task()` fails: without a loop to name, nothing to advise.
    if (currentLoop === null) return;
    // A plain function of unknown callers (a public method, one other modules call) may run before the loop starts
    // (start-up code calling it before `loop.run_forever()`), where `ensure_future` schedules on the current loop and
    // `asyncio.create_task()` raises: the advice says both, and no fix guesses which.
    const beforeLoopMaybe = !loop && !hasUnpacking && currentLoop === undefined && mayRunBeforeTheLoop(context);
    if (beforeLoopMaybe) {
      context.report({
        node: call,
        message: `\`asyncio.ensure_future()\` is given the coroutine \`${snippet(argument)}\`; where a loop runs (a callback of the loop, code its coroutines call), use \`asyncio.create_task(${snippet(argument)})\`, which only accepts coroutines and always returns a new Task; where this may run before the loop starts, \`ensure_future\` schedules on the current loop and \`asyncio.create_task()\` would raise RuntimeError: use that loop's \`create_task()\``,
      });
      return;
    }
    // `ensure_future(coro, **kwargs)` hands on a `loop=` the caller may give (from code where no loop runs, too).
    const instead = loop
      ? `\`${snippet(loop, 20)}.create_task(${snippet(argument)})\``
      : currentLoop
        ? `\`${currentLoop.name}.create_task(${snippet(argument)})\` (\`${currentLoop.name}\` ${currentLoop.drivenAfter ? 'runs it below, so no loop runs here, where `asyncio.create_task()` would raise RuntimeError' : 'is the current loop here; outside a coroutine, `asyncio.create_task()` needs a running loop'})`
        : hasUnpacking
          ? `\`asyncio.create_task(${snippet(argument)})\` (in a coroutine; where callers pass \`loop=\`, the \`create_task()\` of that loop)`
          : `\`asyncio.create_task(${snippet(argument)})\``;
    context.report({
      node: call,
      message: `\`asyncio.ensure_future()\` is given the coroutine \`${snippet(argument)}\`; use ${instead}, which only accepts coroutines and always returns a new Task`,
      fix: createTaskFix(call, context, currentLoop?.name),
    });
  },
  doc: {
    whatItDoes:
      'Flags `asyncio.ensure_future(x)` where `x` is known to be a coroutine: a call of an `async def` of this file or of the project, or of an asyncio coroutine function, or a name that every assignment that can reach the call sets to such a call (a name assigned a coroutine on one path and whatever a function returned on another, such as `awaitable = func()` then, under an `if`, `awaitable = wait_for(awaitable, t)`, is left alone). Where the call hands on unpacked arguments (`ensure_future(coro, *args, **kwargs)`: a wrapper whose callers may pass `loop=`, from code where no loop runs), the advice names the `create_task()` of that loop too, and there is no fix. A call of a function Loopscope cannot see may return a Future or another awaitable (an object with `__await__`), and names of unknown origin (parameters, attributes) may hold anything: these are left alone, since wrapping an arbitrary awaitable is what `ensure_future` is for. Outside a coroutine, `ensure_future` schedules on the thread\'s current loop, while `asyncio.create_task()` needs a running loop: after a statement of the same function (or top-level statement, such as `if __name__ == "__main__":`) making a loop current, `asyncio.set_event_loop(loop)`, or finding it, `loop = asyncio.get_event_loop()`, the advice is that loop\'s `create_task()` (`loop.create_task(coro)`, `self._loop.create_task(coro)`). Without such a statement, a later `loop.run_until_complete(...)` or `loop.run_forever()` of the same function or top-level statement (`task = asyncio.ensure_future(coro)`, then `return self.loop.run_until_complete(task)`) shows that no loop runs at the call (starting one would raise RuntimeError) and which loop runs the Task (`run_until_complete(task)` raises ValueError for a Task of another loop): the advice is that loop\'s `create_task()` (`self.loop.create_task(coro)`), and where the name was bound again in between, or is bound in the same function only after the call (`asyncio.ensure_future(run())`, then `loop = asyncio.get_event_loop()` and `loop.run_forever()`: naming it at the call would raise UnboundLocalError), nothing is reported. Where no loop runs and none can be named, nothing is reported: module-level code and class bodies, a function this file hands to `threading.Thread` (`target=worker`), a function making current a loop it holds in no name (`asyncio.set_event_loop(asyncio.new_event_loop())`) or in a name bound again since; nor a function handed to `threading.Thread` that makes current a loop it was given and does not run itself (no `loop.run_forever()` or `loop.run_until_complete(...)` after the call): that loop runs in another thread, where neither `ensure_future` nor `create_task` is safe to call (`asyncio.run_coroutine_threadsafe()` is). A plain function with neither keeps the `asyncio.create_task()` advice where only coroutines of this file call it (a helper of theirs: a nested function, a module-level `_name` or, in a script (a top-level module outside any package with an `if __name__ == "__main__":` block), any module-level function, or a method private to its class, `_name` or `__name`, that the file mentions only as an attribute; the loop may run it too, as a callback handed to it: `loop.call_later(delay, self._retry)`) or build its class, or where it is a plain `def __aexit__` (`__aenter__`, `__aiter__`, `__anext__`, `__await__`) that only `async with`, `async for` or `await` call; where callers are not known (a callback the loop calls, a public method other modules call, possibly start-up code before the loop runs, as `Watchdog.start()` before `IB.run()`), the advice says both: `asyncio.create_task()` where a loop runs, that loop\'s `create_task()` where it may not yet, and there is no fix. A test named for `ensure_future` (`test_nested_timeout_ensure_future`, `testEnsureFuture`, or a function nested in one) exercises it on purpose and is left alone.',
    whyIsThisBad:
      "`ensure_future` accepts coroutines, Futures, Tasks and any awaitable, and returns its argument unchanged when it is already a Future, so a reader cannot tell whether new work is being scheduled. With a coroutine it schedules a Task, exactly what `asyncio.create_task()` (Python 3.7+) does explicitly; `create_task` also rejects non-coroutines and accepts a `name=`. Outside a running loop, `ensure_future` falls back to `get_event_loop()`: the thread's current loop where one is set, on every version; where none is, a new loop in the main thread (with a DeprecationWarning in 3.12 and 3.13) and a RuntimeError since Python 3.14. `asyncio.create_task()` raises RuntimeError there at once, so the explicit form is the current loop's own `loop.create_task()`.",
    example:
      'import asyncio\n\nasync def refresh(cache):\n    ...\n\nasync def serve(cache):\n    refresher = asyncio.ensure_future(refresh(cache))\n    try:\n        await handle_requests(cache)\n    finally:\n        refresher.cancel()',
    useInstead:
      'import asyncio\n\nasync def refresh(cache):\n    ...\n\nasync def serve(cache):\n    refresher = asyncio.create_task(refresh(cache), name="cache-refresh")\n    try:\n        await handle_requests(cache)\n    finally:\n        refresher.cancel()',
    fixSafety:
      'The fix calls `asyncio.create_task(...)` with the same argument, or `loop.create_task(...)` when `loop=loop` is passed. It is safe (for `loop.create_task`, anywhere; for `asyncio.create_task`, in a coroutine) when the argument is the call itself of an `async def` or of an asyncio coroutine function: `ensure_future` then does exactly what `create_task` does. It is unsafe for a name holding such a call, for a `loop=` that is more than a plain name (it is now evaluated first), and for `asyncio.create_task` outside a coroutine, where it needs a running loop while `ensure_future` falls back to `get_event_loop()`. Outside a coroutine after a statement making `loop` current, or before one running it, the fix calls `loop.create_task(...)`, unsafe: code between may make another loop current, or a loop may run in the thread when the function is called, and `ensure_future` would schedule on that one. Where nothing names the loop, there is no finding and so no fix. There is never a fix built on a guess: without evidence that the argument is a coroutine, nothing is reported.',
  },
};

/** `loop = asyncio.get_event_loop()`: the loop the call finds too. */
const callsGetEventLoop = calleeMatcher(['asyncio.get_event_loop']);

/** `loop.run_forever()`, `loop.run_until_complete(...)`: the function runs the loop itself. */
const LOOP_DRIVERS: ReadonlySet<string> = new Set(['run_forever', 'run_until_complete']);

/** A loop named in the code (`loop`, `self.loop`) that `ensure_future` schedules on, and how the code shows it. */
interface NamedLoop {
  readonly name: string;
  /** Shown by a later `loop.run_until_complete(...)` or `loop.run_forever()` rather than made current before. */
  readonly drivenAfter: boolean;
}

/**
 * Outside a coroutine, the loop `ensure_future(coro)` falls back to, as written in the code (`loop`, `self.loop`):
 * the one the nearest statement before the call in its function made current (`asyncio.set_event_loop(loop)`) or
 * found (`loop = asyncio.get_event_loop()`), still bound to that name; without such a statement, the loop the
 * function (or top-level statement) runs after the call (`self.loop.run_until_complete(task)`, `loop.run_forever()`):
 * no loop runs where a loop is started (it raises RuntimeError if one does), and that one runs the Task only if it is
 * the current loop (`run_until_complete(task)` raises ValueError for a Task of another loop). Null where no loop runs
 * and none can be named (nothing right to advise): code of the module or a class body, a function handed to
 * `threading.Thread`, a function that made current a loop without a name
 * (`asyncio.set_event_loop(asyncio.new_event_loop())`), and a thread's function that made current a loop it was given
 * and does not run, which runs in another thread (there neither `ensure_future` nor `create_task` is safe:
 * `asyncio.run_coroutine_threadsafe()` is). Undefined where a loop may run (a callback the loop calls, a function its
 * coroutines call): there `asyncio.create_task()` is the advice.
 */
function currentLoopAt(call: SyntaxNode, context: RuleContext): NamedLoop | null | undefined {
  const functionScope = context.scope.functionScope;
  const inThread = functionScope !== undefined && isThreadTarget(functionScope, context.model);
  const noLoopRuns = functionScope === undefined || inThread;
  const current = nearestStatementBefore(
    call,
    (statement) => {
      const set = loopSetBy(statement, context.model, context.scope);
      return set !== undefined ? set : loopFoundBy(statement, context);
    },
    context.model,
  );
  // `asyncio.set_event_loop(None)`, or no statement making a loop current: a loop may run, or not, unless one is run later.
  if (!current) {
    const driven = loopsDrivenAfter(call, context).filter((loop) => isEventLoop(loop, context));
    if (driven.length === 0) return noLoopRuns ? null : undefined;
    // A loop run later under a name bound again since the call (`loop = other`): none to name, but none runs here.
    const name = loopName(driven[0]!, call, context);
    return name ? { name, drivenAfter: true } : null;
  }
  const name = loopName(current, call, context);
  if (!name) return null;
  if (inThread && !ownLoop(current, functionScope, context) && !loopsDrivenAfter(call, context).some((loop) => loop.text === name))
    return null;
  return { name, drivenAfter: false };
}

/**
 * Whether the plain function holding the call may be called where no loop runs yet: nothing shows it runs only in
 * coroutines (see coroutineOnlyReason), so callers elsewhere may be start-up code.
 */
function mayRunBeforeTheLoop(context: RuleContext): boolean {
  const helper = context.scope.functionScope;
  if (!helper || context.scope.isAsyncContext) return false;
  return coroutineOnlyReason(helper, context.model, isScript(context)) === undefined;
}

/** For `loop = asyncio.get_event_loop()`: its target, the loop `ensure_future` finds too; undefined for any other statement. */
function loopFoundBy(statement: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (assignment?.type !== 'assignment') return undefined;
  const value = assignment.childForFieldName('right');
  if (value?.type !== 'call' || !callsGetEventLoop(value, context)) return undefined;
  return assignment.childForFieldName('left') ?? undefined;
}

/** The name or attribute holding the loop (`loop`, `self._loop`), when at the call it still holds what it did. */
function loopName(loop: SyntaxNode, call: SyntaxNode, context: RuleContext): string | undefined {
  const node = unparenthesize(loop);
  if (node.type === 'attribute') return /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)+$/u.test(node.text) ? node.text : undefined;
  if (node.type !== 'identifier') return undefined;
  const { model, scope } = context;
  // The name in `loop = get_event_loop()` is bound after its value: the binding it makes is the one written there.
  const written = model.lookup(node.text, scope, node.endIndex);
  // Bound in the call's own scope only after it (`ensure_future(run())`, then `loop = get_event_loop()`): naming it at
  // the call would raise UnboundLocalError.
  if (written?.scope === scope && written.position > call.startIndex) return undefined;
  return written === model.lookup(node.text, scope, call.startIndex) ? node.text : undefined;
}

/** Whether the function made the loop itself (`loop = asyncio.new_event_loop()`): its thread's own, nobody else's. */
function ownLoop(loop: SyntaxNode, functionScope: Scope, context: RuleContext): boolean {
  const node = unparenthesize(loop);
  if (node.type !== 'identifier') return false;
  const binding = context.model.lookup(node.text, context.scope, loop.endIndex);
  const value = binding?.scope === functionScope && binding.value ? unparenthesize(binding.value) : undefined;
  return value?.type === 'call' && isNewLoopCall(value, context.model, functionScope);
}

/**
 * The loops the call's function runs after it (`loop.run_forever()`, `self.loop.run_until_complete(task)`), as
 * written, in order; for module-level code, those of its own top-level statement (an `if __name__ == "__main__":`).
 */
function loopsDrivenAfter(call: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const scope = context.scope.functionScope ?? context.scope;
  return scope.calls.flatMap((other) => {
    if (other.startIndex < call.endIndex || other.endIndex > context.statement.endIndex) return [];
    const method = methodCall(other);
    return method !== undefined && LOOP_DRIVERS.has(method.method) ? [method.receiver] : [];
  });
}

/**
 * `asyncio.ensure_future(coro)` → `asyncio.create_task(coro)`; with `loop=loop`, or outside a coroutine after a
 * statement making `loop` current, `loop.create_task(coro)`.
 */
function createTaskFix(call: SyntaxNode, context: RuleContext, currentLoop: string | undefined): Fix | undefined {
  const args = callArguments(call);
  const argument = args.positional[0];
  const loop = args.keywords.get('loop');
  if (!argument || args.positional.length !== 1 || args.keywords.size > (loop ? 1 : 0) || args.hasUnpacking) return undefined;
  const inner = unparenthesize(argument);
  const isCoroutine = inner.type === 'call' && callsCoroutineFunction(inner, context.scope, context.model, context.project);
  if (loop) {
    const edit = replaceNode(call, `${awaitOperandText(loop)}.create_task(${argument.text})`);
    // The loop is now evaluated before the coroutine is made: harmless for a plain name or attribute.
    const plainLoop = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(loop.text);
    return (isCoroutine && plainLoop ? safeFix : unsafeFix)(`Use \`${snippet(loop, 20)}.create_task(...)\``, [edit]);
  }
  if (currentLoop) {
    // Code between may make another loop current, or the function may run while a loop runs in its thread:
    // `ensure_future` would use that loop.
    return unsafeFix(`Use \`${currentLoop}.create_task(...)\``, [replaceNode(call, `${currentLoop}.create_task(${argument.text})`)]);
  }
  const edits = callAsyncioFunction(call, 'create_task', context);
  if (!edits) return undefined;
  return (isCoroutine && context.scope.isAsyncContext ? safeFix : unsafeFix)('Use `asyncio.create_task(...)`', edits);
}
