// Loops LOOP203 finds driven by hand because something `asyncio.run()` would not keep shares them: an
// `asyncio.Runner`'s loop, a loop published on an object or kept for a module-level client, the thread's current loop
// an object's coroutines run on call after call, and a loop the caller's factory makes (`asyncio.run` takes a factory
// only from 3.12 on).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments, DEFINITION_KINDS, isMethodDefinition, isStaticMethod, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { RuleContext } from '../../../linter/rule';
import { callsCoroutineFunction } from '../../../ruleSupport/coroutineCalls';

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
 * `test.loop = loop`): others reach it there, to stop it from another thread (`call_soon_threadsafe(loop.stop)`) or to
 * schedule on it, which a loop made inside `asyncio.run()` would not allow. As an object's loop, `self.loop`, is its own.
 */
export function isPublishedOnAnObject(name: SyntaxNode, context: RuleContext): boolean {
  const definition = context.scope.functionScope?.node;
  const body = definition?.childForFieldName('body');
  if (!definition || !body || unparenthesize(name).type !== 'identifier') return false;
  return body.descendantsOfType('assignment').some((assignment) => {
    const target = assignment.childForFieldName('left');
    let value = assignment.childForFieldName('right');
    // `self.loop = loop = asyncio.new_event_loop()`: the chain's next target is the value stored.
    if (value?.type === 'assignment') value = value.childForFieldName('left');
    return target?.type === 'attribute' && value?.type === 'identifier' && value.text === name.text && ownStatement(assignment, definition);
  });
}

/** Whether `node` runs with the function `definition` itself, not in a function or class defined inside it. */
function ownStatement(node: SyntaxNode, definition: SyntaxNode): boolean {
  for (let current = node.parent; current && current.id !== definition.id; current = current.parent) {
    if (DEFINITION_KINDS.has(current.type)) return false;
  }
  return true;
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

/**
 * A method running its object's coroutine (`self._client._request(...)`) on the thread's current loop
 * (`asyncio.get_event_loop()`, which it does not make): a sync facade over an async client, whose session and
 * connections live on that loop from one call to the next. `asyncio.run()` would make and close a new loop every call,
 * and the object's loop-bound state would break.
 */
export function runsObjectsCoroutineOnCurrentLoop(loop: SyntaxNode, coroutine: SyntaxNode | undefined, context: RuleContext): boolean {
  const method = context.scope.functionScope;
  if (!method || !coroutine || !isMethodDefinition(method.node) || isStaticMethod(method.node)) return false;
  const receiver = method.node.childForFieldName('parameters')?.namedChildren[0];
  if (receiver?.type !== 'identifier') return false;
  const value = assignedValue(loop, context);
  if (value?.node.type !== 'call' || context.model.calleeName(value.node, value.scope) !== 'asyncio.get_event_loop') return false;
  const work = assignedValue(coroutine, context)?.node;
  let callee = work?.type === 'call' ? work.childForFieldName('function') : null;
  while (callee?.type === 'attribute') callee = callee.childForFieldName('object');
  return callee?.type === 'identifier' && callee.text === receiver.text;
}

/**
 * The factory the caller supplies that the function makes its loop with (`loop = unit.loop_initializer()`, `loop =
 * loop_factory()`, `self._loop_factory()`), as written: a loop of the caller's choosing (uvloop's), which `asyncio.run`
 * can make only from 3.12 on (`loop_factory=`; `asyncio.Runner(loop_factory=...)` from 3.11).
 */
export function callersLoopFactory(loop: SyntaxNode, context: RuleContext): string | undefined {
  const { model } = context;
  const node = unparenthesize(loop);
  if (node.type !== 'identifier') return undefined;
  for (const binding of model.bindingsIn(context.scope, node.text)) {
    const value = binding.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    const callee = value?.type === 'call' ? value.childForFieldName('function') : null;
    let root = callee;
    while (root?.type === 'attribute') root = root.childForFieldName('object');
    if (callee && root?.type === 'identifier' && model.resolve(root, binding.scope)?.kind === 'parameter') return callee.text;
  }
  return undefined;
}
