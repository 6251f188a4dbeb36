// LOOP204 wait-for-timeout: `await asyncio.wait_for(aw, t)` as a statement, where an
// `async with asyncio.timeout(t):` block does the same (Python 3.11+).
import { argumentAt, unparenthesize } from '../../analysis/pythonSyntax';
import type { Rule } from '../../linter/rule';
import { atLeast } from '../../linter/pythonVersion';
import { calleeMatcher, isStatementAwait, snippet } from './asyncioValues';

const callsWaitFor = calleeMatcher(['asyncio.wait_for']);

export const waitForTimeout: Rule = {
  code: 'LOOP204',
  name: 'wait-for-timeout',
  summary: '`await asyncio.wait_for(aw, timeout)` where an `async with asyncio.timeout(...)` block fits (Python 3.11+).',
  // Not a bug: wait_for works (and is built on asyncio.timeout since 3.12). The block is the clearer,
  // more flexible form, so this is advice, shown but not as a warning.
  defaultSeverity: 'information',
  enabledByDefault: true,
  equivalents: [],
  fixable: false,
  nodeKinds: ['await'],
  check(awaitNode, context) {
    if (!context.scope.isAsyncContext || !atLeast(context.settings.targetVersion, 3, 11)) return;
    const inner = awaitNode.firstNamedChild;
    const call = inner && unparenthesize(inner);
    if (call?.type !== 'call' || !isStatementAwait(awaitNode)) return;
    if (!callsWaitFor(call, context)) return;
    const awaitable = argumentAt(call, 0, 'fut');
    const timeout = argumentAt(call, 1, 'timeout');
    if (!awaitable || !timeout || unparenthesize(timeout).type === 'none') return;
    context.report({
      node: awaitNode,
      message: `\`await asyncio.wait_for(${snippet(awaitable, 30)}, ${snippet(timeout, 20)})\` wraps one await in a timeout; use \`async with asyncio.timeout(${snippet(timeout, 20)}):\` around \`await ${snippet(awaitable, 30)}\``,
    });
  },
  doc: {
    whatItDoes:
      'Flags `await asyncio.wait_for(aw, timeout)` used as a statement (`await ...`, `x = await ...`, `return await ...`) when the target version is 3.11 or later. A literal `timeout=None` and `wait_for` calls that are not awaited directly (passed to `gather`, `create_task`, …) are left alone.',
    whyIsThisBad:
      '`asyncio.timeout()` (Python 3.11+) puts the deadline on a block: it can cover several awaits, be rescheduled while running (`cm.reschedule()`), and shows plainly which code the deadline covers. Before Python 3.12, `wait_for` also ran the awaitable in a separate Task. Both raise `TimeoutError` when the time is up, so the surrounding `except` needs no change. This is a readability suggestion, reported as information.',
    example:
      'import asyncio\n\nasync def fetch_status(client, url):\n    response = await asyncio.wait_for(client.get(url), timeout=5)\n    return response.status',
    useInstead:
      'import asyncio\n\nasync def fetch_status(client, url):\n    async with asyncio.timeout(5):\n        response = await client.get(url)\n    return response.status',
  },
};
