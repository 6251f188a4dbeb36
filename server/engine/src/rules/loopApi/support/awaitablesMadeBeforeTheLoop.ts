// What asyncio's waiting coroutines are handed (`asyncio.wait([...])`, `asyncio.wait_for(aw, timeout)`) is evaluated
// before any loop runs them: a Task or Future made then (`broadcast.postEvent(event)`, which makes one on the thread's
// current loop) belongs to that loop, not to the one `asyncio.run()` makes, and awaiting it there fails. LOOP203 then
// names no coroutine to hand to `asyncio.run()`: the work, awaitables and all, must move into one.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { argumentAt, unparenthesize } from '../../../analysis/pythonSyntax';
import type { RuleContext } from '../../../linter/rule';
import { atLeast } from '../../../linter/pythonVersion';
import { callsCoroutineFunction } from '../../../ruleSupport/coroutineCalls';

/** asyncio's coroutine functions awaiting what they are handed, with the argument holding it. */
const WAITING_COROUTINES: ReadonlyMap<string, { readonly position: number; readonly keyword: string }> = new Map([
  ['asyncio.wait', { position: 0, keyword: 'fs' }],
  ['asyncio.wait_for', { position: 0, keyword: 'fut' }],
]);

/** Literals and comprehensions listing awaitables: their items, or the comprehension's body. */
const COLLECTIONS: ReadonlySet<string> = new Set(['list', 'tuple', 'set']);
const COMPREHENSIONS: ReadonlySet<string> = new Set(['list_comprehension', 'set_comprehension', 'generator_expression']);

/**
 * Whether `coroutine` (a call, as a drive is given it) is one of asyncio's waiting coroutines (see WAITING_COROUTINES)
 * handed an awaitable not shown to be a fresh coroutine (the call of an `async def` of the file or the project, or of
 * asyncio's): a Task, a Future, or what an unknown call returns, made before the loop `asyncio.run()` would make. For
 * `asyncio.wait`, also any awaitable from 3.11 on, where it raises TypeError for a coroutine.
 */
export function waitsOnAwaitablesMadeBeforeTheLoop(coroutine: SyntaxNode, context: RuleContext): boolean {
  const { model, scope, project } = context;
  const call = unparenthesize(coroutine);
  if (call.type !== 'call') return false;
  const name = model.calleeName(call, scope);
  const waiting = name === undefined ? undefined : WAITING_COROUTINES.get(name);
  const handed = waiting && argumentAt(call, waiting.position, waiting.keyword);
  if (!handed) return false;
  if (name === 'asyncio.wait' && atLeast(context.settings.targetVersion, 3, 11)) return true;
  return awaitablesListed(unparenthesize(handed)).some(
    (awaitable) => awaitable.type !== 'call' || !callsCoroutineFunction(awaitable, model.scopeOf(awaitable), model, project),
  );
}

/** The awaitables an argument lists: the items of a literal, a comprehension's body, else the argument itself. */
function awaitablesListed(argument: SyntaxNode): SyntaxNode[] {
  if (COLLECTIONS.has(argument.type)) return argument.namedChildren.map((item) => unparenthesize(item));
  if (COMPREHENSIONS.has(argument.type)) {
    const body = argument.childForFieldName('body');
    return body ? [unparenthesize(body)] : [argument];
  }
  return [argument];
}
