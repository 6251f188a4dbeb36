// Whether a call `obj.method(...)` runs code of the project: `obj` is an instance of a class of the project (as
// instanceClasses reads it: an annotation, the class called, the fixture pytest hands a test) that provides the method,
// defined by itself or by a base class of the project, or made by its `__getattr__` (a test client's `post` handed out
// as a partial of its `request` coroutine). A method the class only inherits from a library's class is the library's.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { RuleContext } from '../linter/rule';
import { ancestorNames, withProjectBases } from './classBases';
import { classMembers, hasMember } from './classMembers';
import { expressionClass, type ClassReference } from './instanceClasses';

/** The hook Python calls for an attribute the class does not define: whatever it hands out is the class's own. */
const FALLBACK_LOOKUP = '__getattr__';

/** Whether `call` calls a method a class of the project provides, on an instance of that class (see the file's comment). */
export function callsProjectMethod(call: SyntaxNode, context: Pick<RuleContext, 'model' | 'project'>): boolean {
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  const method = callee?.childForFieldName('attribute')?.text;
  if (!receiver || method === undefined) return false;
  const owner = expressionClass(receiver, context.model.scopeOf(call), context);
  return owner !== undefined && providesMethod(owner, method, context);
}

/** Whether the class, or a base class of the project, defines `method` or a `__getattr__`. */
function providesMethod(owner: ClassReference, method: string, { model, project }: Pick<RuleContext, 'model' | 'project'>): boolean {
  let others: Iterable<string>;
  if ('local' in owner) {
    const members = classMembers(owner.local, model);
    if (hasMember(members, method) || hasMember(members, FALLBACK_LOOKUP)) return true;
    others = ancestorNames(owner.local, { model, project });
  } else {
    others = withProjectBases([owner.name], (name) => project?.classBases(name));
  }
  if (!project) return false;
  for (const name of others)
    if (project.findFunction(`${name}.${method}`) || project.findFunction(`${name}.${FALLBACK_LOOKUP}`)) return true;
  return false;
}
