// LOOP202 ensure-future: `asyncio.ensure_future()` given a coroutine, where `create_task()` says what happens.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { argumentAt, callArguments, unparenthesize } from '../../analysis/pythonSyntax';
import { callAsyncioFunction } from '../../linter/fixes/asyncioCallee';
import { awaitOperandText } from '../../linter/fixes/awaitPlacement';
import { replaceNode, safeFix, unsafeFix } from '../../linter/fixes/textEdits';
import type { Fix, Rule, RuleContext } from '../../linter/rule';
import { callsCoroutineFunction } from '../../ruleSupport/coroutineCalls';
import { atLeast } from '../../linter/pythonVersion';
import { calleeMatcher, knownCoroutineSource } from './support/asyncioValues';
import { snippet } from '../../ruleSupport/codeSnippet';

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
    const { keywords, hasUnpacking } = callArguments(call);
    const loop = keywords.get('loop');
    // `ensure_future(coro, **kwargs)` hands on a `loop=` the caller may give (from code where no loop runs, too).
    const instead = loop
      ? `\`${snippet(loop, 20)}.create_task(${snippet(argument)})\``
      : hasUnpacking
        ? `\`asyncio.create_task(${snippet(argument)})\` (in a coroutine; where callers pass \`loop=\`, the \`create_task()\` of that loop)`
        : `\`asyncio.create_task(${snippet(argument)})\``;
    context.report({
      node: call,
      message: `\`asyncio.ensure_future()\` is given the coroutine \`${snippet(argument)}\`; use ${instead}, which only accepts coroutines and always returns a new Task`,
      fix: createTaskFix(call, context),
    });
  },
  doc: {
    whatItDoes:
      'Flags `asyncio.ensure_future(x)` where `x` is known to be a coroutine: a call of an `async def` of this file or of the project, or of an asyncio coroutine function, or a name that every assignment that can reach the call sets to such a call (a name assigned a coroutine on one path and whatever a function returned on another, such as `awaitable = func()` then, under an `if`, `awaitable = wait_for(awaitable, t)`, is left alone). Where the call hands on unpacked arguments (`ensure_future(coro, *args, **kwargs)`: a wrapper whose callers may pass `loop=`, from code where no loop runs), the advice names the `create_task()` of that loop too, and there is no fix. A call of a function Loopscope cannot see may return a Future or another awaitable (an object with `__await__`), and names of unknown origin (parameters, attributes) may hold anything: these are left alone, since wrapping an arbitrary awaitable is what `ensure_future` is for.',
    whyIsThisBad:
      '`ensure_future` accepts coroutines, Futures, Tasks and any awaitable, and returns its argument unchanged when it is already a Future, so a reader cannot tell whether new work is being scheduled. With a coroutine it schedules a Task, exactly what `asyncio.create_task()` (Python 3.7+) does explicitly; `create_task` also rejects non-coroutines and accepts a `name=`. Outside a running loop, `ensure_future` falls back to `get_event_loop()`, which fails since Python 3.14.',
    example:
      'import asyncio\n\nasync def refresh(cache):\n    ...\n\nasync def serve(cache):\n    refresher = asyncio.ensure_future(refresh(cache))\n    try:\n        await handle_requests(cache)\n    finally:\n        refresher.cancel()',
    useInstead:
      'import asyncio\n\nasync def refresh(cache):\n    ...\n\nasync def serve(cache):\n    refresher = asyncio.create_task(refresh(cache), name="cache-refresh")\n    try:\n        await handle_requests(cache)\n    finally:\n        refresher.cancel()',
    fixSafety:
      'The fix calls `asyncio.create_task(...)` with the same argument, or `loop.create_task(...)` when `loop=loop` is passed. It is safe (for `loop.create_task`, anywhere; for `asyncio.create_task`, in a coroutine) when the argument is the call itself of an `async def` or of an asyncio coroutine function: `ensure_future` then does exactly what `create_task` does. It is unsafe for a name holding such a call, for a `loop=` that is more than a plain name (it is now evaluated first), and for `asyncio.create_task` outside a coroutine, where it needs a running loop while `ensure_future` falls back to `get_event_loop()`. There is never a fix built on a guess: without evidence that the argument is a coroutine, nothing is reported.',
  },
};

/** `asyncio.ensure_future(coro)` → `asyncio.create_task(coro)`; with `loop=loop`, `loop.create_task(coro)`. */
function createTaskFix(call: SyntaxNode, context: RuleContext): Fix | undefined {
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
  const edits = callAsyncioFunction(call, 'create_task', context);
  if (!edits) return undefined;
  return (isCoroutine && context.scope.isAsyncContext ? safeFix : unsafeFix)('Use `asyncio.create_task(...)`', edits);
}
