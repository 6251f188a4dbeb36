// A loop driven by hand only as the fallback of `asyncio.run(...)` failing, in the handler of the `try` that called it:
//   try:
//       return asyncio.run(load())
//   except RuntimeError:
//       loop = asyncio.new_event_loop()
//       return loop.run_until_complete(load())
// Advising `asyncio.run(load())` there repeats the very call whose failure the handler handles (where a loop already
// runs in the thread, both raise), so LOOP203 reports neither the drive nor the loop it sets around it. The reverse
// order (the current loop, else `asyncio.run()` in `except RuntimeError:`) is judged in the rule itself.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { DEFINITION_KINDS, argumentAt, unparenthesize } from '../../../analysis/pythonSyntax';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { methodCall } from './asyncioValues';
import { ownCalls } from './currentLoopFallback';
import { catchesBroadly } from './probeMakingLoop';

/**
 * Whether every drive of a loop (`run_until_complete(...)`, `run_forever()`) is a `run_until_complete` of work that
 * the `try` around it already runs with `asyncio.run(...)` (or an `asyncio.Runner`'s `run`), from a handler of that
 * `try` catching RuntimeError or something broader (see fallbackWorks). A `run_forever()` runs no work of its own to
 * compare: it is no such fallback.
 */
export function drivesOnlyAsAsyncioRunFallback(drives: readonly SyntaxNode[], model: SemanticModel): boolean {
  return drives.length > 0 && drives.every((drive) => isFallbackDrive(drive, model));
}

/**
 * Whether `asyncio.set_event_loop(...)` is in a handler of that kind whose drives (one at least) are all such
 * fallbacks: the loop it sets is the fallback's, made only because `asyncio.run(...)` failed.
 */
export function setsLoopOfAsyncioRunFallback(setCall: SyntaxNode, model: SemanticModel): boolean {
  for (const { clause } of fallbackHandlers(setCall, model)) {
    const drives = ownCalls(clause).filter((call) => methodCall(call)?.method === 'run_until_complete');
    if (drivesOnlyAsAsyncioRunFallback(drives, model)) return true;
  }
  return false;
}

/** A `loop.run_until_complete(work)` in a handler whose `try` runs the same work with `asyncio.run(...)`. */
function isFallbackDrive(drive: SyntaxNode, model: SemanticModel): boolean {
  if (methodCall(drive)?.method !== 'run_until_complete') return false;
  const work = argumentAt(drive, 0, 'future');
  return work !== undefined && fallbackHandlers(drive, model).some(({ works }) => works.some((run) => sameWork(run, work)));
}

/**
 * The `except` clauses around `node` in its own function (it is in their handler code) that catch RuntimeError or
 * something broader (`Exception`, `BaseException`, a bare `except:`: each catches the RuntimeError `asyncio.run()`
 * raises), of a `try` whose body (its own code) runs work with `asyncio.run(...)` or `runner.run(...)`; with that work.
 */
function fallbackHandlers(node: SyntaxNode, model: SemanticModel): { clause: SyntaxNode; works: SyntaxNode[] }[] {
  const handlers: { clause: SyntaxNode; works: SyntaxNode[] }[] = [];
  for (let child = node, parent = node.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'except_clause' || child.type !== 'block' || !catchesBroadly(parent, model)) continue;
    const body = parent.parent?.type === 'try_statement' ? parent.parent.childForFieldName('body') : null;
    const works = body ? ownCalls(body).flatMap((call) => workRunWithAsyncio(call, model) ?? []) : [];
    if (works.length > 0) handlers.push({ clause: parent, works });
  }
  return handlers;
}

/** The work of `asyncio.run(main)`, or of `runner.run(coro)` of an `asyncio.Runner`: both run it on a loop they close. */
function workRunWithAsyncio(call: SyntaxNode, model: SemanticModel): SyntaxNode | undefined {
  const name = model.calleeName(call, model.scopeOf(call));
  if (name === 'asyncio.run') return argumentAt(call, 0, 'main');
  return name === 'asyncio.Runner.run' ? argumentAt(call, 0, 'coro') : undefined;
}

/**
 * Whether two arguments name the same work: the same text (`_load()`, `coro`), or calls of the same function with other
 * arguments written (`fetch(url)`, `fetch(url=url)`).
 */
function sameWork(one: SyntaxNode, other: SyntaxNode): boolean {
  const first = unparenthesize(one);
  const second = unparenthesize(other);
  if (first.text === second.text) return true;
  const callee = (node: SyntaxNode): string | undefined => (node.type === 'call' ? node.childForFieldName('function')?.text : undefined);
  return callee(first) !== undefined && callee(first) === callee(second);
}
