// How code starts a coroutine as the root of a task of its own (LOOP305): `create_task(routine())`, a loop callback
// doing so, `asyncio.shield(routine())`. A cancellation such a root swallows ends the task, with no caller carrying on.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments, lastDottedName } from '../../../analysis/pythonSyntax';
import { TASK_CREATING_METHODS } from './syntaxShapes';

/** Calls that start a coroutine as the root of its own task (or of the program). */
const TASK_STARTERS: ReadonlySet<string> = new Set([
  'create_task',
  'ensure_future',
  'run',
  'run_until_complete',
  'start_soon',
  'run_coroutine_threadsafe',
]);

/** Loop methods that call a callback later with the arguments after it, and where the callback is among their arguments. */
const CALLBACK_SCHEDULERS: ReadonlyMap<string, number> = new Map([
  ['call_soon', 0],
  ['call_soon_threadsafe', 0],
  ['call_later', 1],
  ['call_at', 1],
]);

/** `create_task(routine())`, or a loop callback doing it (see isScheduledStart): the coroutine object goes to a task starter. */
export function isStarted(expression: SyntaxNode): boolean {
  return isStartedDirectly(expression) || isScheduledStart(expression);
}

/** `create_task(routine())`: the coroutine object goes straight to a task starter, which returns the task. */
export function isStartedDirectly(expression: SyntaxNode): boolean {
  const starter = callGiven(expression);
  return starter !== undefined && TASK_STARTERS.has(lastDottedName(starter.childForFieldName('function')) ?? '');
}

/**
 * `loop.call_soon_threadsafe(asyncio.create_task, routine())` (or `call_soon`, `call_later`, `call_at`): the loop calls
 * the task starter with the coroutine object, from another thread or later. The task is made there and held by nobody
 * (the call returns the callback's handle, not the task).
 */
function isScheduledStart(expression: SyntaxNode): boolean {
  const scheduler = callGiven(expression);
  const index = scheduler && CALLBACK_SCHEDULERS.get(lastDottedName(scheduler.childForFieldName('function')) ?? '');
  if (index === undefined) return false;
  const { positional } = callArguments(scheduler!);
  const callback = positional[index];
  const isStarter =
    (callback?.type === 'identifier' || callback?.type === 'attribute') && TASK_CREATING_METHODS.has(lastDottedName(callback) ?? '');
  return isStarter && positional[index + 1]?.id === expression.id;
}

/**
 * `asyncio.shield(routine())`: shield runs the coroutine in a task of its own that only it holds, so nothing can cancel
 * that task (cancelling the caller cancels the shield's outer future, not it).
 */
export function isShielded(expression: SyntaxNode): boolean {
  return lastDottedName(callGiven(expression)?.childForFieldName('function')) === 'shield';
}

/** `wrapped = routine(...)` and then `create_task(wrapped)` in the same function: the only use of the name. */
export function startedLater(assignment: SyntaxNode): boolean {
  const target = assignment.childForFieldName('left');
  if (target?.type !== 'identifier') return false;
  let body: SyntaxNode | null = assignment;
  while (body && body.type !== 'function_definition') body = body.parent;
  const uses = (body ?? assignment).descendantsOfType('identifier').filter((node) => node.text === target.text && node.id !== target.id);
  return uses.length > 0 && uses.every(isStarted);
}

/** The call `expression` is an argument of. */
function callGiven(expression: SyntaxNode): SyntaxNode | undefined {
  const argumentList = expression.parent;
  const call = argumentList?.type === 'argument_list' ? argumentList.parent : undefined;
  return call?.type === 'call' ? call : undefined;
}
