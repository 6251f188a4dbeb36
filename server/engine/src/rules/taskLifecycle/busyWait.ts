// LOOP306 busy-wait: a `while` loop in a coroutine that only sleeps, polling its condition
// (`while not ready: await asyncio.sleep(0.1)`), or `while True:` with just `if cond: break` and a sleep.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { inNestedDefinition, unparenthesize } from '../../analysis/pythonSyntax';
import type { Rule, RuleContext } from '../../linter/rule';
import { awaitedCall, statementExpression, statementsOf } from './support/syntaxShapes';
import { literalSleepSeconds } from '../../ruleSupport/briefSleep';
import { snippet } from '../../ruleSupport/codeSnippet';
import { timeCall } from '../../ruleSupport/clockReadings';
import { callsStartThreads, isSelfAttributeOfType, THREAD_CLASSES } from '../../ruleSupport/threadStarts';
import { derivesFrom } from '../../ruleSupport/classBases';
import { instanceClass, isPlainMethod } from '../../ruleSupport/instanceClasses';
import { isTestCode } from '../../ruleSupport/testCode';
import { readsCapturedLog } from '../../ruleSupport/capturedLogs';
import { statePredicatesPassed } from './support/callersStatePredicates';
import { pollsStateOutsideTheProgram } from './support/stateOutsideTheProgram';
import { readsOnlyUnchangingLocals } from './support/unchangingLocals';
import { conditionDoesWork } from './support/pacedWork';
import { runsOnLoopOfItsOwn } from './support/ownLoopInThread';

export const busyWait: Rule = {
  code: 'LOOP306',
  name: 'busy-wait',
  summary: 'A loop whose body only sleeps, polling for a condition.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: ['ASYNC110', 'S7484'],
  fixable: false,
  nodeKinds: ['while_statement'],
  check(loop, context) {
    if (!context.scope.isAsyncContext) return;
    const condition = loop.childForFieldName('condition');
    const body = loop.childForFieldName('body');
    if (!condition || !body) return;
    const statements = statementsOf(body);
    let sleeps = 0;
    let library: string | undefined;
    // Whether every sleep is `sleep(0)`: the loop then waits no interval at all, it spins.
    let spins = true;
    let exitTest: SyntaxNode | undefined;
    const sleepCalls: SyntaxNode[] = [];
    for (const statement of statements) {
      if (statement.type === 'pass_statement' || statement.type === 'continue_statement') continue;
      const sleep = sleepOf(statement, context);
      if (sleep) {
        sleeps++;
        sleepCalls.push(sleep.call);
        library ??= sleep.library;
        spins &&= literalSleepSeconds(sleep.call) === 0;
        continue;
      }
      const test = exitCondition(statement);
      if (test && !exitTest) {
        exitTest = test;
        continue;
      }
      return;
    }
    if (sleeps === 0) return;
    // A deadline (`while time.monotonic() < deadline`, `time() - start < self.timeout`) bounds the wait in time and
    // polls no state: alone it is a timed wait; joined by `and` to another test, that test is the state polled; with an
    // `if ...: break` in the body, that condition is.
    const polled = (isAlwaysTrue(condition) ? undefined : withoutDeadlines(condition, context)) ?? exitTest;
    if (!polled) return;
    // A condition doing the loop's work when it is evaluated (`if not self.check_periodic(): break`, where each call
    // starts the next check task) makes the loop a pacing timer: the sleep sets the pace of work, it waits for no state.
    if (
      (!isAlwaysTrue(condition) && conditionDoesWork(condition, true, context)) ||
      (exitTest !== undefined && conditionDoesWork(exitTest, false, context))
    )
      return;
    // A condition asking something outside the program each round (awaiting a process or a server, asking the file
    // system, whether a child process has exited, whether another process listens on a port): no code of the program
    // changes that state, so none could set an Event for it.
    if (pollsStateOutsideTheProgram(polled, context)) return;
    // One reading only locals that no code changes while the loop runs (`done = False`, then `while not done:`, flipped
    // from a debugger) polls nothing, as `while True:` does.
    if (readsOnlyUnchangingLocals(polled, loop, context) && (!exitTest || readsOnlyUnchangingLocals(exitTest, loop, context))) return;
    // A sleep lasting as long as the polled object says is left (`while not limiter.acquire_token(): await
    // asyncio.sleep(limiter.get_cooldown_time())`): a rate limiter's window refills with time alone, and the loop wakes
    // when the condition can be true. It waits for time to pass, which no Event could signal.
    if (sleepCalls.some((call) => sleepsAsPolledObjectSays(call, polled))) return;
    // A generic waiter polling a predicate its caller hands it (`wait_until(condition)`) polls the caller's state,
    // whatever that is: there is no code of its own to set an Event. Unless only this file calls it, each time with a
    // lambda reading state (`_wait_for(lambda: api.map.path)`): that state is what it polls, as if written in place.
    const callersPredicate = pollsCallersPredicate(polled, context);
    const statePredicates = callersPredicate ? statePredicatesPassed(polled, context) : undefined;
    if (callersPredicate && !statePredicates) return;
    // A method read without a call (`while not reader.ready:`, `ready` a plain `def`) is a bound method, always true:
    // the loop never runs (or never ends), polling nothing.
    if (readsMethodObject(polled, context)) return;
    const inTest = isTestCode(context.scope, context);
    // A test polling captured log output (`caplog`, a handler's records, `self._is_logged(...)`, a mock patched over
    // `log.warning`) waits for a message the code under test logs: only logging writes the capture, so an Event would
    // take a logging handler written for the wait, and polling the capture is how a test waits for a message.
    if (inTest && readsCapturedLog(polled, context)) return;
    const ownLoop = runsOnLoopOfItsOwn(context);
    const threads = ownLoop || threadsMayChangeState(loop, polled, context);
    // In a test, state other threads change is mostly the code under test's (a server's, a queue's counters, a
    // coordinator's election): the test cannot make that code set an Event without changing it, and polling is how a
    // test waits for it. State the test keeps itself, which its own threads change, it can signal; not where the
    // coroutine runs on a loop of its own in another thread (a cross-loop test), whose Events belong to one loop.
    if (threads && inTest && (ownLoop || !ownedByTest(polled, context))) return;
    // Where other threads may change the state, they set an asyncio Event through the loop.
    const fromThreads = library === 'asyncio' && threads ? ' (from a thread, through `loop.call_soon_threadsafe(event.set)`)' : '';
    // `sleep(0)` adds no latency: what it costs is the task running at every turn of the event loop.
    const what = statePredicates
      ? `the state its callers' predicates read (\`${shortText(statePredicates[0]!)}\`${statePredicates.length > 1 ? ', …' : ''})`
      : `\`${shortText(polled)}\``;
    const waiting = spins
      ? `spins until ${what} changes: \`${library}.sleep(0)\` only yields, so the task runs again at every turn of the event loop, taking CPU for as long as it waits`
      : `only sleeps until ${what} changes, polling it: it wakes up for nothing and reacts up to a whole interval late`;
    context.report({
      start: loop.startPosition,
      end: condition.endPosition,
      message: `This loop ${waiting}; wait on ${library === 'trio' ? 'a' : 'an'} \`${library}.Event\` (or \`${library}.Condition\`) that the code changing the state sets${fromThreads}`,
    });
  },
  doc: {
    whatItDoes:
      "Flags, in a coroutine, a `while` loop whose body does nothing but `await asyncio.sleep(...)` (or `trio.sleep`, `anyio.sleep`) (with optional `pass`/`continue`), and a `while True:` loop whose body is only an `if <condition>: break` (or `return`) and such a sleep. Loops that do any other work are left alone, as is `while True: await asyncio.sleep(...)`, which polls nothing, and so, like it, a loop whose condition reads only locals of the coroutine that no code changes while it runs (`done = False`, then `while not done: await asyncio.sleep(1)`, a park a developer ends from a debugger: names compared with literals or each other, each bound in the coroutine itself only to a literal, a comparison or a `not`, none bound in the loop, rebound by a nested function through `nonlocal`, deleted or passed to a call; a parameter, a name of an enclosing function, or a name holding a list or what a call returned, which code may change in place, is still polled state), and a condition that awaits (`while await process.poll() is None`, `while not await collection.find_one(...)`): it asks a process or a server, whose state no code of the program changes or could signal (unless every await in it is of a coroutine that never suspends, of this file or, with the project indexed, of another module, such as an in-memory backend's `async def list_workers(self)` returning what its dictionary holds: that reads the program's own state, which code on the same loop changes, and is polled as any); so does a condition asking the file system (`while not cafile.exists()`, `os.path.isfile(...)`, `os.listdir(...)`, `glob.glob(...)`, a `pathlib.Path` query: `exists()`, `is_file()`, `glob(...)`, `iterdir()`), also through a wrapper (`while not list(dead_letters.glob(\"*\"))`) or a function of this file (a method of an instance of its class, a coroutine too) that queries the file system or tries an operation on it and says whether it worked (`while not _try_unlink(path)`, retrying while another process holds the file), whose file another process makes, one asking whether another process listens yet, in place or through a plain function of this file (`while not check_socket(host, port)` after starting a server with `subprocess.Popen`, where `check_socket` tries a connection: a socket's `connect_ex(...)` or `connect(...)`, `socket.create_connection(...)`, or an HTTP request to a URL such as `requests.get(url)` or `urllib.request.urlopen(url)`; not a `connect()` of anything but a socket), which only that process decides, one that only calls a predicate the coroutine was handed (`while not condition() and time.monotonic() < deadline` in a generic `wait_until(condition)`), which polls the state of its caller, whatever that is (unless only this file can call the waiter, a nested function or a module-level `_wait_for`, and every call hands it a lambda that only reads state, `_wait_for(lambda: api.map.path)`: that state is what the loop polls, and the message names it), and one asking whether a child process has exited (`process.poll()`, `process.returncode`, the `exitcode` of a `multiprocessing.Process`), which the operating system changes. A deadline, a condition comparing a clock reading with a bound (`while time.monotonic() < deadline`, `time.time() - start < self.timeout`, `loop.time()`, `datetime.now()`, with numbers, names, attributes and `timedelta(...)`, added, subtracted, multiplied or divided, also converted: `int(...)`, `round(...)`, `time.mktime(datetime.utcnow().timetuple())`, `datetime.now().timestamp()`, `(datetime.now() - start).total_seconds()`), waits for time to pass, which no Event could signal, even where code moves the bound: it is never the state polled. Alone it is not reported; joined by `and` to another test (`while not self.finished and time.monotonic() < deadline`), that test is the state polled, and with an `if <condition>: break` in the body (`while time() - start < self.max_wait: ... if self.pool.free: break`, with an `else: raise TimeoutError`), that condition is, and the message names it. Nor is a loop whose condition does the work the loop paces (`while True: if not self.check_periodic(): break; await asyncio.sleep(0.02)`, where each call starts the next check task): it calls a plain function or method of this file (not an `async def` nor a generator) that starts a task (`create_task`, `ensure_future`, `start_soon`) or changes state (assigns or deletes an attribute, an item or a `global`, calls `append`, `pop`, `update`, ... on an attribute), itself or through functions and methods of this file it calls, before a `return` that keeps the loop going (a value of the truthiness with which the loop goes on, or any value not written as a literal) or before its end where None keeps it going: a pacing timer, not a poll. A function doing its work only on the call that ends the loop (`while not self.try_take_slot()`, taking a slot and returning True only when one is free) still polls. Nor is a loop whose sleep lasts as long as the object it polls says is left (`while not limiter.acquire_token(): await asyncio.sleep(limiter.get_cooldown_time())`, the sleep's duration computed by a method of an object whose method the condition calls): a rate limiter's window refills with time alone, and the loop wakes when the condition can be true. Nor is a loop polling a method read without a call (`while not reader.ready:` where `ready` is a plain `def` of the reader's class, of this file or, with the project indexed, of another module; not a `@property`): a bound method is always true, so the loop never runs (or never ends) and polls nothing. Where the coroutine has handed work to other threads before the loop (a `threading.Thread` or its `start()`, a thread pool or its `submit(...)`, `loop.run_in_executor(...)`; not a `submit(...)` of anything else, such as a dask client's, which runs the task on the same loop's cluster; not an awaited `asyncio.to_thread(...)` or `run_in_executor(...)`, whose thread is done when the await returns), also through a function or class of this file it calls (followed two calls down: `mc = await init_admin(config)` making and starting the object) or a function or class of the project whose own body does (`MasterCoordinator(config)` making a thread, its `start()` starting one, `start()` of a `threading.Thread` subclass), or is a method of a `threading.Thread` subclass or a function nested in one (whose `stop()` runs in another thread), or runs on a loop of its own in another thread (handed with `anyio.run` or `asyncio.run` to a worker thread wherever this file names it: `tg.start_soon(anyio.to_thread.run_sync, anyio.run, one)`, `executor.submit(asyncio.run, serve(sock))`, `threading.Thread(target=asyncio.run, args=(serve(),))`), or the loop polls a `threading.Event` (`while not self.done.is_set()`, an attribute the class sets to one, or a name of that type), the message adds that a thread sets the Event through `loop.call_soon_threadsafe(event.set)`. In tests (a module of the tests, `tests/...`, `test_*.py`, `conftest.py`, or a test, fixture or test class by name) such a loop is not reported: the state other threads change there is mostly the code under test's (a server's, a queue's counters, a coordinator's election), which the test could not make set an Event without changing it, and polling is how a test waits for it. It is still reported where the test polls state of its own, which its own code changes: a list or mock in a name of the test (`finished = []` that its sender threads append to), a name a function nested in it rebinds, an attribute it set to a literal or a mock (`server.protocol.set_writer = Mock()`, polled as `set_writer.called`); but not from a loop of its own in another thread, whose Events belong to one loop. Nor is a test polling captured log output (pytest's `caplog`, log records read with `getMessage()`, a helper asking whether a message was logged such as `self._is_logged(...)`, a captured log stream's `getvalue()`, a mock patched over a logger's method: `patch.object(app.log, \"warning\")`): only logging writes it, so an Event would take a logging handler written for the wait. A test polling other state that code on the same loop changes is reported as anywhere.",
    whyIsThisBad:
      'Polling wakes the task up on every interval whether or not anything changed, and notices the change only at the next wake-up: a short interval wastes CPU, a long one adds latency. A zero interval (`await asyncio.sleep(0)`) adds no latency but spins: the task runs again at every turn of the event loop for as long as it waits, taking CPU from the tasks it waits for; the message says so instead. asyncio has primitives that wake the waiter exactly when the state changes.',
    example:
      'import asyncio\n\nclass Downloader:\n    def __init__(self):\n        self.finished = False\n\n    async def wait_finished(self):\n        while not self.finished:\n            await asyncio.sleep(0.1)',
    useInstead:
      'import asyncio\n\nclass Downloader:\n    def __init__(self):\n        self.finished = asyncio.Event()  # the downloader calls self.finished.set()\n\n    async def wait_finished(self):\n        await self.finished.wait()',
  },
};

/** Whether the sleep's duration is computed by a method of an object whose method the condition `polled` calls. */
function sleepsAsPolledObjectSays(sleep: SyntaxNode, polled: SyntaxNode): boolean {
  const duration = sleep.childForFieldName('arguments')?.namedChildren[0];
  if (!duration || duration.type === 'keyword_argument') return false;
  const askedObjects = new Set(methodCallReceivers(polled));
  return askedObjects.size > 0 && methodCallReceivers(duration).some((receiver) => askedObjects.has(receiver));
}

/** The receivers, as written, of the method calls in `node` (`self.limiter` of `self.limiter.acquire()`). */
function methodCallReceivers(node: SyntaxNode): string[] {
  const calls = node.type === 'call' ? [node, ...node.descendantsOfType('call')] : node.descendantsOfType('call');
  return calls.flatMap((call) => {
    const callee = call.childForFieldName('function');
    const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    return receiver ? [receiver.text] : [];
  });
}

/** The sleeps of each library: a busy-wait is one in trio and anyio too (flake8-async's ASYNC110 comes from trio). */
const SLEEPS: ReadonlyMap<string, string> = new Map([
  ['asyncio.sleep', 'asyncio'],
  ['trio.sleep', 'trio'],
  ['anyio.sleep', 'anyio'],
]);

/** For `await asyncio.sleep(...)` (or trio's, anyio's): the call and its library. */
function sleepOf(statement: SyntaxNode, context: RuleContext): { readonly call: SyntaxNode; readonly library: string } | undefined {
  const expression = statementExpression(statement);
  const call = expression && awaitedCall(expression);
  const name = call && context.model.calleeName(call, context.scope);
  const library = name === undefined ? undefined : SLEEPS.get(name);
  return call && library ? { call, library } : undefined;
}

/**
 * Whether other threads may change what the loop polls (`polled`): the coroutine hands work to other threads before
 * `loop` (a pool, a thread, `loop.run_in_executor(...)`, directly or through a function of this file it calls or a class of
 * the project it makes or starts: see callsStartThreads), or it is a method of a `threading.Thread` subclass, or a
 * function nested in one (whose loop runs in that thread, and whose other methods are called from others: `stop()`
 * setting `self._exiting`), or the loop polls a `threading.Event`.
 */
function threadsMayChangeState(loop: SyntaxNode, polled: SyntaxNode, context: RuleContext): boolean {
  const { scope } = context;
  for (let method = scope.functionScope; method; method = method.parent?.functionScope) {
    const owner = method.parent;
    if (owner?.kind !== 'class') continue;
    if (derivesFrom(owner.node, THREAD_CLASSES, context)) return true;
    break;
  }
  const before = scope.calls.filter((call) => call.startIndex < loop.startIndex);
  return callsStartThreads(before, scope, context) || pollsThreadingEvent(polled, context);
}

const THREADING_EVENT = 'threading.Event';

/**
 * Whether the loop polls a `threading.Event` (`while not self.done.is_set()`): a name of that type, or an attribute of
 * `self` that a method of the class sets to one (`self.done = threading.Event()`). Threads set it.
 */
function pollsThreadingEvent(polled: SyntaxNode, context: RuleContext): boolean {
  const { model, scope } = context;
  const calls = polled.type === 'call' ? [polled] : polled.descendantsOfType('call');
  return calls.some((call) => {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'is_set') return false;
    const event = callee.childForFieldName('object');
    if (!event) return false;
    return model.typeOf(event, scope) === THREADING_EVENT || isSelfAttributeOfType(event, scope, THREADING_EVENT, model);
  });
}

/** Mocks a test installs, by their class's name. */
const MOCKS: ReadonlySet<string> = new Set(['Mock', 'MagicMock', 'AsyncMock', 'NonCallableMock']);
const CONTAINER_LITERALS: ReadonlySet<string> = new Set(['list', 'dictionary', 'set', 'list_comprehension']);
const LITERALS: ReadonlySet<string> = new Set([...CONTAINER_LITERALS, 'integer', 'float', 'true', 'false', 'none', 'string', 'tuple']);

/**
 * Whether the state the loop polls is the test's own: a name of its function (or of one around it) holding a
 * container or a mock it made (`sender_completion = []`, appended by its sender threads) or that a function nested
 * there rebinds (`nonlocal done`), or an attribute the function sets to a literal or a mock
 * (`server.protocol.set_writer = Mock()`, polled as `...set_writer.called`). The test's own code changes that state,
 * and could set an Event where it does.
 */
function ownedByTest(polled: SyntaxNode, { model, scope }: RuleContext): boolean {
  const isMock = (value: SyntaxNode): boolean => value.type === 'call' && MOCKS.has(model.calleeLastName(value));
  const names = polled.type === 'identifier' ? [polled] : polled.descendantsOfType('identifier');
  const ownName = names.some((identifier) => {
    const binding =
      identifier.parent?.type === 'attribute' && identifier.parent.childForFieldName('attribute')?.id === identifier.id
        ? undefined
        : model.resolve(identifier, scope);
    if (binding?.scope.kind !== 'function') return false;
    const value = binding.value && unparenthesize(binding.value);
    if (value && (CONTAINER_LITERALS.has(value.type) || isMock(value))) return true;
    return model.bindingsIn(binding.scope, binding.name).some((other) => inNestedDefinition(other.node, binding.scope.node));
  });
  if (ownName) return true;
  const attributes = new Set((polled.type === 'attribute' ? [polled] : polled.descendantsOfType('attribute')).map((node) => node.text));
  for (let function_ = scope.functionScope; function_; function_ = function_.parent?.functionScope) {
    const setHere = function_.node.descendantsOfType('assignment').some((assignment) => {
      const [target, value] = [assignment.childForFieldName('left'), assignment.childForFieldName('right')];
      return target?.type === 'attribute' && attributes.has(target.text) && !!value && (LITERALS.has(value.type) || isMock(value));
    });
    if (setHere) return true;
  }
  return false;
}

/**
 * Whether what the loop polls is a method read without a call (`reader.ready`, also negated), where `ready` is a plain
 * `def` of the reader's class (see isPlainMethod): a bound method is always true.
 */
function readsMethodObject(polled: SyntaxNode, context: RuleContext): boolean {
  let node = unparenthesize(polled);
  if (node.type === 'not_operator') node = unparenthesize(node.childForFieldName('argument') ?? node);
  const object = node.type === 'attribute' ? node.childForFieldName('object') : null;
  const name = node.childForFieldName('attribute')?.text;
  if (!object || name === undefined) return false;
  // `self.ready`: the method of the class the coroutine belongs to.
  const method = context.model.definitionOf(node, context.scope);
  const owner = method && context.model.scopeOfDefinition(method)?.parent;
  if (owner?.kind === 'class') return isPlainMethod({ local: owner.node }, name, context);
  const instance = instanceClass(object, context.scope, context);
  return instance !== undefined && isPlainMethod(instance, name, context);
}

/**
 * Whether what the loop polls is a predicate the coroutine was handed (`while not condition() and time.monotonic() <
 * deadline`): a call of a parameter of the coroutine, negated or joined by `and`/`or` with other such calls or with
 * clock comparisons, and nothing else.
 */
function pollsCallersPredicate(polled: SyntaxNode, context: RuleContext): boolean {
  const node = unparenthesize(polled);
  switch (node.type) {
    case 'not_operator': {
      const operand = node.childForFieldName('argument');
      return !!operand && pollsCallersPredicate(operand, context);
    }
    case 'boolean_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return false;
      const [leftPolls, rightPolls] = [pollsCallersPredicate(left, context), pollsCallersPredicate(right, context)];
      return (leftPolls || rightPolls) && (leftPolls || isDeadline(left, context)) && (rightPolls || isDeadline(right, context));
    }
    case 'call': {
      const callee = node.childForFieldName('function');
      return callee?.type === 'identifier' && context.model.resolve(callee, context.scope)?.kind === 'parameter';
    }
    default:
      return false;
  }
}

/** For `if cond: break` (or `return ...`) with no `elif`/`else`: `cond`. */
function exitCondition(statement: SyntaxNode): SyntaxNode | undefined {
  if (statement.type !== 'if_statement' || statement.childForFieldName('alternative')) return undefined;
  const exits = statementsOf(statement.childForFieldName('consequence'));
  if (exits.length !== 1 || (exits[0]!.type !== 'break_statement' && exits[0]!.type !== 'return_statement')) return undefined;
  return statement.childForFieldName('condition') ?? undefined;
}

function isAlwaysTrue(condition: SyntaxNode): boolean {
  const node = unparenthesize(condition);
  return node.type === 'true' || (node.type === 'integer' && Number(node.text) !== 0);
}

/**
 * `condition` without the deadlines joined to it by `and` (`not self.finished` of `time.monotonic() < deadline and not
 * self.finished`): undefined where it is a deadline alone, the whole condition where a deadline sits deeper in it.
 */
function withoutDeadlines(condition: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const node = unparenthesize(condition);
  if (isDeadline(node, context)) return undefined;
  if (node.type !== 'boolean_operator' || node.childForFieldName('operator')?.type !== 'and') return condition;
  const [left, right] = [node.childForFieldName('left'), node.childForFieldName('right')];
  if (!left || !right) return condition;
  const [leftState, rightState] = [withoutDeadlines(left, context), withoutDeadlines(right, context)];
  return leftState && rightState ? condition : (leftState ?? rightState);
}

/**
 * Whether `condition` compares a clock reading with a bound: every operand is a clock call, a number, a name, an
 * attribute (`self.timeout`) or a `timedelta(...)`, added, subtracted, multiplied or divided (`time.monotonic() - start
 * < timeout`), or a conversion of one (`int(time.mktime(datetime.utcnow().timetuple()))`: see timeCall), and one reads
 * the clock. Only time changes its value, and where code moves the bound (a deadline pushed
 * back), the loop still waits for time to reach it: no Event could say when it has.
 */
function isDeadline(condition: SyntaxNode, context: RuleContext): boolean {
  const node = unparenthesize(condition);
  if (node.type !== 'comparison_operator') return false;
  let clocks = 0;
  const bound = (operand: SyntaxNode): boolean => {
    const value = unparenthesize(operand);
    switch (value.type) {
      case 'integer':
      case 'float':
      case 'identifier':
        return true;
      case 'attribute':
        return bound(value.childForFieldName('object') ?? value);
      case 'unary_operator':
        return bound(value.childForFieldName('argument') ?? value);
      case 'call': {
        if (context.model.calleeName(value, context.scope) === TIMEDELTA) return true;
        const time = timeCall(value, context.model, context.scope);
        if (!time) return false;
        const clocksBefore = clocks;
        if (time.readsClock) clocks++;
        return time.converts.every(bound) && (!time.needsClock || clocks > clocksBefore);
      }
      case 'binary_operator': {
        const operator = value.childForFieldName('operator')?.type ?? '';
        const [left, right] = [value.childForFieldName('left'), value.childForFieldName('right')];
        return ARITHMETIC.has(operator) && !!left && !!right && bound(left) && bound(right);
      }
      default:
        return false;
    }
  };
  return node.namedChildren.every(bound) && clocks > 0;
}

const TIMEDELTA = 'datetime.timedelta';
const ARITHMETIC: ReadonlySet<string> = new Set(['+', '-', '*', '/']);

function shortText(node: SyntaxNode): string {
  return snippet(unparenthesize(node), 40);
}
