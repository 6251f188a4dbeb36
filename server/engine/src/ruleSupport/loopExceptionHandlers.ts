// Exception handlers a function sets on the loop its tasks run on: asyncio hands a dropped task's unretrieved exception
// to the loop's handler when the task is freed, so code that sets its own handler reports such failures by design.
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt, callArguments, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/** What the running loop is called from a coroutine: `asyncio.create_task(...)` starts its task there. */
const RUNNING_LOOP_GETTERS: ReadonlySet<string> = new Set(['asyncio.get_running_loop', 'asyncio.get_event_loop']);

/** Module-level spawners that start the task on the running loop unless given `loop=`. */
const RUNNING_LOOP_SPAWNERS: ReadonlySet<string> = new Set(['asyncio.create_task', 'asyncio.ensure_future']);

/**
 * Whether the function (or module code) that starts a task with `spawn` also sets an exception handler of its own on the
 * loop the task runs on, by a `set_exception_handler(handler)` call in its own body, under a condition or not
 * (aiorun's `run()` sets one with `stop_on_unhandled_errors` and re-raises what it receives): `loop.create_task(...)`
 * with `loop.set_exception_handler(...)`, the receivers written alike, or, in a coroutine, `asyncio.create_task(...)`
 * with the handler set on `asyncio.get_running_loop()` (or a local bound to it). When the task is freed with an
 * exception nobody retrieved, asyncio calls that handler with it: the failure is seen. A call resetting the handler
 * (`set_exception_handler(None)`) in the same body makes that uncertain, and nothing counts.
 */
export function setsExceptionHandlerOnTaskLoop(spawn: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const body = scope.functionScope ?? (scope.kind === 'module' ? scope : undefined);
  const isTaskLoop = body && taskLoopMatcher(spawn, model, scope, body);
  if (!body || !isTaskLoop) return false;
  let sets = false;
  for (const call of body.calls) {
    const receiver = handlerReceiver(call);
    if (!receiver || !isTaskLoop(receiver)) continue;
    const handler = argumentAt(call, 0, 'handler');
    if (!handler || unparenthesize(handler).type === 'none') return false;
    sets = true;
  }
  return sets;
}

/** The object of `<object>.set_exception_handler(...)`. */
function handlerReceiver(call: SyntaxNode): SyntaxNode | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'set_exception_handler') return undefined;
  return callee.childForFieldName('object') ?? undefined;
}

/**
 * How to recognise, in `body`, the loop `spawn` starts its task on: the receiver of `loop.create_task(...)` or the
 * `loop=` of `asyncio.ensure_future(coro, loop=loop)`, written alike (a name or attribute chain); in a coroutine, the
 * running loop, for `asyncio.create_task(...)` or a receiver that is the running loop. Undefined where the loop is not
 * known so.
 */
function taskLoopMatcher(
  spawn: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
  body: Scope,
): ((receiver: SyntaxNode) => boolean) | undefined {
  const spawner = model.calleeName(spawn, scope);
  const onRunningLoopByDefault = spawner !== undefined && RUNNING_LOOP_SPAWNERS.has(spawner);
  const named = onRunningLoopByDefault ? callArguments(spawn).keywords.get('loop') : loopReceiver(spawn);
  const text = named && writtenLoop(named);
  const running = scope.isAsyncContext && (named ? isRunningLoop(named, model, body) : onRunningLoopByDefault);
  if (text === undefined && !running) return undefined;
  return (receiver) => (text !== undefined && writtenLoop(receiver) === text) || (running && isRunningLoop(receiver, model, body));
}

/** The object of `<object>.create_task(...)`, unless that is the asyncio module itself. */
function loopReceiver(spawn: SyntaxNode): SyntaxNode | undefined {
  const callee = spawn.childForFieldName('function');
  return callee?.type === 'attribute' ? (callee.childForFieldName('object') ?? undefined) : undefined;
}

/** `loop`, `self._loop`: a name or attribute chain, as written; undefined for anything else (a call may differ each time). */
function writtenLoop(expression: SyntaxNode): string | undefined {
  const node = unparenthesize(expression);
  if (node.type === 'identifier') return node.text;
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  return object && writtenLoop(object) !== undefined ? node.text : undefined;
}

/** `asyncio.get_running_loop()`, or a name the function binds to it and nothing else. */
function isRunningLoop(receiver: SyntaxNode, model: SemanticModel, body: Scope): boolean {
  const node = unparenthesize(receiver);
  if (node.type === 'call') return isRunningLoopCall(node, model, body);
  if (node.type !== 'identifier') return false;
  const bindings = model.bindingsIn(body, node.text);
  return (
    bindings.length > 0 &&
    bindings.every(
      (binding) =>
        binding.kind === 'assignment' && binding.value !== undefined && isRunningLoopCall(unparenthesize(binding.value), model, body),
    )
  );
}

function isRunningLoopCall(node: SyntaxNode, model: SemanticModel, body: Scope): boolean {
  if (node.type !== 'call') return false;
  const name = model.calleeName(node, body);
  return name !== undefined && RUNNING_LOOP_GETTERS.has(name);
}
