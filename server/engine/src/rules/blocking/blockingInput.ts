// LOOP105 blocking-input: `input()` inside a coroutine.
import { TO_THREAD_FIX_SAFETY, toThreadFix } from '../../linter/fixes/threadOffload';
import { defineBlockingCallRule } from './support/blockingCallRule';
import { SHADOWED_BUILTINS_DOC } from './support/shadowedBuiltins';

export const blockingInput = defineBlockingCallRule({
  code: 'LOOP105',
  name: 'blocking-input',
  summary: '`input()` in an async context blocks the event loop until the user types a line.',
  defaultSeverity: 'warning',
  equivalents: ['ASYNC250', 'S7501'],
  fix: toThreadFix,
  doc: {
    whatItDoes: `Flags \`input()\` in an async context. ${SHADOWED_BUILTINS_DOC}`,
    whyIsThisBad: 'Waiting for a person can take forever; meanwhile no other task runs: timers do not fire, connections time out.',
    example: 'async def ask():\n    return input("name? ")',
    useInstead: 'import asyncio\n\nasync def ask():\n    return await asyncio.to_thread(input, "name? ")',
    fixSafety: TO_THREAD_FIX_SAFETY,
  },
});
