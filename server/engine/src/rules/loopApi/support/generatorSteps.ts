// A loop a plain generator function drives on several of its steps (python-sc2's facade over an async generator, `while
// True: reply = yield loop.run_until_complete(game.asend(reply))`): between two drives the generator hands a value to
// its synchronous caller, so the work cannot move into one coroutine, and `asyncio.run()` per step would give each step
// a new loop, where what the steps share (the async generator, its connection) lives on the first.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import type { RuleContext } from '../../../linter/rule';
import { REPEATING_STATEMENTS } from './sharedLoops';

/**
 * Whether the plain generator function (a `def` that yields) the drives are in drives its loop on several of its steps:
 * a drive in the body of a `for` or `while` that also yields (each pass resumes after the caller's `next()` or
 * `send()`), or a drive followed by a yield and then another drive (a `@contextmanager`'s set-up and tear-down). A
 * generator driving its loop once, before or after all its yields, is not one.
 */
export function drivesGeneratorSteps(drives: readonly SyntaxNode[], context: RuleContext): boolean {
  const generator = context.scope.functionScope;
  if (generator?.kind !== 'function' || generator.isAsyncFunction) return false;
  const yields = generator.yields;
  if (yields.length === 0) return false;
  const yieldWithin = (start: number, end: number): boolean => yields.some((node) => start <= node.startIndex && node.endIndex <= end);
  return drives.some((drive) => {
    for (let child = drive, parent = drive.parent; parent && parent.id !== generator.node.id; child = parent, parent = parent.parent) {
      const body = REPEATING_STATEMENTS.has(parent.type) ? parent.childForFieldName('body') : null;
      if (body?.id === child.id && yieldWithin(body.startIndex, body.endIndex)) return true;
    }
    // A yield ending after this drive (`yield loop.run_until_complete(...)` included) and before a later drive.
    return drives.some(
      (later) =>
        later.startIndex > drive.endIndex && yields.some((node) => node.endIndex >= drive.endIndex && node.endIndex <= later.startIndex),
    );
  });
}
