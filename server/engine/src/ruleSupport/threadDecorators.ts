// Decorators that run the function they decorate in a worker thread: mitmproxy's `@concurrent`, whose wrapper hands
// a nested `run()` calling `fn(*args)` (through a loop of its own for a coroutine) to `loop.run_in_executor`, or
// hatchet's `@sync_to_async`, handing it `partial(asyncio.run, wrapper())` of a nested coroutine function. The
// decorated function's body runs in that thread, not on the event loop of the code calling it, so what blocks there
// blocks no loop: the blocking rules (LOOP101–LOOP107) and LOOP108 leave such a body alone. A decorator is read in the
// file that defines it; other modules learn it from its module summary (`runsArgumentInThread`). Those of other
// packages, whose source is not linted, are known by name: aiomisc's `@threaded` family (from aiothreads) and asgiref's
// `@sync_to_async` (with Channels' `@database_sync_to_async`), also called with arguments (`@sync_to_async(...)`).
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';

/**
 * Decorators of other packages that run the function they decorate in a worker thread, by absolute name (aiomisc
 * re-exports aiothreads' from `aiomisc` and `aiomisc.thread_pool`).
 */
const KNOWN_THREAD_DECORATORS: ReadonlySet<string> = new Set(
  ['threaded', 'threaded_separate', 'threaded_iterable', 'threaded_iterable_separate']
    .flatMap((name) => [`aiothreads.${name}`, `aiomisc.${name}`, `aiomisc.thread_pool.${name}`])
    .concat(['asgiref.sync.sync_to_async', 'asgiref.sync.SyncToAsync', 'channels.db.database_sync_to_async']),
);

/** Calls that run a function they are given in another thread (its last name as written). */
const THREAD_STARTERS: ReadonlySet<string> = new Set(['run_in_executor', 'to_thread', 'submit', 'Thread', 'start_new_thread']);

/**
 * Whether the function of `scope` (a decorator, `def concurrent(fn)`) calls its first parameter only in nested
 * functions it hands to a worker thread (`run_in_executor(None, run)`, `threading.Thread(target=run)`), and at least once.
 */
export function runsArgumentInThread(scope: Scope, model: SemanticModel): boolean {
  // Asked of every plain function a module summary holds: what needs no syntax tree first (a nested function to hand on).
  if (scope.kind !== 'function' || !scope.children.some((child) => child.kind === 'function')) return false;
  const parameter = firstParameter(scope);
  if (parameter === undefined) return false;
  const callsOfParameter = (within: Scope): boolean =>
    within.calls.some((call) => {
      const callee = call.childForFieldName('function');
      return callee?.type === 'identifier' && callee.text === parameter && model.resolve(callee, within)?.scope === scope;
    });
  // Called where the decorator's wrapper runs: on the caller's thread.
  if (callsOfParameter(scope)) return false;
  const runners: string[] = [];
  const nested = [...scope.children];
  for (let next = nested.shift(); next; next = nested.shift()) {
    if (next.kind !== 'function') continue;
    if (callsOfParameter(next)) runners.push(next.name);
    nested.push(...next.children);
  }
  if (runners.length === 0) return false;
  const handed = new Set<string>();
  const scopes = [scope];
  for (let next = scopes.shift(); next; next = scopes.shift()) {
    for (const call of next.calls) {
      if (!THREAD_STARTERS.has(model.calleeLastName(call))) continue;
      const { positional, keywords } = callArguments(call);
      for (const argument of [...positional, ...keywords.values()]) {
        const value = unparenthesize(argument);
        if (value.type !== 'identifier') continue;
        handed.add(value.text);
        for (const name of runByPartial(value, next, model)) handed.add(name);
      }
    }
    scopes.push(...next.children);
  }
  // Each function calling the parameter is handed to a thread (`run`), or is the wrapper that does (`_concurrent`
  // holds `run`): the one calling it must be among those handed on.
  return runners.every((runner) => handed.has(runner));
}

/**
 * What a local bound to `functools.partial(...)` runs when called, where the thread calls it (for each such binding of
 * it in the function): the function it wraps (`partial(func, *args)`), and for `partial(asyncio.run, wrapper())` the
 * nested coroutine function whose coroutine `asyncio.run` runs there on a loop of its own (hatchet's `sync_to_async`).
 */
function runByPartial(name: SyntaxNode, scope: Scope, model: SemanticModel): string[] {
  return model.bindingsIn(scope, name.text).flatMap((binding) => {
    const call = binding.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    if (call?.type !== 'call' || model.calleeName(call, scope) !== 'functools.partial') return [];
    const [wrapped, first] = callArguments(call).positional.map(unparenthesize);
    if (wrapped?.type === 'identifier') return [wrapped.text];
    if (wrapped && model.qualifiedName(wrapped, scope) === 'asyncio.run' && first?.type === 'call') {
      const coroutine = first.childForFieldName('function');
      return coroutine?.type === 'identifier' ? [coroutine.text] : [];
    }
    return [];
  });
}

function firstParameter(scope: Scope): string | undefined {
  for (const [name, bindings] of scope.bindings) {
    if (bindings.some((binding) => binding.kind === 'parameter')) return name;
  }
  return undefined;
}

/** Per model: definition id → whether a decorator of it runs it in a worker thread. */
const decoratedByModel = new WeakMap<SemanticModel, Map<number, boolean>>();

/**
 * Whether a decorator of `definition` (a `def` of this file) runs it in a worker thread: a decorator of this file
 * that does (see runsArgumentInThread), or one of another module whose summary says so.
 */
export function runsInWorkerThread(definition: SyntaxNode, model: SemanticModel, project: ProjectView | undefined): boolean {
  let known = decoratedByModel.get(model);
  if (!known) decoratedByModel.set(model, (known = new Map()));
  let answer = known.get(definition.id);
  if (answer === undefined) {
    answer = decorators(definition).some((decorator) => decoratorRunsInThread(decorator, model, project));
    known.set(definition.id, answer);
  }
  return answer;
}

/** A decorator's name (`threaded`, `aiomisc.threaded`), and whether it is called (`@sync_to_async(...)`). */
interface Decorator {
  readonly name: SyntaxNode;
  readonly called: boolean;
}

function decorators(definition: SyntaxNode): Decorator[] {
  const holder = definition.parent;
  if (holder?.type !== 'decorated_definition') return [];
  return holder.namedChildren.flatMap((decorator) => {
    const expression = decorator.type === 'decorator' ? decorator.firstNamedChild : null;
    const called = expression?.type === 'call';
    const name = called ? expression!.childForFieldName('function') : expression;
    return name && (name.type === 'identifier' || name.type === 'attribute') ? [{ name, called }] : [];
  });
}

function decoratorRunsInThread({ name: decorator, called }: Decorator, model: SemanticModel, project: ProjectView | undefined): boolean {
  const scope = model.scopeOf(decorator);
  const name = model.qualifiedName(decorator, scope);
  if (name !== undefined && (KNOWN_THREAD_DECORATORS.has(name) || KNOWN_THREAD_DECORATORS.has(project?.absoluteName(name) ?? name)))
    return true;
  // What a decorator factory's call returns is not the function read here.
  if (called) return false;
  const local = model.definitionOf(decorator, scope);
  if (local) {
    const decoratorScope = local.type === 'function_definition' ? model.scopeOfDefinition(local) : undefined;
    return decoratorScope !== undefined && runsArgumentInThread(decoratorScope, model);
  }
  return name !== undefined && project?.findFunction(project.absoluteName(name))?.runsArgumentInThread === true;
}
