// A task started for an event loop that runs in another thread: a plain `def` that starts or joins a
// `threading.Thread` whose target runs a loop (`web.run_app(self.app)`, `asyncio.run(...)`) calls
// `asyncio.ensure_future(self.app.shutdown())`. It does not run in that thread (a thread neither starts nor joins
// itself), so the task goes to its own thread's loop, if it has one, never to the loop `self.app` runs on: LOOP301
// says so rather than that the task may be collected.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { argumentAt, assignedAttribute, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { isSelfAttributeOfType } from '../../../ruleSupport/threadStarts';

const THREAD = 'threading.Thread';

/** Calls that run an event loop until it is done, by qualified name; and loops' methods doing so, by name. */
const LOOP_RUNNERS: ReadonlySet<string> = new Set(['asyncio.run', 'aiohttp.web.run_app']);
const LOOP_DRIVES: ReadonlySet<string> = new Set(['run_forever', 'run_until_complete']);

/** The thread whose loop the coroutine is meant for, as written (`self.thread`), and what runs that loop there. */
export interface LoopThread {
  readonly thread: string;
  /** The callee running the loop (`web.run_app`). */
  readonly runner: string;
  /** The object the coroutine is a method of (`self.app`), which the thread's target mentions. */
  readonly owner: string;
  /** What the spawning function does with the thread, which shows it runs outside it. */
  readonly relation: 'starts' | 'joins';
}

/**
 * For `asyncio.ensure_future(obj.method())` (or `create_task`) in a plain `def` that starts or joins a thread (a
 * `threading.Thread`, named or an attribute of `self`) whose target, a lambda or a function of this file, runs an event
 * loop and mentions `obj` (`target=lambda: web.run_app(self.app)`): that thread. The coroutine belongs to the object the
 * other thread's loop serves, and the function cannot be running in that thread.
 */
export function loopInAnotherThread(spawn: SyntaxNode, model: SemanticModel, scope: Scope): LoopThread | undefined {
  const function_ = scope.functionScope;
  if (function_?.kind !== 'function' || function_.isAsyncFunction) return undefined;
  // A loop's own `create_task` goes to that loop, whichever thread calls it.
  if (!model.calleeName(spawn, scope)?.startsWith('asyncio.')) return undefined;
  const coroutine = argumentAt(spawn, 0, 'coro');
  const callee = coroutine && unparenthesize(coroutine).type === 'call' ? unparenthesize(coroutine).childForFieldName('function') : null;
  const owner = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  // `self.shutdown()` says nothing of which loop `self` belongs to: every method of the class mentions `self`.
  if (!owner || (owner.type !== 'attribute' && owner.type !== 'identifier') || owner.text === 'self' || owner.text === 'cls')
    return undefined;
  for (const call of function_.calls) {
    const method = model.calleeLastName(call);
    if (method !== 'start' && method !== 'join') continue;
    const handle = call.childForFieldName('function')?.childForFieldName('object');
    if (!handle || !isThread(handle, function_, model)) continue;
    for (const target of threadTargets(handle, function_, model)) {
      const runner = loopRunnerIn(target, model);
      if (runner && mentions(target, owner.text))
        return { thread: handle.text, runner: runner.text, owner: owner.text, relation: method === 'start' ? 'starts' : 'joins' };
    }
  }
  return undefined;
}

function isThread(handle: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const node = unparenthesize(handle);
  if (node.type === 'call') return model.calleeName(node, scope) === THREAD;
  return model.typeOf(node, scope) === THREAD || isSelfAttributeOfType(node, scope, THREAD, model);
}

/**
 * The code the `threading.Thread(...)` calls making `handle` (the call itself, a local, or an attribute of `self` a
 * method of the class sets) run: a lambda's body, or a function's of this file.
 */
function threadTargets(handle: SyntaxNode, scope: Scope, model: SemanticModel): SyntaxNode[] {
  const node = unparenthesize(handle);
  const makers: SyntaxNode[] = [];
  if (node.type === 'call') makers.push(node);
  else if (node.type === 'identifier') {
    const binding = model.resolve(node, scope);
    if (binding?.kind === 'assignment' && binding.value) makers.push(unparenthesize(binding.value));
  } else {
    const attribute = assignedAttribute(node, 'self');
    const method = scope.parent?.kind === 'class' ? scope.parent.node : undefined;
    for (const assignment of method?.descendantsOfType('assignment') ?? []) {
      const value = assignment.childForFieldName('right');
      if (attribute !== undefined && value && assignedAttribute(assignment.childForFieldName('left'), 'self') === attribute)
        makers.push(unparenthesize(value));
    }
  }
  const targets: SyntaxNode[] = [];
  for (const maker of makers) {
    if (maker.type !== 'call' || model.calleeName(maker, model.scopeOf(maker)) !== THREAD) continue;
    const target = argumentAt(maker, 1, 'target');
    const written = target && unparenthesize(target);
    const definition = written && written.type !== 'lambda' ? model.definitionOf(written, model.scopeOf(maker)) : undefined;
    const body =
      written?.type === 'lambda'
        ? written.childForFieldName('body')
        : definition?.type === 'function_definition'
          ? definition.childForFieldName('body')
          : null;
    if (body) targets.push(body);
  }
  return targets;
}

/** The callee of the call in `target` that runs an event loop: `asyncio.run`, `web.run_app`, `loop.run_forever`. */
function loopRunnerIn(target: SyntaxNode, model: SemanticModel): SyntaxNode | undefined {
  const calls = target.type === 'call' ? [target] : [];
  calls.push(...target.descendantsOfType('call'));
  return (
    calls
      .find((call) => LOOP_RUNNERS.has(model.calleeName(call, model.scopeOf(call)) ?? '') || LOOP_DRIVES.has(model.calleeLastName(call)))
      ?.childForFieldName('function') ?? undefined
  );
}

/** Whether `code` reads the name or attribute spelled `text` (`self.app`). */
function mentions(code: SyntaxNode, text: string): boolean {
  const kind = text.includes('.') ? 'attribute' : 'identifier';
  return (code.type === kind && code.text === text) || code.descendantsOfType(kind).some((node) => node.text === text);
}
