// LOOP301 dangling-task: a task from `asyncio.create_task`, `asyncio.ensure_future` or
// `loop.create_task` that nothing keeps a reference to.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { callArguments, enclosingStatement, hasAsyncKeyword, unparenthesize } from '../../analysis/pythonSyntax';
import type { Binding, Scope } from '../../analysis/scope';
import type { SemanticModel } from '../../analysis/semanticModel';
import type { LineIndex } from '../../analysis/sourceText';
import type { Rule, RuleContext } from '../../linter/rule';
import { isEventLoopMethod, isEventLoopMethodCall } from '../../ruleSupport/eventLoopCalls';
import { isMentionedAgain } from './support/nameMentions';
import { droppingStatement, fileMentions, isInsideLoop } from './support/syntaxShapes';
import { isLastUnderTest } from '../../ruleSupport/expectedToRaise';
import { keepTaskFix } from './support/taskReferenceFix';
import { isParkedUntilCancelled, sleeperLoopsOrAsserts, spawnedCall, suspendsOnlyWhereKept } from './support/parkedCoroutine';
import { loopInAnotherThread, type LoopThread } from './support/loopInAnotherThread';
import { runsOnTemporalWorkflowLoop } from '../../ruleSupport/temporalWorkflows';
import { callsProjectCoroutineThatCannotFail } from '../../ruleSupport/catchAllCoroutines';
import { snippet } from '../../ruleSupport/codeSnippet';
import { startsTaskItKeeps } from '../../ruleSupport/taskKeepingSpawners';
import { setsExceptionHandlerOnTaskLoop } from '../../ruleSupport/loopExceptionHandlers';

/** Where the task ends up: thrown away, in a local nobody reads, or somewhere that keeps it. */
type TaskFate = { readonly kind: 'dropped' } | UnusedLocal | { readonly kind: 'kept' };

interface UnusedLocal {
  readonly kind: 'unusedLocal';
  readonly name: string;
  readonly functionName: string;
}

const SPAWNER_NAMES = /create_task|ensure_future/;

const KEPT: TaskFate = { kind: 'kept' };
const DROPPED: TaskFate = { kind: 'dropped' };

/** Containers and operators whose value is the task itself (or holds it): follow them outwards. */
const TRANSPARENT_PARENTS: ReadonlySet<string> = new Set([
  'parenthesized_expression',
  'list',
  'tuple',
  'set',
  'expression_list',
  'pair',
  'dictionary',
  'boolean_operator',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
]);

const WEAK_REFERENCE_NOTE = 'the event loop holds tasks only weakly, so it can be garbage-collected mid-run';

export const danglingTask: Rule = {
  code: 'LOOP301',
  name: 'dangling-task',
  summary: 'A task from `create_task`/`ensure_future` that nothing keeps a reference to.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: ['RUF006', 'ASYNC300', 'S7502'],
  fixable: true,
  nodeKinds: ['call'],
  check(call, context) {
    if (!fileMentions(context.lines, SPAWNER_NAMES)) return;
    const method = context.model.calleeLastName(call);
    if (method !== 'create_task' && method !== 'ensure_future') return;
    if (!spawnsTask(call, method, context)) return;
    // An event-loop wrapper of the project whose `create_task` keeps the task itself.
    if (startsTaskItKeeps(call, context)) return;
    const fate = fateOf(call, context.model, context.lines);
    if (fate.kind === 'kept') return;
    // A task throwing `KeyboardInterrupt` into a generator is started to stop the loop (see throwsLoopExit).
    const coroutine = callArguments(call).positional[0];
    if (coroutine !== undefined && throwsLoopExit(unparenthesize(coroutine), context)) return;
    const statement = enclosingStatement(call);
    if (statement && isLastUnderTest(statement, context.model, context.scope)) return;
    if (isParkedUntilCancelled(call, context.model, context.scope)) return;
    if (runsOnTemporalWorkflowLoop(call, context.model, context.project)) return;
    const shown = `${call.childForFieldName('function')?.text ?? method}(...)`;
    // Meant for a loop another thread runs: the task never gets there, which a reference would not change.
    const elsewhere = loopInAnotherThread(call, context.model, context.scope);
    if (elsewhere) {
      context.report({ node: call, message: anotherThreadMessage(shown, coroutine, context.scope.functionScope?.name, elsewhere) });
      return;
    }
    // Its argument is not known to be a Future (see wrapsExistingFuture): `ensure_future` makes a new task of anything else.
    const made = method === 'ensure_future' ? '`ensure_future` creates a task unless given a Future' : undefined;
    // A coroutine that cannot fail (one catching whatever it raises, a logging wrapper) has no exception to lose; nor does
    // a task whose starter set the loop's exception handler, which receives what the task raised when it is freed.
    const started = spawnedCall(call, context.model, context.scope);
    const cannotFail =
      (started !== undefined && callsProjectCoroutineThatCannotFail(started, context.model, context.scope, context.project)) ||
      setsExceptionHandlerOnTaskLoop(call, context.model, context.scope);
    if (suspendsOnlyWhereKept(call, context.model, context.scope, context.project)) {
      // The loop keeps the task to its end: only what it raises is at risk, and only worth a word where a loop would
      // end for good or a test's assert go unnoticed.
      if (!cannotFail && sleeperLoopsOrAsserts(call, context.model, context.scope, context.project))
        context.report({ node: call, message: unseenFailureMessage(shown, made, fate) });
      return;
    }
    const advice = 'keep it in a set (and discard it in a done callback) or start it in an `asyncio.TaskGroup`';
    if (fate.kind === 'dropped') {
      const unseen = cannotFail ? '' : ', and its exception is never seen';
      context.report({
        node: call,
        message: `Nothing keeps the task \`${shown}\` returns: ${made ? `${made}; ` : ''}${WEAK_REFERENCE_NOTE}${unseen}; ${advice}`,
        fix: keepTaskFix(call, fate, context),
      });
      return;
    }
    // A local keeps the task while its function runs: the task is at risk once the function returns. Not where the
    // function then runs the loop itself: the task is kept as long as the loop runs it.
    if (!context.scope.isAsyncContext && drivesTheLoopAfter(call, context.model)) return;
    context.report({
      node: call,
      message:
        `The task \`${shown}\` returns${made ? ` (${made})` : ''} ${assignedTo(fate)}: that keeps it only until \`${fate.functionName}()\` returns, and ` +
        `${WEAK_REFERENCE_NOTE}; ${advice}`,
      fix: keepTaskFix(call, fate, context),
    });
  },
  doc: {
    whatItDoes:
      "Flags `asyncio.create_task(...)`, `asyncio.ensure_future(...)` and `loop.create_task(...)` whose task is thrown away: a bare expression statement, a chained `.add_done_callback(...)`, an assignment to `_`, or to a local variable whose name does not appear again in the function nor in a function, lambda or generator expression nested in it (wherever that is written: a closure defined before the assignment reads the task when it is called). A task that is awaited, returned, yielded, stored in an attribute, subscript, collection or module-level name, or passed to any call is kept. So is one a plain function starts with `loop.create_task(...)` into a local and then runs that loop itself (`loop.run_forever()`, `loop.run_until_complete(...)`) in a later statement of the same block or the body of a `try` or `with` there, with no statement holding a `return` between: the local lives as long as the loop runs (a script's `_ = loop.create_task(broker.start())` before `loop.run_forever()`). A drive under a condition, in a loop, of another loop, or a task not even assigned, is still flagged. `TaskGroup.create_task` is never flagged: the group holds its tasks. Nor is `create_task(...)` (or `ensure_future(...)`) called on an object the code says is an instance of a class, of this file or of another module of the project, whose method of that name binds a local to the task it starts and then, with no `return` between, stores it in a collection of its object (`self.bg_tasks.add(task)`, `self._tasks.append(task)`, `self._tasks[name] = task`): an event-loop wrapper keeping the tasks it starts. The class is read from a parameter's annotation (`event_loop: EventLoop`), the call that made the object, an attribute assigned one of those (by the class or a base class of this file: `self.event_loop` set in the base's `__init__`), or the class a plain method is annotated to return (`self.server.get_event_loop()` with `def get_event_loop(self) -> EventLoop`, also as another module's summary says). Neither is `ensure_future` of a known Task or Future, which it returns as it is: one the model types so (`asyncio.gather(...)`, `asyncio.shield(...)`, `asyncio.Future()`, an annotated name), a loop's `create_future()`, `run_in_executor(...)` or `create_task(...)` (also called through `context.run(loop.create_task, coro)`), or a name last assigned one of those, or a call of a plain `def` of this file annotated to return a Future or any awaitable (`-> Awaitable[None]`: it may hand back a Future it keeps); of anything else (a coroutine, an unknown call or name) it creates a task, and is flagged. Nor is a call under test in `with self.assertRaises(...)` or `with pytest.raises(...)`: the last statement of its body, which the test expects to raise (on a closed loop) before any task exists; a statement before another one, or inside a nested `with` whose exit runs after it, ran and made its task. Nor is a task parked until it is cancelled: its coroutine, an `async def` of this file, first awaits `asyncio.sleep(math.inf)` (or `float(\"inf\")`), or loops `while True:` on nothing but `await asyncio.sleep(...)`, as a statement of its body or of a `try` or `with` body there (a clean-up that runs when the loop shuts down), entering on the way, with `async with`, at most objects made before it (names and attributes: `async with client.api_client:`, a resource it holds open until then, whose `__aenter__` runs once before it parks; not a manager made in the statement, `async with connect(url):`, whose code may wait on anything): while it sleeps, the loop's timer holds the sleep's future, and the future holds the task. (A task first waiting on anything else, such as a fresh `asyncio.Event().wait()`, has no such keeper and is flagged.) Nor is a task started in Temporal workflow code (a method of a class decorated `@workflow.defn` from `temporalio`, or a function nested in one): it runs on the workflow's own event loop, which keeps every task it creates in a strong set and cancels what is left when the workflow is evicted. Nor is a task whose coroutine throws `KeyboardInterrupt` or `SystemExit` into a generator (`gen.athrow(KeyboardInterrupt)`, `coro.throw(SystemExit(1))`), started to interrupt what the generator runs as Ctrl-C would: a task re-raises those out of the event loop as soon as it runs into them, so its exception reaches whoever runs the loop, which stops with it. A receiver whose type is unknown counts as an event loop when its name ends in `loop` (`self._loop`), unless a test made it as a stand-in: a `unittest.mock` mock (`MagicMock()`, `create_autospec(AbstractEventLoop)`), an instance of a class whose name starts with `Mock` (`MockBot()`) or what a helper named `mock_...()` returns, what a plain function or pytest fixture of this file returning only such values hands out, or an attribute of one (`bot.loop` after `bot = MockBot()`, `self.bot.loop` where every assignment to `self.bot` makes one) where the file does not say the attribute holds something else: its `create_task` does whatever the test made it do, and no task need exist. A plain `def` that starts or joins a `threading.Thread` cannot be running in that thread (a thread neither starts nor joins itself): where the thread's target (a lambda or a function of this file) runs an event loop (`asyncio.run(...)`, aiohttp's `web.run_app(...)`, `run_forever()`, `run_until_complete(...)`) and mentions the object whose method makes the coroutine (`asyncio.ensure_future(self.app.shutdown())` in an `__exit__` that joins the thread started with `target=lambda: web.run_app(self.app)`), the message says that `asyncio.ensure_future` or `asyncio.create_task` schedules the coroutine on the calling thread's loop, if it has one, not on the loop serving that object, and to hand it over with `asyncio.run_coroutine_threadsafe(coro, loop)`: the task never runs where it was meant to, which a reference would not change. A coroutine of `self` itself says nothing of the loop it is for, and a loop's own `create_task` goes to that loop: both are reported as before. A task whose coroutine (made in the call, or before it into a local name bound once: `coro = job()` then `asyncio.create_task(coro)`), an `async def` of this file (undecorated, and no empty method a subclass may override; a method of a class of this file called on an instance of it counts: `heartbeat.run()` after `heartbeat = Heartbeat()`, `sub.resubscribe()` where `sub` is a parameter annotated with the class, also as a string, `Optional[...]` or `... | None`, or `sub = self._subs.get(channel)` with `self._subs: Dict[str, Subscription]`, or `sub = self._subs[channel]`, and `self._client.resubscribe()` where the class annotates `_client` (in its body or a method, `self._client: Optional[Client] = client`) or assigns it nothing but calls of one class (`self._client = Client()`), parameters annotated with it (`self._client = client`, `client: Client`) and None, or unpacks into it the protocol of a connection the loop opens (`self._transport, self._client = await self._loop.create_connection(lambda: Client(handlers), host, port)`, or with the factory `Client` or `functools.partial(Client, handlers)`: the loop builds the protocol by calling it); a receiver whose class the code does not say, such as an attribute assigned whatever an unannotated parameter holds, is not taken for an instance of the only class defining the method), suspends nowhere but in `await asyncio.sleep(...)`, on a future its object holds (`await self.closer`, `await cls.stopped`), on a future it made (`asyncio.Future()`, `loop.create_future()`) and first handed to a keeper, in a statement every path to the wait runs first (a registering or storing method of its object, or of what the starter keeps as below: `self.once(state, on_change)` with a nested function setting the future, `self.on(\"closed\", future.set_result)`, `self._waiters.append(future)`, `self._pending[key] = {\"future\": future}`; or an `if` with an `else` doing so in each branch), on a task or future the call starting it hands it from the caller's object (`await task` for each `task` of a parameter given `[self.reader, self.writer]`, or a local list the caller fills only by `append`ing such attributes: a clean-up awaiting the tasks its object just cancelled), or on an asyncio primitive someone keeps, or in `asyncio.wait_for(...)` of such a wait or with a timeout known to be a number (a literal, a module constant bound once to one, or a parameter of the coroutine that the call starting it passes a number literal or leaves to a default that is one: until it fires, the loop's timer holds the timeout's handle and the handle the task; `timeout=None` sets no timer) (or in awaited coroutines of this file that do, a coroutine awaiting itself again (a retry after `await asyncio.sleep(...)`: `await self.send(event, attempt + 1)`) waiting only where its body does, or in coroutines of other modules of the project that suspend nowhere or only in `asyncio.sleep`, on a future their object holds or on one they handed over to their object as above (an event emitter's `once_async()` awaiting the future its listener on the emitter sets), or on a primitive they stored on their object right before waiting on it as above (a protocol's request parking on the Event it stored in its table of pending replies): a function imported from there, or a method of the class its receiver is known to be an instance of as above, `self._outbox.post(message)` where `__init__` assigned `self._outbox = Outbox()`, whose module's summary says its body awaits only `asyncio.sleep`, such futures and coroutines of the project that do the same, it being undecorated, no hook meant to be overridden (an empty body, or a docstring saying subclasses or users override it: `Should be overridden to handle ...`, `Override this in your bot class`), and overridden by no class of the project deriving from its class), if at all, cannot be collected mid-run either: while it sleeps the loop's timer holds it, while it waits on `self.closer` (or a future a listener registered on the object sets, or a task the object keeps) the object holds that future and the future the task's wake-up, while it is ready the loop's ready queue does. Waits on a primitive are an Event's or Condition's `wait()`, a Queue's `get()`, a Lock's, Semaphore's or Condition's `acquire()` or `async with` of it, the primitive known by its annotation or the call that made it (or stored by the statement right before the wait, or before the `try` it opens: `self._pending[key] = {\"done\": asyncio.Event()}` then `await self._pending[key][\"done\"].wait()`, the path read calling nothing), and reached through attributes and subscripts of `self` or `cls` (`await self.ready.wait()`, `await self.inboxes[name].get()`: the object keeps it), of a module-level name bound once (no `global` statement binds it again) to an instance or a literal container (`await LOBBY.inboxes[room].get()` after `LOBBY = Lobby()`, a class annotating `inboxes: Dict[str, asyncio.Queue]`: the module keeps it for the program's life), or of a parameter or local, bound once, of the `async def` that starts the task, which keeps it while it runs (a test's nested `ack()` waiting on `reconnector.messages_written.wait()` and `async with reconnector.lock:`, `reconnector` being the fixture object the test receives): the primitive holds the waiter's future, and the future the task's wake-up. So are waits the event loop's own machinery keeps, whoever holds the object awaited, in the task's coroutine or one it awaits (not the coroutine started itself: `create_task(asyncio.to_thread(f))` is reported as before): `asyncio.to_thread(...)` and a loop's `run_in_executor(...)` (the executor's work item holds the concurrent future, whose callback holds the asyncio future, whose callback holds the task's wake-up), a loop's `create_connection(...)`, `create_datagram_endpoint(...)`, `create_server(...)`, `create_unix_server(...)`, `connect_accepted_socket(...)`, `connect_read_pipe(...)`, `start_tls(...)`, `getaddrinfo(...)`, `sock_connect(...)`, `sock_recv(...)`, `sock_sendall(...)`, `sock_sendfile(...)`, `sock_accept(...)`, `sendfile(...)` and `subprocess_exec(...)`, and `asyncio.open_connection(...)` and `asyncio.start_server(...)` (a selector handle, the ready queue, the executor or the new transport's protocol holds their futures: opening a server waits on a name lookup in the executor and a turn of the ready queue), `asyncio.create_subprocess_exec(...)` or `_shell(...)`, and an asyncio subprocess's `wait()`, `communicate()`, reads of its `stdout` or `stderr` (`read()`, `readline()`, `readexactly()`, `readuntil()`) and `drain()` of its `stdin` (its transport, held by the loop's child watcher, holds its exit waiters, and its pipes' transports, registered with the selector, their readers), `drain()` of a connection's writer (its transport holds the protocol the wait parks in), and `asyncio.wrap_future(...)` of `submit(...)` on one of the standard library's pools (`ThreadPoolExecutor`, `ProcessPoolExecutor`, an annotated `concurrent.futures.Executor`; the pool's work item holds the concurrent future, whose callback holds the asyncio future: not another library's `submit`, nor a future made by hand), the receiver known by an annotation (`process: asyncio.subprocess.Process`, `writer: asyncio.StreamWriter`), a local bound once to `await asyncio.create_subprocess_exec(...)` or unpacked from `await asyncio.open_connection(...)`, an attribute of `self` every assignment in the class sets to one (None aside), or a parameter the call entering the coroutine passes one (`proc.stdout`); a read of a connection's StreamReader (annotated so, or unpacked from `open_connection`) counts only where the reader is kept as a primitive is, since its protocol holds it only weakly, and a read of an object the code does not say is a stream (`source.read()`) or of a StreamReader made by hand keeps nothing. So are the steps of an `async for` over an object kept the same way (`async for _ in self.clock:`, or over a local of the test starting the task), an instance of a class of this file whose `__aiter__` returns `self` on every `return` and whose `__anext__` suspends only where kept in turn (`await self._tick.wait()` on the clock's own Event): each step waits in that `__anext__`, on what the object holds. A primitive or iterated object of the task's own (`async for beat in Metronome(1):`), or of a plain function that returns once it has started the task, keeps nothing, and such a task is flagged; so is one iterating an object whose `__aiter__` hands out another, or whose `__anext__` waits on anything else. Such a task is flagged only when its coroutine can fail and loops or asserts (in its body or in an awaited coroutine of this file or, as its module's summary says, of another module), with a message saying just that: nothing awaits it, so if it raises (a background `while True:` loop doing work between its sleeps), it stops and nothing handles the exception; asyncio only logs it once the task is destroyed. A task that sleeps and then does one thing is not flagged: if that one thing raises, asyncio logs the error with its traceback as soon as the finished task is freed, and nothing more was meant to run; a loop that dies ends work meant to go on, and a failed `assert` in a dropped task does not fail the test. A coroutine cannot fail when each statement of its body cannot raise (judged conservatively: assignments to names and attributes of names, literals, attribute reads, slices, reads by a string key of records the class builds itself (`record[\"body\"]` for each `record` of a private list, `self._queued` or a local bound to it, that the class fills only with dict literals having that key: `self._queued.append({\"body\": body, \"future\": future})`), list comprehensions of such, arithmetic other than powers (division and modulo only by a nonzero number literal: `period // 2`), comparisons, `await asyncio.sleep(...)`, `raise asyncio.CancelledError` (a cancellation), calls of `print`, `len`, `abs`, `range`, `isinstance` and the clocks (`time.monotonic()`, `loop.time()`, `datetime.now()`), of `append`, `add`, `discard`, `clear`, `set()` and `cancel()` on an object, of a logger's methods, and of plain functions of this file made of the same; `if`, `while` and `for` over such), or is a `try` with an `except Exception:` (or `BaseException`, or bare) whose handlers do not raise again, whose `else` cannot fail or hands the result to the future or Deferred a handler hands the caught exception to (each by a statement of its own: `future.set_exception(exc)` and `future.set_result(result)`, `dfd.errback(Failure(exc))` and `dfd.callback(result)`, or the same scheduled with `loop.call_soon_threadsafe(...)`, `loop.call_soon(...)` or `reactor.callFromThread(...)`, as `loop.call_soon_threadsafe(future.set_exception, exc)`; the exception being the caught one or a value made of it, the result something that cannot raise), and whose `finally` cannot raise (as a wrapper logging the coroutine it awaits, or one handing its outcome to the thread waiting on a future: that thread sees the exception), an import of a package the module imports at its top outside any `try` or `if` (`from twisted.internet import reactor` in the coroutine, put off until the application has installed its reactor: the package is there), an `if`, `while` or `for` (`while True:` or `for task in tasks:` around such a `try`; a `for` with a plain name as target, over a name, attribute or call that cannot raise) whose conditions cannot raise and whose bodies cannot fail, or an `await` of another coroutine of this file that cannot fail. A coroutine of another module of the project cannot fail where its module's summary says so (read of one suspending only where kept, as above). Where the task's coroutine cannot fail but may wait on something else, the message does not say that its exception goes unseen: only that the task may be collected mid-run." +
      ' Nor does it where the function (or module code) starting the task also sets an exception handler on the loop the task runs on, under a condition or not: `loop.set_exception_handler(on_error)` beside `loop.create_task(...)`, the loops written alike, or in a coroutine `asyncio.get_running_loop().set_exception_handler(...)` (directly or through a local bound to it) beside `asyncio.create_task(...)` (a runner setting one that stops the loop and re-raises what a dropped task raised): asyncio hands that handler the exception nobody retrieved when the task is freed, so the failure is reported by design. Where such a task is one the loop keeps to its end, and only its failure was at risk, it is not flagged at all. A `set_exception_handler(None)` in the same body, which may put the default back, leaves the message as it was.',
    whyIsThisBad:
      'The event loop holds running tasks only through weak references. A task nobody else references can be garbage-collected in the middle of its work, so it silently stops; and since nobody awaits it, an exception it raises is only logged, if at all, when it is collected.',
    example: 'import asyncio\n\nasync def handle(request):\n    asyncio.create_task(audit_log(request))\n    return await respond(request)',
    useInstead:
      'import asyncio\n\nbackground_tasks = set()\n\nasync def handle(request):\n    task = asyncio.create_task(audit_log(request))\n    background_tasks.add(task)\n    task.add_done_callback(background_tasks.discard)\n    return await respond(request)',
    fixSafety:
      'The fix keeps the task in a module-level set, `_background_tasks` (defined as `_background_tasks = set()` after the imports when missing): the call is assigned to a new local name (or keeps the name it was assigned to), added to the set, and removed again by a done callback. A chained `.add_done_callback(cb)` is kept, on the named task. The fix is safe: the task runs exactly as before, except that it can no longer be garbage-collected before it finishes. It is offered for a statement holding one task (not a tuple or comprehension of tasks), in a function or at module level, when the names it needs are free. It is not offered where the task is meant for the loop another thread runs, nor where the message is only about the unseen exception (a task suspending only where it is kept, in `asyncio.sleep` or on a kept primitive): a reference would change nothing there.',
  },
};

/** Exceptions a task re-raises out of the event loop instead of keeping them (`Task.__step`): the loop stops with them. */
const LOOP_EXITS: ReadonlySet<string> = new Set(['builtins.KeyboardInterrupt', 'builtins.SystemExit']);

/**
 * `gen.athrow(KeyboardInterrupt)` (or `coro.throw(SystemExit(...))`): a coroutine raising one of LOOP_EXITS into a
 * generator, a way to interrupt what it runs as Ctrl-C would. The task re-raises it out of `run_until_complete` or
 * `run_forever` at once, unless the generator catches it, so its exception is not lost and the loop does not run on
 * with the task half done: nothing the message claims happens. (The finished task still holds the exception, and asyncio
 * logs "Task exception was never retrieved" when it is freed: noise about an exception the caller saw, not a lost one.)
 */
function throwsLoopExit(coroutine: SyntaxNode, context: RuleContext): boolean {
  if (coroutine.type !== 'call') return false;
  const method = context.model.calleeLastName(coroutine);
  if (method !== 'athrow' && method !== 'throw') return false;
  const thrown = callArguments(coroutine).positional[0];
  if (thrown === undefined) return false;
  const value = unparenthesize(thrown);
  const type = value.type === 'call' ? value.childForFieldName('function') : value;
  const name = type ? context.model.qualifiedName(type, context.scope) : undefined;
  return name !== undefined && LOOP_EXITS.has(name);
}

function assignedTo(fate: UnusedLocal): string {
  return fate.name === '_' ? 'is assigned to `_`, which nothing reads' : `is assigned to \`${fate.name}\`, which is never used`;
}

/** For a task the loop keeps to its end (see suspendsOnlyWhereKept): nothing awaits it, so what it raises goes unseen. */
function unseenFailureMessage(shown: string, made: string | undefined, fate: TaskFate): string {
  const task = `\`${shown}\` returns${made ? ` (${made})` : ''}`;
  const subject =
    fate.kind === 'unusedLocal' ? `The task ${task} ${assignedTo(fate)}, so nothing awaits it` : `Nothing awaits the task ${task}`;
  return (
    `${subject}: if it raises, it stops and nothing handles the exception (asyncio only logs it once the task is destroyed); ` +
    'catch and report its errors inside the coroutine, or keep the task and check its exception in a done callback'
  );
}

/** For a coroutine meant for the loop another thread runs (see loopInAnotherThread). */
function anotherThreadMessage(
  shown: string,
  coroutine: SyntaxNode | undefined,
  functionName: string | undefined,
  loop: LoopThread,
): string {
  const where = functionName ? `\`${functionName}()\`` : 'this function';
  return (
    `\`${shown}\` schedules \`${coroutine ? snippet(coroutine) : 'the coroutine'}\` on the event loop of the thread calling ${where}, if it has one, ` +
    `not on the loop \`${loop.thread}\` runs for \`${loop.owner}\` (\`${loop.runner}(...)\`): ${where} ${loop.relation} that thread, so it does not run in it; ` +
    `hand the coroutine to that thread's loop with \`asyncio.run_coroutine_threadsafe(coro, loop)\``
  );
}

function spawnsTask(call: SyntaxNode, method: string, context: RuleContext): boolean {
  const name = context.model.calleeName(call, context.scope);
  if (name === `asyncio.${method}`) return method === 'create_task' || !wrapsExistingFuture(call, context);
  return method === 'create_task' && isEventLoopMethodCall(call, method, context.model, context.scope);
}

/** `ensure_future(fut)` of a known future or task returns that object: no new task is created. */
function wrapsExistingFuture(call: SyntaxNode, context: RuleContext): boolean {
  const argument = call.childForFieldName('arguments')?.firstNamedChild;
  return argument !== null && argument !== undefined && isKnownFuture(argument, context.model, context.scope, true);
}

/** Event-loop methods returning a Future or Task, for a loop whose type the model does not know (`self._loop`). */
const LOOP_FUTURE_METHODS = ['create_future', 'run_in_executor', 'create_task'];

/**
 * A Future or Task: typed so by the model (`asyncio.gather(...)`, `asyncio.Future()`, an annotated parameter), made by
 * a loop's `create_future()` / `run_in_executor(...)` / `create_task(...)`, or a name last bound to one of those.
 */
function isKnownFuture(expression: SyntaxNode, model: SemanticModel, scope: Scope, followName: boolean): boolean {
  const node = unparenthesize(expression);
  const type = model.typeOf(node, scope);
  if (type === 'asyncio.Future' || type === 'asyncio.Task') return true;
  if (node.type === 'call')
    return (
      LOOP_FUTURE_METHODS.some(
        (method) => isEventLoopMethodCall(node, method, model, scope) || runsLoopMethod(node, method, model, scope),
      ) || returnsAwaitableByAnnotation(node, model, scope)
    );
  if (node.type !== 'identifier' || !followName) return false;
  const binding = model.resolve(node, scope);
  return binding?.kind === 'assignment' && binding.value !== undefined && isKnownFuture(binding.value, model, binding.scope, false);
}

/**
 * A call of a plain `def` of this file annotated to return a Future or any awaitable (`-> Awaitable[None]`,
 * `-> asyncio.Future`): what it hands back may be a Future it keeps (ib_async's `reqAccountSummaryAsync()` returns the
 * future its wrapper stored for the reply), which `ensure_future` returns as it is.
 */
function returnsAwaitableByAnnotation(call: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const definition = model.calleeDefinition(call, scope);
  if (!definition || hasAsyncKeyword(definition)) return false;
  const annotation = definition.childForFieldName('return_type')?.text ?? '';
  return AWAITABLE_ANNOTATION.test(annotation);
}

const AWAITABLE_ANNOTATION = /^['"]?(?:(?:typing|collections\.abc|asyncio|concurrent\.futures)\.)?(?:Awaitable|Future)\b/;

/**
 * `context.run(loop.create_task, coro)`: a `run(function, *args)` call handing on a loop's method, which it calls and
 * whose result it returns (`contextvars.Context.run`, used to start a task in a context of its own).
 */
function runsLoopMethod(call: SyntaxNode, method: string, model: SemanticModel, scope: Scope): boolean {
  if (model.calleeLastName(call) !== 'run') return false;
  const first = callArguments(call).positional[0];
  return first !== undefined && isEventLoopMethod(first, method, model, scope);
}

function fateOf(call: SyntaxNode, model: SemanticModel, lines: LineIndex): TaskFate {
  let node = call;
  for (;;) {
    const parent = node.parent;
    if (!parent) return KEPT;
    const kind = parent.type;
    if (TRANSPARENT_PARENTS.has(kind)) {
      node = parent;
      continue;
    }
    switch (kind) {
      case 'expression_statement':
        return DROPPED;
      case 'conditional_expression':
        // `task if cond else None` yields the task; as the condition it is only tested.
        if (parent.namedChild(1)?.id === node.id) return KEPT;
        node = parent;
        continue;
      case 'attribute':
        return chainedCallbackFate(parent, node);
      case 'assignment': {
        if (parent.childForFieldName('right')?.id !== node.id) return KEPT;
        const fate = assignmentFate(parent, model, lines);
        if (fate.kind === 'kept') return fate;
        // `a = b = create_task(...)`: any of the targets may keep it.
        const outer = parent.parent;
        if (outer?.type === 'assignment' && outer.childForFieldName('right')?.id === parent.id) {
          node = parent;
          continue;
        }
        return fate;
      }
      default:
        // awaited, returned, yielded, passed to a call, iterated, bound by `:=`, a lambda's value...
        return KEPT;
    }
  }
}

/** `create_task(...).add_done_callback(cb)` as a statement keeps nothing: the callback does not reference the task. */
function chainedCallbackFate(attribute: SyntaxNode, task: SyntaxNode): TaskFate {
  if (attribute.childForFieldName('object')?.id !== task.id) return KEPT;
  if (attribute.childForFieldName('attribute')?.text !== 'add_done_callback') return KEPT;
  const call = attribute.parent;
  if (call?.type !== 'call' || call.childForFieldName('function')?.id !== attribute.id) return KEPT;
  return droppingStatement(call) ? DROPPED : KEPT;
}

function assignmentFate(assignment: SyntaxNode, model: SemanticModel, lines: LineIndex): TaskFate {
  const left = assignment.childForFieldName('left');
  if (!left || unparenthesize(left).type !== 'identifier') return KEPT; // attributes, subscripts; unpacking is not followed
  const target = unparenthesize(left);
  const binding = model.resolve(target);
  // Module and class names (and `global`/`nonlocal` ones) outlive the statement.
  if (!binding || binding.scope.kind !== 'function' || binding.node.id !== target.id) return KEPT;
  const name = target.text;
  const mentioned = isMentionedAgain(
    name,
    target.startIndex,
    isInsideLoop(assignment) ? binding.scope.start : assignment.endIndex,
    binding.scope.end,
    lines.text,
  );
  return mentioned || isReadByNestedFunction(binding, model) ? KEPT : { kind: 'unusedLocal', name, functionName: binding.scope.name };
}

/**
 * Whether a function, lambda or generator expression nested in the local's function reads it, wherever it is written:
 * it runs when it is called (or iterated), which may be after the assignment (`def cancel(): task.cancel()` before
 * `task = create_task(...)`). Comprehensions run where they stand, so one before the assignment does not read the task.
 */
function isReadByNestedFunction(binding: Binding, model: SemanticModel): boolean {
  return model.references(binding).some((reference) => {
    for (let scope: Scope | undefined = model.scopeOf(reference); scope && scope !== binding.scope; scope = scope.parent) {
      if (scope.kind === 'function' || scope.kind === 'lambda' || scope.node.type === 'generator_expression') return true;
    }
    return false;
  });
}

/** Statements whose body starts running when they do (until something in it raises). */
const UNCONDITIONAL_BODIES: ReadonlySet<string> = new Set(['try_statement', 'with_statement']);

/**
 * Whether the plain function that starts a task with `loop.create_task(...)` goes on to run that loop
 * (`loop.run_forever()`, `loop.run_until_complete(...)`) in a later statement of the same block, or in the body of a
 * `try` or `with` there: the local holding the task lives until the drive returns, so while the loop runs the task
 * cannot be collected. A drive under a condition, in a loop or a nested function, may not run, and does not count; nor
 * one after a statement holding a `return`, which may leave first.
 */
function drivesTheLoopAfter(call: SyntaxNode, model: SemanticModel): boolean {
  const callee = call.childForFieldName('function');
  const loop = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  const statement = enclosingStatement(call);
  if (!loop || !statement || model.calleeLastName(call) !== 'create_task') return false;
  const isDrive = (node: SyntaxNode): boolean => {
    const driveCall = node.type === 'expression_statement' ? unparenthesize(node.namedChild(0) ?? node) : undefined;
    const driven = driveCall?.type === 'call' ? driveCall.childForFieldName('function') : undefined;
    if (driven?.type !== 'attribute' || driven.childForFieldName('object')?.text !== loop.text) return false;
    const method = driven.childForFieldName('attribute')?.text;
    return method === 'run_forever' || method === 'run_until_complete';
  };
  const drivesFrom = (first: SyntaxNode | null): boolean => {
    for (let next = first; next; next = next.nextNamedSibling) {
      if (isDrive(next)) return true;
      const body = UNCONDITIONAL_BODIES.has(next.type) ? next.childForFieldName('body') : null;
      if (body && drivesFrom(body.firstNamedChild)) return true;
      if (next.descendantsOfType('return_statement').length > 0) return false;
    }
    return false;
  };
  return drivesFrom(statement.nextNamedSibling);
}
