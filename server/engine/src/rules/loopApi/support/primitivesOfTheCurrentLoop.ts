// asyncio's synchronisation primitives and queues made outside a coroutine, which Pythons before 3.10 bind to the
// thread's current loop as they are made: a coroutine handed one, or reading one the module made, must run on that
// loop, not on one `asyncio.run()` makes.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { RuleContext } from '../../../linter/rule';
import { atLeast } from '../../../linter/pythonVersion';
import { plainFunctionCalled, returnedValues } from '../../../ruleSupport/fileLocalFunctions';
import { moduleNamesRead, workDefinitions } from './workOfADrive';

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
 * primitives made there (`waiter = asyncio.Event()`, made before any loop runs), or the work it runs (the `def`s of
 * this file it calls: see workDefinitions) reads one the module made before the drive (`queue = asyncio.Queue()` at
 * import, or `queue = create_queue()`, a helper of the file returning one, read by `await queue.join()`). Before 3.10
 * the primitive took the thread's current loop when it was made: `asyncio.run(receive_log(waiter))` would run the
 * coroutine on a new loop, and `await waiter.wait()` raise "got Future attached to a different loop" (aioamqp's
 * examples, for Python 3.7 on). From 3.10 a primitive takes the loop that first uses it.
 */
export function runsWithPrimitiveOfTheCurrentLoop(runs: readonly SyntaxNode[], context: RuleContext): boolean {
  if (atLeast(context.settings.targetVersion, 3, 10)) return false;
  return isGivenPrimitive(runs, context) || readsModulesPrimitive(runs, context);
}

/** Whether a call a drive runs is given a name bound, in the module or the driving function, to a primitive. */
function isGivenPrimitive(runs: readonly SyntaxNode[], context: RuleContext): boolean {
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
      return makesPrimitive(unparenthesize(binding.value), binding.scope, context);
    });
  });
}

/**
 * Whether the work a drive runs reads a module-level name the module last bound, before the drive, to a primitive (at
 * import, for a drive in a function).
 */
function readsModulesPrimitive(runs: readonly SyntaxNode[], context: RuleContext): boolean {
  const { model } = context;
  const atModuleLevel = context.scope.functionScope === undefined;
  const drive = Math.min(...runs.map((run) => run.startIndex));
  const asked = new Set<string>();
  return moduleNamesRead(workDefinitions(runs, context), context).some((identifier) => {
    if (asked.has(identifier.text)) return false;
    asked.add(identifier.text);
    const before = model.bindingsIn(model.module, identifier.text).filter((binding) => !atModuleLevel || binding.position < drive);
    const last = before.at(-1);
    return last?.kind === 'assignment' && last.value !== undefined && makesPrimitive(unparenthesize(last.value), model.module, context);
  });
}

/**
 * Whether a value is a primitive made there (`asyncio.Queue()`), or made by a plain function of this file that returns
 * one (`create_queue()`, whose every `return` gives a name it bound to `asyncio.Queue()`, or the call itself).
 */
function makesPrimitive(value: SyntaxNode, scope: Scope, context: RuleContext, depth = 0): boolean {
  const { model } = context;
  if (value.type !== 'call') return false;
  if (LOOP_BOUND_PRIMITIVES.has(model.calleeName(value, scope) ?? '')) return true;
  const helper = depth < 2 ? plainFunctionCalled(value, scope, model) : undefined;
  const helperScope = helper && model.scopeOfDefinition(helper);
  const returned = helper && returnedValues(helper, model);
  if (!helperScope || !returned) return false;
  return returned.every((node) => {
    if (node.type !== 'identifier') return makesPrimitive(node, helperScope, context, depth + 1);
    const bindings = model.bindingsIn(helperScope, node.text);
    return (
      bindings.length > 0 &&
      bindings.every(
        (binding) =>
          binding.kind === 'assignment' &&
          binding.value !== undefined &&
          makesPrimitive(unparenthesize(binding.value), helperScope, context, depth + 1),
      )
    );
  });
}
