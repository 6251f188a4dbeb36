// What the event-loop API rules ask about asyncio values: is this receiver an event loop, does this
// expression make a coroutine (rather than a Task or Future), is this call awaited where it stands.
import { EVENT_LOOP } from '../../../analysis/knownTypes';
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { BUILTIN_NAMES } from '../../../analysis/pythonBuiltins';
import { hasAsyncKeyword, lastDottedName, parentOutsideParentheses, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import type { RuleContext } from '../../../linter/rule';
import { callsCoroutineFunction } from '../../../ruleSupport/coroutineCalls';
import { bindingsReaching } from '../../../ruleSupport/reachingBindings';

/**
 * `loop`, `self.loop`, `self._loop`, `event_loop`, `new_loop`: event loops in code the model cannot
 * type (test fixtures, instance attributes). Methods such as `run_until_complete` exist only on
 * event loops, so a loop-named receiver of one is an event loop in practice.
 */
const LOOP_NAME = /^_*(?:[a-z0-9]+_)*loop$/i;

/**
 * Loop classes and factories of other libraries (uvloop's, and winloop's, its Windows port), by the library's own
 * runner: `uvloop.run(main())` does what `asyncio.run()` does, on a loop of that library, on every Python version;
 * `asyncio.run()` makes one only given `loop_factory=` (3.12+), `asyncio.Runner` from 3.11.
 */
export const OTHER_LIBRARIES_LOOP_FACTORIES: ReadonlyMap<string, string> = new Map([
  ['uvloop.new_event_loop', 'uvloop.run'],
  ['uvloop.Loop', 'uvloop.run'],
  ['winloop.new_event_loop', 'winloop.run'],
  ['winloop.Loop', 'winloop.run'],
]);

/** Calls that create a fresh event loop. */
const NEW_LOOP_FACTORIES: ReadonlySet<string> = new Set([
  'asyncio.new_event_loop',
  'asyncio.AbstractEventLoopPolicy.new_event_loop',
  ...OTHER_LIBRARIES_LOOP_FACTORIES.keys(),
  // `asyncio.SelectorEventLoop()` and friends canonicalise to the loop class itself.
  'asyncio.AbstractEventLoop',
]);

/** Functions and methods that return a Future or Task, never a bare coroutine. */
const FUTURE_FACTORIES: ReadonlySet<string> = new Set([
  'create_task',
  'ensure_future',
  'create_future',
  'run_in_executor',
  'gather',
  'shield',
  'wrap_future',
  'run_coroutine_threadsafe',
  'Future',
  'Task',
]);

interface WrittenCallee {
  /** The last dotted component as written: `run_until_complete` for `self.loop.run_until_complete(...)`. */
  readonly lastName: string;
  /** `f(...)` rather than `obj.f(...)`: a bare name may be an alias of anything. */
  readonly isBareName: boolean;
}

/** How a call's callee is spelled (the model reads it once per call for every rule). */
export function writtenCallee(call: SyntaxNode, context: RuleContext): WrittenCallee {
  return { lastName: context.model.calleeLastName(call), isBareName: isBareName(context.model.calleeText(call)) };
}

/** Whether a callee written so is a bare name (see WrittenCallee.isBareName). */
function isBareName(callee: string): boolean {
  return !callee.includes('.') && !callee.includes('(') && !callee.includes('[');
}

/**
 * Matches calls of a few qualified names (`asyncio.get_event_loop`) without resolving every call:
 * only bare names (possible aliases) and callees spelled with a matching last component are resolved.
 */
export function calleeMatcher(qualifiedNames: readonly string[]): (call: SyntaxNode, context: RuleContext) => string | undefined {
  const names = new Set(qualifiedNames);
  const lastNames = new Set(qualifiedNames.map((name) => name.slice(name.lastIndexOf('.') + 1)));
  // Asked of every call by the rules made with it: what writtenCallee says is read without making an object of it.
  return (call, context) => {
    if (!lastNames.has(context.model.calleeLastName(call)) && !isBareName(context.model.calleeText(call))) return undefined;
    const name = context.model.calleeName(call, context.scope);
    return name !== undefined && names.has(name) ? name : undefined;
  };
}

export interface MethodCall {
  readonly receiver: SyntaxNode;
  readonly method: string;
}

/** `receiver.method(...)`: the receiver and the method name, read without resolving anything. */
export function methodCall(call: SyntaxNode): MethodCall | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute') return undefined;
  const receiver = callee.childForFieldName('object');
  const attribute = callee.childForFieldName('attribute');
  return receiver && attribute ? { receiver, method: attribute.text } : undefined;
}

/** Whether `expression` is an event loop: typed as one by the model, or an untyped loop-named value. */
export function isEventLoop(expression: SyntaxNode, context: RuleContext): boolean {
  const type = context.model.typeOf(expression, context.scope);
  if (type !== undefined) return type === EVENT_LOOP;
  const name = lastDottedName(expression);
  return name !== undefined && LOOP_NAME.test(name);
}

/**
 * `asyncio.get_running_loop()`, directly or through a name every binding of which in this scope assigns it: the loop
 * running this thread (where none runs, the call raises RuntimeError).
 */
export function isTheRunningLoop(expression: SyntaxNode, { model, scope }: RuleContext): boolean {
  const getsRunning = (value: SyntaxNode | undefined, where: Scope): boolean =>
    value?.type === 'call' && model.calleeName(value, where) === 'asyncio.get_running_loop';
  const node = unparenthesize(expression);
  if (node.type !== 'identifier') return getsRunning(node, scope);
  const bindings = model.bindingsIn(scope, node.text);
  return (
    bindings.length > 0 &&
    bindings.every((binding) => binding.kind === 'assignment' && getsRunning(binding.value && unparenthesize(binding.value), scope))
  );
}

/** A call making a fresh event loop: `asyncio.new_event_loop()`, `policy.new_event_loop()`, `asyncio.SelectorEventLoop()`. */
export function isNewLoopCall(call: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const name = model.calleeName(call, scope);
  return (name !== undefined && NEW_LOOP_FACTORIES.has(name)) || methodCall(call)?.method === 'new_event_loop';
}

/**
 * Whether a call most likely returns a coroutine object: a call of a local `async def`, or of a
 * function the model cannot see (`client.fetch()`, an imported or undefined name), but not one known
 * to return a Task, a Future or an instance of a known class, a local plain function (it may return
 * anything), a class, or a builtin.
 */
export function isCoroutineCall(call: SyntaxNode, context: RuleContext): boolean {
  if (call.type !== 'call') return false;
  const callee = call.childForFieldName('function');
  if (!callee) return false;
  const { model, scope } = context;
  if (model.typeOf(call, scope) !== undefined) return false;
  const definition = model.definitionOf(callee, scope);
  if (definition) return definition.type === 'function_definition' && hasAsyncKeyword(definition);
  const name = model.calleeName(call, scope);
  if (name?.startsWith('builtins.') && isBuiltinOrClass(name.slice('builtins.'.length))) return false;
  const last = name?.slice(name.lastIndexOf('.') + 1) ?? lastDottedName(callee);
  return last === undefined || !FUTURE_FACTORIES.has(last);
}

/**
 * A builtin (none returns a coroutine: `anext()` returns a plain awaitable), or a capitalised name bound nowhere in the
 * file (a class, by convention: `Ticket()`).
 */
function isBuiltinOrClass(name: string): boolean {
  return BUILTIN_NAMES.has(name) || /^[A-Z]/.test(name);
}

/** Methods of a Future (and Task) that a coroutine object does not have. */
const FUTURE_ONLY_METHODS: ReadonlySet<string> = new Set([
  'add_done_callback',
  'remove_done_callback',
  'result',
  'exception',
  'done',
  'cancelled',
  'cancel',
  'set_result',
  'set_exception',
]);

/**
 * A Task or Future, which `TaskGroup.create_task()` cannot take: typed so by the model (`asyncio.gather(...)`, a name
 * assigned `asyncio.create_task(...)`), a call of a method making one on a receiver of unknown type
 * (`self._loop.run_in_executor(...)`), or a name the function uses as one (`d1 = self.call(...)` and
 * `d1.add_done_callback(...)`: autobahn's RPC calls return Futures).
 */
export function isFutureOrTask(expression: SyntaxNode, context: RuleContext): boolean {
  const { model, scope } = context;
  const node = unparenthesize(expression);
  const type = model.typeOf(node, scope);
  if (type === 'asyncio.Future' || type === 'asyncio.Task') return true;
  if (node.type === 'call') return FUTURE_FACTORIES.has(model.calleeLastName(node));
  const binding = node.type === 'identifier' ? model.resolve(node, scope) : undefined;
  return (
    binding !== undefined &&
    model.references(binding).some((use) => {
      const method = use.parent;
      return (
        method?.type === 'attribute' &&
        method.childForFieldName('object')?.id === use.id &&
        method.parent?.type === 'call' &&
        FUTURE_ONLY_METHODS.has(method.childForFieldName('attribute')?.text ?? '')
      );
    })
  );
}

/**
 * The call that made the coroutine `expression` holds: the expression itself when it is such a
 * call, or for a name, the call its binding assigned (`coro = fetch()`); parameters and other
 * names of unknown origin give undefined.
 */
export function coroutineSource(expression: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const node = unparenthesize(expression);
  if (node.type === 'call') return isCoroutineCall(node, context) ? node : undefined;
  if (node.type !== 'identifier') return undefined;
  const binding = context.model.resolve(node, context.scope);
  if (!binding?.value || (binding.kind !== 'assignment' && binding.kind !== 'namedExpression')) return undefined;
  const value = unparenthesize(binding.value);
  return value.type === 'call' && isCoroutineCall(value, { ...context, scope: binding.scope }) ? value : undefined;
}

/**
 * Like `coroutineSource`, but only with evidence: the call of an `async def` found in this file or
 * the project, or of a known asyncio coroutine function. A call of something unseen may return a
 * Future or another awaitable, so it is not claimed to be a coroutine. A name must have been assigned
 * such a call by every binding that may reach the read (see bindingsReaching): dask's `sync()` sets
 * `awaitable = func(...)`, a Task for some callers, and only under an `if` `awaitable = wait_for(awaitable, t)`.
 */
export function knownCoroutineSource(expression: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const { model, project } = context;
  const node = unparenthesize(expression);
  if (node.type === 'call') return callsCoroutineFunction(node, context.scope, model, project) ? node : undefined;
  if (node.type !== 'identifier') return undefined;
  const bindings = bindingsReaching(node, model, context.scope) ?? [];
  let source: SyntaxNode | undefined;
  for (const binding of bindings) {
    if (!binding.value || (binding.kind !== 'assignment' && binding.kind !== 'namedExpression')) return undefined;
    const value = unparenthesize(binding.value);
    // A walrus in a comprehension binds in the function around it, but its value reads the comprehension's names.
    const valueScope = binding.kind === 'namedExpression' ? model.scopeOf(value) : binding.scope;
    if (value.type !== 'call' || !callsCoroutineFunction(value, valueScope, model, project)) return undefined;
    source ??= value;
  }
  return source;
}

/** The `await` directly around `node` (through parentheses), if any. */
export function enclosingAwait(node: SyntaxNode): SyntaxNode | undefined {
  const parent = parentOutsideParentheses(node);
  return parent?.type === 'await' ? parent : undefined;
}

/**
 * Whether an `await` is a whole statement's work: `await x`, `y = await x`, `y: T = await x`,
 * `return await x` (not part of a larger expression or an argument of another call).
 */
export function isStatementAwait(awaitNode: SyntaxNode): boolean {
  let node = awaitNode;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') {
    node = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (parent.type === 'expression_statement' || parent.type === 'return_statement') return true;
  if (parent.type === 'assignment') {
    return parent.childForFieldName('right')?.id === node.id && parent.parent?.type === 'expression_statement';
  }
  return false;
}

/** "coroutine `fetch`" or "this coroutine" for messages. */
export function describeCoroutine(context: RuleContext): string {
  const coroutine = context.scope.functionScope;
  return coroutine ? `coroutine \`${coroutine.name}\`` : 'this coroutine';
}
