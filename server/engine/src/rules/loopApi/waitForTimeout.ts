// LOOP204 wait-for-timeout: `await asyncio.wait_for(aw, t)` as a statement, where an
// `async with asyncio.timeout(t):` block does the same (Python 3.11+).
import type { SyntaxNode } from '../../analysis/pythonParser';
import { argumentAt, callArguments, parentOutsideParentheses, unparenthesize } from '../../analysis/pythonSyntax';
import { awaitOperandText } from '../../linter/fixes/awaitPlacement';
import { moduleAccess } from '../../linter/fixes/moduleImports';
import { wrapInBlock } from '../../linter/fixes/statementRewrite';
import { unsafeFix } from '../../linter/fixes/textEdits';
import type { Fix, Rule, RuleContext } from '../../linter/rule';
import { calleeMatcher, isStatementAwait } from './support/asyncioValues';
import { statedAtLeast } from '../../ruleSupport/statedTargetVersion';
import { snippet } from '../../ruleSupport/codeSnippet';

const callsWaitFor = calleeMatcher(['asyncio.wait_for']);

/** `asyncio.timeout()` is new in Python 3.11. */
const TIMEOUT_SINCE = { major: 3, minor: 11 };

export const waitForTimeout: Rule = {
  code: 'LOOP204',
  name: 'wait-for-timeout',
  summary: '`await asyncio.wait_for(aw, timeout)` where an `async with asyncio.timeout(...)` block fits (Python 3.11+).',
  // Not a bug: wait_for works (and is built on asyncio.timeout since 3.12). The block is the clearer,
  // more flexible form, so this is advice, shown but not as a warning.
  defaultSeverity: 'information',
  enabledByDefault: true,
  equivalents: [],
  fixable: true,
  nodeKinds: ['await'],
  check(awaitNode, context) {
    if (!context.scope.isAsyncContext || !statedAtLeast(context.settings, TIMEOUT_SINCE)) return;
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
      fix: timeoutBlockFix(awaitNode, call, awaitable, timeout, context),
    });
  },
  doc: {
    whatItDoes:
      'Flags `await asyncio.wait_for(aw, timeout)` used as a statement (`await ...`, `x = await ...`, `return await ...`) when the project states a target version of 3.11 or later (a setting, `requires-python` or `python_requires`). A literal `timeout=None` and `wait_for` calls that are not awaited directly (passed to `gather`, `create_task`, …) are left alone. Where nothing states the target version, nothing is reported: the default target is only a guess, and the code may still run on an older Python, where `asyncio.timeout` does not exist (a project whose packaging states no version may test on 3.8–3.10).',
    whyIsThisBad:
      '`asyncio.timeout()` (Python 3.11+) puts the deadline on a block: it can cover several awaits, be rescheduled while running (`cm.reschedule()`), and shows plainly which code the deadline covers. Before Python 3.12, `wait_for` also ran the awaitable in a separate Task. Both raise `TimeoutError` when the time is up, so the surrounding `except` needs no change. This is a readability suggestion, reported as information.',
    example:
      'import asyncio\n\nasync def fetch_status(client, url):\n    response = await asyncio.wait_for(client.get(url), timeout=5)\n    return response.status',
    useInstead:
      'import asyncio\n\nasync def fetch_status(client, url):\n    async with asyncio.timeout(5):\n        response = await client.get(url)\n    return response.status',
    fixSafety:
      'The fix moves the statement into `async with asyncio.timeout(t):`, one indentation level deeper, awaiting the awaitable directly. It is offered only for a statement on lines of its own, and is unsafe: the timeout expression is now evaluated before the awaitable is created rather than after, and before Python 3.12 `wait_for` ran the awaitable in a separate Task and handled a cancellation arriving together with the timeout differently.',
  },
};

/** `x = await asyncio.wait_for(c, t)` → `async with asyncio.timeout(t):` + `x = await c`. */
function timeoutBlockFix(
  awaitNode: SyntaxNode,
  call: SyntaxNode,
  awaitable: SyntaxNode,
  timeout: SyntaxNode,
  context: RuleContext,
): Fix | undefined {
  const args = callArguments(call);
  if (args.hasUnpacking || args.positional.length + args.keywords.size !== 2) return undefined;
  let statement = parentOutsideParentheses(awaitNode);
  if (statement?.type === 'assignment') statement = statement.parent;
  if (!statement) return undefined;
  const asyncio = asyncioPrefix(call, context);
  if (!asyncio) return undefined;
  const text = context.lines.text;
  const body =
    text.slice(statement.startIndex, awaitNode.startIndex) +
    `await ${awaitOperandText(unparenthesize(awaitable))}` +
    text.slice(awaitNode.endIndex, statement.endIndex);
  const edit = wrapInBlock(statement, `async with ${asyncio.name}.timeout(${timeout.text}):`, body, context.lines);
  return edit && unsafeFix('Use `async with asyncio.timeout(...)`', [...asyncio.edits, edit]);
}

/** How to spell `asyncio` for the new `asyncio.timeout`: as the `wait_for` call does, or through an import. */
function asyncioPrefix(call: SyntaxNode, context: RuleContext): { name: string; edits: Fix['edits'] } | undefined {
  const callee = call.childForFieldName('function');
  const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (object?.type === 'identifier' && context.model.qualifiedName(object, context.scope) === 'asyncio')
    return { name: object.text, edits: [] };
  return moduleAccess('asyncio', call, context.scope, context);
}
