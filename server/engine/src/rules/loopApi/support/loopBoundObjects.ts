// Objects bound to the thread's current loop that outlive a drive of it (LOOP203): made before the drive by a class
// keeping that loop and used by the work the drive runs (an object whose `__init__` keeps `asyncio.get_event_loop()`),
// or made by the drive for its caller (a server a set-up helper starts and leaves serving on the loop its caller
// runs). `asyncio.run()` would leave them on a loop nobody runs.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Binding, Scope } from '../../../analysis/scope';
import type { RuleContext } from '../../../linter/rule';
import { methodCall } from './asyncioValues';
import { findsCurrentLoop } from './sharedLoops';
import { moduleNamesRead, workCall, workDefinitions } from './workOfADrive';

/**
 * Whether the work of a drive of the thread's current loop (`loop = asyncio.get_event_loop()`) uses an object made
 * before the drive that keeps that loop: made by a class whose `__init__` finds the current loop (`self.loop =
 * asyncio.get_event_loop()`), or a function whose body does; of this file or, with the project indexed, of another
 * module. Used: the object whose coroutine is run (`crawler.crawl()`), one handed to it, or a module-level name the
 * work reads (see moduleNamesRead: `await b.burn(partial)` with `b = Burner()` at import). `asyncio.run()` would run
 * the work on a new loop while the object schedules on the one it kept, which nobody runs then (its executor futures
 * never resolve, its session's timeouts fail).
 */
export function usesObjectKeepingTheCurrentLoop(loop: SyntaxNode, runs: readonly SyntaxNode[], context: RuleContext): boolean {
  if (runs.length === 0 || !isThreadsCurrentLoop(loop, context)) return false;
  const drive = Math.min(...runs.map((run) => run.startIndex));
  const used = [
    ...runs.flatMap((run) => objectsHandedToTheWork(run, context)),
    ...moduleNamesRead(workDefinitions(runs, context), context).flatMap((name) => lastModuleBinding(name.text, drive, context) ?? []),
  ];
  // The loop itself is no object keeping it (`loop = _get_or_new_eventloop()`, then `loop.create_server(...)` run).
  const itself = unparenthesize(loop);
  const loopScope = itself.type === 'identifier' ? context.model.resolve(itself, context.scope)?.scope : undefined;
  const asked = new Set<Binding>();
  return used.some((binding) => {
    if (asked.has(binding) || (binding.name === itself.text && binding.scope === loopScope)) return false;
    asked.add(binding);
    const value = binding.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    return value?.type === 'call' && keepsCurrentLoop(value, binding.scope, context);
  });
}

/**
 * Whether the loop is the thread's current loop: `asyncio.get_event_loop()` (or a helper of the file finding it: see
 * findsCurrentLoop), directly or through a name every binding of which finds it.
 */
function isThreadsCurrentLoop(loop: SyntaxNode, context: RuleContext): boolean {
  const { model } = context;
  const node = unparenthesize(loop);
  if (node.type === 'call') return findsCurrentLoop(node, context.scope, context);
  const binding = node.type === 'identifier' ? model.resolve(node, context.scope) : undefined;
  if (!binding) return false;
  return model.bindingsIn(binding.scope, node.text).every((other) => {
    const value = other.kind === 'assignment' && other.value ? unparenthesize(other.value) : undefined;
    return value?.type === 'call' && findsCurrentLoop(value, other.scope, context);
  });
}

/**
 * The bindings, made before the drive, of the objects a drive's work is given: the object whose coroutine is called
 * (`crawler` of `crawler.crawl()`) and the names handed to it (`consume(client)`), bound in the driving scope or the
 * module.
 */
function objectsHandedToTheWork(run: SyntaxNode, context: RuleContext): Binding[] {
  const { model } = context;
  const work = workCall(run, context);
  if (!work) return [];
  // The callee's root: the object of a method (`crawler`), or the coroutine function itself, which is no object made.
  let receiver = work.call.childForFieldName('function');
  while (receiver?.type === 'attribute') receiver = receiver.childForFieldName('object');
  const { positional, keywords } = callArguments(work.call);
  const driving = context.scope.functionScope ?? model.module;
  return [...(receiver ? [receiver] : []), ...positional, ...keywords.values()]
    .map((node) => unparenthesize(node))
    .flatMap((node) => {
      const binding = node.type === 'identifier' ? model.resolve(node, work.scope) : undefined;
      return binding && (binding.scope === driving || binding.scope === model.module) && binding.position < run.startIndex ? [binding] : [];
    });
}

/** The last module-level binding of `name` the work finds: before the drive, for a drive at module level. */
function lastModuleBinding(name: string, drive: number, context: RuleContext): Binding | undefined {
  const atModuleLevel = context.scope.functionScope === undefined;
  return context.model.bindingsIn(context.model.module, name).findLast((binding) => !atModuleLevel || binding.position < drive);
}

/**
 * Whether calling what `call` calls makes something keeping the thread's current loop: a class whose `__init__` (or a
 * function whose body) finds it (see findsCurrentLoop). A class or function of this file is read; one of another
 * module is asked of the project (ProjectFunction.findsCurrentLoop).
 */
function keepsCurrentLoop(call: SyntaxNode, scope: Scope, context: RuleContext): boolean {
  const { model, project } = context;
  const definition = model.calleeDefinition(call, scope);
  if (definition) {
    let body = model.scopeOfDefinition(definition);
    if (definition.type === 'class_definition') {
      const init = body && model.bindingsIn(body, '__init__').at(-1)?.definition;
      body = init && model.scopeOfDefinition(init);
    }
    return body?.kind === 'function' && body.calls.some((inner) => findsCurrentLoop(inner, body, context));
  }
  const name = model.calleeName(call, scope);
  if (!project || name === undefined || name.startsWith('builtins.')) return false;
  return project.findFunction(project.absoluteName(name))?.findsCurrentLoop === true;
}

/** The loop's methods whose coroutine starts a server, a connection or a subprocess on that loop. */
const LOOP_STARTERS: ReadonlySet<string> = new Set([
  'create_server',
  'create_unix_server',
  'create_connection',
  'create_unix_connection',
  'create_datagram_endpoint',
  'connect_read_pipe',
  'connect_write_pipe',
  'subprocess_exec',
  'subprocess_shell',
]);

/** asyncio's functions whose coroutine starts a server, a connection or a subprocess on the running loop. */
const ASYNCIO_STARTERS: ReadonlySet<string> = new Set([
  'asyncio.start_server',
  'asyncio.start_unix_server',
  'asyncio.open_connection',
  'asyncio.open_unix_connection',
  'asyncio.create_subprocess_exec',
  'asyncio.create_subprocess_shell',
]);

/**
 * Whether a drive (`loop.run_until_complete(f)`, in a function) runs only the start of a server, a connection or a
 * subprocess on the loop it drives (`f = loop.create_server(handler, host, port)`, `asyncio.start_server(...)`),
 * whose result the function does not close: a set-up helper leaving the server to the caller, which serves it by
 * running that same loop afterwards (cocrawler's `make_app()` on `asyncio.get_event_loop()`). `asyncio.run(f)` would
 * close the server with its loop as the helper returns. (Whether the function itself closes the loop, or serves it
 * with `run_forever()`, the caller of this asks.)
 */
export function startsServerForTheCaller(drive: SyntaxNode, loop: SyntaxNode, run: SyntaxNode | undefined, context: RuleContext): boolean {
  const { model } = context;
  if (!run || context.scope.functionScope === undefined) return false;
  const work = workCall(run, context);
  if (!work) return false;
  const method = methodCall(work.call);
  const starts =
    method !== undefined && LOOP_STARTERS.has(method.method)
      ? unparenthesize(method.receiver).text === unparenthesize(loop).text
      : ASYNCIO_STARTERS.has(model.calleeName(work.call, work.scope) ?? '');
  if (!starts) return false;
  // The server the drive hands back, closed in the function (`server = loop.run_until_complete(...)`, then
  // `server.close()`), was the function's own.
  const parent = drive.parent;
  const kept =
    parent?.type === 'assignment' && parent.childForFieldName('right')?.id === drive.id ? parent.childForFieldName('left') : null;
  if (kept?.type !== 'identifier') return true;
  return !context.scope.calls.some((call) => {
    const closing = methodCall(call);
    return closing?.method === 'close' && unparenthesize(closing.receiver).text === kept.text && call.startIndex > drive.endIndex;
  });
}
