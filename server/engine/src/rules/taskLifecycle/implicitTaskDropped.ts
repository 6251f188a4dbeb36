// LOOP304 implicit-task-dropped: `asyncio.gather(...)`, `asyncio.shield(...)` (and, in a coroutine,
// `loop.run_in_executor(...)`) as bare statements, leaving the work they started unobserved.
import type { Rule } from '../../linter/rule';
import { isEventLoopMethodCall } from '../../ruleSupport/eventLoopCalls';
import { settlesAwaitedFuture } from './support/settledFutures';
import { readsFromWorker } from './support/workerChannels';
import { droppingStatement, fileMentions, mayBeDropped } from './support/syntaxShapes';
import { isExpectedToRaise } from '../../ruleSupport/expectedToRaise';

const FUTURE_FUNCTION_NAMES = /gather|shield|run_in_executor/;

const FUTURE_RETURNING: ReadonlyMap<string, string> = new Map([
  ['asyncio.gather', 'runs its awaitables as tasks nobody waits for, and their exceptions are lost'],
  ['asyncio.shield', 'leaves the shielded work running unobserved, and its exception is lost'],
]);

export const implicitTaskDropped: Rule = {
  code: 'LOOP304',
  name: 'implicit-task-dropped',
  summary: 'The future of `asyncio.gather(...)`/`asyncio.shield(...)` is dropped by a bare statement.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: [],
  fixable: false,
  nodeKinds: ['call'],
  check(call, context) {
    if (!fileMentions(context.lines, FUTURE_FUNCTION_NAMES)) return;
    const method = context.model.calleeLastName(call);
    if (method !== 'gather' && method !== 'shield' && method !== 'run_in_executor') return;
    if (!mayBeDropped(call, context.model)) return;
    const statement = droppingStatement(call);
    if (!statement) return;
    if (isExpectedToRaise(statement, context.model, context.scope)) return;
    const calleeText = call.childForFieldName('function')?.text ?? method;
    const name = context.model.calleeName(call, context.scope);
    const consequence = name === undefined ? undefined : FUTURE_RETURNING.get(name);
    if (consequence !== undefined) {
      context.report({
        node: call,
        message: `\`${calleeText}(...)\` is neither awaited nor stored: it ${consequence}; \`await\` it, or keep the future it returns`,
      });
      return;
    }
    // In a coroutine a bare `run_in_executor` is almost always a forgotten `await`; in callback code it is fire-and-forget
    // by design, and so it is where the function settles a future of its own that the coroutine awaits instead, or
    // where the coroutine goes on to read what the function sends it (an `await` in place would wait for the whole run).
    if (
      context.scope.isAsyncContext &&
      isEventLoopMethodCall(call, 'run_in_executor', context.model, context.scope) &&
      !settlesAwaitedFuture(call, context.model, context.scope) &&
      !readsFromWorker(call, context.model, context.scope)
    ) {
      context.report({
        node: call,
        message: `\`${calleeText}(...)\` is neither awaited nor stored: the coroutine goes on without waiting for the function, and its exception is lost; \`await\` it (or \`await asyncio.to_thread(...)\`)`,
      });
    }
  },
  doc: {
    whatItDoes:
      'Flags `asyncio.gather(...)` and `asyncio.shield(...)` used as bare expression statements, and `loop.run_in_executor(...)` used so inside a coroutine. Awaiting, assigning, returning or passing on the result is fine, and so is a call under test in `with self.assertRaises(...)` or `with pytest.raises(...)`. A `run_in_executor` whose function, a `def` of the same file, hands its outcome on through a future of its own, setting both its result and its exception (`future.set_result(...)` and `future.set_exception(...)`, called or handed to `call_soon_threadsafe`), on a future it closes over or is passed, which the coroutine then awaits (`return await future`), is left alone: the coroutine waits for the function and sees its exception. One that sets only the result is still reported: an exception would leave the awaited future unset. Nor is a `run_in_executor` whose function the coroutine talks with while it runs: it hands the function a name (as an argument, in a `functools.partial(...)` or a `lambda`, or in the call that made the object whose method it hands over: `build = Build(q=q)`, then `run_in_executor(None, build.submit)`) that the coroutine then awaits a read from, one taking nothing but a timeout, a blocking flag or a size (`await q.get()`, `await q.coro_get()`, `await asyncio.wait_for(inbox.get(), 5)`): the function sends on a channel the coroutine reads, and may wait for its reply, so awaiting the call where it stands would wait for the whole run before the first read, or deadlock.',
    whyIsThisBad:
      '`gather` wraps its coroutines in tasks and `shield` wraps its argument in one; both return a future that reports how that work ended. Dropped, the work runs on unobserved: the caller does not wait for it, an exception it raises is only logged when the future is garbage-collected, and the inner tasks are referenced only weakly by the event loop. `run_in_executor` without `await` likewise returns before the function has run. Usually an `await` was forgotten.',
    example:
      'import asyncio\n\nasync def refresh(cache, keys):\n    asyncio.gather(*(cache.reload(key) for key in keys))\n    return cache.snapshot()',
    useInstead:
      'import asyncio\n\nasync def refresh(cache, keys):\n    async with asyncio.TaskGroup() as tg:\n        for key in keys:\n            tg.create_task(cache.reload(key))\n    return cache.snapshot()',
  },
};
