// LOOP307 timeout-without-await: `async with asyncio.timeout(...)` whose body never suspends, so
// the timeout has nowhere to cancel the task and can never fire.
import type { Rule } from '../../linter/rule';
import { hasCheckpoint } from './support/syntaxShapes';
import { contextManagerOf, withItems } from '../../analysis/pythonSyntax';

const TIMEOUTS: ReadonlySet<string> = new Set(['asyncio.timeout', 'asyncio.timeout_at']);

export const timeoutWithoutAwait: Rule = {
  code: 'LOOP307',
  name: 'timeout-without-await',
  summary: '`async with asyncio.timeout(...)` whose body never awaits, so the timeout cannot fire.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: ['ASYNC100', 'S7490'],
  fixable: false,
  nodeKinds: ['with_statement'],
  check(statement, context) {
    if (!context.scope.isAsyncContext || statement.firstChild?.type !== 'async') return;
    const items = withItems(statement);
    // `async with timeout(1), lock:` awaits the later items' `__aenter__` under the timeout.
    const last = items[items.length - 1];
    const value = last && contextManagerOf(last);
    if (value?.type !== 'call' || !/timeout/.test(value.text)) return;
    const name = context.model.calleeName(value, context.scope);
    if (name === undefined || !TIMEOUTS.has(name)) return;
    const body = statement.childForFieldName('body');
    if (!body || hasCheckpoint(context.scope, body.startIndex, body.endIndex, { yields: true })) return;
    const callee = value.childForFieldName('function')?.text ?? 'timeout';
    context.report({
      node: value,
      message: `\`${callee}(...)\` can never fire: nothing in its block awaits, so the task is never suspended where the timeout could cancel it; put the awaits it should limit inside the block, or remove it`,
    });
  },
  doc: {
    whatItDoes:
      'Flags `async with asyncio.timeout(...)` and `asyncio.timeout_at(...)` whose block contains no `await`, `async for` or `async with` of its own (code in nested functions does not count; a `yield` does).',
    whyIsThisBad:
      'A timeout works by cancelling the task at the `await` where it is waiting when the deadline passes. A block that never awaits runs to the end in one go, however long it takes, so the timeout never fires. Usually the awaited call was left outside the block, or the code inside blocks the loop and needs `asyncio.to_thread`.',
    example:
      'import asyncio\n\nasync def load(client, key):\n    async with asyncio.timeout(5):\n        request = client.build_request(key)\n    return await client.send(request)',
    useInstead:
      'import asyncio\n\nasync def load(client, key):\n    request = client.build_request(key)\n    async with asyncio.timeout(5):\n        return await client.send(request)',
  },
};
