// LOOP101 blocking-sleep: `time.sleep()` inside a coroutine.
import { callTable, defineBlockingCallRule } from './blockingCallRule';

export const blockingSleep = defineBlockingCallRule({
  code: 'LOOP101',
  name: 'blocking-sleep',
  summary: '`time.sleep()` called in an async context blocks the event loop.',
  defaultSeverity: 'warning',
  equivalents: ['ASYNC251', 'S7488'],
  calls: callTable({
    'time.sleep': 'use `await asyncio.sleep(...)` so other tasks can run meanwhile',
  }),
  doc: {
    whatItDoes: 'Flags `time.sleep()` called in an async context (the body of an `async def`, not a nested `def` or `lambda`).',
    whyIsThisBad:
      'The event loop runs on one thread. `time.sleep()` stops that thread, so no other task, callback or I/O completion runs until it returns: every task in the program waits for this one sleep.',
    example: 'import time\n\nasync def poll():\n    while True:\n        check()\n        time.sleep(5)',
    useInstead: 'import asyncio\n\nasync def poll():\n    while True:\n        check()\n        await asyncio.sleep(5)',
  },
});
