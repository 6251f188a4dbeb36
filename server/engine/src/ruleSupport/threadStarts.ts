// What hands work to other threads: a `threading.Thread` (made, or a thread object's `start()`), a thread pool and its
// `submit`, `loop.run_in_executor`, `asyncio.to_thread`. Module summaries keep whether a function's body does
// (a project class whose `__init__` or `start()` runs one), and LOOP306 asks whether code run before a polling loop
// did, through the functions of this file it calls and the classes of the project it uses.
import { assignedAttribute, parentOutsideParentheses } from '../analysis/pythonSyntax';
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { RuleContext } from '../linter/rule';
import { classDerivesFrom, instanceClass, type ClassReference } from './instanceClasses';

const THREAD = 'threading.Thread';
/** `threading.Thread`, as a base a thread class derives from. */
export const THREAD_CLASSES: ReadonlySet<string> = new Set([THREAD]);

/** Calls that make a thread or a pool of them. */
const THREAD_STARTERS: ReadonlySet<string> = new Set([THREAD, '_thread.start_new_thread', 'concurrent.futures.ThreadPoolExecutor']);
/** Functions running a function in a worker thread, returning an awaitable of its result. */
const THREAD_RUNNERS: ReadonlySet<string> = new Set(['asyncio.to_thread', 'anyio.to_thread.run_sync', 'trio.to_thread.run_sync']);
/**
 * Thread pools, whose `submit` hands a function to their threads (the name alone says nothing: a dask `Client.submit`
 * runs the task on its cluster, which a test awaits on its own loop).
 */
const THREAD_POOLS: ReadonlySet<string> = new Set(['concurrent.futures.ThreadPoolExecutor', 'concurrent.futures.Executor']);

/** Calls of this file's functions followed down from a coroutine's own (its helper's helper). */
const FOLLOWED_CALLS = 2;

/**
 * Whether `call` hands work to another thread that may still run once it returns: it makes a thread or a thread pool,
 * starts a thread object (`self._thread.start()`, an instance of a `threading.Thread` subclass), or submits work to a
 * thread pool or the loop's executor. An awaited `to_thread(...)` or `run_in_executor(...)` has finished that work when the await returns.
 */
function startsThread(call: SyntaxNode, scope: Scope, context: Pick<RuleContext, 'model' | 'project'>): boolean {
  const { model } = context;
  const last = model.calleeLastName(call);
  const awaited = () => parentOutsideParentheses(call)?.type === 'await';
  if (last === 'run_in_executor') return !awaited();
  if (last === 'submit') return submitsToThreadPool(call, scope, model);
  if (last === 'start' && startsThreadObject(call, scope, context)) return true;
  const name = model.calleeName(call, scope);
  if (name === undefined) return false;
  return THREAD_STARTERS.has(name) || (THREAD_RUNNERS.has(name) && !awaited());
}

/** Whether `call` is `submit(...)` of a thread pool: a value of that type (`pool = ThreadPoolExecutor(4)`). */
function submitsToThreadPool(call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const callee = call.childForFieldName('function');
  const pool = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  return !!pool && THREAD_POOLS.has(model.typeOf(pool, scope) ?? '');
}

/** Whether the code of `scope` (not of functions nested in it) hands work to other threads (see startsThread). */
export function bodyStartsThread(scope: Scope, model: SemanticModel): boolean {
  return scope.calls.some((call) => startsThread(call, scope, { model, project: undefined }));
}

/**
 * Whether `calls` (of `scope`) hand work to other threads: one does itself (startsThread), or what it calls does: a
 * function or class of this file (followed `depth` calls down: `await init_admin(config)` making and starting the
 * object), a function or class of the project whose summary says its body does (`MasterCoordinator(config)`), a method
 * of an instance of such a class (`mc.start()`). Another module's function is not followed further than its own body.
 */
export function callsStartThreads(
  calls: readonly SyntaxNode[],
  scope: Scope,
  context: Pick<RuleContext, 'model' | 'project'>,
  depth = FOLLOWED_CALLS,
): boolean {
  const { model, project } = context;
  return calls.some((call) => {
    if (startsThread(call, scope, context)) return true;
    const local = model.calleeDefinition(call, scope) ?? receiverMethod(call, scope, context);
    if (local) {
      const code = local.type === 'class_definition' ? methodNamed({ local }, '__init__', context) : local;
      const codeScope = code && model.scopeOfDefinition(code);
      return depth > 0 && codeScope !== undefined && callsStartThreads(codeScope.calls, codeScope, context, depth - 1);
    }
    if (!project) return false;
    const receiver = receiverClass(call, scope, context);
    const name =
      receiver && 'name' in receiver
        ? `${receiver.name}.${model.calleeLastName(call)}`
        : project.absoluteName(model.calleeName(call, scope) ?? '');
    return name !== '' && project.findFunction(name)?.startsThread === true;
  });
}

/** Whether `call` is `start()` of a thread: a name or attribute of that type, or an instance of a subclass. */
function startsThreadObject(call: SyntaxNode, scope: Scope, context: Pick<RuleContext, 'model' | 'project'>): boolean {
  const { model } = context;
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (!receiver) return false;
  if (model.typeOf(receiver, scope) === THREAD) return true;
  if (isSelfAttributeOfType(receiver, scope, THREAD, model)) return true;
  const instance = receiverClass(call, scope, context);
  return instance !== undefined && classDerivesFrom(instance, THREAD_CLASSES, context);
}

/**
 * Whether `expression` is an attribute of `self` (`self._thread`) that a method of `self`'s class sets to a value of
 * type `type` (`self._thread = Thread(...)`; `self.done: threading.Event = threading.Event()`). `self` is the first
 * parameter of the method, or of the method around the function using it (a closure such as a thread's coroutine).
 */
export function isSelfAttributeOfType(expression: SyntaxNode, scope: Scope, type: string, model: SemanticModel): boolean {
  const attribute = assignedAttribute(expression, 'self');
  const receiver = expression.childForFieldName('object');
  const method = attribute !== undefined && receiver ? model.resolve(receiver, scope) : undefined;
  const owner = method?.kind === 'parameter' ? method.scope.parent : undefined;
  if (owner?.kind !== 'class') return false;
  return owner.node.descendantsOfType('assignment').some((assignment) => {
    const value = assignment.childForFieldName('right');
    return (
      assignedAttribute(assignment.childForFieldName('left'), 'self') === attribute &&
      !!value &&
      model.typeOf(value, model.scopeOf(value)) === type
    );
  });
}

/** For `obj.method(...)`: the class `obj` is an instance of, where its binding says (see instanceClass). */
function receiverClass(call: SyntaxNode, scope: Scope, context: Pick<RuleContext, 'model' | 'project'>): ClassReference | undefined {
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  return receiver ? instanceClass(receiver, scope, context) : undefined;
}

/** For `obj.method(...)` where `obj` is an instance of a class of this file: that method's `def`. */
function receiverMethod(call: SyntaxNode, scope: Scope, context: Pick<RuleContext, 'model' | 'project'>): SyntaxNode | undefined {
  const instance = receiverClass(call, scope, context);
  return instance && 'local' in instance ? methodNamed(instance, context.model.calleeLastName(call), context) : undefined;
}

/** The `def` of the class of this file named `name`, if the class body has one. */
function methodNamed(
  { local }: { readonly local: SyntaxNode },
  name: string,
  { model }: Pick<RuleContext, 'model'>,
): SyntaxNode | undefined {
  const classScope = model.scopeOfDefinition(local);
  const binding = classScope && model.bindingsIn(classScope, name).find((candidate) => candidate.kind === 'function');
  return binding?.definition;
}
