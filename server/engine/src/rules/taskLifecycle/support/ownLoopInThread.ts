// A coroutine that runs on an event loop of its own in a worker thread: its function hands it, with a runner of a new
// loop, to code that calls the runner in another thread (`executor.submit(asyncio.run, serve(...))`). The state it
// polls is set from other threads and loops, whose asyncio Events it cannot wait on (LOOP306).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import type { RuleContext } from '../../../linter/rule';

/** What runs a coroutine on a new event loop until it is done: handed over uncalled, it runs in another thread. */
const LOOP_RUNNERS: ReadonlySet<string> = new Set(['asyncio.run', 'anyio.run', 'trio.run']);

/**
 * Whether the coroutine is handed, with a runner of a new event loop, to another caller everywhere the file names it:
 * uncalled (`tg.start_soon(anyio.to_thread.run_sync, anyio.run, one)`) or as the coroutine object the runner is to run
 * (`executor.submit(asyncio.run, serve(sock))`, `loop.run_in_executor(None, asyncio.run, serve())`,
 * `threading.Thread(target=asyncio.run, args=(serve(),))`). It runs on a loop of its own in a worker thread, and the
 * state it polls is set from others (a cross-loop test's `nonlocal`, an Event the main thread's loop sets). Every use
 * must be such a hand-off: one awaiting it, or starting it as a task, runs it on the caller's own loop.
 */
export function runsOnLoopOfItsOwn({ model, scope }: RuleContext): boolean {
  const coroutine = scope.functionScope;
  const definer = coroutine?.parent;
  if (!coroutine || !definer || (definer.kind !== 'function' && definer.kind !== 'module')) return false;
  const binding = model.bindingsIn(definer, coroutine.name).find((candidate) => candidate.definition?.id === coroutine.node.id);
  if (!binding) return false;
  const isRunner = (argument: SyntaxNode): boolean => {
    const value = argument.type === 'keyword_argument' ? argument.childForFieldName('value') : argument;
    return (
      (value?.type === 'attribute' || value?.type === 'identifier') &&
      LOOP_RUNNERS.has(model.qualifiedName(value, model.scopeOf(value)) ?? '')
    );
  };
  const references = model.references(binding);
  return (
    references.length > 0 &&
    references.every((reference) => {
      const list = handingOffList(reference);
      return list !== undefined && list.namedChildren.some(isRunner);
    })
  );
}

/**
 * The argument list that hands on the coroutine `reference` names: as an argument itself (`start_soon(run_sync,
 * anyio.run, one)`), or called, as an argument (`submit(asyncio.run, serve(sock))`) or inside the `args=` tuple of a
 * thread (`Thread(target=asyncio.run, args=(serve(),))`).
 */
function handingOffList(reference: SyntaxNode): SyntaxNode | undefined {
  const parent = reference.parent;
  if (parent?.type === 'argument_list') return parent;
  if (parent?.type !== 'call' || parent.childForFieldName('function')?.id !== reference.id) return undefined;
  const holder = parent.parent;
  if (holder?.type === 'argument_list') return holder;
  const keyword = holder?.type === 'tuple' ? holder.parent : undefined;
  const isArgs = keyword?.type === 'keyword_argument' && keyword.childForFieldName('name')?.text === 'args';
  return isArgs && keyword.parent?.type === 'argument_list' ? keyword.parent : undefined;
}
