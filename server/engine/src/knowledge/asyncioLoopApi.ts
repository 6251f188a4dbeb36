// The lower-level asyncio API — getting and driving event loops, loop methods, futures, streams,
// subprocesses, and the policy system being retired — as short entries for hovers.
import type { ApiSection } from './apiEntry';

const RUN_INSTEAD = '`asyncio.run(main())` or `asyncio.Runner`, which create, run and close the loop for you.';
// The policies and child watchers are deprecated (see asyncioDeprecations.ts, which hovers read too).
const POLICY = { kind: 'class' } as const;
const CHILD_WATCHER = { kind: 'class', summary: 'Watched child processes for the asyncio subprocess API on Unix.' } as const;

/**
 * Loop methods taking a protocol factory as their first argument (`protocol_factory=`): the loop calls it, in its
 * thread while it runs, to build each connection's protocol.
 */
export const LOOP_PROTOCOL_FACTORY_METHODS: ReadonlySet<string> = new Set([
  'create_connection',
  'create_datagram_endpoint',
  'create_server',
  'create_unix_connection',
  'create_unix_server',
  'connect_accepted_socket',
  'connect_read_pipe',
  'connect_write_pipe',
  'subprocess_exec',
  'subprocess_shell',
]);

/**
 * asyncio's protocol classes, by the names code reaches them through: the event loop calls a subclass's callbacks (see
 * LOOP_PROTOCOL_CALLBACKS) for the connection, pipe or process it serves.
 */
export const ASYNCIO_PROTOCOL_CLASSES: ReadonlySet<string> = new Set(
  ['BaseProtocol', 'Protocol', 'BufferedProtocol', 'DatagramProtocol', 'SubprocessProtocol'].flatMap((name) => [
    `asyncio.${name}`,
    `asyncio.protocols.${name}`,
  ]),
);

/** The methods of a protocol the event loop itself calls, in its thread while it runs (the transport's events). */
export const LOOP_PROTOCOL_CALLBACKS: ReadonlySet<string> = new Set([
  'connection_made',
  'connection_lost',
  'data_received',
  'eof_received',
  'pause_writing',
  'resume_writing',
  'get_buffer',
  'buffer_updated',
  'datagram_received',
  'error_received',
  'pipe_data_received',
  'pipe_connection_lost',
  'process_exited',
]);

export const ASYNCIO_LOOP_API: readonly ApiSection[] = [
  {
    page: 'asyncio-eventloop.html',
    entries: {
      'asyncio.get_running_loop': {
        kind: 'function',
        signature: 'get_running_loop()',
        summary:
          'Returns the event loop running in this thread; raises `RuntimeError` when none is. The way to reach the loop from a coroutine or callback.',
        added: '3.7',
      },
      'asyncio.get_event_loop': {
        kind: 'function',
        signature: 'get_event_loop()',
        summary: 'Returns the running loop, or outside one the loop set for this thread.',
        changed: [
          ['3.12', '`DeprecationWarning` when no loop is set and one would be created'],
          ['3.14', '`RuntimeError` when no loop is running or set'],
        ],
        instead: 'Inside coroutines `asyncio.get_running_loop()`; at the entry point `asyncio.run(main())` or `asyncio.Runner`.',
        rules: ['LOOP201'],
      },
      'asyncio.new_event_loop': {
        kind: 'function',
        signature: 'new_event_loop()',
        summary: 'Creates a new event loop, not set as current; you must close it.',
        instead: RUN_INSTEAD,
        rules: ['LOOP203'],
      },
      'asyncio.set_event_loop': {
        kind: 'function',
        signature: 'set_event_loop(loop)',
        summary: 'Makes `loop` the current loop of this OS thread.',
        instead: RUN_INSTEAD,
        rules: ['LOOP203'],
      },
      'asyncio.EventLoop': {
        kind: 'class',
        summary: "The platform's default event loop class (selector on Unix, proactor on Windows), e.g. for `loop_factory=`.",
        added: '3.13',
      },
      'asyncio.AbstractEventLoop': {
        kind: 'class',
        summary:
          'The event loop: runs tasks and callbacks, network I/O and subprocesses. Coroutines reach it with `asyncio.get_running_loop()`.',
        docs: 'asyncio-eventloop.html#asyncio-event-loop-methods',
      },
    },
  },
  {
    page: 'asyncio-eventloop.html',
    anchors: 'loop',
    entries: {
      'asyncio.AbstractEventLoop.run_until_complete': {
        kind: 'method',
        signature: 'run_until_complete(future)',
        summary: 'Runs the loop until the coroutine or future finishes and returns its result; fails if the loop is already running.',
        instead: RUN_INSTEAD,
        rules: ['LOOP203', 'LOOP208'],
      },
      'asyncio.AbstractEventLoop.run_forever': {
        kind: 'method',
        signature: 'run_forever()',
        summary: 'Runs the loop until `stop()` is called.',
        instead: RUN_INSTEAD,
        rules: ['LOOP203'],
      },
      'asyncio.AbstractEventLoop.stop': {
        kind: 'method',
        signature: 'stop()',
        summary: 'Makes `run_forever()` return after the current iteration.',
      },
      'asyncio.AbstractEventLoop.close': {
        kind: 'method',
        signature: 'close()',
        summary: 'Closes a stopped loop: pending callbacks are dropped and the default executor shut down without waiting.',
        instead: '`asyncio.run()`/`Runner` also cancel leftover tasks and shut down async generators first.',
      },
      'asyncio.AbstractEventLoop.is_running': { kind: 'method', signature: 'is_running()', summary: 'Whether the loop is running.' },
      'asyncio.AbstractEventLoop.is_closed': { kind: 'method', signature: 'is_closed()', summary: 'Whether the loop was closed.' },
      'asyncio.AbstractEventLoop.time': {
        kind: 'method',
        signature: 'time()',
        summary: "The loop's monotonic clock, in seconds: the time base of `call_at()` and `timeout_at()`.",
      },
      'asyncio.AbstractEventLoop.call_soon': {
        kind: 'method',
        signature: 'call_soon(callback, *args, context=None)',
        summary: 'Schedules a plain callback for the next loop iteration (same thread only).',
      },
      'asyncio.AbstractEventLoop.call_soon_threadsafe': {
        kind: 'method',
        signature: 'call_soon_threadsafe(callback, *args, context=None)',
        summary: 'Like `call_soon()`, and the safe way to hand work to the loop from another thread.',
      },
      'asyncio.AbstractEventLoop.call_later': {
        kind: 'method',
        signature: 'call_later(delay, callback, *args, context=None)',
        summary: 'Schedules a callback after `delay` seconds; returns a cancellable handle.',
      },
      'asyncio.AbstractEventLoop.call_at': {
        kind: 'method',
        signature: 'call_at(when, callback, *args, context=None)',
        summary: 'Schedules a callback at `when` on the `loop.time()` clock.',
      },
      'asyncio.AbstractEventLoop.create_task': {
        kind: 'method',
        signature: 'create_task(coro, *, name=None, context=None)',
        summary: 'Schedules a coroutine as a task on this loop.',
        instead: '`asyncio.create_task()` inside coroutines, or a `TaskGroup`.',
        rules: ['LOOP301'],
      },
      'asyncio.AbstractEventLoop.create_future': {
        kind: 'method',
        signature: 'create_future()',
        summary: 'Creates a `Future` bound to this loop: the preferred way to make one.',
      },
      'asyncio.AbstractEventLoop.run_in_executor': {
        kind: 'method',
        signature: 'run_in_executor(executor, func, *args)',
        summary:
          'Runs `func(*args)` in an executor (`None`: the default thread pool) and returns an awaitable future. No keyword arguments: they need `functools.partial`.',
        instead: '`await asyncio.to_thread(func, *args, **kwargs)` (3.9+).',
        rules: ['LOOP205'],
      },
      'asyncio.AbstractEventLoop.set_default_executor': {
        kind: 'method',
        signature: 'set_default_executor(executor)',
        summary: 'Replaces the thread pool used by `run_in_executor(None, ...)` and `to_thread()`.',
      },
      'asyncio.AbstractEventLoop.shutdown_asyncgens': {
        kind: 'coroutine method',
        signature: 'shutdown_asyncgens()',
        summary: 'Closes async generators left open; `asyncio.run()` does it for you.',
      },
      'asyncio.AbstractEventLoop.shutdown_default_executor': {
        kind: 'coroutine method',
        signature: 'shutdown_default_executor(timeout=None)',
        summary: 'Waits for the default thread pool to finish its work and shuts it down.',
        added: '3.9',
        changed: [['3.12', '`timeout=`']],
      },
      'asyncio.AbstractEventLoop.set_task_factory': {
        kind: 'method',
        signature: 'set_task_factory(factory)',
        summary: 'Sets the function that creates tasks for this loop, e.g. `asyncio.eager_task_factory`.',
      },
      'asyncio.AbstractEventLoop.set_exception_handler': {
        kind: 'method',
        signature: 'set_exception_handler(handler)',
        summary: 'Handles errors nobody retrieved (failed callbacks, tasks destroyed with an exception).',
      },
      'asyncio.AbstractEventLoop.add_signal_handler': {
        kind: 'method',
        signature: 'add_signal_handler(signum, callback, *args)',
        summary: 'Runs a callback when the process receives a signal (Unix only).',
      },
      'asyncio.AbstractEventLoop.getaddrinfo': {
        kind: 'coroutine method',
        signature: 'getaddrinfo(host, port, *, family=0, type=0, proto=0, flags=0)',
        summary: 'The non-blocking `socket.getaddrinfo()`: the DNS lookup runs in the default executor.',
      },
      'asyncio.AbstractEventLoop.create_connection': {
        kind: 'coroutine method',
        signature: 'create_connection(protocol_factory, host=None, port=None, ...)',
        summary: 'Opens a connection driven by a protocol object; returns `(transport, protocol)`.',
        instead: '`asyncio.open_connection()` gives reader/writer streams.',
      },
      'asyncio.AbstractEventLoop.create_server': {
        kind: 'coroutine method',
        signature: 'create_server(protocol_factory, host=None, port=None, ...)',
        summary: 'Starts a server driven by protocol objects.',
        instead: '`asyncio.start_server()` gives reader/writer streams.',
      },
    },
  },
  {
    page: 'asyncio-future.html',
    entries: {
      'asyncio.Future': {
        kind: 'class',
        signature: 'Future(*, loop=None)',
        summary: 'A low-level awaitable whose result is set later (`set_result()`/`set_exception()`); mostly for libraries.',
        instead: '`loop.create_future()` to make one; tasks and `TaskGroup` for running coroutines.',
      },
      'asyncio.Future.result': {
        kind: 'method',
        signature: 'result()',
        summary: 'The result; raises the stored exception, `CancelledError` if cancelled, or `InvalidStateError` if not done yet.',
      },
      'asyncio.Future.exception': {
        kind: 'method',
        signature: 'exception()',
        summary: 'The stored exception or `None` (raises like `result()` when cancelled or not done).',
      },
      'asyncio.Future.set_result': { kind: 'method', signature: 'set_result(result)', summary: 'Marks the future done with a result.' },
      'asyncio.Future.set_exception': {
        kind: 'method',
        signature: 'set_exception(exception)',
        summary: 'Marks the future done with an exception.',
      },
      'asyncio.Future.done': { kind: 'method', signature: 'done()', summary: 'Whether it has a result, an exception, or was cancelled.' },
      'asyncio.Future.cancelled': { kind: 'method', signature: 'cancelled()', summary: 'Whether it was cancelled.' },
      'asyncio.Future.cancel': {
        kind: 'method',
        signature: 'cancel(msg=None)',
        summary: 'Cancels it and schedules its callbacks; returns `False` if it was already done.',
        changed: [['3.9', '`msg=`']],
      },
      'asyncio.Future.add_done_callback': {
        kind: 'method',
        signature: 'add_done_callback(callback, *, context=None)',
        summary: 'Calls `callback(future)` once it is done, e.g. `task.add_done_callback(background_tasks.discard)`.',
      },
      'asyncio.Future.remove_done_callback': {
        kind: 'method',
        signature: 'remove_done_callback(callback)',
        summary: 'Removes a done callback; returns how many were removed.',
      },
      'asyncio.Future.get_loop': { kind: 'method', signature: 'get_loop()', summary: 'The loop the future is bound to.', added: '3.7' },
      'asyncio.ensure_future': {
        kind: 'function',
        signature: 'ensure_future(obj, *, loop=None)',
        summary: 'Returns `obj` if it is already a future or task; wraps a coroutine or other awaitable in a scheduled task.',
        changed: [['3.10', 'warns when given a coroutine while no loop is running']],
        instead: '`asyncio.create_task(coro)` for coroutines; keep a reference to the task.',
        rules: ['LOOP202', 'LOOP301'],
      },
      'asyncio.wrap_future': {
        kind: 'function',
        signature: 'wrap_future(future, *, loop=None)',
        summary: 'Makes a `concurrent.futures.Future` awaitable.',
      },
      'asyncio.isfuture': { kind: 'function', signature: 'isfuture(obj)', summary: 'Whether `obj` is an asyncio future (or task).' },
    },
  },
  {
    page: 'asyncio-stream.html',
    entries: {
      'asyncio.open_connection': {
        kind: 'coroutine function',
        signature: 'open_connection(host=None, port=None, *, limit=65536, ssl=None, ...)',
        summary: 'Opens a TCP connection and returns a `(StreamReader, StreamWriter)` pair.',
      },
      'asyncio.start_server': {
        kind: 'coroutine function',
        signature: 'start_server(client_connected_cb, host=None, port=None, ...)',
        summary:
          'Starts a TCP server that calls `client_connected_cb(reader, writer)` for each client; use `async with server:` and `await server.serve_forever()`.',
      },
      'asyncio.open_unix_connection': {
        kind: 'coroutine function',
        signature: 'open_unix_connection(path=None, *, limit=65536, ...)',
        summary: 'Like `open_connection()` over a Unix socket (Unix only).',
      },
      'asyncio.start_unix_server': {
        kind: 'coroutine function',
        signature: 'start_unix_server(client_connected_cb, path=None, ...)',
        summary: 'Like `start_server()` on a Unix socket (Unix only).',
      },
      'asyncio.StreamReader': {
        kind: 'class',
        summary: 'Reads from a connection; obtained from `open_connection()` or a server callback.',
      },
      'asyncio.StreamReader.read': {
        kind: 'coroutine method',
        signature: 'read(n=-1)',
        summary: 'Reads up to `n` bytes (`-1`: until EOF); `b""` at EOF.',
      },
      'asyncio.StreamReader.readline': { kind: 'coroutine method', signature: 'readline()', summary: 'Reads one line, ending in `\\n`.' },
      'asyncio.StreamReader.readexactly': {
        kind: 'coroutine method',
        signature: 'readexactly(n)',
        summary: 'Reads exactly `n` bytes or raises `IncompleteReadError`.',
      },
      'asyncio.StreamReader.readuntil': {
        kind: 'coroutine method',
        signature: 'readuntil(separator=b"\\n")',
        summary: 'Reads up to and including the separator.',
      },
      'asyncio.StreamReader.at_eof': {
        kind: 'method',
        signature: 'at_eof()',
        summary: 'Whether the buffer is empty and the stream ended.',
      },
      'asyncio.StreamWriter': { kind: 'class', summary: 'Writes to a connection; pair every `write()` burst with `await drain()`.' },
      'asyncio.StreamWriter.write': {
        kind: 'method',
        signature: 'write(data)',
        summary: 'Queues bytes for sending without waiting.',
        instead: 'Follow with `await writer.drain()` so the buffer cannot grow without bound.',
      },
      'asyncio.StreamWriter.drain': {
        kind: 'coroutine method',
        signature: 'drain()',
        summary: 'Waits until the write buffer has room again (flow control).',
      },
      'asyncio.StreamWriter.close': {
        kind: 'method',
        signature: 'close()',
        summary: 'Starts closing the stream.',
        instead: 'Follow with `await writer.wait_closed()`.',
      },
      'asyncio.StreamWriter.wait_closed': {
        kind: 'coroutine method',
        signature: 'wait_closed()',
        summary: 'Waits until the stream is closed.',
        added: '3.7',
      },
      'asyncio.StreamWriter.start_tls': {
        kind: 'coroutine method',
        signature: 'start_tls(sslcontext, *, server_hostname=None, ...)',
        summary: 'Upgrades the connection to TLS in place.',
        added: '3.11',
      },
      'asyncio.Server.serve_forever': {
        kind: 'coroutine method',
        signature: 'serve_forever()',
        summary: 'Accepts connections until the server is closed or the task cancelled.',
        added: '3.7',
      },
      'asyncio.Server.close_clients': {
        kind: 'method',
        signature: 'close_clients()',
        summary: 'Closes every connected client transport.',
        added: '3.13',
      },
    },
  },
  {
    page: 'asyncio-subprocess.html',
    entries: {
      'asyncio.create_subprocess_exec': {
        kind: 'coroutine function',
        signature: 'create_subprocess_exec(program, *args, stdin=None, stdout=None, stderr=None, ...)',
        summary: 'Starts a program (no shell) and returns a `Process` to await.',
      },
      'asyncio.create_subprocess_shell': {
        kind: 'coroutine function',
        signature: 'create_subprocess_shell(cmd, stdin=None, stdout=None, stderr=None, ...)',
        summary: 'Runs a command line through the shell and returns a `Process`; quote arguments with `shlex.quote()`.',
      },
      'asyncio.subprocess.Process': {
        kind: 'class',
        summary: 'A running child process from `create_subprocess_exec()`/`create_subprocess_shell()`.',
      },
      'asyncio.subprocess.Process.communicate': {
        kind: 'coroutine method',
        signature: 'communicate(input=None)',
        summary: 'Sends input, reads stdout and stderr to the end and waits for exit; returns `(stdout, stderr)`. Avoids pipe deadlocks.',
      },
      'asyncio.subprocess.Process.wait': {
        kind: 'coroutine method',
        signature: 'wait()',
        summary: 'Waits for the process to exit and returns its exit code.',
        instead: 'With `stdout=PIPE`/`stderr=PIPE`, use `communicate()`: a full pipe would block the child forever.',
      },
      'asyncio.subprocess.PIPE': { kind: 'constant', summary: 'Connects the stream to a pipe you read or write.' },
      'asyncio.subprocess.DEVNULL': { kind: 'constant', summary: 'Connects the stream to `os.devnull`.' },
      'asyncio.subprocess.STDOUT': { kind: 'constant', summary: 'For `stderr=`: merge it into stdout.' },
    },
  },
  {
    page: 'asyncio-policy.html',
    entries: {
      'asyncio.get_event_loop_policy': {
        ...POLICY,
        kind: 'function',
        signature: 'get_event_loop_policy()',
        summary: 'Returns the process-wide event loop policy.',
      },
      'asyncio.set_event_loop_policy': {
        ...POLICY,
        kind: 'function',
        signature: 'set_event_loop_policy(policy)',
        summary: 'Sets the process-wide event loop policy (e.g. to use uvloop).',
      },
      'asyncio.AbstractEventLoopPolicy': { ...POLICY, summary: 'Base class of event loop policies.' },
      'asyncio.DefaultEventLoopPolicy': { ...POLICY, summary: "The platform's default event loop policy." },
      'asyncio.WindowsSelectorEventLoopPolicy': {
        ...POLICY,
        summary: 'A policy creating selector loops on Windows.',
      },
      'asyncio.WindowsProactorEventLoopPolicy': {
        ...POLICY,
        summary: 'A policy creating proactor loops on Windows (the default there).',
      },
    },
  },
  {
    // Removed in 3.14, so documented only up to 3.13.
    page: 'https://docs.python.org/3.13/library/asyncio-policy.html',
    entries: {
      'asyncio.AbstractChildWatcher': CHILD_WATCHER,
      'asyncio.SafeChildWatcher': CHILD_WATCHER,
      'asyncio.FastChildWatcher': CHILD_WATCHER,
      'asyncio.ThreadedChildWatcher': CHILD_WATCHER,
      'asyncio.MultiLoopChildWatcher': CHILD_WATCHER,
      'asyncio.PidfdChildWatcher': CHILD_WATCHER,
      'asyncio.get_child_watcher': { ...CHILD_WATCHER, kind: 'function' },
      'asyncio.set_child_watcher': { ...CHILD_WATCHER, kind: 'function' },
    },
  },
];
