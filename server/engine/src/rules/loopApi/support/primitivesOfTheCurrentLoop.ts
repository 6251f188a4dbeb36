// asyncio's synchronisation primitives and queues made outside a coroutine, which Pythons before 3.10 bind to the
// thread's current loop as they are made: a coroutine handed one must run on that loop, not on one `asyncio.run()` makes.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments, unparenthesize } from '../../../analysis/pythonSyntax';
import type { RuleContext } from '../../../linter/rule';
import { atLeast } from '../../../linter/pythonVersion';

/** The classes whose instances, before 3.10, take `get_event_loop()`'s loop when made (`loop=None`). */
const LOOP_BOUND_PRIMITIVES: ReadonlySet<string> = new Set([
  'asyncio.Event',
  'asyncio.Lock',
  'asyncio.Condition',
  'asyncio.Semaphore',
  'asyncio.BoundedSemaphore',
  'asyncio.Queue',
  'asyncio.PriorityQueue',
  'asyncio.LifoQueue',
]);

/**
 * Whether, where the target version is before 3.10, a coroutine a drive runs (`runs`: `receive_log(waiter)`, or a
 * name assigned that call) is given a name bound at module level, or in the driving function, to one of asyncio's
 * primitives made there (`waiter = asyncio.Event()`, made before any loop runs). Before 3.10 the primitive took the
 * thread's current loop when it was made: `asyncio.run(receive_log(waiter))` would run the coroutine on a new loop,
 * and `await waiter.wait()` raise "got Future attached to a different loop" (aioamqp's examples, for Python 3.7 on).
 * From 3.10 a primitive takes the loop that first uses it.
 */
export function runsWithPrimitiveOfTheCurrentLoop(runs: readonly SyntaxNode[], context: RuleContext): boolean {
  if (atLeast(context.settings.targetVersion, 3, 10)) return false;
  const { model } = context;
  const driving = context.scope.functionScope ?? model.module;
  return runs.some((run) => {
    let work = unparenthesize(run);
    let scope = context.scope;
    if (work.type === 'identifier') {
      const binding = model.resolve(work, scope);
      if (binding?.kind !== 'assignment' || !binding.value) return false;
      work = unparenthesize(binding.value);
      scope = binding.scope;
    }
    if (work.type !== 'call') return false;
    const { positional, keywords } = callArguments(work);
    return [...positional, ...keywords.values()].some((argument) => {
      const name = unparenthesize(argument);
      const binding = name.type === 'identifier' ? model.resolve(name, scope) : undefined;
      if (binding?.kind !== 'assignment' || !binding.value || (binding.scope !== model.module && binding.scope !== driving)) return false;
      const value = unparenthesize(binding.value);
      return value.type === 'call' && LOOP_BOUND_PRIMITIVES.has(model.calleeName(value, binding.scope) ?? '');
    });
  });
}
