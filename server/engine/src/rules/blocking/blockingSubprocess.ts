// LOOP103 blocking-subprocess: starting or waiting for processes synchronously inside a coroutine.
import { callTable, defineBlockingCallRule } from './blockingCallRule';

const CREATE = 'use `await asyncio.create_subprocess_exec(...)` (or `create_subprocess_shell`)';
const RUN = 'use `await asyncio.create_subprocess_exec(...)` and `await process.communicate()`';
const WAIT = 'use `await process.wait()` on an `asyncio` subprocess, or `await asyncio.to_thread(...)`';

const table: Record<string, string> = {
  'subprocess.run': RUN,
  'subprocess.call': RUN,
  'subprocess.check_call': RUN,
  'subprocess.check_output': RUN,
  'subprocess.getoutput': RUN,
  'subprocess.getstatusoutput': RUN,
  'subprocess.Popen': CREATE,
  'subprocess.Popen.wait': WAIT,
  'subprocess.Popen.communicate': 'use an `asyncio` subprocess and `await process.communicate()`',
  'os.system': 'use `await asyncio.create_subprocess_shell(...)`',
  'os.popen': 'use `await asyncio.create_subprocess_shell(..., stdout=asyncio.subprocess.PIPE)`',
  'os.posix_spawn': CREATE,
  'os.posix_spawnp': CREATE,
};
for (const variant of ['spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe'])
  table[`os.${variant}`] = CREATE;
for (const variant of ['wait', 'wait3', 'wait4', 'waitpid', 'waitid']) table[`os.${variant}`] = WAIT;

export const blockingSubprocess = defineBlockingCallRule({
  code: 'LOOP103',
  name: 'blocking-subprocess',
  summary: 'A synchronous subprocess call in an async context blocks the event loop.',
  defaultSeverity: 'warning',
  equivalents: ['ASYNC220', 'ASYNC221', 'ASYNC222', 'S7487', 'S7489'],
  calls: callTable(table),
  doc: {
    whatItDoes:
      'Flags `subprocess.run`/`call`/`check_call`/`check_output`/`Popen`, `Popen.wait`/`communicate`, `os.system`, `os.popen`, `os.spawn*` and `os.wait*` in an async context.',
    whyIsThisBad:
      "These calls wait for another program, often for seconds, on the event loop's only thread. `asyncio` has its own subprocess API that waits without blocking other tasks.",
    example: 'import subprocess\n\nasync def build():\n    subprocess.run(["make"], check=True)',
    useInstead:
      'import asyncio\n\nasync def build():\n    process = await asyncio.create_subprocess_exec("make")\n    if await process.wait() != 0:\n        raise RuntimeError("make failed")',
  },
});
