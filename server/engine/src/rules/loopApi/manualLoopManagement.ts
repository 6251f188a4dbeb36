// LOOP203 manual-loop-management: driving an event loop by hand (`run_until_complete`,
// `set_event_loop(new_event_loop())`, `run_forever` after scheduling coroutines) outside coroutines.
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { Scope } from '../../analysis/scope';
import {
  argumentAt,
  callArguments,
  enclosingStatement,
  inExclusiveBranches,
  runsOnlyWhere,
  unparenthesize,
} from '../../analysis/pythonSyntax';
import type { Report, Rule, RuleContext } from '../../linter/rule';
import { atLeast } from '../../linter/pythonVersion';
import {
  calleeMatcher,
  isEventLoop,
  isNewLoopCall,
  isTheRunningLoop,
  knownCoroutineSource,
  methodCall,
  type MethodCall,
  writtenCallee,
} from './support/asyncioValues';
import { runsWithPrimitiveOfTheCurrentLoop } from './support/primitivesOfTheCurrentLoop';
import { snippet } from '../../ruleSupport/codeSnippet';
import { isCompatibilityFallback } from '../../ruleSupport/compatibilityFallback';
import { readsNameBoundNowhere } from '../../ruleSupport/namesBoundNowhere';
import { setsLoopMadeWhereNoneWasCurrent } from './support/currentLoopFallback';
import { drivesOnlyAsAsyncioRunFallback, setsLoopOfAsyncioRunFallback } from './support/asyncioRunFallbacks';
import { isCurrentLoopLeftForOthers } from './support/currentLoopLeftForOthers';
import { drivesGeneratorSteps } from './support/generatorSteps';
import { nearestStatementBefore } from '../../ruleSupport/statementsBefore';
import { callsSetEventLoop, loopSetBy } from '../../ruleSupport/loopMadeCurrent';
import { derivesFrom, UNITTEST_TEST_CASE } from '../../ruleSupport/classBases';
import { TEST_CLASS_BASE, TEST_FUNCTION } from '../../ruleSupport/testCode';
import { drivesLoopSharedAcrossDecoratedCalls } from './support/sharedLoopDecorators';
import { startsServerForTheCaller, usesObjectKeepingTheCurrentLoop } from './support/loopBoundObjects';
import { namesTheLoop, workDefinitions } from './support/workOfADrive';
import { isHandedToARunner } from './support/loopHandedToARunner';
import { waitsOnAwaitablesMadeBeforeTheLoop } from './support/awaitablesMadeBeforeTheLoop';
import {
  isHandedToAKeeper,
  isLastingLoop,
  isKeptByACoroutineItRuns,
  isKeptForAModuleObject,
  isOtherLibrarysKeptLoop,
  isPublishedOnAnObject,
  isRunnersLoop,
  isSharedWithTheEnclosingFunction,
  isStoppedThroughTheModule,
  loopFactory,
  type LoopFactory,
  repeatedOnOneLoop,
  runsCallersWorkOnLastingLoop,
} from './support/sharedLoops';

const callsEnsureFuture = calleeMatcher(['asyncio.ensure_future']);
const callsAsyncioRun = calleeMatcher(['asyncio.run']);

/** Methods that hand a coroutine to a loop to run once it runs. */
const SCHEDULING_METHODS: ReadonlySet<string> = new Set(['create_task', 'run_until_complete']);

export const manualLoopManagement: Rule = {
  code: 'LOOP203',
  name: 'manual-loop-management',
  summary: 'An event loop created, set or driven by hand where `asyncio.run()` or `asyncio.Runner` does it safely.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: [],
  fixable: false,
  nodeKinds: ['call'],
  check(call, context) {
    const { lastName } = writtenCallee(call, context);
    if (lastName === 'run_until_complete' || lastName === 'run_forever') {
      const finding = driveFinding(call, context);
      if (finding) context.report(finding);
      return;
    }
    // A project stating a Python without `asyncio.run()` (before 3.7) has no better way than setting its loop by hand.
    if (!hasAsyncioRun(context) || !callsSetEventLoop(call, context.model, context.scope)) return;
    const argument = argumentAt(call, 0, 'loop');
    // A thread that only sets its new loop and runs it forever (for run_coroutine_threadsafe) is fine.
    if (!argument || !isNewLoop(argument, context) || !schedulesCoroutineOn(argument, context)) return;
    // The loop as written, and the names the function finds it by afterwards (`loop = asyncio.get_event_loop()`).
    const names = [argument, ...namesFoundAfter(call, argument, context)];
    if (names.some((name) => ownsItsLoop(name, context))) return;
    // The loop made where `get_event_loop()` found none (`except RuntimeError:`) is the thread's current loop from then on, the
    // one later calls find (a sync facade's lasting loop): not one of the function's own. Driving it is judged at the drive.
    if (setsLoopMadeWhereNoneWasCurrent(call, context.model)) return;
    // Nor the loop made and set as the fallback of `asyncio.run(...)` in its handler: see drivesOnlyAsAsyncioRunFallback.
    if (setsLoopOfAsyncioRunFallback(call, context.model)) return;
    // Driven later by a call that is reported: that finding's advice (one coroutine under `asyncio.run()`) does away with
    // this line too, so one finding says it.
    if (names.some((name) => reportedDriveAfter(call, name, context))) return;
    // A drive left alone because what it runs is given a primitive bound to the loop (before 3.10), or uses an object
    // keeping it: not this line either.
    const runs = names.flatMap((name) => runsOn(name, context));
    if (
      runsWithPrimitiveOfTheCurrentLoop(runs, context) ||
      names.some((name) => usesObjectKeepingTheCurrentLoop(name, runsOn(name, context), context))
    )
      return;
    const factory = loopFactory(argument, context);
    if (factory && !factory.run && !atLeast(context.settings.targetVersion, 3, 11)) return;
    if (isCompatibilityFallback(call, context.model)) return;
    context.report({
      node: call,
      message: advice(`\`asyncio.set_event_loop(${snippet(argument, 30)})\` installs a hand-made event loop`, { factory }, context),
    });
  },
  doc: {
    whatItDoes:
      "Flags, outside coroutines, `loop.run_until_complete(...)` on an event loop, `asyncio.set_event_loop(...)` given a loop made by `asyncio.new_event_loop()`, and `loop.run_forever()` when the same function schedules coroutines on that loop (`loop.create_task`, `asyncio.ensure_future`, `loop.run_until_complete`). A loop is recognised from `asyncio.new_event_loop()`, `get_event_loop()`, `get_running_loop()`, annotations, and untyped values named like `loop` or `self._loop` (not a name bound nowhere, no assignment, import, parameter or builtin reaching it and no wildcard import: `loop.run_until_complete(...)` in a script that never assigns `loop` raises NameError and drives nothing). Nothing is reported where the project states a target version before 3.7 (`requires-python`, `python_requires`, Poetry\'s `python = \"^3.6\"`, `target-version`), which has no `asyncio.run()`: driving the loop by hand is how code supporting those Pythons runs a coroutine (an example script\'s `loop = asyncio.get_event_loop(); loop.run_until_complete(run())`, asynctest\'s test runner for 3.5); the default target version, assumed where none is stated, has it. Only the advice to hand aiohttp\'s `web.run_app()` the coroutine that builds its app (below) is given there too, as it needs no `asyncio.run()`. A drive of the loop `asyncio.get_running_loop()` finds (directly, or through a name every binding of which in the function assigns it) is not flagged: that loop is running, and driving it raises \"This event loop is already running\" (where none runs, the getter raises first), so nothing is driven by hand, and `asyncio.run()` would raise as well. A thread that only runs a loop forever for work submitted from elsewhere (`run_coroutine_threadsafe`) is not flagged, nor is `asyncio.set_event_loop(loop)` of the loop made in the `except RuntimeError:` of `loop = asyncio.get_event_loop()`: that is the thread's current loop from then on, the one later calls find (a sync facade's lasting loop, where a client's connection lives), and driving it is judged where it is driven. Nor is code that owns its loop on purpose, where `asyncio.run()` would break it: an object's loop (`self.loop.run_until_complete(...)`, `self.client.loop`, `app.loop`, also `loop = self.loop or asyncio.new_event_loop()`), a loop an enclosing function found (`event_loop = asyncio.get_running_loop()` driven by a clean-up closure), code that drives the loop only where a test found it not running (`if loop.is_running(): ... else: loop.run_until_complete(...)`; and a drive only where a test found the loop closed, `if loop.is_closed(): loop.run_until_complete(...)`, which raises \"Event loop is closed\" and drives nothing), a pytest hook (`pytest_pyfunc_call`), a runner of its own as careful as `asyncio.run` (it calls `loop.shutdown_asyncgens()`: a library\'s backport with a loop factory), a function driving a loop its caller passes in (a framework runner's `loop=` argument, a fixture parameter seen from a nested function such as a benchmark's `_run`, a parameter of the enclosing function a nested one drives, also rebound there as `loop = loop or context.loop or asyncio.new_event_loop()`, or `loop = test.loop` read from a parameter, also from a container it holds: `loop = self.loops.get(name)`, `self.loops[name]`, an object's table of loops its owner tears down), the thread's current loop (`loop = asyncio.get_event_loop()`, or a loop a helper finds or makes: any call but one making a new loop, such as `aio.get_or_make_loop()`) when the function closes it only where a parameter says so (`if close_loop: loop.close()`, or a helper named for closing or destroying it given the loop, `if close_loop: destroy_loop(loop)`: the caller may go on using the loop, which `asyncio.run()` would close and unset), a loop the module keeps in a global that a function sets (`global _LOOP` in a test set-up, driven again by the tear-down), a module-level loop a module-level object is built on (`client = WebClient(loop=singleton_loop)`: the client's work lives on it for the program's life), a loop handed on, after the code's last drive of it, to another object or factory by a keyword naming it the loop to use (`loop=`, `event_loop=`, `io_loop=`: `session = stdio_loop.run_until_complete(bootstrap())`, then `tools = fetch_mcp_tools(client_session=session, event_loop=stdio_loop)`), which keeps it and drives it later (a tool's `run_until_complete` on every call), so it must outlast the drive (not a loop handed over before the drive, `room = Room(loop=loop)` before `loop.run_forever()`, whose object one coroutine under `asyncio.run()` takes in with the work; not asyncio's own calls, such as `asyncio.ensure_future(coro, loop=loop)`, nor a coroutine function's call; nor a loop given by position only, which says nothing of its role), a loop the function sets up but never drives itself, handed to a runner of another library or of the project that drives it (`aiorun.run(loop=loop)` after `loop.create_task(job())` and `loop.set_exception_handler(...)`, aiohttp's `web.run_app(app, loop=loop)`: by a keyword naming it the loop to use, or by position to a callee named for running, `start_loop(loop)`; not asyncio's own calls, a coroutine function's call, nor a method of the loop itself): `asyncio.run()` would replace that runner, its signal handling and shut-down, not code driving the loop by hand, a loop the function also stores on an object, in an item of a container or in a name of an enclosing function or the module (`self.loop = loop = asyncio.new_event_loop()`, `job['loop'] = loop`, `nonlocal server_loop; loop = server_loop = ...`: others stop it there from another thread, or schedule on it; also a loop set current and found again, `asyncio.set_event_loop(asyncio.new_event_loop())` then `loop = asyncio.get_event_loop()`), a loop an enclosing function made that a function nested in it drives through the closure (a thread\'s target, `def _run(): srv_loop.run_until_complete(_serve())`), where code outside the driving function (the enclosing function, or another function nested there) stops it or schedules on it (`srv_loop.call_soon_threadsafe(stop.set)` from the test thread, `stop()`, `call_soon`, `call_later`, `call_at`, `create_task`, `asyncio.run_coroutine_threadsafe(coro, srv_loop)`) or a coroutine it runs uses it by name (`await srv_loop.create_server(...)`): `asyncio.run()` would run the work on a loop of its own while those reach one nobody runs (not a loop the enclosing function makes and then only closes, or never touches again), a module-level loop a function of the file stops through the module's name (a script's `loop`, stopped by its protocol's `connection_lost` calling `loop.stop()`; not by a `lambda` beside the drive, a signal handler, nor in a coroutine the loop runs, which the one coroutine would take in), a loop a coroutine it runs stores on an object or in a global and stops there, where a function of this file does so (`asyncio_loop.run_until_complete(self.start())` where `start()` sets `self.loop = IOLoop.current()`, tornado\'s wrapper of the loop, or `asyncio.get_running_loop()`, and the class reads `self.loop.stop`: `asyncio.run()` raises for a loop stopped under it; a handle only scheduled on does not count), a loop an `asyncio.Runner` hands out (`runner.get_loop().run_forever()`: the runner cleans up as `asyncio.run()` does), the thread's lasting loop a sync facade runs only its object's coroutines or its caller's on, also wrapped in a task, and leaves open (the current loop: `asyncio.get_event_loop()`, also through the policy, `asyncio.get_event_loop_policy().get_event_loop()`, or a helper of the file or of another module of the project finding it, which makes and sets one only where there is none, nano-graphrag's `always_get_an_event_loop()` driven by a class's `insert()` and `query()` for its own coroutines; not a new loop the function sets current and unsets again, `finally: asyncio.set_event_loop(None)`, which no later call finds; or a module-level loop, made once at import, that a function of the module drives: streamrip's test helper `def arun(coro): return loop.run_until_complete(coro)` on the module's `loop = asyncio.new_event_loop()`, where a client logged in by one call is used by the next; `asyncio.get_event_loop().run_until_complete(self._client.request())`, `loop.create_task(self.run(app))`, `def run_until_complete(coro):` driving `asyncio.ensure_future(coro, loop=loop)`, a closure running the coroutine function its caller hands over, `finalizer()` in a pytest finalizer stored on an object: the object's session, the caller's clients and the tasks left pending on that loop live there from one call to the next, where `asyncio.run()` would make a new loop every call; not a function that also runs work of its own, such as a clean-up after the caller's, which is a program's runner, nor a decorator's wrapper calling the coroutine function it wraps, mostly a test or a CLI command), a loop another library keeps and hands out, left open (a getter of a loop imported from a module that is neither asyncio nor the project's: IPython's `get_asyncio_loop()`, the loop its shell drives later, where a lifespan entered for the shell's user code must run), a loop a context manager hands out (`with entrypoint(service) as loop:`, aiomisc's runner, which makes, runs and closes it with the services it started; not `with contextlib.closing(asyncio.new_event_loop()) as loop:`), tests, `setUp` methods, fixtures, test case classes (named for tests, `Test...`, `...Tests`, `...TestCase`, or a mixin or base of them, `...TestsMixin`, `...TestBase`, or deriving from unittest's `TestCase` through the project's own bases, in this file or other modules), and functions nested in them, the classes of a pytest `conftest.py` (a test double's `add_job` driving a new loop per call: test support only pytest imports; a file's module is known where Loopscope lints a project, from the CLI or the language server; its other functions, fixtures and hooks aside, are helpers such as a test server's thread and stay reported), the thread's current loop driven for work using an object made before the drive that keeps that loop (a class whose `__init__` finds it, `self.loop = asyncio.get_event_loop()`, of this file or of another module of the project: `crawler = Crawler()` before `loop.run_until_complete(crawler.crawl())`, or an object made at import that the work reads; not the loop itself, `loop.run_until_complete(loop.create_server(...))` on the loop a helper found): `asyncio.run()` would run the work on a new loop while the object schedules on the one it kept, a set-up helper that starts a server, a connection or a subprocess on the thread's current loop and leaves it, neither serving it (`run_forever()`) nor closing the loop or the server (`srv = loop.run_until_complete(loop.create_server(...))` in a `make_app()` returning the app): the caller serves it by running that loop afterwards, where `asyncio.run()` would close the server with its loop, a wrapper a decorator of the file returns driving the thread's current loop, left open, where the decorator is applied to a click group's callback (`@click.group()`, `@cli.group()`) too: click runs the callback and then the command, and what the callback opened on that loop (database connections) the command uses; or to a test's set-up or tear-down (`setUp`, `tearDown`, `setUpClass`, `setup_method`, a pytest fixture): the client `setUp` makes on that loop (an aiohttp session) the tests then drive there, and `tearDown` closes it there (a decorator applied to tests only, each independent, stays reported), the thread's current loop driven where the function falls back to `asyncio.run()` when there is none (`except RuntimeError: return asyncio.run(...)`: a sync wrapper reusing the caller's loop on purpose), a loop driven only as the fallback of `asyncio.run(...)`, in a handler catching RuntimeError (or a broader class) of the `try` running the same work with it or with an `asyncio.Runner` (`try: return asyncio.run(load())`, then `except RuntimeError:` driving `load()` on a new loop), and `asyncio.set_event_loop(...)` of the loop made there: the advice would repeat the very call whose failure the handler handles (where a loop runs already, both raise; not a handler catching another error, nor a `try` not calling `asyncio.run`), the thread\'s current loop a module drives at import and leaves open for code that finds it again: a function or method of the file, or module-level code after the drive, finding the current loop outside coroutines and driving it where this rule leaves that drive alone (`self.loop = asyncio.get_event_loop()` in a test class whose tests drive `self.loop`, a helper `asyncio.get_event_loop().run_until_complete(coro)` for its caller), or, in a test module pytest collects (`test_*.py`, `*_test.py`, defining a test; not in its `if __name__ == \"__main__\":`), the test modules pytest imports after it into the same thread: `asyncio.run()` sets no loop current as it ends, after which `asyncio.get_event_loop()` raises (a script\'s `loop = asyncio.get_event_loop(); loop.run_until_complete(main())` with nothing finding the loop again stays reported), a loop a plain generator function drives on several of its steps (in a `for` or `while` that also yields, `while True: reply = yield loop.run_until_complete(game.asend(reply))`, or on either side of a yield, a `@contextmanager`\'s set-up and tear-down): between drives the generator hands a value to its synchronous caller, so the work cannot move into one coroutine, and `asyncio.run()` per step would give each step a new loop (a generator driving its loop once stays reported), and functions returning or yielding the loop they made. A function driving the same loop several times is reported once, at the first call (also a `run_forever()` followed by a shut-down `loop.run_until_complete(broker.shutdown())` in its `except KeyboardInterrupt:`, which `asyncio.run(broker.shutdown())` would run on a new loop; and `asyncio.set_event_loop(loop)` before a drive of the same loop that is reported is not reported apart: the advice does away with it), and the advice is one coroutine that also does what the later calls run (a clean-up in `finally` too), since `asyncio.run(main())` would close the loop before them; a drive in another branch of the same `if` runs instead of the first, not after it, and is no later call. A drive on each pass of a `for` or `while` loop over one event loop (made before the statement, or the current loop; not a name the statement binds again, nor `asyncio.new_event_loop().run_until_complete(...)`) is advised one coroutine that holds that statement (the outermost around the drive that makes no new loop) and awaits the work on each pass: `asyncio.run()` on each pass would make a new loop each time, where what the passes share (objects made before, whose `asyncio.Event` or connection belongs to the first loop that used it) needs one. When the same function goes on with `loop.run_forever()` after `run_until_complete(...)` (a server started, then served; not a `run_forever()` right after `loop.stop()` or `loop.call_soon(loop.stop)`, which runs the loop one pass and returns), the advice is one coroutine that does both and waits forever, since `asyncio.run(start_server(...))` would close the loop the server needs. When what `run_until_complete(make_app())` returns is served by aiohttp's `web.run_app(...)` (given to it directly, or through the name it is assigned to), the advice is to hand `run_app` the coroutine (`web.run_app(make_app())`), which builds the app on the loop it serves it on: `asyncio.run(make_app())` would close the loop the app and what it started (a client session, a tracer's sender task) were made on before the app is served. A loop made by a factory the caller supplies (`loop = unit.loop_initializer()`, `loop = loop_factory()`: uvloop's, say; called with no argument, as `asyncio.run()` calls it, and not a getter such as `get_loop()`: `make_loop(debug)` is no factory) is left alone where the target version is before 3.11, since `asyncio.run()` cannot make it; from 3.11 the advice is `asyncio.Runner(loop_factory=...)`, from 3.12 `asyncio.run(..., loop_factory=...)`. A loop of another library (`uvloop.new_event_loop()`, `uvloop.Loop()`, winloop's; made current by `asyncio.set_event_loop(uvloop.new_event_loop())` too, and found by `asyncio.get_event_loop()` after that; not a name bound to uvloop's loop on one path and asyncio's on another) is advised that library's own runner before 3.12 (`uvloop.run(main())`, which does what `asyncio.run()` does on every version), and `asyncio.run(..., loop_factory=uvloop.new_event_loop)` from 3.12. A loop made by an event-loop class of any other library or of the project (`QEventLoop(app)`, qasync's loop serving Qt's events; a project's subclass of `asyncio.SelectorEventLoop`), which `asyncio.run()` would replace by asyncio's own, is left alone where the target version is before 3.11; from 3.11 the advice is `asyncio.Runner(loop_factory=...)`, from 3.12 `asyncio.run(..., loop_factory=...)`, with a lambda where the class takes arguments (`loop_factory=lambda: QEventLoop(app)`). The advice names the coroutine only where it is shown to be one (a call of an `async def` of the file or the project, or of asyncio's coroutine functions, directly or through a name every reaching binding assigns such a call): `asyncio.run()` raises ValueError given a Task or a Future, which is already bound to its loop, and an unknown method may return either. When the coroutine cannot be handed to `asyncio.run` as written (it is given the loop itself, `loop=loop`, or the work it runs, the coroutine function of the file and those it calls, names the loop: `asyncio.Task(work(), loop=loop)` on the module's `loop`; or it is `asyncio.wait([...])` or `asyncio.wait_for(...)` handed an awaitable not shown to be a fresh coroutine, such as `broadcast.postEvent(event)`, a Task made before any loop runs, on the thread's current loop and not on the one `asyncio.run()` makes, and `asyncio.wait` from 3.11 on whatever it is handed, since it raises TypeError for a coroutine), or the loop is handed to another object that may drive it afterwards (`reactor = AioReactor(loop=loop)` before the drive, any call given the loop but `asyncio.set_event_loop`), the message names none. Where the target version is before 3.10, a drive whose coroutine is given a name bound at module level or in the driving function to one of asyncio\'s primitives made there (`waiter = asyncio.Event()` before `loop.run_until_complete(receive_log(waiter))`; `Lock`, `Condition`, `Semaphore`, `BoundedSemaphore`, `Queue` and its kinds), directly or through a name assigned the call, or whose work (the coroutine function of the file it calls, and those that one calls) reads a module-level name bound to one before the drive (`queue = asyncio.Queue()` at import, also made by a helper of the file returning one, `queue = create_queue()`), is left alone, and so is `asyncio.set_event_loop(...)` of its loop: before 3.10 the primitive takes the thread\'s current loop as it is made, and `asyncio.run(receive_log(waiter))` would run the coroutine on a new loop, where waiting on it raises \"got Future attached to a different loop\" (from 3.10 a primitive takes the loop that first uses it). Code that is the fallback for older Pythons (a backport of `asyncio.run` under `if sys.version_info < ...`, the `else` of a version test or of `hasattr(...)`, code after `if sys.version_info >= (3, 10): return asyncio.run(main())`, the body of a test skipped on newer Pythons, an `except ImportError`; a module-level name bound once to a version test counts as the test) is left alone.",
    whyIsThisBad:
      'Driving a loop by hand leaves the clean-up to you: pending tasks are not cancelled, async generators are not finalised, the default executor is not shut down and the loop is often never closed, which leaks file descriptors and hides "Task was destroyed but it is pending" warnings. `asyncio.run()` does all of this, and `asyncio.Runner` (Python 3.11+) does it for several top-level calls sharing one loop.',
    example:
      'import asyncio\n\ndef main():\n    loop = asyncio.new_event_loop()\n    asyncio.set_event_loop(loop)\n    loop.run_until_complete(migrate())\n    loop.run_until_complete(serve())',
    useInstead:
      'import asyncio\n\ndef main():\n    with asyncio.Runner() as runner:\n        runner.run(migrate())\n        runner.run(serve())',
  },
};

/** The finding for `loop.run_until_complete(...)` or `loop.run_forever()`, where one is due. */
function driveFinding(call: SyntaxNode, context: RuleContext): Report | undefined {
  const method = methodCall(call);
  // In a coroutine these raise RuntimeError: LOOP208 reports them there.
  if (!method || context.scope.isAsyncContext || !isEventLoop(method.receiver, context)) return undefined;
  // A name bound nowhere (`loop` never assigned nor imported in a script) is no loop, however it is spelled: the call
  // raises NameError and drives nothing.
  if (readsNameBoundNowhere(method.receiver, context.model, context.scope)) return undefined;
  // The loop `asyncio.get_running_loop()` found is running, and driving it raises "This event loop is already running"
  // (where none runs, the getter raises first): nothing is driven by hand, and `asyncio.run()` would raise too.
  if (isTheRunningLoop(method.receiver, context)) return undefined;
  // Driven only where a test found the loop closed (`if loop.is_closed(): loop.run_until_complete(...)`): that raises
  // "Event loop is closed" and drives nothing.
  if (testedClosed(method.receiver)) return undefined;
  if (method.method === 'run_forever' && !schedulesCoroutineOn(method.receiver, context)) return undefined;
  // The first drive only (one finding says it for all), asked first: whether the loop is owned is then asked once.
  if (!isFirstDrive(call, method.receiver, context) || ownsItsLoop(method.receiver, context)) return undefined;
  // A backport of `asyncio.run` for Pythons without the newer API drives its loop by hand on purpose.
  if (isCompatibilityFallback(call, context.model)) return undefined;
  const coroutine = method.method === 'run_until_complete' ? argumentAt(call, 0, 'future') : undefined;
  // A sync facade running its object's or its caller's work on the thread's lasting loop, which it leaves open.
  const runs = runsOn(method.receiver, context);
  if (runsCallersWorkOnLastingLoop(method.receiver, runs, context) && !closesIt(method.receiver, context)) return undefined;
  // Before 3.10, a coroutine given an asyncio primitive made outside it (`waiter = asyncio.Event()` at module level), or
  // reading one the module made, must run on the loop current when the primitive was made: `asyncio.run()` would run
  // it on a new one. So must work using an object made before the drive that keeps the current loop (`crawler =
  // Crawler()`, whose `__init__` keeps `asyncio.get_event_loop()`), on any version.
  if (runsWithPrimitiveOfTheCurrentLoop(runs, context) || usesObjectKeepingTheCurrentLoop(method.receiver, runs, context)) return undefined;
  // A wrapper driving the current loop for calls sharing what each opened there: a click group's callback and its
  // commands, a test case's set-up, tests and tear-down.
  if (isLastingLoop(method.receiver, context) && !closesIt(method.receiver, context) && drivesLoopSharedAcrossDecoratedCalls(context))
    return undefined;
  // A loop of the caller's factory: `asyncio.run()` takes one from 3.12 on, `asyncio.Runner` from 3.11. (uvloop's has
  // `uvloop.run()` on every version.)
  const factory = loopFactory(method.receiver, context);
  if (factory && !factory.run && !atLeast(context.settings.targetVersion, 3, 11)) return undefined;
  // `asyncio.run()` takes a coroutine only (a Task or Future is already bound to a loop, and it raises ValueError):
  // only one shown to be made by a coroutine function is named. `asyncio.run(loop.shutdown_asyncgens())` would be no
  // advice either: only loop-free coroutines.
  // Nor one whose work names the loop itself (`asyncio.Task(work(), loop=loop)` in the coroutine run on the module's
  // `loop`): as written, it would not run on the loop `asyncio.run()` makes. Nor `asyncio.wait([...])` handed Tasks made
  // before any loop runs (`broadcast.postEvent(event)`), which belong to another loop than the one it would make.
  const usable =
    coroutine &&
    knownCoroutineSource(coroutine, context) &&
    !coroutine.text.includes(method.receiver.text) &&
    !namesTheLoop(workDefinitions([coroutine], context), method.receiver, context) &&
    !waitsOnAwaitablesMadeBeforeTheLoop(coroutine, context);
  const loopText = snippet(method.receiver, 30);
  const servesForever = method.method === 'run_until_complete' && drivenLater(call, method.receiver, 'run_forever', context);
  // A set-up helper starting a server on the thread's lasting loop, neither serving it nor closing the loop: the server
  // is left to serve on the loop its caller runs (`app = make_app()`, then the caller's drive).
  if (
    !servesForever &&
    isLastingLoop(method.receiver, context) &&
    !closesIt(method.receiver, context) &&
    startsServerForTheCaller(call, method.receiver, coroutine, context)
  )
    return undefined;
  // What `run_until_complete(make_app())` builds for aiohttp's `web.run_app(...)`: see servingRunApp.
  const runApp = usable && !servesForever && method.method === 'run_until_complete' ? servingRunApp(call, context) : undefined;
  // A project stating a Python without `asyncio.run()` (before 3.7) has no better way than driving a loop by hand; only
  // the advice to hand aiohttp's `run_app` the coroutine holds there.
  if (!runApp && !hasAsyncioRun(context)) return undefined;
  if (servesForever) {
    // `asyncio.run(start_server(...))` would close the loop the server needs: the advice is one coroutine.
    const first = usable ? `awaits \`${snippet(coroutine, 30)}\`` : 'does what `run_until_complete` runs';
    return {
      node: call,
      message: `\`${loopText}.run_until_complete()\` and then \`${loopText}.run_forever()\` drive the event loop by hand${callsOnLoop(method.receiver, 'close', context).length > 0 ? '' : ' and never close it'}; write one coroutine that ${first} and then waits forever (\`await server.serve_forever()\`, \`await asyncio.Event().wait()\`), and run it with ${runWith(factory, context)}, which also cancels leftover tasks and closes the loop`,
    };
  }
  if (runApp && coroutine) {
    // `asyncio.run(make_app())` would close the loop the app was built on (and cancel what it started there).
    const runner = snippet(runApp.childForFieldName('function')!, 30);
    const { positional, keywords } = callArguments(runApp);
    const rest = positional.length + keywords.size > 1 ? ', ...' : '';
    return {
      node: call,
      message: `\`${loopText}.run_until_complete()\` drives the event loop by hand to build what \`${runner}()\` then serves; hand it the coroutine instead, \`${runner}(${snippet(coroutine, 30)}${rest})\`: it builds the app on the loop it serves it on, and cancels leftover tasks and closes that loop at the end`,
    };
  }
  // Driven again later (a clean-up in `finally`): `asyncio.run(main())` alone would close the loop before that.
  // Handed to another object (`AioReactor(loop=loop)`, which may drive it later): `asyncio.run(coro)` would close the
  // loop that object keeps, so the advice names no single coroutine.
  const named = usable && !handedOn(method.receiver, context) ? { coroutine: snippet(coroutine, 30) } : {};
  if (drivenLater(call, method.receiver, 'run_until_complete', context)) {
    const main = { later: `\`${loopText}.run_until_complete(...)\``, factory };
    return { node: call, message: advice(`\`${loopText}.${method.method}()\` drives the event loop by hand`, main, context) };
  }
  // Driven on each pass of a `for` loop: `asyncio.run()` per pass would make a loop per pass, where the passes share one.
  const repeated = method.method === 'run_until_complete' ? repeatedOnOneLoop(call, method.receiver, context) : undefined;
  const what = `\`${loopText}.${method.method}()\` drives the event loop by hand${repeated ? ` on each pass of \`${loopHeader(repeated)}\`` : ''}`;
  return { node: call, message: advice(what, { ...named, repeated: repeated !== undefined, factory }, context) };
}

/** What the drives of the loop (as written) in this scope run: the arguments of its `run_until_complete(...)` calls. */
function runsOn(loop: SyntaxNode, context: RuleContext): SyntaxNode[] {
  return callsOnLoop(loop, 'run_until_complete', context).flatMap((drive) => argumentAt(drive, 0, 'future') ?? []);
}

/**
 * The names a function binds, after `asyncio.set_event_loop(...)`, to the loop it set by finding it again
 * (`asyncio.set_event_loop(asyncio.new_event_loop())`, then `loop = asyncio.get_event_loop()`): what it does with them
 * (stores the loop on an object, drives it) it does with that loop.
 */
function namesFoundAfter(setCall: SyntaxNode, loop: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const { model, scope } = context;
  const found: SyntaxNode[] = [];
  for (const bindings of scope.bindings.values()) {
    for (const binding of bindings) {
      const value = binding.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
      if (binding.position < setCall.endIndex || value?.type !== 'call' || model.calleeName(value, scope) !== 'asyncio.get_event_loop')
        continue;
      const set = nearestStatementBefore(binding.node, (statement) => loopSetBy(statement, context.model, context.scope));
      if (set?.id === loop.id) found.push(binding.node);
    }
  }
  return found;
}

/** Whether the first drive of the loop a name holds, in this scope, comes after `setCall` and is reported. */
function reportedDriveAfter(setCall: SyntaxNode, name: SyntaxNode, context: RuleContext): boolean {
  // A call written twice makes two loops (`asyncio.new_event_loop()`): only a name is the same loop each time.
  if (unparenthesize(name).type !== 'identifier') return false;
  const drives = [...callsOnLoop(name, 'run_until_complete', context), ...callsOnLoop(name, 'run_forever', context)];
  const first = drives.sort((one, other) => one.startIndex - other.startIndex)[0];
  return first !== undefined && first.startIndex > setCall.endIndex && driveFinding(first, context) !== undefined;
}

/**
 * Code that owns its loop on purpose, where `asyncio.run()` would break it: a class holding its loop
 * (`self.loop`), a function driving a loop its caller gave it (a framework runner's `loop=`
 * argument, a test's `event_loop`), the thread's current loop kept open where the caller asks, test harnesses (a
 * `TestCase`, a `setUp`, a fixture), and functions handing the loop they made to their caller (`return loop`, `yield loop`).
 */
function ownsItsLoop(loop: SyntaxNode, context: RuleContext): boolean {
  const receiver = unparenthesize(loop);
  // An object's loop (`self.loop`, `self.client.loop`, `app.loop`): the object's connections and tasks live on it.
  if (receiver.type === 'attribute') return true;
  // Also where a new loop is only the fallback: `loop = self.loop or asyncio.new_event_loop()`; and a loop the function
  // stores on an object too (`self.loop = loop = ...`).
  if (receiver.type === 'identifier' && (objectsLoopFirst(receiver, context) || isPublishedOnAnObject(receiver, context))) return true;

  // A loop an `asyncio.Runner` hands out: it cleans up as `asyncio.run()` does.
  if (isRunnersLoop(receiver, context)) return true;
  // A loop a coroutine it runs keeps on an object (`self.loop = IOLoop.current()` in the `start()` it runs): that object's.
  const runs = runsOn(loop, context);
  if (isKeptByACoroutineItRuns(runs, context)) return true;
  // A module-level loop another function stops (a protocol's `onClose` calling `loop.stop()`): shared as a published one is.
  if (isStoppedThroughTheModule(receiver, runs, context)) return true;
  // A loop an enclosing function made, stopped or scheduled on from outside the drive (a thread's target driving it),
  // or used by name in what it runs (the coroutines it runs and the tasks it is handed).
  const scheduled = callsOnLoop(loop, 'create_task', context).flatMap((task) => argumentAt(task, 0, 'coro') ?? []);
  if (isSharedWithTheEnclosingFunction(receiver, [...runs, ...scheduled], context)) return true;
  // A loop handed on after its last drive here to an object or factory that keeps it and drives it later (`tools =
  // fetch_tools(event_loop=loop)`).
  const drives = [...callsOnLoop(loop, 'run_until_complete', context), ...callsOnLoop(loop, 'run_forever', context)];
  if (isHandedToAKeeper(receiver, drives, context)) return true;
  // A loop only set up here and handed to another library's runner (`aiorun.run(loop=loop)`), which drives it.
  if (isHandedToARunner(receiver, drives, context)) return true;
  // The thread's current loop a module drives at import and leaves open for code that finds it again (its test class's
  // `self.loop = asyncio.get_event_loop()`, the test modules pytest imports after it): `asyncio.run()` would unset it.
  if (!closesIt(loop, context) && isCurrentLoopLeftForOthers(receiver, drives, (other) => isLeftAlone(other, context), context))
    return true;
  // A plain generator driving its loop on several of its steps, handing each result to its synchronous caller between
  // them (`while True: reply = yield loop.run_until_complete(game.asend(reply))`): the steps share that loop.
  if (drivesGeneratorSteps(drives, context)) return true;
  // Code that serves both cases: `if loop.is_running(): ... else: loop.run_until_complete(...)`.
  if (testedNotRunning(loop)) return true;
  // A runner of its own, as careful as `asyncio.run` (a library's backport with a loop factory): it shuts down the
  // loop's async generators.
  if (callsOnLoop(loop, 'shutdown_asyncgens', context).length > 0) return true;
  const functionScope = context.scope.functionScope;
  if (receiver.type === 'identifier') {
    // A parameter of that name (`loop = loop or new_event_loop()` too), also of the enclosing function a nested one
    // drives the loop of (`def runner(): loop.run_until_complete(...)` after `loop = loop or context.loop or ...`).
    const owner = context.model.resolve(receiver, context.scope)?.scope ?? functionScope ?? context.scope;
    if ((owner.bindings.get(receiver.text) ?? []).some((binding) => binding.kind === 'parameter')) return true;
    if (functionScope && handsOut(receiver.text, functionScope.node)) return true;
    if (givenByCaller(receiver, context) || keptByModule(receiver, context) || isKeptForAModuleObject(receiver, context)) return true;
    if (handedOutByContextManager(receiver, context)) return true;
    // A loop another library keeps and runs later (IPython's `get_asyncio_loop()`), left open: that library's.
    if (isOtherLibrarysKeptLoop(receiver, context) && !closesIt(receiver, context)) return true;
  }
  // The thread's current loop, closed only where the caller asks (`if close_loop: loop.close()`): the caller may go on
  // using the loop, which `asyncio.run()` would close (and unset) on the way out.
  if (receiver.type === 'identifier' && isCurrentLoop(receiver, context) && closedOnlyIfAsked(receiver, context)) return true;
  // The thread's current loop where there is one, else `asyncio.run()` (a sync wrapper's `except RuntimeError: return
  // asyncio.run(...)`): the function already chose between the two, and the caller's objects live on the current loop.
  if (
    context.scope.kind === 'function' &&
    receiver.type === 'identifier' &&
    isCurrentLoop(receiver, context) &&
    context.scope.calls.some((other) => callsAsyncioRun(other, context) !== undefined)
  )
    return true;
  // The other way round: the loop driven only in the `except RuntimeError:` (or a broader one) of a `try` running the
  // same work with `asyncio.run(...)`, as its fallback: advising that call repeats the one whose failure is handled.
  if (drivesOnlyAsAsyncioRunFallback(drives, context.model)) return true;
  // A test's helper (`def _run(): event_loop.run_until_complete(...)` inside a test) is the test's.
  for (let scope = functionScope; scope; scope = scope.parent?.functionScope) {
    if (isTestHarness(scope.node, context)) return true;
  }
  return false;
}

/**
 * Whether the rule leaves a drive alone, asked of the first drive of its loop in its scope: a later one never has a
 * finding of its own (the first one's says it for all).
 */
function isLeftAlone(drive: SyntaxNode, context: RuleContext): boolean {
  const here = { ...context, scope: context.model.scopeOf(drive) };
  const receiver = methodCall(drive)?.receiver;
  if (!receiver) return true;
  const first = [...callsOnLoop(receiver, 'run_until_complete', here), ...callsOnLoop(receiver, 'run_forever', here)].reduce(
    (earliest, other) => (other.startIndex < earliest.startIndex ? other : earliest),
    drive,
  );
  // Two functions each driving the current loop that the other finds again ask this of each other: a drive already
  // being judged up the stack is not taken as left alone (found by the server fuzz: the stack overflowed).
  if (judging.has(first.id)) return false;
  judging.add(first.id);
  try {
    return driveFinding(first, here) === undefined;
  } finally {
    judging.delete(first.id);
  }
}

/** The drives isLeftAlone is judging, by node id (a rule runs on one tree at a time, to the end). */
const judging = new Set<number>();

/**
 * A loop a context manager hands out (`with entrypoint(service) as loop:`, aiomisc's runner): made, run and closed by
 * it, with what it started (its services) living on it, where `asyncio.run(main())` would run `main` on another loop.
 * `with contextlib.closing(asyncio.new_event_loop()) as loop:` only closes the code's own loop: that one is not owned.
 */
function handedOutByContextManager(receiver: SyntaxNode, context: RuleContext): boolean {
  const binding = context.model.resolve(receiver, context.scope);
  if (binding?.kind !== 'withTarget') return false;
  const manager = binding.value && unparenthesize(binding.value);
  return !(manager?.type === 'call' && context.model.calleeName(manager, binding.scope) === 'contextlib.closing');
}

/**
 * A loop an enclosing function was given: its parameter seen from a nested function (a benchmark's
 * `def _run(): event_loop.run_until_complete(...)` inside a test taking the `event_loop` fixture), or
 * a loop read from a parameter (`loop = test.loop` in a test decorator's wrapper), also from a container it holds
 * (`loop = self.loops.get(name)`, `self.loops[name]`: a manager's per-server loop, torn down by its owner).
 */
function givenByCaller(name: SyntaxNode, context: RuleContext): boolean {
  const binding = context.model.resolve(name, context.scope);
  if (binding?.kind === 'parameter') return true;
  if (binding?.kind !== 'assignment' || !binding.value) return false;
  let value = unparenthesize(binding.value);
  // The loop an enclosing function found (`event_loop = asyncio.get_running_loop()`, then a clean-up closure driving
  // it): that function's loop, not one the nested function made.
  if (binding.scope !== context.scope.functionScope && binding.scope.kind === 'function' && value.type === 'call')
    return !isNewLoopCall(value, context.model, binding.scope);
  for (let read = objectRead(value); read; read = objectRead(value)) value = read;
  if (value.type !== 'identifier') return false;
  return context.model.resolve(value, binding.scope)?.kind === 'parameter';
}

/** Methods reading an item of a container (a dict's, a list's): what they hand back is kept in it. */
const CONTAINER_READS: ReadonlySet<string> = new Set(['get', 'pop', 'setdefault']);

/**
 * The object a value is read from: `self` for `self.loop`, `self.loops` for `self.loops[name]` and
 * `self.loops.get(name)`; none for anything else (a call of any other method makes a value rather than reads one).
 */
function objectRead(value: SyntaxNode): SyntaxNode | undefined {
  const read =
    value.type === 'attribute'
      ? value.childForFieldName('object')
      : value.type === 'subscript'
        ? value.childForFieldName('value')
        : value.type === 'call'
          ? containerOfItemRead(value)
          : null;
  return read ? unparenthesize(read) : undefined;
}

/** For `container.get(key)` (see CONTAINER_READS): the container. */
function containerOfItemRead(call: SyntaxNode): SyntaxNode | null {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || !CONTAINER_READS.has(callee.childForFieldName('attribute')?.text ?? '')) return null;
  return callee.childForFieldName('object');
}

/** A name the function binds only to `<object's loop> or <fallback>` (`self.loop or asyncio.new_event_loop()`). */
function objectsLoopFirst(name: SyntaxNode, context: RuleContext): boolean {
  const bindings = context.model.bindingsIn(context.scope, name.text);
  return (
    bindings.length > 0 &&
    bindings.every((binding) => {
      const value = binding.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
      const first =
        value?.type === 'boolean_operator' && value.childForFieldName('operator')?.type === 'or' ? value.childForFieldName('left') : null;
      return first !== null && unparenthesize(first).type === 'attribute';
    })
  );
}

/**
 * A loop the module keeps between calls: a module-level name (or a local copy of one, `loop = _LOOP`) that a function
 * sets through `global` (a test set-up's `_LOOP = loop`, driven again by the matching tear-down). A new loop from
 * `asyncio.run()` would not be the one the kept state belongs to.
 */
function keptByModule(name: SyntaxNode, context: RuleContext): boolean {
  const { model } = context;
  let binding = model.resolve(name, context.scope);
  if (binding?.kind === 'assignment' && binding.scope !== model.module && binding.value?.type === 'identifier')
    binding = model.resolve(binding.value, binding.scope);
  if (!binding || binding.scope !== model.module) return false;
  return model.bindingsIn(model.module, binding.name).some((set) => model.scopeOf(set.node).functionScope !== undefined);
}

/**
 * A name the function binds to the thread's current loop, or one a helper hands it (among other values: a new loop
 * where it found none): `asyncio.get_event_loop()`, `aio.get_or_make_loop()` — any call but one making a new loop.
 */
function isCurrentLoop(name: SyntaxNode, context: RuleContext): boolean {
  const { model, scope } = context;
  return model.bindingsIn(scope, name.text).some((binding) => {
    const value = binding.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    return value?.type === 'call' && !isNewLoopCall(value, model, scope);
  });
}

/**
 * Whether the function closes the loop, and only in branches a parameter decides (`if close_loop: loop.close()`): by
 * `loop.close()`, or by a helper given the loop whose name says it closes or destroys it (`aio.destroy_loop(loop)`).
 */
function closedOnlyIfAsked(loop: SyntaxNode, context: RuleContext): boolean {
  const closes = [...callsOnLoop(loop, 'close', context), ...helperCloses(loop, context)];
  const isParameter = (test: SyntaxNode): boolean =>
    test.type === 'identifier' && context.model.resolve(test, context.scope)?.kind === 'parameter';
  return closes.length > 0 && closes.every((close) => runsOnlyWhere(close, isParameter));
}

const CLOSING_HELPER = /close|destroy/i;

/** Whether the function closes the loop: `loop.close()`, or a helper named for closing it (see helperCloses). */
function closesIt(loop: SyntaxNode, context: RuleContext): boolean {
  return callsOnLoop(loop, 'close', context).length > 0 || helperCloses(loop, context).length > 0;
}

/** Calls in this scope passing the loop (as written) to a function named for closing it: `destroy_loop(loop, logger)`. */
function helperCloses(loop: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const loopText = unparenthesize(loop).text;
  return context.scope.calls.filter(
    (call) =>
      CLOSING_HELPER.test(context.model.calleeLastName(call)) &&
      callArguments(call).positional.some((argument) => unparenthesize(argument).text === loopText),
  );
}

/** Whether `loop` is driven in a branch taken where a test found it closed (`loop.is_closed()` true). */
function testedClosed(loop: SyntaxNode): boolean {
  return drivenWhereTestSays(loop, 'is_closed', true);
}

/** Whether `loop` is driven in a branch taken where a test found it not running (`loop.is_running()` false). */
function testedNotRunning(loop: SyntaxNode): boolean {
  return drivenWhereTestSays(loop, 'is_running', false);
}

/** Whether `loop` is driven in a branch taken where `loop.<method>()` gave `value`. */
function drivenWhereTestSays(loop: SyntaxNode, method: 'is_closed' | 'is_running', value: boolean): boolean {
  const asked = `${unparenthesize(loop).text}.${method}`;
  return runsOnlyWhere(
    loop,
    (test, holds) => holds === value && test.type === 'call' && test.childForFieldName('function')?.text === asked,
  );
}

/**
 * Each scope's calls of a method, by the method and then by the receiver as written (see callsOnLoop), with how many
 * calls the scope had when they were grouped: the language server's re-lint builds a module's statements as they are
 * needed, so its module scope gains calls during one lint, and the groups are made again then. `called` is each call's
 * methodCall, read once: up to five methods are asked of one scope, and reading a call's callee costs three syntax nodes.
 */
const methodCallsByScope = new WeakMap<
  Scope,
  { count: number; called: readonly (MethodCall | undefined)[]; byMethod: Map<string, Map<string, SyntaxNode[]>> }
>();

/**
 * The calls of `loop.<method>(...)` on the same loop, as written, in this scope (in order). Asked for each
 * drive of a loop: a scope's calls are grouped once per method, not scanned again per call (a module of
 * thousands of `loop.run_until_complete(...)` lines made that quadratic).
 */
function callsOnLoop(loop: SyntaxNode, method: string, context: RuleContext): readonly SyntaxNode[] {
  const calls = context.scope.calls;
  let groups = methodCallsByScope.get(context.scope);
  if (groups?.count !== calls.length)
    methodCallsByScope.set(
      context.scope,
      (groups = { count: calls.length, called: calls.map((call) => methodCall(call)), byMethod: new Map() }),
    );
  let byReceiver = groups.byMethod.get(method);
  if (!byReceiver) {
    groups.byMethod.set(method, (byReceiver = new Map()));
    for (let index = 0; index < calls.length; index++) {
      const called = groups.called[index];
      if (called?.method !== method) continue;
      const receiver = called.receiver.text;
      const found = byReceiver.get(receiver);
      if (found) found.push(calls[index]!);
      else byReceiver.set(receiver, [calls[index]!]);
    }
  }
  return byReceiver.get(unparenthesize(loop).text) ?? [];
}

/** Whether a call of the scope, other than `asyncio.set_event_loop`, is given the loop (as written) as an argument. */
function handedOn(loop: SyntaxNode, context: RuleContext): boolean {
  const loopText = unparenthesize(loop).text;
  return context.scope.calls.some((call) => {
    const { positional, keywords } = callArguments(call);
    const given = [...positional, ...keywords.values()].some((argument) => unparenthesize(argument).text === loopText);
    return given && !callsSetEventLoop(call, context.model, context.scope);
  });
}

/**
 * Only the first call driving the same loop in a function is reported: one finding says it for all. That is also a
 * `run_forever()` before it (a shut-down run in `except KeyboardInterrupt:` after it), whose advice takes in what the
 * later drives run: a later `run_until_complete(...)` is what makes it count as scheduling on the loop.
 */
function isFirstDrive(call: SyntaxNode, loop: SyntaxNode, context: RuleContext): boolean {
  const earlier = (other: SyntaxNode): boolean => other.startIndex < call.startIndex;
  return !callsOnLoop(loop, 'run_until_complete', context).some(earlier) && !callsOnLoop(loop, 'run_forever', context).some(earlier);
}

/**
 * A later `loop.run_until_complete(...)` (`run_forever()`) on the same loop in the same scope. Not one in another branch
 * of an `if` than the call's (`if loop is None: ... else: loop.run_until_complete(coro)`), which runs instead of it,
 * not after; nor a `run_forever()` right after `loop.stop()` or `loop.call_soon(loop.stop)`: that runs the loop one pass
 * (the callbacks a shut-down left ready) and returns, it serves nothing.
 */
function drivenLater(call: SyntaxNode, loop: SyntaxNode, method: 'run_until_complete' | 'run_forever', context: RuleContext): boolean {
  return callsOnLoop(loop, method, context).some(
    (other) =>
      other.startIndex > call.startIndex && !inExclusiveBranches(call, other) && !(method === 'run_forever' && runsOnePass(other, loop)),
  );
}

/** `loop.stop()` or `loop.call_soon(loop.stop)` as the statement right before the one of `runForever`. */
function runsOnePass(runForever: SyntaxNode, loop: SyntaxNode): boolean {
  const before = enclosingStatement(runForever)?.previousNamedSibling;
  const call = before?.type === 'expression_statement' ? before.firstNamedChild : null;
  if (call?.type !== 'call') return false;
  const called = methodCall(call);
  if (called?.receiver.text !== loop.text) return false;
  if (called.method === 'stop') return true;
  const callback = argumentAt(call, 0);
  return called.method === 'call_soon' && callback?.type === 'attribute' && callback.text === `${loop.text}.stop`;
}

/** A `return` or `yield` of the name itself in the function's body. */
function handsOut(name: string, definition: SyntaxNode): boolean {
  const body = definition.childForFieldName('body');
  if (!body) return false;
  return body.descendantsOfType(['return_statement', 'yield']).some((node) => {
    const value = node?.namedChildren[0];
    return value?.type === 'identifier' && value.text === name;
  });
}

/**
 * A test, a set-up or tear-down method, a fixture, a pytest hook (`pytest_pyfunc_call`), or a method of a test case
 * class: named for tests, or deriving from unittest's `TestCase` (also through the project's classes in other modules).
 * Also a method of any class of a pytest `conftest.py` (a test double such as HAP-python's `MockDriver`, whose
 * `add_job` runs each job on a new loop): only pytest imports the file. Not its other functions: those that are not
 * fixtures or hooks are helpers such as a test server's thread (`loop.run_forever()` after its set-up), where
 * `asyncio.run()` is as much better as anywhere.
 */
function isTestHarness(definition: SyntaxNode, context: RuleContext): boolean {
  const name = definition.childForFieldName('name')?.text ?? '';
  if (TEST_FUNCTION.test(name)) return true;
  const decorated = definition.parent?.type === 'decorated_definition' ? definition.parent : undefined;
  if (decorated?.namedChildren.some((child) => child.type === 'decorator' && /\bfixture\b/.test(child.text))) return true;
  for (let node = definition.parent; node; node = node.parent) {
    if (node.type !== 'class_definition') continue;
    const className = node.childForFieldName('name')?.text ?? '';
    const bases = node.childForFieldName('superclasses')?.text ?? '';
    if (className.startsWith('Test') || TEST_CLASS_BASE.test(className) || TEST_CLASS_BASE.test(bases)) return true;
    if (context.project?.moduleName.split('.').pop() === 'conftest') return true;
    if (derivesFrom(node, UNITTEST_TEST_CASE, context)) return true;
  }
  return false;
}

/**
 * The message: what is done by hand (`what`), then the advice. `main.coroutine`: the coroutine to hand to
 * `asyncio.run`, when the call shows it; `main.later`: later calls driving the same loop, which the coroutine must take
 * in too; otherwise the advice names none. `main.factory`: the factory the loop is made with (see loopFactory), which
 * `asyncio.run` takes as `loop_factory=` (3.12+), `asyncio.Runner` from 3.11; before 3.12, another library's loop is
 * advised its own runner (`uvloop.run`).
 */
function advice(
  what: string,
  main: { coroutine?: string; later?: string; repeated?: boolean; factory?: LoopFactory | undefined },
  context: RuleContext,
): string {
  const { factory } = main;
  const version = context.settings.targetVersion;
  const runner = factory === undefined && atLeast(version, 3, 11) ? ' (or `asyncio.Runner` for several calls on one loop)' : '';
  const each = main.coroutine === undefined ? 'does this work' : `awaits \`${main.coroutine}\``;
  const instead = main.later
    ? `move this work and what the later ${main.later} calls run (a clean-up in \`finally\` too) into one coroutine and run it with ${runWith(factory, context)}`
    : main.repeated
      ? `move that loop into one coroutine that ${each} on each pass, and run it with ${runWith(factory, context)}`
      : main.coroutine === undefined
        ? `move this work into a coroutine and run it with ${runWith(factory, context)}`
        : `use ${runWith(factory, context, main.coroutine)}`;
  return `${what}; ${instead}${runner}, which also cancels leftover tasks and closes the loop`;
}

/**
 * Whether the project may use `asyncio.run()` (3.7+). Where its configuration states an older Python (netdev's
 * examples, `python = "^3.6"`; asynctest's test runner, `python_requires >= 3.5`), a maintainer keeps driving the loop
 * by hand until dropping those Pythons, and nothing is reported. (The assumed default is newer: only a stated version
 * is older.)
 */
function hasAsyncioRun({ settings }: RuleContext): boolean {
  return !settings.targetVersionKnown || atLeast(settings.targetVersion, 3, 7);
}

/** The header of a `for` or `while` statement, as written: `for test in tests`, `while not done`. */
function loopHeader(statement: SyntaxNode): string {
  const part = (field: string): string => {
    const node = statement.childForFieldName(field);
    return node ? snippet(node, 30) : '...';
  };
  return statement.type === 'for_statement' ? `for ${part('left')} in ${part('right')}` : `while ${part('condition')}`;
}

/**
 * How to run the coroutine (`work`, else `...`): `asyncio.run()`; with a loop factory, `loop_factory=` (3.12+), else
 * another library's own runner (`uvloop.run()`), else an `asyncio.Runner`'s (3.11).
 */
function runWith(factory: LoopFactory | undefined, context: RuleContext, work?: string): string {
  if (factory === undefined) return work === undefined ? '`asyncio.run()`' : `\`asyncio.run(${work})\``;
  if (atLeast(context.settings.targetVersion, 3, 12)) return `\`asyncio.run(${work ?? '...'}, loop_factory=${factory.written})\``;
  if (factory.run) return work === undefined ? `\`${factory.run}()\`` : `\`${factory.run}(${work})\``;
  return `\`runner.run(${work ?? '...'})\` in \`with asyncio.Runner(loop_factory=${factory.written}) as runner:\``;
}

/**
 * The `aiohttp.web.run_app(...)` call that serves what `call` (a `run_until_complete`) builds: given the result itself,
 * or the name the result is assigned to, later in the same scope. `run_app` takes the coroutine too (and runs it on the
 * loop it serves on, the one it closes at the end), where `asyncio.run(make_app())` would close the loop the app and its
 * clients were made on before the app is served.
 */
function servingRunApp(call: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const isRunApp = (candidate: SyntaxNode | null | undefined): candidate is SyntaxNode =>
    candidate?.type === 'call' && context.model.calleeName(candidate, context.scope) === 'aiohttp.web.run_app';
  const parent = call.parent;
  const outer = parent?.type === 'argument_list' ? parent.parent : null;
  if (isRunApp(outer) && argumentAt(outer, 0, 'app')?.id === call.id) return outer;
  const target =
    parent?.type === 'assignment' && parent.childForFieldName('right')?.id === call.id ? parent.childForFieldName('left') : null;
  if (target?.type !== 'identifier') return undefined;
  return context.scope.calls.find((candidate) => {
    if (candidate.startIndex < call.endIndex || !isRunApp(candidate)) return false;
    const app = argumentAt(candidate, 0, 'app');
    return app?.type === 'identifier' && app.text === target.text;
  });
}

/** `asyncio.new_event_loop()` itself, or a name assigned it. */
function isNewLoop(expression: SyntaxNode, context: RuleContext): boolean {
  let node = unparenthesize(expression);
  let scope = context.scope;
  if (node.type === 'identifier') {
    const binding = context.model.resolve(node, scope);
    if (!binding?.value || binding.kind !== 'assignment') return false;
    node = unparenthesize(binding.value);
    scope = binding.scope;
  }
  return node.type === 'call' && isNewLoopCall(node, context.model, scope);
}

/**
 * Whether the scope of the call schedules a coroutine on the loop `loop` names: `loop.create_task()`,
 * `loop.run_until_complete()`, `asyncio.ensure_future()`, or `run_until_complete()` on any loop
 * (after `set_event_loop`, `get_event_loop()` returns this one).
 */
function schedulesCoroutineOn(loop: SyntaxNode, context: RuleContext): boolean {
  const loopText = loop.text;
  for (const call of context.scope.calls) {
    const method = methodCall(call);
    if (method && SCHEDULING_METHODS.has(method.method)) {
      if (method.receiver.text === loopText) return true;
      if (method.method === 'run_until_complete' && isEventLoop(method.receiver, context)) return true;
    }
    if (callsEnsureFuture(call, context)) {
      // Without `loop=`, ensure_future schedules on the current loop: the one about to run.
      const loopArgument = callArguments(call).keywords.get('loop');
      if (!loopArgument || loopArgument.text === loopText) return true;
    }
  }
  return false;
}
