// Loops LOOP203 finds driven by hand because something `asyncio.run()` would not keep shares them: an
// `asyncio.Runner`'s loop, a loop published on an object (by the function or by a coroutine it runs), kept for a
// module-level client, handed to an object that keeps it (`event_loop=loop`) or stopped through a module-level name,
// one an enclosing function made and stops or schedules on, the thread's or the module's lasting loop a sync facade
// runs its object's or its caller's coroutines on call after call, a loop driven again on each pass of a `for` or
// `while` loop, and a loop the caller's factory or another library (uvloop) makes (`asyncio.run` takes a factory only
// from 3.12 on).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import {
  argumentAt,
  assignmentTargets,
  callArguments,
  DEFINITION_KINDS,
  inNestedDefinition,
  isMethodDefinition,
  isStaticMethod,
  unparenthesize,
} from '../../../analysis/pythonSyntax';
import type { Binding, Scope } from '../../../analysis/scope';
import type { RuleContext } from '../../../linter/rule';
import { callsCoroutineFunction } from '../../../ruleSupport/coroutineCalls';
import { returnedFunction } from '../../../ruleSupport/plainWrappers';
import { isNewLoopCall, methodCall, OTHER_LIBRARIES_LOOP_FACTORIES } from './asyncioValues';
import { nearestStatementBefore } from '../../../ruleSupport/statementsBefore';
import { callsSetEventLoop, loopSetBy } from '../../../ruleSupport/loopMadeCurrent';
import { CURRENT_LOOP_GETTERS } from '../../../ruleSupport/currentLoopGetters';
import { callsProjectHelperFindingCurrentLoop } from './projectCurrentLoopHelpers';

/** The value a name was last assigned where it is read (with the scope it was written in), or the expression itself. */
function assignedValue(expression: SyntaxNode, context: RuleContext): { node: SyntaxNode; scope: Scope } | undefined {
  const node = unparenthesize(expression);
  if (node.type !== 'identifier') return { node, scope: context.scope };
  const binding = context.model.resolve(node, context.scope);
  if (binding?.kind !== 'assignment' || !binding.value) return undefined;
  return { node: unparenthesize(binding.value), scope: binding.scope };
}

/**
 * `runner.get_loop()` of an `asyncio.Runner` (`with asyncio.Runner() as runner:`), directly or through a name: the
 * runner cancels what is left on its loop and closes it, as `asyncio.run()` would, and `run_forever()` on it is how a
 * server started with `runner.run(...)` is served until Ctrl-C.
 */
export function isRunnersLoop(loop: SyntaxNode, context: RuleContext): boolean {
  const value = assignedValue(loop, context);
  return value?.node.type === 'call' && context.model.calleeName(value.node, value.scope) === 'asyncio.Runner.get_loop';
}

/**
 * Whether the function also stores the loop on an object (`self.loop = loop = asyncio.new_event_loop()`,
 * `test.loop = loop`) or in a name of an enclosing function or the module (`nonlocal server_loop; loop = server_loop =
 * uvloop.new_event_loop()`), or in an item of a container (`job['loop'] = loop`, a job of the module's `live_jobs`
 * that a web route cancels through): others reach it there, to stop it from another thread
 * (`call_soon_threadsafe(loop.stop)`) or to schedule on it, which a loop made inside `asyncio.run()` would not allow. As
 * an object's loop, `self.loop`, is its own.
 */
export function isPublishedOnAnObject(name: SyntaxNode, context: RuleContext): boolean {
  const functionScope = context.scope.functionScope;
  const definition = functionScope?.node;
  const body = definition?.childForFieldName('body');
  if (!functionScope || !definition || !body || unparenthesize(name).type !== 'identifier') return false;
  const isShared = (target: SyntaxNode): boolean =>
    target.type === 'attribute' ||
    target.type === 'subscript' ||
    (target.type === 'identifier' && (functionScope.nonlocals.has(target.text) || functionScope.globals.has(target.text)));
  return body.descendantsOfType('assignment').some((assignment) => {
    // A chain (`self.loop = loop = ...`) is read once, from its first assignment.
    if (assignment.parent?.type === 'assignment' || inNestedDefinition(assignment, definition)) return false;
    const targets: SyntaxNode[] = [];
    let value: SyntaxNode | null = assignment;
    for (; value?.type === 'assignment'; value = value.childForFieldName('right')) {
      const target = value.childForFieldName('left');
      if (target) targets.push(target);
    }
    const holdsLoop = [...targets, value].some((node) => node?.type === 'identifier' && node.text === name.text);
    return holdsLoop && targets.some(isShared);
  });
}

/**
 * A module-level loop a function of the file stops through the module's name (`loop.stop()` in a protocol's `onClose`,
 * `call_soon_threadsafe(loop.stop)`): published as a global is, by the script's top-level code binding it. What the
 * loop serves decides when the program ends, which `asyncio.run()` cannot leave to it: it raises "Event loop stopped
 * before Future completed" for a loop stopped under it. Not a stop written in the driving code itself (a `SIGINT`
 * handler's `lambda` beside the drive, which `asyncio.run()` does as well) nor in a coroutine the loop runs
 * (`runs`, the work the one coroutine under `asyncio.run()` would take in, where ending it ends the program).
 */
export function isStoppedThroughTheModule(name: SyntaxNode, runs: readonly SyntaxNode[], context: RuleContext): boolean {
  const { model } = context;
  const node = unparenthesize(name);
  const binding = node.type === 'identifier' ? model.resolve(node, context.scope) : undefined;
  if (!binding || binding.scope !== model.module) return false;
  const driving = context.scope.functionScope?.node ?? topLevelStatement(node);
  const ranWork = workRun(runs, context);
  return model.references(binding).some((reference) => {
    const read = reference.parent;
    if (read?.type !== 'attribute' || read.childForFieldName('attribute')?.text !== 'stop') return false;
    const within = (container: SyntaxNode): boolean =>
      container.startIndex <= reference.startIndex && reference.endIndex <= container.endIndex;
    return model.scopeOf(reference).functionScope !== undefined && !within(driving) && !ranWork.some(within);
  });
}

/** The definitions of the coroutine functions whose calls the loop is given to run (`runs`: `_serve()`, `main()`). */
function workRun(runs: readonly SyntaxNode[], context: RuleContext): SyntaxNode[] {
  return runs.flatMap((run) => {
    const work = assignedValue(run, context);
    return work?.node.type === 'call' ? (definitionCalled(work.node, work.scope, context) ?? []) : [];
  });
}

/** Methods of a loop that stop it or hand it work: called by other code than the drive, the loop is shared with it. */
const SHARING_METHODS: ReadonlySet<string> = new Set(['call_soon_threadsafe', 'stop', 'call_soon', 'call_later', 'call_at', 'create_task']);

/**
 * A loop an enclosing function made (`srv_loop = asyncio.new_event_loop()`) and a function nested in it drives through
 * the closure (a thread's target, `def _run(): srv_loop.run_until_complete(_serve())`), shared beyond that drive: code
 * outside the driving function (the enclosing function, or another function nested there) stops it or schedules on it
 * (`srv_loop.call_soon_threadsafe(stop.set)` from the test thread, `asyncio.run_coroutine_threadsafe(coro, srv_loop)`),
 * or a coroutine the loop runs (`runs`) uses it by name (`await srv_loop.create_server(...)`). `asyncio.run()` in the
 * nested function would run the work on a loop of its own, while those uses reach one nobody runs. A loop the enclosing
 * function makes and then only closes, or never touches again, is the nested function's alone.
 */
export function isSharedWithTheEnclosingFunction(name: SyntaxNode, runs: readonly SyntaxNode[], context: RuleContext): boolean {
  const { model } = context;
  const node = unparenthesize(name);
  const driving = context.scope.functionScope;
  if (node.type !== 'identifier' || !driving) return false;
  const binding = model.resolve(node, context.scope);
  if (binding?.kind !== 'assignment' || !binding.value || binding.scope === driving || binding.scope.kind !== 'function') return false;
  const value = unparenthesize(binding.value);
  if (value.type !== 'call' || !isNewLoopCall(value, model, binding.scope)) return false;
  const within = (container: SyntaxNode, reference: SyntaxNode): boolean =>
    container.startIndex <= reference.startIndex && reference.endIndex <= container.endIndex;
  const ranWork = workRun(runs, context);
  return model.references(binding).some((reference) => {
    if (ranWork.some((work) => within(work, reference))) return true;
    if (within(driving.node, reference)) return false;
    const read = reference.parent;
    if (read?.type === 'attribute' && read.childForFieldName('object')?.id === reference.id)
      return SHARING_METHODS.has(read.childForFieldName('attribute')?.text ?? '');
    // `asyncio.run_coroutine_threadsafe(coro, loop)`: the loop as the one handed the coroutine.
    const call = read?.type === 'argument_list' ? read.parent : read?.type === 'keyword_argument' ? read.parent?.parent : undefined;
    if (call?.type !== 'call' || model.calleeName(call, model.scopeOf(call)) !== 'asyncio.run_coroutine_threadsafe') return false;
    return argumentAt(call, 1, 'loop')?.id === reference.id;
  });
}

/** The statement of the module holding `node`. */
function topLevelStatement(node: SyntaxNode): SyntaxNode {
  let statement = node;
  while (statement.parent && statement.parent.type !== 'module') statement = statement.parent;
  return statement;
}

/**
 * A module-level loop a module-level call is given, whose value the module keeps (`client =
 * WebClient(loop=singleton_loop)`): the object built there keeps the loop, and what it starts lives on it for the
 * program's life. Each function driving it runs that object's work on the loop it was built for, where `asyncio.run()`
 * would run it on a new loop every call.
 */
export function isKeptForAModuleObject(name: SyntaxNode, context: RuleContext): boolean {
  const { model } = context;
  const node = unparenthesize(name);
  // Driven in a function, called again and again; a script's own top-level drive runs once, and the loop is its own.
  if (node.type !== 'identifier' || context.scope.functionScope === undefined) return false;
  const binding = model.resolve(node, context.scope);
  if (binding?.kind !== 'assignment' || binding.scope !== model.module) return false;
  return model.module.calls.some((call) => {
    // The object is what the call's value is kept as (`client = WebClient(...)`), not a coroutine the loop runs.
    const kept = call.parent?.type === 'assignment' && call.parent.childForFieldName('right')?.id === call.id;
    if (!kept || callsCoroutineFunction(call, model.module, model, context.project)) return false;
    // A task `asyncio.ensure_future(..., loop=loop)` schedules is work on the loop, not an object keeping it.
    if (model.calleeName(call, model.module)?.startsWith('asyncio.')) return false;
    const { positional, keywords } = callArguments(call);
    return [...positional, ...keywords.values()].some((argument) => unparenthesize(argument).text === node.text);
  });
}

/** A keyword naming the loop a call is to use: `loop=`, `event_loop=`, `io_loop=`. */
export const LOOP_KEYWORD = /^(?:\w*_)?loop$/;

/**
 * A loop the drive's scope hands on, once it is done driving it (after every drive in `drives`), to another object or
 * factory by a keyword naming it the loop to use (`stdio_session = stdio_loop.run_until_complete(bootstrap())`, then
 * `tools = fetch_tools(session=stdio_session, event_loop=stdio_loop)`): what that builds keeps the loop and drives it
 * later (a tool's `run_until_complete` on every call), so the loop must outlast the drive, where `asyncio.run()` would
 * close it. Handed over before a drive (`room = Room(loop=loop)`, then `loop.run_forever()`), the object is built for
 * work one coroutine under `asyncio.run()` takes in, the object too. Not asyncio's own calls
 * (`asyncio.ensure_future(coro, loop=loop)` schedules work on the loop, it keeps nothing) nor a coroutine function's
 * call (`main(loop=loop)`, work for the loop); nor a loop given by position, which says nothing of its role
 * (`destroy_loop(loop)`, `print(loop)`).
 */
export function isHandedToAKeeper(name: SyntaxNode, drives: readonly SyntaxNode[], context: RuleContext): boolean {
  const { model, scope, project } = context;
  if (drives.length === 0) return false;
  const loop = unparenthesize(name).text;
  const lastDriveEnd = Math.max(...drives.map((drive) => drive.endIndex));
  return scope.calls.some((call) => {
    if (call.startIndex < lastDriveEnd) return false;
    const { keywords } = callArguments(call);
    const names = [...keywords].some(([keyword, value]) => LOOP_KEYWORD.test(keyword) && unparenthesize(value).text === loop);
    return names && !model.calleeName(call, scope)?.startsWith('asyncio.') && !callsCoroutineFunction(call, scope, model, project);
  });
}

/**
 * A sync facade running work that outlives the call on a lasting loop (the thread's current loop or the module's, see
 * isLastingLoop): what each drive of the loop runs (`runs`) is its object's coroutine (`self._client.request()`,
 * mangum's `loop.create_task(self.run(app))`) or the one its caller hands it (`def run_until_complete(coro)`,
 * pydantic's; streamrip's test helper `def arun(coro): return loop.run_until_complete(coro)` on the module's `loop =
 * asyncio.new_event_loop()`), also through a Task or Future wrapping it (`asyncio.ensure_future(coro, loop=loop)`), and
 * nothing of the function's own. Each call finds the loop the last one left, where the object's session, the caller's
 * clients (a client logged in by one call, used by the next) and the tasks left pending on it (mangum's lifespan task)
 * live: `asyncio.run()` would make and close a new loop every call, and that loop-bound state would break. A function
 * also running work of its own, such as a clean-up after the caller's (tortoise's `run_async` closing its connections
 * in `finally`), is a program's runner instead, which `asyncio.run()` fits. Whether the function closes the loop is the
 * caller's question (a closed loop keeps nothing).
 */
export function runsCallersWorkOnLastingLoop(loop: SyntaxNode, runs: readonly SyntaxNode[], context: RuleContext): boolean {
  return runs.length > 0 && isLastingLoop(loop, context) && runs.every((run) => isCallersOrObjectsWork(run, context));
}

/** A getter of a loop, by its name: `get_asyncio_loop`, `get_loop`, `get_event_loop`. */
const LOOP_GETTER = /^get_(?:\w+_)?loop$/;

/**
 * Whether every binding of `name` in the function takes the loop another library keeps and hands out: a getter of a
 * loop (see LOOP_GETTER) imported from a module that is neither asyncio nor the project's (IPython's
 * `IPython.core.async_helpers.get_asyncio_loop()`, the loop its shell's autoawait drives later). Work run on it before
 * the library runs it (a lifespan entered for the shell's user code) must run on that loop: `asyncio.run()` would run
 * it on a new one and close that. (Whether the function closes the loop is the caller's question.)
 */
export function isOtherLibrarysKeptLoop(name: SyntaxNode, { model, scope, project }: RuleContext): boolean {
  const bindings = model.bindingsIn(scope, name.text);
  return (
    bindings.length > 0 &&
    bindings.every((binding) => {
      const value = binding.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
      if (value?.type !== 'call' || !LOOP_GETTER.test(model.calleeLastName(value))) return false;
      const getter = model.calleeName(value, binding.scope);
      if (getter === undefined || getter.startsWith('.')) return false;
      const modules = getter.split('.').slice(0, -1);
      // asyncio's own getter, also as a module re-exports it (`asyncio` reached through `from maigret.maigret import *`).
      if (modules.length === 0 || modules.includes('asyncio')) return false;
      if (project === undefined) return true;
      return modules[0] !== project.moduleName.split('.')[0] && project.findFunction(project.absoluteName(getter)) === undefined;
    })
  );
}

/**
 * A loop that outlasts the call: the thread's current loop, `asyncio.get_event_loop()`, or a helper of this file or of
 * the project finding it (pydantic's `_utils.get_event_loop()`, nano-graphrag's `always_get_an_event_loop()`, which make
 * and set a loop only where there is none), directly or through
 * a name every binding of which finds it, or makes a new loop the function sets current (`except RuntimeError: loop =
 * asyncio.new_event_loop(); asyncio.set_event_loop(loop)`) and never unsets (`asyncio.set_event_loop(None)`); or the
 * module's loop (see isModulesLoop).
 */
export function isLastingLoop(loop: SyntaxNode, context: RuleContext): boolean {
  const { model, scope } = context;
  const node = unparenthesize(loop);
  if (node.type === 'call') return findsCurrentLoop(node, scope, context);
  if (node.type !== 'identifier') return false;
  if (isModulesLoop(node, context)) return true;
  const bindings = model.bindingsIn(scope, node.text);
  const values = bindings.map((binding) => (binding.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined));
  // Set current and left so: a function unsetting it again (`finally: asyncio.set_event_loop(None)`) leaves no loop
  // for the next call to find.
  const setsTo = (call: SyntaxNode): SyntaxNode | undefined => {
    const set = callsSetEventLoop(call, model, scope) ? argumentAt(call, 0, 'loop') : undefined;
    return set && unparenthesize(set);
  };
  const setsCurrent = (): boolean =>
    scope.calls.some((call) => setsTo(call)?.text === node.text) && !scope.calls.some((call) => setsTo(call)?.type === 'none');
  return (
    values.some((value) => value?.type === 'call' && findsCurrentLoop(value, scope, context)) &&
    values.every(
      (value) =>
        value?.type === 'call' && (findsCurrentLoop(value, scope, context) || (isNewLoopCall(value, model, scope) && setsCurrent())),
    )
  );
}

/**
 * The module's loop, read by a function: a module-level name every binding of which is a call's value (`loop =
 * asyncio.new_event_loop()` at the top of the module). It is made once, at import, and each call of the function drives
 * it, finding what the last call left there. A script's own top-level drive is not one: it runs once.
 */
function isModulesLoop(name: SyntaxNode, { model, scope }: RuleContext): boolean {
  if (scope.functionScope === undefined || model.resolve(name, scope)?.scope !== model.module) return false;
  return model.bindingsIn(model.module, name.text).every((binding) => {
    const value = binding.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    return value?.type === 'call';
  });
}

/**
 * `asyncio.get_event_loop()` (also through the policy, `asyncio.get_event_loop_policy().get_event_loop()`), or a call of
 * a function of this file that calls it, or of one of another module of the project that does (see
 * projectCurrentLoopHelpers.ts: nano-graphrag's `always_get_an_event_loop()`).
 */
export function findsCurrentLoop(call: SyntaxNode, scope: Scope, context: Pick<RuleContext, 'model' | 'project'>): boolean {
  const { model } = context;
  const getsCurrent = (candidate: SyntaxNode, where: Scope): boolean => CURRENT_LOOP_GETTERS.has(model.calleeName(candidate, where) ?? '');
  if (getsCurrent(call, scope)) return true;
  const definition = model.calleeDefinition(call, scope);
  if (!definition) return callsProjectHelperFindingCurrentLoop(call, scope, context);
  const helper = definition.type === 'function_definition' ? model.scopeOfDefinition(definition) : undefined;
  return helper !== undefined && helper.calls.some((inner) => getsCurrent(inner, helper));
}

/** Calls handing back a Task or Future that runs the coroutine given first: what is driven is that coroutine's work. */
const WRAPPING_CALLS: ReadonlySet<string> = new Set(['asyncio.ensure_future', 'asyncio.create_task', 'asyncio.shield', 'asyncio.wait_for']);

/**
 * Whether what a drive runs is the caller's (a parameter, `coro`; or a call of a callable the caller hands over,
 * `finalizer()`, a pytest finalizer's coroutine function) or its object's (`self.run(app)`, `self._client.request()`),
 * seen through the names it is assigned to and the Tasks wrapping it (`task = asyncio.ensure_future(coro)`,
 * `loop.create_task(...)`). Not a call of the coroutine function a decorator's wrapper wraps (`fn(*args)` in the
 * `def` its decorator returns): such wrappers mostly make a test or a CLI command of a coroutine, run once.
 */
function isCallersOrObjectsWork(run: SyntaxNode, context: RuleContext): boolean {
  const { model } = context;
  let work = unparenthesize(run);
  let scope = context.scope;
  for (let step = 0; step < 8; step++) {
    if (work.type === 'identifier') {
      const binding = model.resolve(work, scope);
      if (binding?.kind === 'parameter') return true;
      if (binding?.kind !== 'assignment' || !binding.value) return false;
      work = unparenthesize(binding.value);
      scope = binding.scope;
      continue;
    }
    const wraps =
      work.type === 'call' &&
      (WRAPPING_CALLS.has(model.calleeName(work, scope) ?? '') || SCHEDULING_METHOD_NAMES.has(methodCall(work)?.method ?? ''));
    const wrapped = wraps ? argumentAt(work, 0, 'coro') : undefined;
    if (!wrapped) break;
    work = unparenthesize(wrapped);
  }
  if (work.type !== 'call') return false;
  const callee = work.childForFieldName('function');
  if (callee?.type === 'identifier' && isCallerHandedCallable(callee, scope, context)) return true;
  let root = callee;
  while (root?.type === 'attribute') root = root.childForFieldName('object');
  const receiver = methodReceiver(context);
  return receiver !== undefined && root?.type === 'identifier' && root.text === receiver.text;
}

/**
 * Whether `callee` is a parameter, of the driving function or of one enclosing it, that is no decorator's function: a
 * callable the caller hands over to be run (a finalizer's coroutine function, `AsyncFinalizerFactory(fn)` storing a
 * closure that drives `fn()`). Not where the driving function is the `def` a function taking the callable returns
 * (a decorator's wrapper, `def coro(f): def wrapper(*args): ... f(*args) ...; return wrapper`).
 */
function isCallerHandedCallable(callee: SyntaxNode, scope: Scope, context: RuleContext): boolean {
  const binding = context.model.resolve(callee, scope);
  if (binding?.kind !== 'parameter') return false;
  const driving = context.scope.functionScope;
  if (!driving) return false;
  for (let inner = driving; inner !== binding.scope;) {
    const outer = inner.parent?.functionScope;
    if (!outer) break;
    if (returnedFunction(outer.node)?.id === inner.node.id) return false;
    inner = outer;
  }
  return true;
}

/** `loop.create_task(coro)`, `loop.ensure_future(coro)`: a Task of the coroutine, on that loop. */
const SCHEDULING_METHOD_NAMES: ReadonlySet<string> = new Set(['create_task', 'ensure_future']);

/** The receiver (`self`) of the method the code is in, where it is one (not a `@staticmethod`). */
function methodReceiver(context: RuleContext): SyntaxNode | undefined {
  const method = context.scope.functionScope;
  if (!method || !isMethodDefinition(method.node) || isStaticMethod(method.node)) return undefined;
  const receiver = method.node.childForFieldName('parameters')?.namedChildren[0];
  return receiver?.type === 'identifier' ? receiver : undefined;
}

/** A factory making the loop a function drives, where `asyncio.run()` would make another kind of loop. */
export interface LoopFactory {
  /** As written: `unit.loop_initializer`, `loop_factory`, `uvloop.new_event_loop`. */
  readonly written: string;
  /** For another library's loop, that library's runner (`uvloop.run`), as careful as `asyncio.run()` on every version. */
  readonly run?: string;
}

/**
 * The factory the function makes its loop with, where `asyncio.run()` would make another kind of loop: one the caller
 * supplies (`loop = unit.loop_initializer()`, `loop = loop_factory()`, `self._loop_factory()`), a loop of the
 * caller's choosing, which `asyncio.run` can make only from 3.12 on (`loop_factory=`; `asyncio.Runner(loop_factory=...)`
 * from 3.11); or another library's (`uvloop.new_event_loop()`, `uvloop.Loop()`, directly, through a name every
 * binding of which makes one, or found by `loop = asyncio.get_event_loop()` after
 * `asyncio.set_event_loop(uvloop.new_event_loop())`), which the library's own `run()` makes.
 */
export function loopFactory(loop: SyntaxNode, context: RuleContext): LoopFactory | undefined {
  const { model } = context;
  const node = unparenthesize(loop);
  if (node.type !== 'identifier') return otherLibrarysLoop(node, context.scope, context);
  const made: (LoopFactory | undefined)[] = [];
  for (const binding of model.bindingsIn(context.scope, node.text)) {
    const value = binding.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    if (value?.type !== 'call') {
      made.push(undefined);
      continue;
    }
    const callee = value.childForFieldName('function');
    let root = callee;
    while (root?.type === 'attribute') root = root.childForFieldName('object');
    if (callee && root?.type === 'identifier' && model.resolve(root, binding.scope)?.kind === 'parameter' && isFactoryCall(value, context))
      return { written: callee.text };
    made.push(otherLibrarysLoop(value, binding.scope, context) ?? currentLoopOfOtherLibrary(binding, context));
  }
  // A loop of uvloop's on one path and of asyncio's on another (`if args.uvloop:`): which one `asyncio.run()` would
  // have to make is the code's choice, not a library's.
  const [first] = made;
  return first && made.every((factory) => factory?.run === first.run) ? first : undefined;
}

/**
 * Whether a call of the caller's callable is one `loop_factory=` could stand for: it is given no argument (asyncio calls
 * the factory with none: `self.loops.get(name)` is a look-up, and `loop_factory=self.loops.get` raises TypeError), and
 * is not a getter of a loop (`self.get_loop()` hands back a kept loop, which `asyncio.run()` would close).
 */
function isFactoryCall(call: SyntaxNode, { model }: RuleContext): boolean {
  const { positional, keywords, hasUnpacking } = callArguments(call);
  return positional.length === 0 && keywords.size === 0 && !hasUnpacking && !LOOP_GETTER.test(model.calleeLastName(call));
}

/** For `loop = asyncio.get_event_loop()` after `asyncio.set_event_loop(uvloop.new_event_loop())`: uvloop's factory. */
function currentLoopOfOtherLibrary(binding: Binding, context: RuleContext): LoopFactory | undefined {
  const value = binding.value && unparenthesize(binding.value);
  if (value?.type !== 'call' || context.model.calleeName(value, binding.scope) !== 'asyncio.get_event_loop') return undefined;
  const set = nearestStatementBefore(binding.node, (statement) => loopSetBy(statement, context.model, binding.scope));
  return set ? otherLibrarysLoop(unparenthesize(set), binding.scope, context) : undefined;
}

/**
 * For another library's loop (`uvloop.new_event_loop()`, or a name assigned one in `scope`): its factory and runner.
 * Also a loop class of any library but asyncio, or of the project (`QEventLoop(app)`, qasync's loop serving Qt's
 * events; a project's `SelectorEventLoop` subclass): `asyncio.run()` would make asyncio's own loop instead, so only a
 * runner given a factory of it can replace the drive (`loop_factory=lambda: QEventLoop(app)`).
 */
function otherLibrarysLoop(expression: SyntaxNode, scope: Scope, context: RuleContext): LoopFactory | undefined {
  const { model } = context;
  if (expression.type === 'identifier') {
    const binding = model.resolve(expression, scope);
    const value = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    return value?.type === 'call' ? otherLibrarysLoop(value, binding!.scope, context) : undefined;
  }
  if (expression.type !== 'call') return undefined;
  const name = model.calleeName(expression, scope);
  const run = name === undefined ? undefined : OTHER_LIBRARIES_LOOP_FACTORIES.get(name);
  if (run !== undefined) return { written: model.calleeText(expression), run };
  // A class of another module by its qualified name, or one of this file (which has none).
  const isClass =
    name !== undefined ? !name.split('.').includes('asyncio') : model.calleeDefinition(expression, scope)?.type === 'class_definition';
  if (!isClass || !LOOP_CLASS.test(model.calleeLastName(expression))) return undefined;
  const { positional, keywords, hasUnpacking } = callArguments(expression);
  if (positional.length + keywords.size === 0 && !hasUnpacking) return { written: model.calleeText(expression) };
  return {
    written:
      expression.text.length <= 40 && !expression.text.includes('\n')
        ? `lambda: ${expression.text}`
        : `lambda: ${model.calleeText(expression)}(...)`,
  };
}

/** The name of an event-loop class: `QEventLoop`, `SelectorEventLoop`, `Loop`. */
const LOOP_CLASS = /^[A-Z]\w*Loop$/;

/** Calls handing out the running loop: asyncio's own, or tornado's `IOLoop` wrapping it (which can stop and close it). */
const RUNNING_LOOP_HANDLES: ReadonlySet<string> = new Set([
  'asyncio.get_running_loop',
  'asyncio.get_event_loop',
  'tornado.ioloop.IOLoop.current',
  'tornado.ioloop.IOLoop.instance',
]);

/**
 * Whether a coroutine the loop runs (`asyncio_loop.run_until_complete(self.start())`) keeps a handle on it that stops
 * it: a function of this file storing the running loop on an object or in a global (`self.loop = IOLoop.current()`,
 * `self._loop = asyncio.get_running_loop()`), and the object's class (or the file, for other stores) reading its
 * `stop` (ipyparallel's nanny, `self.loop.add_callback(self.loop.stop)`). The object owns the loop then, as one holding
 * it as `self.loop` does: `asyncio.run()` raises "Event loop stopped before Future completed" for a loop stopped under
 * it. A handle only scheduled on, or closed after the loop ends (jupyter_client's `IOLoopThread`, which ends its
 * coroutine to stop), would work as well under `asyncio.run()`.
 */
export function isKeptByACoroutineItRuns(coroutines: readonly SyntaxNode[], context: RuleContext): boolean {
  return coroutines.some((coroutine) => {
    const work = assignedValue(coroutine, context);
    const definition = work?.node.type === 'call' ? definitionCalled(work.node, work.scope, context) : undefined;
    const scope = definition && context.model.scopeOfDefinition(definition);
    if (!scope) return false;
    // Where the handle is read: the class of a method storing it on `self`, else the whole file. Found among the
    // mentions of `stop`, which re-linting follows (another statement's stop, added or removed, lints this one again),
    // and compared by the object read, however the attribute is written (`SHARED_LOOP\n.stop` in parentheses).
    const reader = scope.parent?.kind === 'class' ? scope.parent.node : undefined;
    const stops = context.model
      .mentionsOf('stop')
      .filter((mention) => !reader || (mention.startIndex >= reader.startIndex && mention.endIndex <= reader.endIndex))
      .flatMap((mention) => {
        const read = mention.parent;
        return read?.type === 'attribute' && read.childForFieldName('attribute')?.id === mention.id
          ? [read.childForFieldName('object')?.text]
          : [];
      });
    return scope.calls.some((call) => {
      const handle = runningLoopStoredBy(call, scope, context);
      return handle !== undefined && stops.includes(handle);
    });
  });
}

/**
 * The `def` of this file a call calls: what the model finds (`start()`, `self.start()`), or a method of the instance a
 * name holds (`self = cls(*args)` in a classmethod, `nanny = Nanny()`, then `self.start()`).
 */
function definitionCalled(call: SyntaxNode, scope: Scope, { model }: RuleContext): SyntaxNode | undefined {
  const found = model.calleeDefinition(call, scope);
  if (found) return found.type === 'function_definition' ? found : undefined;
  const callee = call.childForFieldName('function');
  const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  const method = callee?.childForFieldName('attribute')?.text;
  if (object?.type !== 'identifier' || method === undefined) return undefined;
  const instance = model.resolve(object, scope);
  const made = instance?.kind === 'assignment' && instance.value ? unparenthesize(instance.value) : undefined;
  if (!instance || made?.type !== 'call') return undefined;
  const madeBy = made.childForFieldName('function');
  let classScope: Scope | undefined;
  if (madeBy?.type === 'identifier') {
    const maker = model.resolve(madeBy, instance.scope);
    if (maker?.kind === 'class' && maker.definition) classScope = model.scopeOfDefinition(maker.definition);
    else if (maker?.kind === 'parameter' && isClassmethodReceiver(maker.node, maker.scope)) classScope = maker.scope.parent;
  }
  const bindings = classScope ? model.bindingsIn(classScope, method) : [];
  const definition = bindings[bindings.length - 1]?.definition;
  return definition?.type === 'function_definition' ? definition : undefined;
}

/** Whether `parameter` is the `cls` of a `@classmethod`: calling it makes an instance of the class around it. */
function isClassmethodReceiver(parameter: SyntaxNode, method: Scope): boolean {
  const definition = method.node;
  if (method.kind !== 'function' || method.parent?.kind !== 'class' || !isMethodDefinition(definition)) return false;
  const first = definition.childForFieldName('parameters')?.firstNamedChild;
  const decorated = definition.parent?.type === 'decorated_definition' ? definition.parent : undefined;
  return (
    first?.id === parameter.id &&
    decorated?.namedChildren.some((child) => child.type === 'decorator' && child.firstNamedChild?.text === 'classmethod') === true
  );
}

/** The last names of RUNNING_LOOP_HANDLES, for a cheap first look at a call. */
const RUNNING_LOOP_HANDLE_NAMES: ReadonlySet<string> = new Set(
  [...RUNNING_LOOP_HANDLES].map((name) => name.slice(name.lastIndexOf('.') + 1)),
);

/**
 * Where a call handing out the running loop stores it for others, as written: `self.loop` for `self.loop =
 * IOLoop.current()` (also `self.loop = loop = asyncio.get_running_loop()`), or a `global` name set so.
 */
function runningLoopStoredBy(call: SyntaxNode, scope: Scope, { model }: RuleContext): string | undefined {
  if (!RUNNING_LOOP_HANDLE_NAMES.has(model.calleeLastName(call))) return undefined;
  const name = model.calleeName(call, scope);
  if (name === undefined || !RUNNING_LOOP_HANDLES.has(name)) return undefined;
  return assignmentTargets(call).find(
    (target) => target.type === 'attribute' || (target.type === 'identifier' && scope.globals.has(target.text)),
  )?.text;
}

/** Statements whose body runs again and again. */
export const REPEATING_STATEMENTS: ReadonlySet<string> = new Set(['for_statement', 'while_statement']);

/**
 * The outermost `for` or `while` statement around a drive, in its own function, each pass of which drives the same loop
 * again: the loop is not made anew inside it (a name bound before it, the current loop `asyncio.get_event_loop()`; not
 * `asyncio.new_event_loop().run_until_complete(...)`, nor a name the statement binds, which stops the walk out).
 * `asyncio.run()` on each pass would make a new loop each time, where what the passes share (objects made before the
 * statement, whose `asyncio.Event` or connection is bound to the first loop that used it) belongs to one loop.
 */
export function repeatedOnOneLoop(drive: SyntaxNode, loop: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const { model } = context;
  const receiver = unparenthesize(loop);
  if (receiver.type === 'call' && isNewLoopCall(receiver, model, context.scope)) return undefined;
  const binding = receiver.type === 'identifier' ? model.resolve(receiver, context.scope) : undefined;
  const bindings = binding ? model.bindingsIn(binding.scope, receiver.text) : [];
  let repeated: SyntaxNode | undefined;
  for (let child = drive, parent = drive.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (!REPEATING_STATEMENTS.has(parent.type) || child.id !== parent.childForFieldName('body')?.id) continue;
    const statement = parent;
    if (bindings.some((other) => statement.startIndex <= other.node.startIndex && other.node.endIndex <= statement.endIndex)) break;
    repeated = statement;
  }
  return repeated;
}
