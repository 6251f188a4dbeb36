// LOOP103 blocking-subprocess: starting or waiting for processes synchronously inside a coroutine.
import { threadOffload, type AsyncLibrary } from '../../ruleSupport/asyncLibrary';
import { waitsWhenWithEnds } from '../../ruleSupport/processHandles';
import { defineBlockingCallRule } from './support/blockingCallRule';

/** How each library starts a process and keeps a handle on it. */
const OPEN_PROCESS: Record<AsyncLibrary, string> = {
  asyncio: 'await asyncio.create_subprocess_exec(...)',
  trio: 'await trio.lowlevel.open_process(...)',
  anyio: 'await anyio.open_process(...)',
};

/** How to start a process and wait for it at the end of a block without blocking, per library. */
const WAIT_AT_THE_END: Record<AsyncLibrary, string> = {
  asyncio: `start it with \`process = ${OPEN_PROCESS.asyncio}\` and end with \`await process.wait()\``,
  trio: `start it with \`process = ${OPEN_PROCESS.trio}\` and end with \`await process.wait()\``,
  anyio: 'use `async with await anyio.open_process(...) as process:`, whose end waits without blocking',
};

/** Calls that wait for a process already started: a process runner, which starts one, would not replace them. */
const WAITS_FOR_STARTED = new Set([
  'subprocess.Popen.wait',
  'subprocess.Popen.communicate',
  'os.wait',
  'os.wait3',
  'os.wait4',
  'os.waitpid',
  'os.waitid',
]);

/** What to do instead in a trio or anyio file: run the program with the library, or wait for a started one without blocking. */
function otherLibraryAdvice(qualifiedName: string, library: AsyncLibrary): string {
  if (!WAITS_FOR_STARTED.has(qualifiedName)) return `use \`await ${library}.run_process(...)\``;
  const reading = qualifiedName === 'subprocess.Popen.communicate' ? ', reading its streams' : '';
  return `use \`await process.wait()\` on a process from \`${OPEN_PROCESS[library]}\`${reading}, or wait in a worker thread with \`${threadOffload(library)}\``;
}

export const blockingSubprocess = defineBlockingCallRule({
  code: 'LOOP103',
  name: 'blocking-subprocess',
  summary: 'A synchronous subprocess call in an async context blocks the event loop.',
  defaultSeverity: 'warning',
  equivalents: ['ASYNC220', 'ASYNC221', 'ASYNC222', 'S7487', 'S7489'],
  // `Popen.__exit__` waits for the process: leaving the `with` blocks, not entering it.
  ownMessage: (qualifiedName, call, where, library) =>
    waitsWhenWithEnds(qualifiedName, call)
      ? `leaving \`with subprocess.Popen(...)\` waits for the process to exit, blocking the event loop in ${where}; ${WAIT_AT_THE_END[library]}`
      : undefined,
  otherLibraryAdvice,
  doc: {
    whatItDoes:
      "Flags `subprocess.run`/`call`/`check_call`/`check_output`/`Popen`, `Popen.wait`/`communicate`, `os.system`, `os.popen`, `os.spawn*` and `os.wait*` in an async context; not a wait told not to wait (`os.waitpid(pid, os.WNOHANG)`), nor a spawn told not to (`os.spawnv(os.P_NOWAIT, ...)`, also `P_NOWAITO` or `P_DETACH`), which returns the child\'s pid at once (`P_WAIT`, or a mode not written out, waits for it to exit), nor a `wait()` or `communicate()` on a handle every path reaches once the process has ended, by a statement before it in its block or in a block around it, with the name bound to nothing else between: a `wait()` or `communicate()` of the handle (`proc.communicate(data)`, also in the body of a `with` that may swallow no exception, not `contextlib.suppress(...)` nor a test\'s `pytest.raises(...)`; or run in a worker thread, `await asyncio.to_thread(proc.wait)`), a `try` whose body waits and whose handlers wait too or leave (`except subprocess.TimeoutExpired: proc.kill(); proc.wait()`), `while proc.poll() is None:` with no `break`, an `if proc.poll() is None:` (or `proc.returncode is None`) whose body waits, or `proc.kill()` followed by awaiting a helper of this file that polls or waits for the process it is given (a test\'s clean-up, `await wait_for_exit(proc)`): the wait then only reaps the process, or reads what its closed pipes still hold, and returns at once, and the earlier wait is the finding. A wait right after `kill()` or `terminate()` alone is still one: it waits for the process to exit (and a SIGTERM may be handled for as long as the process likes). `Popen(...)` returns once the child is forked: it is flagged as the start of a run that blocks, a process waited for right away (`proc = Popen(cmd)` then `proc.wait()`) or whose output is read; a `with subprocess.Popen(...)` whose body does not wait for the process is flagged as leaving the `with`, which waits for it to exit. Not flagged is the start of a process the code keeps running: stored in an object (`self.proc = subprocess.Popen(cmd)`), returned as it starts (`return subprocess.Popen(cmd)`, also by a plain function a coroutine calls: the caller keeps the handle), started into a list kept so (a pool returned, `return [subprocess.Popen(cmd) for _ in range(n)]`, or a local list the function only fills and returns, or one of an object, `self.workers.append(subprocess.Popen(cmd))`, `self.workers[name] = ...`; not a list it iterates or hands to a function, which may wait), started and let go, the handle dropped (`subprocess.Popen([sys.executable, *sys.argv])` relaunching the program: a detached child nothing waits for, which an asyncio subprocess\'s transport would kill when closed), or in a local the coroutine polls or signals (`proc.terminate()`; also where each branch of an `if` starts it, the poll after the `if` seeing either), hands on (a fixture's `yield proc`) or waits for only after awaiting or yielding something else (a server a test talks to, an async fixture's wait after its `yield`); nor a `with subprocess.Popen(...) as proc:` whose body ends by stopping it (`proc.terminate()` or `proc.kill()`, in a `finally`), where leaving the `with` only reaps it. A generator hands control back at its `yield` as a coroutine does at its `await`: LOOP108 judges a start there the same way (a `@contextmanager` yielding the handle and only signalling it in its `finally` starts a process the `with` body runs beside: entering it does not block), while in a plain function all that runs between the start and the stop runs on the caller\'s thread. Each wait for such a process a coroutine makes is a finding of its own; moving the start alone to `asyncio.create_subprocess_exec` (which spawns the child on the loop\'s thread just the same), as if for a one-shot run, would break every synchronous use of the handle.",
    whyIsThisBad:
      "These calls wait for another program, often for seconds, on the event loop's only thread. `asyncio` has its own subprocess API that waits without blocking other tasks.",
    example: 'import subprocess\n\nasync def build():\n    subprocess.run(["make"], check=True)',
    useInstead:
      'import asyncio\n\nasync def build():\n    process = await asyncio.create_subprocess_exec("make")\n    if await process.wait() != 0:\n        raise RuntimeError("make failed")',
  },
});
