// The asyncio API most programs use — running, tasks, waiting, call-graph introspection — as short
// entries for hovers. Versions are checked against CPython's docs and sources (3.7–3.13 interpreters,
// 3.14 docs); locks, queues and exceptions are in asyncioPrimitivesApi.ts, the event loop's side in
// asyncioLoopApi.ts.
import type { ApiSection } from './apiEntry';

const TASK_GROUP_INSTEAD = '`async with asyncio.TaskGroup() as tg:` and `tg.create_task(...)` (3.11+): one failure cancels the rest.';
const CALL_GRAPH_ENTRY = { kind: 'function', added: '3.14' } as const;

export const ASYNCIO_API: readonly ApiSection[] = [
  {
    page: 'asyncio.html',
    anchors: 'none',
    entries: {
      asyncio: {
        kind: 'module',
        summary:
          'Asynchronous I/O on one thread: coroutines (`async def`) pause at each `await` and an event loop runs whichever task is ready.',
        instead: 'Start a program with `asyncio.run(main())`; inside it, never call blocking functions.',
      },
    },
  },
  {
    page: 'asyncio-runner.html',
    entries: {
      'asyncio.run': {
        kind: 'function',
        signature: 'run(coro, *, debug=None, loop_factory=None)',
        summary:
          'Creates an event loop, runs the coroutine to completion, cancels leftover tasks and closes the loop. The entry point of a program: call it once, from synchronous code.',
        added: '3.7',
        changed: [['3.12', '`loop_factory=` picks the loop implementation (replaces event-loop policies)']],
        rules: ['LOOP208'],
      },
      'asyncio.Runner': {
        kind: 'class',
        signature: 'Runner(*, debug=None, loop_factory=None)',
        summary:
          'A context manager that keeps one event loop for several `runner.run(coro)` calls, so synchronous and asynchronous steps can alternate; the loop is closed on exit.',
        added: '3.11',
      },
      'asyncio.Runner.run': {
        kind: 'method',
        signature: 'run(coro, *, context=None)',
        summary: "Runs a coroutine on the runner's loop and returns its result; raises `RuntimeError` when called from running async code.",
        added: '3.11',
        rules: ['LOOP208'],
      },
      'asyncio.Runner.get_loop': { kind: 'method', signature: 'get_loop()', summary: "Returns the runner's event loop.", added: '3.11' },
      'asyncio.Runner.close': {
        kind: 'method',
        signature: 'close()',
        summary: 'Cancels remaining tasks, shuts down async generators and the default executor, and closes the loop.',
        added: '3.11',
      },
    },
  },
  {
    page: 'asyncio-task.html',
    entries: {
      'asyncio.create_task': {
        kind: 'function',
        signature: 'create_task(coro, *, name=None, context=None)',
        summary:
          'Wraps a coroutine in a `Task` scheduled on the running loop and returns it. The loop keeps only a weak reference: store the task, or it may be garbage-collected mid-run.',
        added: '3.7',
        changed: [
          ['3.8', '`name=`'],
          ['3.11', '`context=`'],
          ['3.14', '`eager_start=` and other keywords are passed on to the `Task`'],
        ],
        instead: 'Inside a `TaskGroup`, `tg.create_task(...)`: the group keeps the reference and awaits the task.',
        rules: ['LOOP301'],
      },
      'asyncio.TaskGroup': {
        kind: 'async context manager',
        signature: 'TaskGroup()',
        summary:
          'Owns the tasks made with `tg.create_task()`; leaving `async with` waits for all of them. When one fails the others are cancelled and the errors come out as an `ExceptionGroup` (catch with `except*`).',
        added: '3.11',
        rules: ['LOOP309', 'LOOP404'],
      },
      'asyncio.TaskGroup.create_task': {
        kind: 'method',
        signature: 'create_task(coro, *, name=None, context=None)',
        summary: 'Starts a task owned by the group, which holds the reference and waits for it at the end of the block.',
        added: '3.11',
      },
      'asyncio.gather': {
        kind: 'function',
        signature: 'gather(*aws, return_exceptions=False)',
        summary:
          'Runs awaitables concurrently and returns their results in argument order. The first exception propagates (unless `return_exceptions=True`) while the other awaitables keep running.',
        changed: [['3.10', 'warns when called outside a running loop with coroutines']],
        instead: TASK_GROUP_INSTEAD,
        rules: ['LOOP209', 'LOOP304'],
      },
      'asyncio.wait': {
        kind: 'coroutine function',
        signature: 'wait(aws, *, timeout=None, return_when=ALL_COMPLETED)',
        summary:
          'Waits for tasks until all, the first, or the first failing one finishes (`return_when`), or the timeout passes; returns `(done, pending)` and cancels nothing.',
        changed: [['3.11', 'passing coroutines raises `TypeError`: wrap them in `create_task()`']],
      },
      'asyncio.wait_for': {
        kind: 'coroutine function',
        signature: 'wait_for(aw, timeout)',
        summary: 'Awaits with a time limit; on timeout the awaitable is cancelled and `TimeoutError` raised.',
        changed: [
          ['3.11', 'raises the builtin `TimeoutError`'],
          ['3.12', 'implemented with `asyncio.timeout()`'],
        ],
        instead: '`async with asyncio.timeout(delay):` (3.11+) puts one deadline on several awaits.',
        rules: ['LOOP204'],
      },
      'asyncio.timeout': {
        kind: 'async context manager',
        signature: 'timeout(delay)',
        summary:
          'Cancels the enclosed block after `delay` seconds and raises `TimeoutError` when it exits; `None` means no limit. Returns an `asyncio.Timeout` whose deadline can be moved.',
        added: '3.11',
        rules: ['LOOP307', 'LOOP404'],
      },
      'asyncio.timeout_at': {
        kind: 'async context manager',
        signature: 'timeout_at(when)',
        summary: 'Like `timeout()`, with an absolute deadline on the `loop.time()` clock.',
        added: '3.11',
        rules: ['LOOP307'],
      },
      'asyncio.Timeout': {
        kind: 'class',
        summary: 'The context manager returned by `timeout()` and `timeout_at()`.',
        added: '3.11',
      },
      'asyncio.Timeout.reschedule': {
        kind: 'method',
        signature: 'reschedule(when)',
        summary: 'Moves the deadline (`loop.time()` clock); `None` removes it.',
        added: '3.11',
      },
      'asyncio.Timeout.when': { kind: 'method', signature: 'when()', summary: 'The current deadline, or `None`.', added: '3.11' },
      'asyncio.Timeout.expired': {
        kind: 'method',
        signature: 'expired()',
        summary: 'Whether the deadline passed and the block was cancelled.',
        added: '3.11',
      },
      'asyncio.sleep': {
        kind: 'coroutine function',
        signature: 'sleep(delay, result=None)',
        summary: 'Suspends the current task for `delay` seconds while other tasks run; `sleep(0)` just lets them run once.',
        rules: ['LOOP306'],
      },
      'asyncio.shield': {
        kind: 'function',
        signature: 'shield(aw)',
        summary:
          'Protects an awaitable from cancellation: cancelling the awaiting task does not cancel the inner one. Keep a reference to the inner task.',
        rules: ['LOOP304'],
      },
      'asyncio.to_thread': {
        kind: 'coroutine function',
        signature: 'to_thread(func, /, *args, **kwargs)',
        summary:
          "Runs a blocking function in the default thread pool and returns its result, keeping the caller's `contextvars`; keyword arguments pass straight through.",
        added: '3.9',
        rules: ['LOOP205'],
      },
      'asyncio.as_completed': {
        kind: 'function',
        signature: 'as_completed(aws, *, timeout=None)',
        summary: 'Iterates over awaitables in the order they finish; raises `TimeoutError` if they are not all done in time.',
        changed: [['3.13', 'also an async iterator (`async for`) yielding the original tasks']],
      },
      'asyncio.current_task': {
        kind: 'function',
        signature: 'current_task(loop=None)',
        summary: 'Returns the task running the calling code, or `None` outside any task.',
        added: '3.7',
      },
      'asyncio.all_tasks': {
        kind: 'function',
        signature: 'all_tasks(loop=None)',
        summary: 'Returns the set of unfinished tasks of the running loop.',
        added: '3.7',
      },
      'asyncio.run_coroutine_threadsafe': {
        kind: 'function',
        signature: 'run_coroutine_threadsafe(coro, loop)',
        summary:
          'From another OS thread, submits a coroutine to a loop running elsewhere; returns a `concurrent.futures.Future` for its result.',
      },
      'asyncio.iscoroutinefunction': {
        kind: 'function',
        signature: 'iscoroutinefunction(func)',
        summary: 'Whether `func` is a coroutine function.',
      },
      'asyncio.iscoroutine': {
        kind: 'function',
        signature: 'iscoroutine(obj)',
        summary: 'Whether `obj` is a coroutine object.',
      },
      'asyncio.eager_task_factory': {
        kind: 'function',
        signature: 'eager_task_factory(loop, coro, *, name=None, context=None)',
        summary:
          'A task factory for `loop.set_task_factory()` that runs each new coroutine at once up to its first suspension; tasks that finish without suspending never reach the scheduler.',
        added: '3.12',
      },
      'asyncio.create_eager_task_factory': {
        kind: 'function',
        signature: 'create_eager_task_factory(custom_task_constructor)',
        summary: 'Builds an eager task factory around a custom task class.',
        added: '3.12',
      },
      'asyncio.coroutine': {
        kind: 'function',
        summary: 'Decorator for generator-based coroutines (`yield from`).',
        docs: 'https://docs.python.org/3.10/library/asyncio-task.html#asyncio.coroutine',
      },
      'asyncio.Task': {
        kind: 'class',
        signature: 'Task(coro, *, loop=None, name=None, context=None, eager_start=False)',
        summary: 'A `Future` that drives a coroutine on the event loop. Make one with `asyncio.create_task()`, not the constructor.',
        changed: [
          ['3.11', '`context=`'],
          ['3.12', '`eager_start=`'],
        ],
      },
      'asyncio.Task.cancel': {
        kind: 'method',
        signature: 'cancel(msg=None)',
        summary:
          'Requests cancellation: `CancelledError` is raised inside the coroutine at its next `await`. Code that catches it must re-raise it.',
        changed: [['3.9', '`msg=`']],
        rules: ['LOOP305'],
      },
      'asyncio.Task.cancelling': {
        kind: 'method',
        signature: 'cancelling()',
        summary: 'How many cancellation requests are pending (`cancel()` calls minus `uncancel()` calls).',
        added: '3.11',
      },
      'asyncio.Task.uncancel': {
        kind: 'method',
        signature: 'uncancel()',
        summary: 'Withdraws one cancellation request; for code that handles a cancellation it caused itself (as `timeout()` does).',
        added: '3.11',
      },
      'asyncio.Task.get_coro': { kind: 'method', signature: 'get_coro()', summary: 'The coroutine the task wraps.', added: '3.8' },
      'asyncio.Task.get_name': { kind: 'method', signature: 'get_name()', summary: 'The task name (`Task-1` by default).', added: '3.8' },
      'asyncio.Task.set_name': { kind: 'method', signature: 'set_name(value)', summary: 'Renames the task.', added: '3.8' },
      'asyncio.Task.get_context': {
        kind: 'method',
        signature: 'get_context()',
        summary: 'The `contextvars.Context` the task runs in.',
        added: '3.12',
      },
      'asyncio.Task.get_stack': {
        kind: 'method',
        signature: 'get_stack(*, limit=None)',
        summary: "The frames of the task's coroutine (for debugging).",
      },
      'asyncio.Task.print_stack': {
        kind: 'method',
        signature: 'print_stack(*, limit=None, file=None)',
        summary: "Prints the task's coroutine stack.",
      },
    },
  },
  {
    page: 'asyncio-graph.html',
    entries: {
      'asyncio.print_call_graph': {
        ...CALL_GRAPH_ENTRY,
        signature: 'print_call_graph(future=None, /, *, file=None, depth=1, limit=None)',
        summary: 'Prints the async call graph of the current task (or the given task/future): its call stack and who awaits it.',
      },
      'asyncio.format_call_graph': {
        ...CALL_GRAPH_ENTRY,
        signature: 'format_call_graph(future=None, /, *, depth=1, limit=None)',
        summary: 'Like `print_call_graph()`, returning the text.',
      },
      'asyncio.capture_call_graph': {
        ...CALL_GRAPH_ENTRY,
        signature: 'capture_call_graph(future=None, /, *, depth=1, limit=None)',
        summary: 'Returns the call graph as a `FutureCallGraph` (frames and awaiters) for tools.',
      },
      'asyncio.FutureCallGraph': {
        kind: 'class',
        summary: 'One node of a captured call graph: the future, its `call_stack` and the graphs of what `awaited_by` it.',
        added: '3.14',
      },
      'asyncio.FrameCallGraphEntry': {
        kind: 'class',
        summary: 'One frame in a `FutureCallGraph` call stack.',
        added: '3.14',
      },
      'asyncio.future_add_to_awaited_by': {
        ...CALL_GRAPH_ENTRY,
        signature: 'future_add_to_awaited_by(future, waiter, /)',
        summary: 'Records that `waiter` awaits `future`, for call graphs through custom awaitables.',
      },
      'asyncio.future_discard_from_awaited_by': {
        ...CALL_GRAPH_ENTRY,
        signature: 'future_discard_from_awaited_by(future, waiter, /)',
        summary: 'Removes a record made by `future_add_to_awaited_by()`.',
      },
    },
  },
];
