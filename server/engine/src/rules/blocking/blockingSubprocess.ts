// LOOP103 blocking-subprocess: starting or waiting for processes synchronously inside a coroutine.
import { defineBlockingCallRule } from './support/blockingCallRule';

export const blockingSubprocess = defineBlockingCallRule({
  code: 'LOOP103',
  name: 'blocking-subprocess',
  summary: 'A synchronous subprocess call in an async context blocks the event loop.',
  defaultSeverity: 'warning',
  equivalents: ['ASYNC220', 'ASYNC221', 'ASYNC222', 'S7487', 'S7489'],
  doc: {
    whatItDoes:
      'Flags `subprocess.run`/`call`/`check_call`/`check_output`/`Popen`, `Popen.wait`/`communicate`, `os.system`, `os.popen`, `os.spawn*` and `os.wait*` in an async context; not a wait told not to wait (`os.waitpid(pid, os.WNOHANG)`), nor the start of a process an object keeps (`self.proc = subprocess.Popen(cmd)`): it returns once the child is forked, the object polls, signals and waits for it elsewhere (each wait in a coroutine is a finding of its own), and moving the start alone to `asyncio.create_subprocess_exec` would break every synchronous use of the handle.',
    whyIsThisBad:
      "These calls wait for another program, often for seconds, on the event loop's only thread. `asyncio` has its own subprocess API that waits without blocking other tasks.",
    example: 'import subprocess\n\nasync def build():\n    subprocess.run(["make"], check=True)',
    useInstead:
      'import asyncio\n\nasync def build():\n    process = await asyncio.create_subprocess_exec("make")\n    if await process.wait() != 0:\n        raise RuntimeError("make failed")',
  },
});
