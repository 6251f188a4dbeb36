// LOOP101 blocking-sleep: `time.sleep()` inside a coroutine.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { awaitedText } from '../../linter/fixes/awaitPlacement';
import { moduleAccess } from '../../linter/fixes/moduleImports';
import { replaceNode, unsafeFix } from '../../linter/fixes/textEdits';
import type { Fix, RuleContext } from '../../linter/rule';
import { defineBlockingCallRule } from './support/blockingCallRule';

export const blockingSleep = defineBlockingCallRule({
  code: 'LOOP101',
  name: 'blocking-sleep',
  summary: '`time.sleep()` called in an async context blocks the event loop.',
  defaultSeverity: 'warning',
  equivalents: ['ASYNC251', 'S7488'],
  fix: asyncSleepFix,
  doc: {
    whatItDoes:
      'Flags `time.sleep()` called in an async context (the body of an `async def`, not a nested `def` or `lambda`). `time.sleep(0)` (a literal zero) is left alone: it returns at once, only letting other threads take the GIL; any other duration, or one not written as a literal, is flagged.',
    whyIsThisBad:
      'The event loop runs on one thread. `time.sleep()` stops that thread, so no other task, callback or I/O completion runs until it returns: every task in the program waits for this one sleep.',
    example: 'import time\n\nasync def poll():\n    while True:\n        check()\n        time.sleep(5)',
    useInstead: 'import asyncio\n\nasync def poll():\n    while True:\n        check()\n        await asyncio.sleep(5)',
    fixSafety:
      'The fix replaces the call with `await asyncio.sleep(...)`, with the same arguments, and adds `import asyncio` if the file lacks it. It is unsafe: the coroutine now gives control back to the event loop while it sleeps, so other tasks run in between (and the task can be cancelled there), which code relying on the sleep being atomic may not expect. It is not offered where `await` cannot go: in a generator expression, or in an annotation.',
  },
});

/** `time.sleep(x)` (however imported) → `await asyncio.sleep(x)`. */
function asyncSleepFix(call: SyntaxNode, context: RuleContext): Fix | undefined {
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type !== 'argument_list') return undefined;
  const asyncio = moduleAccess('asyncio', call, context.scope, context);
  const text = asyncio && awaitedText(call, `${asyncio.name}.sleep${argumentList.text}`, context.scope, context);
  if (!asyncio || text === undefined) return undefined;
  return unsafeFix('Replace with `await asyncio.sleep(...)`', [...asyncio.edits, replaceNode(call, text)]);
}
