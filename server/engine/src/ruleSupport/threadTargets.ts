// Functions a file hands to `threading.Thread(target=...)`: their body runs in a thread of its own, where no event
// loop runs unless the function starts one (LOOP202: `asyncio.create_task()` fails there).
import { argumentAt } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/**
 * Whether the `def` of `scope` (a function of the module or one nested in a function; not a method) is passed as the
 * target of a `threading.Thread` in this file: `threading.Thread(target=worker)`, `Thread(None, worker)`.
 */
export function isThreadTarget(scope: Scope, model: SemanticModel): boolean {
  const owner = scope.parent;
  if (scope.kind !== 'function' || !owner || owner.kind === 'class') return false;
  const binding = model.bindingsIn(owner, scope.name).find((candidate) => candidate.definition?.id === scope.node.id);
  if (!binding) return false;
  return model.references(binding).some((reference) => {
    const list = reference.parent?.type === 'keyword_argument' ? reference.parent.parent : reference.parent;
    const call = list?.type === 'argument_list' ? list.parent : null;
    if (call?.type !== 'call' || argumentAt(call, 1, 'target')?.id !== reference.id) return false;
    return model.calleeName(call, model.scopeOf(call)) === 'threading.Thread';
  });
}
