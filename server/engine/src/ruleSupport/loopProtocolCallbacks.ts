// The methods of an asyncio protocol the event loop calls itself (`connection_made`, `data_received`...): they run in
// the loop's thread while it runs, as a callback handed to `loop.call_soon()` does, so a loop is running there.
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';
import { ASYNCIO_PROTOCOL_CLASSES, LOOP_PROTOCOL_CALLBACKS } from '../knowledge/asyncioLoopApi';
import { derivesFrom } from './classBases';

/**
 * Whether `scope` is the body of a protocol callback: a plain, undecorated method named as one (`data_received`) of a
 * class deriving from asyncio's protocol classes, directly or through the project's own bases (with `project`, those of
 * other modules too). The loop calls it for the transport it serves; a test may call it too, but from code that drives
 * the protocol as the loop would.
 */
export function isLoopProtocolCallback(scope: Scope, model: SemanticModel, project: ProjectView | undefined): boolean {
  const owner = scope.parent;
  if (scope.kind !== 'function' || scope.isAsyncContext || owner?.kind !== 'class' || !LOOP_PROTOCOL_CALLBACKS.has(scope.name))
    return false;
  if (scope.node.parent?.type === 'decorated_definition') return false;
  return derivesFrom(owner.node, ASYNCIO_PROTOCOL_CLASSES, { model, project });
}
