// A block whose only checkpoints are awaits of coroutines that never suspend (see ruleSupport/coroutineSuspension.ts):
// the task never gives the loop a turn there, so no cancellation can be delivered inside it (asyncio throws
// `CancelledError` into a task only where it resumes it), and an `except` around it catches none.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import type { ProjectView } from '../../../linter/projectView';
import { neverSuspends } from '../../../ruleSupport/coroutineSuspension';
import { awaitedCall, hasCheckpoint } from './syntaxShapes';

/**
 * Whether `block` (of `scope`'s code) awaits something and every checkpoint in it is an `await` of a call of a
 * coroutine that never suspends: no `async with` or `async for`, no awaiting comprehension.
 */
export function awaitsOnlyWhatNeverSuspends(
  block: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  project: ProjectView | undefined,
): boolean {
  const start = block.startIndex;
  const end = block.endIndex;
  const within = (node: SyntaxNode): boolean => node.startIndex >= start && node.startIndex < end;
  if (scope.asyncStatements.some(within)) return false;
  if (scope.children.some((child) => child.kind === 'comprehension' && hasCheckpoint(child, start, end))) return false;
  const awaits = scope.awaits.filter(within);
  return (
    awaits.length > 0 &&
    awaits.every((node) => {
      const call = awaitedCall(node);
      return call !== undefined && neverSuspends(call, scope, model, project);
    })
  );
}
