// LOOP201 get-event-loop: calls of `asyncio.get_event_loop()`, however imported.
import { callAsyncioFunction } from '../../linter/fixes/asyncioCallee';
import { safeFix, unsafeFix } from '../../linter/fixes/textEdits';
import type { Fix, Rule, RuleContext } from '../../linter/rule';
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { Scope } from '../../analysis/scope';
import { definedFunctions } from '../../analysis/pythonSyntax';
import { calleeMatcher, describeCoroutine } from './support/asyncioValues';
import { decoratedToRunWithLoop, loopSetBeforeEveryUse } from './support/loopSetCurrent';
import { nearestStatementBefore } from '../../ruleSupport/statementsBefore';
import { skippedAfterNewLoop } from './support/skippedOperands';
import { isCompatibilityFallback } from '../../ruleSupport/compatibilityFallback';
import { isDeprecationExpected } from '../../ruleSupport/deprecationExpected';
import { isLastUnderTest } from '../../ruleSupport/expectedToRaise';
import { generatorCoroutineDecorator, isGeneratorFunction } from '../../ruleSupport/coroutineCalls';
import { atLeast, formatVersion } from '../../linter/pythonVersion';
import { catchesRuntimeErrorOnPurpose, readsLoopAlreadyRunning } from './support/currentLoopFallback';
import { probeHandledByMakingLoop } from './support/probeMakingLoop';
import { whereLoopFallbackRuns } from './support/loopFallbackNeverTaken';
import { returnsFutureOfFallbackLoop } from './support/futureOfTheFallbackLoop';
import { coroutineOnlyReason, type CoroutineOnlyReason } from '../../ruleSupport/fileLocalFunctions';
import { projectCoroutineOnlyReason } from '../../ruleSupport/projectCoroutineOnly';
import { isScript } from '../../ruleSupport/scriptModules';
import { onlyCalledAfterCurrentLoop } from '../../ruleSupport/afterCurrentLoopCalls';
import { isTestNamedFor } from '../../ruleSupport/testOfTheApi';
import { isReplacedByTestPatch } from '../../ruleSupport/getEventLoopPatches';
import { ancestorNames, classesInFile, derivesFrom, ISOLATED_ASYNCIO_TEST_CASE, UNITTEST_TEST_CASE } from '../../ruleSupport/classBases';
import { loopEnsuredBy, loopMakingPolicySetBy, loopSetBy, setsLoopInOwnBody } from '../../ruleSupport/loopMadeCurrent';

const callsGetEventLoop = calleeMatcher(['asyncio.get_event_loop']);

export const getEventLoop: Rule = {
  code: 'LOOP201',
  name: 'get-event-loop',
  summary: '`asyncio.get_event_loop()` is ambiguous in coroutines and fails outside a running loop since Python 3.14.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: [],
  fixable: true,
  nodeKinds: ['call'],
  check(call, context) {
    if (!callsGetEventLoop(call, context)) return;
    // `asyncio.new_event_loop() or asyncio.get_event_loop()`: the call after a new loop never runs.
    if (skippedAfterNewLoop(call, context.model, context.scope)) return;
    // Old behaviour used on purpose: under `warnings.catch_warnings()` ignoring DeprecationWarning, `pytest.warns(...)`.
    if (isDeprecationExpected(call, context.model, context.scope)) return;
    // The statement under test of `with self.assertRaises(...)`: a test that the call raises.
    if (isCallUnderTest(call, context)) return;
    // A test named for `get_event_loop` exercises it on purpose.
    if (isTestNamedFor(context.scope, 'get_event_loop')) return;
    const helper = context.scope.functionScope;
    // A generator-based coroutine (`@asyncio.coroutine`, `@types.coroutine`) runs as the loop drives it, as an `async
    // def` does. `asyncio.coroutine` is gone from 3.11 on: code targeting those versions cannot run it at all, and
    // LOOP206 reports the decorator.
    const generatorCoroutine = !context.scope.isAsyncContext && helper ? generatorCoroutineDecorator(helper, context.model) : undefined;
    if (generatorCoroutine === 'asyncio.coroutine' && atLeast(context.settings.targetVersion, 3, 11)) return;
    // A private helper only coroutines call runs with their loop running, as code of the coroutine does.
    const plain = !context.scope.isAsyncContext && generatorCoroutine === undefined && helper !== undefined;
    // So does the constructor of a class of the file only coroutines build (a Protocol made in `async def connect()`), and
    // a plain `def __aexit__` (or `__aenter__`, `__anext__`, `__aiter__`, `__await__`) returning an awaitable.
    // In a script (an example, a tool: see isScript), a public function or class is as much the file's own as a `_name`.
    const privateReason = plain ? coroutineOnlyReason(helper, context.model, isScript(context), context.project) : undefined;
    const inCoroutine = context.scope.isAsyncContext || generatorCoroutine !== undefined || privateReason !== undefined;
    // In a coroutine the call returns the running loop on every version; `get_running_loop()` is there from 3.7 only.
    if (inCoroutine && !atLeast(context.settings.targetVersion, 3, 7)) return;
    if (!inCoroutine) {
      // Outside coroutines the advice is about Python 3.12+: code that runs only on older Pythons is left alone.
      if (isCompatibilityFallback(call, context.model)) return;
      // `asyncio.set_event_loop(Loop())` just before: a loop is current, and the call returns it on every version.
      if (loopSetBefore(call, context)) return;
      // A method of an async test case runs with its runner's loop current.
      if (runsWithTestLoopCurrent(context)) return;
      // `super().setUpClass()` before, whose base hook made a loop current.
      if (runsAfterBaseSetUpSetsLoop(call, context)) return;
      // Code catching the RuntimeError of Python 3.14 on purpose, around the call or around every call of its helper.
      if (catchesRuntimeErrorOnPurpose(call, context)) return;
      // A probe whose handler, catching Exception or anything broader, answers "no loop" by making one.
      if (probeHandledByMakingLoop(call, context.model)) return;
      // The fallback of `asyncio.run()` failing because a loop already runs here: the call returns that loop.
      if (readsLoopAlreadyRunning(call, context.model)) return;
      // Code written with Twisted runs on its asyncio reactor, which made its loop current (`d.asFuture(get_event_loop())`).
      if (runsOnTwistedReactor(context)) return;
      // Under `if sys.platform == "emscripten":`, Pyodide's WebLoop is current (and running) from start-up.
      if (runsOnPyodide(call, context)) return;
      // Before 3.7, the loop of a future the function hands back: its caller waits on it where that loop is current.
      if (!atLeast(context.settings.targetVersion, 3, 7) && helper && returnsFutureOfFallbackLoop(call, helper, context.model)) return;
    }
    // The fallback of a loop parameter every use in the project fills (`loop=self._loop`, itself `loop or
    // get_event_loop()`, or `loop = asyncio.get_running_loop()` in the caller): dead code, in a plain function that runs
    // only in coroutines too. The caller's own fallback is reported.
    const fallbackRuns = plain && helper ? whereLoopFallbackRuns(call, helper, context) : undefined;
    if (fallbackRuns === 'nowhere') return;
    // A function or class every use of which comes after its caller got the current loop (`self.loop =
    // asyncio.get_event_loop()`, then `Manager(...)`): the caller's call raises first, and is the one reported.
    if (!inCoroutine && helper && onlyCalledAfterCurrentLoop(helper, context)) return;
    // A public function (or class) of a module only coroutines of the project use, asked last (it reads other modules):
    // the call returns their running loop too, but code outside the project may call it from plain code.
    const publicReason = !inCoroutine && plain ? projectCoroutineOnlyReason(helper, context.model, context.project) : undefined;
    // Before 3.7 left alone, as in a coroutine: the call returns the running loop, and `get_running_loop()` is missing.
    if (publicReason && !atLeast(context.settings.targetVersion, 3, 7)) return;
    // A fallback only coroutines leave the loop out for, elsewhere: where it runs at all, a loop runs. Asked where the
    // message would say the call raises (one running only in coroutines keeps its own message).
    if (!inCoroutine && publicReason === undefined && fallbackRuns === 'coroutines') return;
    // Where the call returns the running loop, a test replacing `asyncio.get_event_loop` to hand the code a fake loop
    // (`mock.patch("asyncio.get_event_loop")`) makes it the project's seam: `get_running_loop()` would step around it.
    if ((inCoroutine || publicReason) && isReplacedByTestPatch(call, context.model, context.project)) return;
    const runsInCoroutine = privateReason ?? publicReason;
    const where = runsInCoroutine && helper ? whereItRuns(runsInCoroutine, helper, publicReason !== undefined) : describeCoroutine(context);
    const message =
      inCoroutine || publicReason
        ? `\`asyncio.get_event_loop()\` in ${where} is the legacy way to reach the running loop; use \`asyncio.get_running_loop()\``
        : `\`asyncio.get_event_loop()\` raises RuntimeError when no event loop is current (Python 3.14+, deprecated since 3.12); ${noLoopAdvice(context)}`;
    const fix = inCoroutine ? runningLoopFix(call, context, safeFix) : publicReason ? runningLoopFix(call, context, unsafeFix) : undefined;
    context.report({ node: call, message, fix });
  },
  doc: {
    whatItDoes:
      "Flags calls of `asyncio.get_event_loop()`, also through `from asyncio import get_event_loop`, aliases and `asyncio.events.get_event_loop`. In coroutines only where the target version is 3.7 or newer: `asyncio.get_running_loop()` does not exist before, and there the call returns the running loop on every version. Outside coroutines, where the target version is before 3.7 (a project still supporting 3.5 or 3.6), the message advises neither `asyncio.run()` nor `asyncio.get_running_loop()`, which do not exist there, but making a loop current first (`asyncio.set_event_loop(asyncio.new_event_loop())`) or calling it in code the loop runs, where it returns the running loop on every version; and the fallback of a loop parameter (`loop or asyncio.get_event_loop()`, or the body of `if loop is None:` or `if not loop:`) in a function every `return` of which hands back a future of that loop (`loop.run_in_executor(...)`, `loop.create_future()`, `loop.create_task(...)`, `asyncio.Future(loop=loop)`, `asyncio.ensure_future(..., loop=loop)` or `asyncio.wrap_future(..., loop=loop)`, returned or assigned once to the name returned: aioprocessing's `coro_map`) is not flagged: a future is done only while its loop runs, so the caller awaits it in a coroutine of that loop, where the call returns the running loop, or drives the current loop on it, having made one current, and before 3.7 no other call finds the loop a coroutine runs on. A generator-based coroutine is a coroutine here, as the loop drives its body as it does an `async def`'s: a generator decorated `@types.coroutine`, or `@asyncio.coroutine` where the target version is below 3.11 (from 3.11 on that decorator does not exist, code targeting those versions cannot run such a generator, and LOOP206 reports the decorator: the call is left alone). Nor is a call that is itself the statement under test, last in the body of `with self.assertRaises(...)` (`assertRaisesRegex`) or `with pytest.raises(...)` (`asyncio.get_event_loop()`, or `loop = asyncio.get_event_loop()`): a test of the call raising, under a policy forbidding it (asynctest's `forbid_get_event_loop`) or with no loop current; a call whose result the statement goes on to use (`asyncio.get_event_loop().run_until_complete(...)`), or one before the statement under test, is set-up and still reported. Nor is a call in a test named for it (`test_get_event_loop_without_a_loop`, `testGetEventLoop`, or a function nested in one), which exercises it on purpose. Nor is a call that returns the running loop (in a coroutine, or code read as one below) where a function of this file or, with the project indexed, of a module importing it or a package above it (a test) replaces the function it calls and sets up or checks a method the code calls on the loop it gets (`get_loop.return_value.create_connection = AsyncMock(...)` for `loop = asyncio.get_event_loop()`, then `await loop.create_connection(...)`): the replacement is `mock.patch(\"asyncio.get_event_loop\", ...)` (also `mocker.patch`, as a decorator), `mock.patch.object(asyncio, \"get_event_loop\", ...)` or `monkeypatch.setattr(asyncio, \"get_event_loop\", fake)`, which every `asyncio.get_event_loop()` of the project looks up when it runs, or that name in the call's module (`\"pkg.api.asyncio.get_event_loop\"`, or `\"pkg.api.get_event_loop\"` for a call of a name imported with `from asyncio import get_event_loop`): such tests hand the code a fake loop through the call, so `asyncio.get_running_loop()` would step around them and break them, while the call already returns the running loop. Outside coroutines, where the call may raise, it is still reported. Nor is a call made on purpose for its old behaviour, in the body of `with warnings.catch_warnings():` whose first statements ignore DeprecationWarning (`warnings.simplefilter(\"ignore\", DeprecationWarning)`), or of `with pytest.warns(DeprecationWarning)`, `pytest.deprecated_call()` or `self.assertWarns(DeprecationWarning)` (a lambda written there included): a test of the deprecated behaviour. The method `get_event_loop()` of an event-loop policy is not flagged here (the policy itself is LOOP207's business). Nor is a call in an operand of `or` after one that always gives a new event loop (`asyncio.new_event_loop() or asyncio.get_event_loop()`; uvloop's or winloop's `new_event_loop()`, a policy's, `asyncio.SelectorEventLoop()`): a loop is always true, so `or` stops there and the call never runs (a loop handed in, `loop or asyncio.get_event_loop()`, or whatever a factory returns, may be false: reported). Nor is the fallback of a loop parameter that every use in the project fills with a loop (`loop or asyncio.get_event_loop()`, or the body of `if loop is None:` or `if not loop:`, `loop` a parameter not bound again before it), in a module-level or nested function or the `__init__` of a class (built by its name: a class derived from it is not followed; a mention reaching only data its class body binds, read or written, `FakeHttp.fileno += 1`, is no use), every use of which in the file is a call passing that parameter, by keyword or in its place, a value that is always a loop (`asyncio.get_event_loop()`, `asyncio.get_running_loop()`, a new loop, `x or` one of them, a name every assignment of which gives one, a parameter made one first by a statement of its function's body, `loop = loop or ...` or `if loop is None: loop = ...`, or `self._loop` where every assignment of that attribute in the caller's class gives one and the class body binds no such name), or a call in the body of an `async def`, which returns the running loop anyway, at least one use passing a loop (a use is followed where it is bound by `functools.partial(_release, loop)`, which gives what it binds on every run; handed to the loop as a callback, `loop.call_later(60, _heartbeat, loop)`, `loop.call_soon_threadsafe(handler, loop)`, whose arguments after the callback are its own: given the very loop scheduling it, a loop, as the call would have raised on None, and given none, it runs where a loop runs; assigned to a name of a function, `on_stop = on_stop or _default_stop`, through every use of that name; or handed to a parameter of a plain function of the file bound once, `functools.partial(_on_signal, loop=loop, handler=on_stop)`, through every use of that parameter there, as `loop.call_soon_threadsafe(handler, loop)`: three such names at most, and a use going anywhere else, stored, returned or handed to a callable the file does not define, keeps the finding); for a public one, with the project indexed, every use in other modules must be such a call in a coroutine too: the component a library's facade builds with its own loop (`self._loop = loop or asyncio.get_event_loop()`, then `self._link = Link(host, loop=self._loop)`). Where it runs at all in the project, a loop runs, and the call cannot raise; the facade's own fallback, which its users reach, is reported. (A fallback only coroutines reach, as read below, keeps the message for code in a coroutine: where a coroutine leaves the loop out, it runs there. One every use fills with a loop is left alone there too, no other module using a public one: `async def login()` doing `loop = asyncio.get_running_loop()`, then `return Client(user, loop)`, where the fallback of `Client.__init__` never runs.) Code outside the project could still build the component without a loop, but a class meant for users is built so somewhere in the project too (an example, a test), which keeps its fallback reported. A plain function only coroutines call is read as the coroutine it runs in, with its message and fix: a function only this file reaches (a nested function, or a module-level `_name`, private by convention: another module is not expected to import it; in a script, any module-level function: a top-level module outside any package with an `if __name__ == \"__main__\":` block of its own, an example or a tool, whose functions no other module imports, such as an example's `stop()` only handed to `loop.call_later(15, stop)`; a module of a package keeps its public functions, even with a `__main__` block), or a method private to its class by convention (`_name`, or `__name`, which Python mangles) that the class binds once and the file mentions only as an attribute (`self.__retry`, not a bare name), undecorated and no generator, every use of which is a call written in the body of an `async def` itself (not in a function or lambda nested there, which may run in a thread) or hands it to the event loop as a callback, which the loop runs in its thread while it runs (`loop.add_signal_handler(sig, functools.partial(stop, loop))`, `loop.call_later(5, report)`, `loop.call_soon(lambda: flush(\"idle\"))`, `call_soon`, `call_soon_threadsafe`, `call_at`, `add_reader`, `add_writer`), such as a test module's `_poll_for_value()` called by its async tests, or aioice's `Transaction.__retry`, called by the coroutine `run()` and rescheduling itself with `loop.call_later(delay, self.__retry)` (the uses of another class's method of the same name count too: a call `x._now()` in plain code may be either's); it runs while its caller's loop runs, so the call returns that loop and cannot raise. So is one whose other calls are in plain code the running loop runs itself: a protocol callback the loop calls for its transport (`connection_made`, `data_received`, `eof_received`, `connection_lost`, `datagram_received`, `error_received`, `pause_writing`, `resume_writing`, `get_buffer`, `buffer_updated`, `pipe_data_received`, `pipe_connection_lost`, `process_exited`, undecorated, of a class deriving from `asyncio.BaseProtocol`, `Protocol`, `BufferedProtocol`, `DatagramProtocol` or `SubprocessProtocol`, also through the project's own bases), or another function of the file only such code, coroutines and loop callbacks run (a `_ping()` handed to `loop.call_later()` that calls `_schedule_ping()`, which `connection_made` calls too); its message says \"only code the running loop runs calls\". Such a protocol callback is itself read so, its message saying \"a protocol method the event loop calls\". Functions calling only each other, with no coroutine or loop callback among their callers, are not. A function also called from plain code or handed on (`asyncio.to_thread(_helper)`) keeps the other message. With the project indexed (the language server's workspace, the files a CLI run lints), so is a public function or class of a module (undecorated, no generator, its name bound once) whose every use in the whole project, in its own file and in every other module (through re-exports and wildcard imports, test modules included), is a call written in the body of an `async def` itself, or hands it to the event loop as a callback (or, for a class, as a protocol factory: aiosnmp's `SnmpTrapProtocol`, built only by `lambda: SnmpTrapProtocol(...)` handed to `loop.create_datagram_endpoint`), at least one of them such a call, annotations aside: aiorpcX's `spawn_sync()`, called by the coroutine `spawn()`, or a `Protocol` only coroutines build; its message says \"only coroutines of this project call\" (where the target version is before 3.7, it is not flagged, as in a coroutine). Code outside the project may still call it from plain code (it may be exported in `__all__`): the fix is unsafe there. One called from plain code anywhere in the project, handed on (`asyncio.to_thread(start)`, a lambda), derived from, or used by no coroutine at all (an entry point, a library's API) keeps the other message. So is a method Python calls for `async with`, `async for` or `await` written as a plain `def` returning an awaitable (`def __aexit__(self, *exc): return self.close()`, `__aenter__`, `__aiter__`, `__anext__`, `__await__`): it runs in the coroutine that enters, iterates or awaits the object. So is the `__init__` of a class only coroutines of this file build (or, of a class whose only decorator is attrs' or dataclasses', which write its `__init__`, the hook that `__init__` calls at its end: `__attrs_post_init__`, `__post_init__`; also for a public class only coroutines of the project build): one nested in a function or another class (a `Protocol` a transport class makes for its own connection, written `TCPTransport.Factory(...)` in `async def connect()`), or a module-level `_Name` (in a script, any module-level class), undecorated, every mention of whose name in the file is the callee of a call written in the body of an `async def` itself, or a protocol factory handed to the event loop, which the loop calls in its thread while it runs (`loop.create_server(_Protocol, ...)`, `loop.create_datagram_endpoint(lambda: _Protocol(handler), ...)`, `protocol_factory=functools.partial(_Protocol, handler)`; also `create_connection`, `create_unix_server`, `subprocess_exec` and the loop's other methods taking one), annotations aside; a class also built in plain code, handed on to something else, derived from, or built in another nested def or lambda keeps the other message, as do its other methods. Outside coroutines, code only older Pythons run is left alone: the fallback branch of a version test (`sys.version_info < (3, 10)`, or its parts compared one by one: `sys.version_info.major == 3 and sys.version_info.minor < 10`) or of `hasattr(...)` (also after `if sys.version_info >= (3, 10): return asyncio.run(main())`, or through a module-level name bound once to the test), the body of a test skipped on newer Pythons (`@pytest.mark.skipif(sys.version_info >= (3, 12), ...)`, `@unittest.skipIf`, or a method of a test class so skipped), an `except ImportError`, and unittest's `_setupAsyncioLoop`, which only Pythons before 3.11 call. Nor is a call outside coroutines after a statement setting a loop (`asyncio.set_event_loop(Loop())`, not `None`; or installing an event-loop policy of a library or of the project, `asyncio.set_event_loop_policy(aiozmq.ZmqEventLoopPolicy())`, whose `get_event_loop()` may make one on demand: not asyncio's own, uvloop's or winloop's, which make none; or making sure one is, `try: loop = asyncio.get_event_loop()` with an `except RuntimeError:` setting a new loop, or an `if` with an `else` setting a loop on every branch; a handler or branch that re-raises, or for the code after it in its function returns, does not go on, and the others count (`except RuntimeError as error: if \"no current event loop\" in str(error): asyncio.set_event_loop(asyncio.new_event_loop())` / `else: raise`, beside an `except Exception: log(); raise`); or calling, its value assigned or not, a function of the file or, with the project indexed, of another module, or through `self` or `cls` a method of the class or of the nearest class of this file it derives from that defines it (a test base's `default_loop = self.create_default_loop()`), or a method on an instance of a class of the file or the project (made in the function, `handler = FeedHandler()` then `handler.run(start_loop=False)`, or annotated so), or such a class itself, whose `__init__` runs, whose body leaves a loop current: its last statement touching the current loop sets one, not `None`, under no condition or on every branch of an `if` with an `else`, as a test base's `tearDownClass()` called by a test to check it restores a loop, or calls a function of its module that does (`loop = _get_event_loop()`, a helper whose `except RuntimeError:` sets a new loop), with no `return` before it) in its block or a block around it within its function or top-level statement (`if __name__ == \"__main__\":`) (also in the body of an `if hasattr(asyncio, \"set_event_loop\"):`, a test of an attribute asyncio has on every CPython, written for MicroPython too), or, for code of the module, as the module statement right before (a script's `asyncio.set_event_loop(loop)` followed by `reactor.install(asyncio.get_event_loop())`): a loop is current then, and the call returns it on every version; nor in a function this file runs only after such a statement: a nested function returned to the caller after its enclosing function set a loop (a test decorator's wrapper, `def async_test(coro): asyncio.set_event_loop(asyncio.new_event_loop()); ... return wrapper`), or a nested or private (`_name`) function called only after one, decorated by nothing but `functools.wraps` (not one handed to a thread or a framework); nor in a plain function (not a generator) whose innermost decorator, written `@it` without arguments, of this file or, with the project indexed, of another module (a test suite's support module), returns a wrapper calling it only after a statement leaving a loop current as above (`@dedicated_loop`, whose wrapper runs `asyncio.set_event_loop(asyncio.new_event_loop())` and then `return test(*args, **kwargs)`): its body runs with that loop current (not a function nested in it; not where another decorator inside that one, or a wrapper calling it first or in a thread, decides what runs). Nor is a call in an instance method of a unittest `IsolatedAsyncioTestCase` (a test, `setUp`, `tearDown`, a helper they call; also of a class deriving from it through the project's own test bases, in this file or other modules): the test case's runner makes its loop current before `setUp` and keeps it current through the test, on every version (not in `setUpClass`, a static method, `run()`, or a function nested in the method). Nor in a test or helper method of a unittest `TestCase` whose `setUp` or `setUpClass` (its own, or of a class it derives from: of this file, or a module-level class of another module of the project, such as tornado's `AsyncTestCase`) sets a loop current in a statement of its own body (`asyncio.set_event_loop(self.loop)`, not `None`, under no condition), or makes sure one is (`try: loop = asyncio.get_event_loop()` with an `except RuntimeError:` setting a new loop): the tests run with that loop current, and so do `setUp` after such a `setUpClass`, and a `setUp` or `setUpClass` after its statement `super().setUpClass()` (the same hook) calling such a base hook (not a generator method, which a decorator such as tornado's `@gen_test` drives as a coroutine of the running loop, where `asyncio.get_running_loop()` is the call to make). Nor is a call outside coroutines whose Python 3.14 RuntimeError is caught (`try: loop = asyncio.get_event_loop()` / `except RuntimeError: ...`), around the call or around every call of a helper only this file calls (a module-level `_name` or a nested function, called and never handed on): the code expects the error and says what to do without a loop. Nor is a call in a module-level function, or the `__init__` of a module-level class (undecorated, no generator), every use of which, in its file and, with the project indexed, in every other module, which must then be a module of its own top-level package (annotations, and a class's mentions reaching only data of its body, aside), is a call made after a statement of the caller getting the current loop (`loop = asyncio.get_event_loop()`, `self.loop = asyncio.get_event_loop()`, or the bare call) earlier in the block holding the call or in a block around it, with no statement touching `set_event_loop` between, or a call in the body of an `async def`, at least one the first: aioshadowsocks's `ProxyMan`, built only in `App._prepare()` right after its `self.loop = asyncio.get_event_loop()`. Reaching such a call means the caller's call returned, so a loop is current; on 3.14 the caller's raises first, and it is the one reported. A use in an example, a script or a test outside the package (aiosip's examples building `aiosip.Application(loop=loop)` after `loop = asyncio.get_event_loop()`) stands for the package's users, who may build it with no loop got first: the finding stays. Nor is one in the body of a `try` whose handler catches something broader (`except Exception:`, `except BaseException:`, a bare `except:`) and makes a loop, calling `asyncio.new_event_loop()` (or another new-loop factory) or setting a loop current (not `None`), with no `raise` at its end: the probe of a helper making sure a sync facade has a loop, `try: asyncio.get_event_loop()` / `except Exception: asyncio.set_event_loop(asyncio.new_event_loop())`, catches the very RuntimeError and answers it with a loop; a broad handler that only logs and re-raises keeps the finding. Nor is a call in the `except RuntimeError as error:` of a `try` around `asyncio.run(...)`, `Runner.run(...)` or `loop.run_until_complete(...)`, in a branch taken where the error's text says a loop is running (`if \"cannot be called from a running event loop\" in str(error):`, `str(error).startswith(...)`; not `not in`): a sync wrapper falling back to the loop its caller runs, where a loop runs in this thread and the call returns it. (Its next step, driving that running loop again, raises \"This event loop is already running\"; no rule reports that outside coroutines.) Without the test of the text, the handler also runs for a RuntimeError the coroutine raised, after `asyncio.run()` unset its loop, and the call is reported. Nor is a call in the body of `if sys.platform == \"emscripten\":`, code only Pyodide runs, whose event-loop policy makes its WebLoop current, and running, at start-up. Nor is a call in a plain function of a module that imports Twisted: such code uses asyncio through Twisted's asyncio reactor, whose installation makes its event loop current, so the call returns the reactor's loop (Twisted's own bridge is `deferred.asFuture(asyncio.get_event_loop())`), where `asyncio.get_running_loop()` would raise before `reactor.run()`. Module-level code and a function that installs the reactor itself (a call of `install`, `install_reactor` or `AsyncioSelectorReactor`) still get the finding: they run before any loop is current. (Before 3.14 the call makes and sets a loop instead, in a main thread where none was set, and the handler does not run; read in real code, a finding saying so was never judged useful: the handlers make a loop, fall back to `None`, or close what they find, and either way the code works.)",
    whyIsThisBad:
      'Inside a coroutine or callback the running loop is what you want, and `asyncio.get_running_loop()` says so and fails loudly when there is none. Outside a running loop, `get_event_loop()` used to create a loop on demand; Python 3.12 deprecated that and since Python 3.14 it raises `RuntimeError` when no event loop has been set. Code that creates and drives its own loop is better written with `asyncio.run()` or `asyncio.Runner`, which also clean up tasks, async generators and the default executor.',
    example:
      'import asyncio\nimport signal\n\nasync def wait_for_sigterm():\n    loop = asyncio.get_event_loop()\n    stopped = loop.create_future()\n    loop.add_signal_handler(signal.SIGTERM, stopped.set_result, None)\n    await stopped\n\nif __name__ == "__main__":\n    asyncio.get_event_loop().run_until_complete(wait_for_sigterm())',
    useInstead:
      'import asyncio\nimport signal\n\nasync def wait_for_sigterm():\n    loop = asyncio.get_running_loop()\n    stopped = loop.create_future()\n    loop.add_signal_handler(signal.SIGTERM, stopped.set_result, None)\n    await stopped\n\nif __name__ == "__main__":\n    asyncio.run(wait_for_sigterm())',
    fixSafety:
      'In a coroutine the fix replaces the call with `asyncio.get_running_loop()` (adding `import asyncio` if the function was imported by name). It is safe: while a coroutine runs, its event loop is running, and `get_event_loop()` returns exactly that loop. The same holds in a private helper only coroutines of the file call, and in the constructor of a class only they build; should another module call a module-level `_name` from plain code all the same, `get_running_loop()` raises there, where `get_event_loop()` did only from 3.14 on. In a public function or class only coroutines of the project use, the fix is unsafe: code outside the project may call it from plain code, with a loop set, where `get_running_loop()` raises. Elsewhere outside a coroutine there is no fix: what to do instead (`asyncio.run()`, a `Runner`, passing the loop in) depends on the program.',
  },
};

/**
 * What to do where the call may find no loop current: `asyncio.run()` or `asyncio.Runner`, and `get_running_loop()` in
 * code the loop calls; before 3.7, which has neither `asyncio.run()` nor `get_running_loop()` (a project still
 * supporting 3.5 or 3.6), a loop made current first, or the call moved into code the loop runs, where it returns the
 * running loop on every version.
 */
function noLoopAdvice(context: RuleContext): string {
  const version = context.settings.targetVersion;
  if (atLeast(version, 3, 7)) {
    return 'run coroutines with `asyncio.run()` or `asyncio.Runner`, and use `asyncio.get_running_loop()` in code the loop calls';
  }
  return (
    'set one first (`asyncio.set_event_loop(asyncio.new_event_loop())`), or call it in code the loop runs, where it returns the running ' +
    `loop (\`asyncio.run()\` and \`asyncio.get_running_loop()\` need Python 3.7, above the target version ${formatVersion(version)})`
  );
}

/**
 * How the message names a plain function that runs only in coroutines, by why it does (see coroutineOnlyReason); for a
 * public one (`inProject`: see projectCoroutineOnlyReason), as far as the project goes.
 */
function whereItRuns(reason: CoroutineOnlyReason, helper: Scope, inProject = false): string {
  const coroutines = inProject ? 'coroutines of this project' : 'coroutines';
  switch (reason) {
    case 'called':
      return `\`${helper.name}\`, which only ${coroutines} call,`;
    case 'scheduled':
      return `\`${helper.name}\`, which runs only in ${coroutines} and as a callback of the event loop,`;
    case 'loopCode':
      return `\`${helper.name}\`, which only code the running loop runs calls (coroutines, its callbacks, protocol methods),`;
    case 'loopCallback':
      return `\`${helper.name}\` of \`${helper.parent?.name ?? ''}\`, a protocol method the event loop calls,`;
    case 'constructed':
      return `\`${helper.name}\` of \`${helper.parent?.name ?? ''}\`, a class only ${coroutines} build,`;
    case 'factory':
      return `\`${helper.name}\` of \`${helper.parent?.name ?? ''}\`, a class only ${coroutines} and protocol factories handed to the event loop build,`;
    case 'protocol':
      return `\`${helper.name}\`, which only \`async with\`, \`async for\` or \`await\` call, in a coroutine,`;
  }
}

/**
 * Whether the nearest statement of its own calling `asyncio.set_event_loop(...)` before the call sets a loop, not
 * `None`; or, with none in its function, whether the function is one this file runs only after such a statement (a
 * decorator's wrapper returned after the decorator set a loop), or one a decorator runs with a loop current (a test
 * decorated `@dedicatedloop`, whose wrapper sets a new loop before calling it).
 */
function loopSetBefore(call: SyntaxNode, context: RuleContext): boolean {
  // The nearest one decides: `asyncio.set_event_loop(None)` leaves no loop current.
  // A policy that may make a loop on demand (a library's or the project's) counts as a loop set.
  // So does a statement after which a loop is current (a helper of the file or project leaving one current).
  const setOrPolicy = (statement: SyntaxNode): SyntaxNode | null | undefined => {
    const loop = loopSetBy(statement, context.model, context.scope);
    if (loop !== undefined) return loop;
    const policy = loopMakingPolicySetBy(statement, context.model, context.scope);
    return policy !== undefined ? policy : loopEnsuredBy(statement, context.model, context.project);
  };
  const set = nearestStatementBefore(call, setOrPolicy, context.model);
  if (set !== undefined) return set !== null;
  const scope = context.scope.functionScope;
  return scope !== undefined && (loopSetBeforeEveryUse(scope, context) || decoratedToRunWithLoop(scope, context));
}

/**
 * Whether the call is itself the statement a test expects to raise, last in the body of `with self.assertRaises(...)`
 * or `with pytest.raises(...)` (`asyncio.get_event_loop()`, or `loop = asyncio.get_event_loop()`): a test of the call
 * raising, under a policy forbidding it (asynctest's `forbid_get_event_loop`) or with no loop current. A call whose
 * result the statement goes on to use (`asyncio.get_event_loop().run_until_complete(main())`) is set-up of another
 * call under test, expected to work.
 */
function isCallUnderTest(call: SyntaxNode, context: RuleContext): boolean {
  const parent = call.parent;
  const assigned = parent?.type === 'assignment' && parent.childForFieldName('right')?.id === call.id;
  const statement = assigned ? parent.parent : parent;
  return statement?.type === 'expression_statement' && isLastUnderTest(statement, context.model, context.scope);
}

/**
 * Whether the call is in the body of an instance method of a unittest `IsolatedAsyncioTestCase` (also through the
 * project's own test bases, in other modules), whose `run()` makes its runner's loop current before `setUp` and keeps it
 * so through each test, `tearDown`, clean-ups and what they call, on every version (3.8 on); or of a `TestCase` whose
 * `setUp`/`setUpClass` sets a loop current, but for a generator method there: a decorator drives its body (tornado's
 * `@gen_test`, as a coroutine of the running loop, where `get_running_loop()` is the call to make). Not a class or
 * static method (`setUpClass` runs before the runner exists), not `__init__`, `run()` or `debug()` (they start the
 * runner) nor the hooks making the runner or its loop, not a function nested in the method (it may run elsewhere: in a
 * thread).
 */
const RUNNER_SET_UP = /^(?:run|debug|_setupAsyncio\w*|_tearDownAsyncio\w*)$/;

function runsWithTestLoopCurrent(context: RuleContext): boolean {
  const method = context.scope.functionScope;
  const owner = method?.parent;
  if (!method || owner?.kind !== 'class' || method.name.startsWith('__') || RUNNER_SET_UP.test(method.name)) return false;
  const decorated = method.node.parent?.type === 'decorated_definition' ? method.node.parent : undefined;
  if (decorated?.namedChildren.some((child) => child.type === 'decorator' && /\b(?:classmethod|staticmethod)\b/.test(child.text)))
    return false;
  return (
    derivesFrom(owner.node, ISOLATED_ASYNCIO_TEST_CASE, context) ||
    (!isGeneratorFunction(method.node, context.model) &&
      derivesFrom(owner.node, UNITTEST_TEST_CASE, context) &&
      setUpSetsLoop(owner.node, context, method.name === 'setUp' ? CLASS_SET_UP : SET_UP_HOOKS))
  );
}

/** unittest's hooks run before the tests: `setUp` before each, `setUpClass` before all of a class's. */
const SET_UP_HOOKS: ReadonlySet<string> = new Set(['setUp', 'setUpClass']);
/** What runs before `setUp`. */
const CLASS_SET_UP: ReadonlySet<string> = new Set(['setUpClass']);

/**
 * Whether the test case's `setUp` or `setUpClass` (its own, or of a class it derives from: of this file, or of another
 * module, from its module's summary) sets a loop current (`asyncio.set_event_loop(self.loop)`, not `None`) in a
 * statement of its own body, under no condition: the tests run with that loop current (tornado's `AsyncTestCase`).
 */
function setUpSetsLoop(classNode: SyntaxNode, context: RuleContext, hooks: ReadonlySet<string> = SET_UP_HOOKS, basesOnly = false): boolean {
  const classes = classesInFile(classNode, context.model).slice(basesOnly ? 1 : 0);
  const inFile = classes.some((owner) =>
    definedFunctions(owner).some(
      (hook) => hooks.has(hook.childForFieldName('name')?.text ?? '') && setsLoopInOwnBody(hook, context.model, context.project),
    ),
  );
  if (inFile) return true;
  // A test base of another module (tornado's `AsyncTestCase`): the summary of its module says what its hooks do.
  const { project } = context;
  if (!project) return false;
  for (const ancestor of ancestorNames(classNode, context)) {
    if (UNITTEST_TEST_CASE.has(ancestor)) continue;
    for (const hook of hooks) if (project.findFunction(`${ancestor}.${hook}`)?.setsLoopCurrent) return true;
  }
  return false;
}

/**
 * Whether the call is in a test case's `setUp` or `setUpClass`, after a statement of its body calling the same hook of
 * the base (`super().setUpClass()`), whose hook, in a class the test case derives from, sets a loop current (or makes
 * sure one is: `try: get_event_loop()` / `except RuntimeError: set_event_loop(new_event_loop())`).
 */
function runsAfterBaseSetUpSetsLoop(call: SyntaxNode, context: RuleContext): boolean {
  const method = context.scope.functionScope;
  const owner = method?.parent;
  if (!method || owner?.kind !== 'class' || !SET_UP_HOOKS.has(method.name)) return false;
  const baseHookCalled = nearestStatementBefore(call, (statement) => callsBaseHook(statement, method.name) || undefined, context.model);
  // The hook's own body is read by loopSetBefore: only the bases' hooks count here.
  return baseHookCalled === true && setUpSetsLoop(owner.node, context, new Set([method.name]), true);
}

/** `super().name()` (or `super(Cls, self).name()`) as a statement. */
function callsBaseHook(statement: SyntaxNode, name: string): boolean {
  const call = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== name) return false;
  const receiver = callee.childForFieldName('object');
  return receiver?.type === 'call' && receiver.childForFieldName('function')?.text === 'super';
}

/**
 * In a coroutine: `asyncio.get_event_loop()` → `asyncio.get_running_loop()`; `safety` is unsafeFix in a public function
 * only the project's coroutines use, which code outside it may call from plain code.
 */
function runningLoopFix(call: SyntaxNode, context: RuleContext, safety: typeof safeFix): Fix | undefined {
  if ((call.childForFieldName('arguments')?.namedChildCount ?? 1) > 0) return undefined;
  const edits = callAsyncioFunction(call, 'get_running_loop', context);
  return edits && safety('Use `asyncio.get_running_loop()`', edits);
}

const REACTOR_INSTALLERS = new Set(['install', 'install_reactor', 'AsyncioSelectorReactor']);

/**
 * Whether the call is in a plain function of a module written with Twisted, which does not install the reactor itself:
 * such code runs on Twisted's asyncio reactor, installed before, which made its loop current. Module-level code and the
 * installing function run before that (`asyncioreactor.install(asyncio.get_event_loop())`).
 */
function runsOnTwistedReactor(context: RuleContext): boolean {
  const scope = context.scope.functionScope;
  if (!scope || !context.model.importsModule('twisted')) return false;
  return !scope.node
    .descendantsOfType('call')
    .some((call) => REACTOR_INSTALLERS.has(context.model.calleeLastName(call) ?? '') && context.model.scopeOf(call) === scope);
}

/**
 * Whether the call is in the body of `if sys.platform == "emscripten":` (or `"emscripten" == sys.platform`): code only
 * Pyodide runs, whose WebLoopPolicy makes its WebLoop current, and running, at start-up, so the call returns it.
 */
function runsOnPyodide(call: SyntaxNode, context: RuleContext): boolean {
  for (let child: SyntaxNode = call, parent = call.parent; parent && parent.type !== 'module'; child = parent, parent = parent.parent) {
    if (parent.type !== 'if_statement' || parent.childForFieldName('consequence')?.id !== child.id) continue;
    const condition = parent.childForFieldName('condition');
    if (condition?.type !== 'comparison_operator' || condition.namedChildCount !== 2 || !condition.text.includes('==')) continue;
    const sides = condition.namedChildren;
    const platform = sides.find((side) => context.model.qualifiedName(side, context.model.scopeOf(side)) === 'sys.platform');
    const value = sides.find((side) => side.type === 'string');
    if (platform && value && /^["']emscripten["']$/.test(value.text)) return true;
  }
  return false;
}
