// LOOP202 ensure-future: `asyncio.ensure_future()` given a coroutine, where `create_task()` says what happens.
import { argumentAt, callArguments } from '../../analysis/pythonSyntax';
import type { Rule } from '../../linter/rule';
import { atLeast } from '../../linter/pythonVersion';
import { calleeMatcher, coroutineSource, snippet } from './asyncioValues';

const callsEnsureFuture = calleeMatcher(['asyncio.ensure_future']);

export const ensureFuture: Rule = {
  code: 'LOOP202',
  name: 'ensure-future',
  summary: '`asyncio.ensure_future()` called with a coroutine; `asyncio.create_task()` is the direct way to schedule it.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: [],
  fixable: false,
  nodeKinds: ['call'],
  check(call, context) {
    if (!atLeast(context.settings.targetVersion, 3, 7)) return;
    if (!callsEnsureFuture(call, context)) return;
    const argument = argumentAt(call, 0, 'coro_or_future');
    if (!argument || !coroutineSource(argument, context)) return;
    const loop = callArguments(call).keywords.get('loop');
    const instead = loop ? `\`${snippet(loop, 20)}.create_task(${snippet(argument)})\`` : `\`asyncio.create_task(${snippet(argument)})\``;
    context.report({
      node: call,
      message: `\`asyncio.ensure_future()\` is given the coroutine \`${snippet(argument)}\`; use ${instead}, which only accepts coroutines and always returns a new Task`,
    });
  },
  doc: {
    whatItDoes:
      'Flags `asyncio.ensure_future(x)` where `x` is a coroutine: a call of an `async def` or of a function Loopscope cannot see, or a name assigned such a call. Calls known to return a Task or Future (`create_task`, `gather`, `run_in_executor`, …), instances of known classes, and names of unknown origin (parameters, attributes) are left alone: wrapping an arbitrary awaitable is what `ensure_future` is for.',
    whyIsThisBad:
      '`ensure_future` accepts coroutines, Futures, Tasks and any awaitable, and returns its argument unchanged when it is already a Future, so a reader cannot tell whether new work is being scheduled. With a coroutine it schedules a Task, exactly what `asyncio.create_task()` (Python 3.7+) does explicitly; `create_task` also rejects non-coroutines and accepts a `name=`. Outside a running loop, `ensure_future` falls back to `get_event_loop()`, which fails since Python 3.14.',
    example:
      'import asyncio\n\nasync def refresh(cache):\n    ...\n\nasync def serve(cache):\n    refresher = asyncio.ensure_future(refresh(cache))\n    try:\n        await handle_requests(cache)\n    finally:\n        refresher.cancel()',
    useInstead:
      'import asyncio\n\nasync def refresh(cache):\n    ...\n\nasync def serve(cache):\n    refresher = asyncio.create_task(refresh(cache), name="cache-refresh")\n    try:\n        await handle_requests(cache)\n    finally:\n        refresher.cancel()',
  },
};
