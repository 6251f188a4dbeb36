// Temporal's workflow code: the methods of a class decorated `@workflow.defn` (temporalio's `workflow` module), and the
// functions nested in them, run on the workflow instance's own event loop (temporalio's `_WorkflowInstanceImpl`), not
// on asyncio's. Its `create_task` (which `asyncio.create_task` and `ensure_future` reach through the running loop) keeps
// every task in a strong set of the instance ("our own non-weak set instead of relying on Python's weak set"), and
// evicting the workflow cancels what is left: a task whose reference is dropped there cannot be garbage-collected
// mid-run, so LOOP301 leaves such code alone.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';

/** The decorator making a class a workflow definition, bare or called (`@workflow.defn(name="kitchen_sink")`). */
const WORKFLOW_DEFINITION = 'temporalio.workflow.defn';

/** Whether `node` is code of a Temporal workflow: inside a class decorated `@workflow.defn`, at any depth. */
export function runsOnTemporalWorkflowLoop(node: SyntaxNode, model: SemanticModel, project: ProjectView | undefined): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'class_definition' && isWorkflowDefinition(current, model, project)) return true;
  }
  return false;
}

function isWorkflowDefinition(classNode: SyntaxNode, model: SemanticModel, project: ProjectView | undefined): boolean {
  const holder = classNode.parent;
  if (holder?.type !== 'decorated_definition') return false;
  return holder.namedChildren.some((decorator) => {
    const expression = decorator.type === 'decorator' ? decorator.firstNamedChild : null;
    const name = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
    if (name?.type !== 'identifier' && name?.type !== 'attribute') return false;
    const qualified = model.qualifiedName(name, model.scopeOf(name));
    // Relative as imported inside temporalio itself (`from . import workflow`): the project view makes it absolute.
    return qualified !== undefined && (qualified === WORKFLOW_DEFINITION || project?.absoluteName(qualified) === WORKFLOW_DEFINITION);
  });
}
