// A block whose only checkpoints are awaits of coroutines that never suspend (see ruleSupport/coroutineSuspension.ts):
// the task never gives the loop a turn there, so no cancellation can be delivered inside it (asyncio throws
// `CancelledError` into a task only where it resumes it), and an `except` around it catches none.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import type { ProjectView } from '../../../linter/projectView';
import { neverSuspends } from '../../../ruleSupport/coroutineSuspension';
import { everyCheckpointAwaits } from './syntaxShapes';

/** Whether `block` (of `scope`'s code) awaits something and every checkpoint in it is an `await` of a call of a coroutine that never suspends. */
export function awaitsOnlyWhatNeverSuspends(
  block: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  project: ProjectView | undefined,
): boolean {
  return everyCheckpointAwaits(block, scope, (call) => neverSuspends(call, scope, model, project));
}
