// Whether only coroutines of the project run a public function or build a public class: every use of it in the whole
// project (this file, and the other modules' summaries) is a call in the body of an `async def`, a callback handed
// to the event loop, or a protocol factory the loop calls (annotations do not count). Unlike a private helper's (fileLocalFunctions.ts), code outside the project may still call it from
// plain code: a rule may read it as running in a coroutine, but should not rewrite it as if nothing else could call it.
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';
import { callOf, classBuiltOnlyByCoroutines, inAnnotation, scheduledOnLoop } from './fileLocalFunctions';
import { classConstructedBy } from './constructionHooks';

/**
 * Why the module-level function (or the `__init__` of the module-level class, or the hook an attrs or dataclass
 * `__init__` calls: see classConstructedBy) `scope` is the body of runs only in
 * coroutines of the project: coroutines call it (`'called'`), also handing it to the loop as a callback
 * (`'scheduled'`), or build its class (`'constructed'`), they or the loop, from a protocol factory it was handed
 * (`'factory'`: `loop.create_datagram_endpoint(lambda: Proto(handler), ...)`), in this file and in every other module of the indexed
 * `project` that uses it, at least one of them somewhere. Undecorated and no generator (a decorator or an iteration may
 * run its body elsewhere), its name bound once. Undefined without a project, or where any use is anything else: a call
 * from plain code or from a function or lambda nested in a coroutine, a callback handed to a thread, a base class.
 */
export function projectCoroutineOnlyReason(
  scope: Scope,
  model: SemanticModel,
  project: ProjectView | undefined,
): 'called' | 'scheduled' | 'constructed' | 'factory' | undefined {
  if (!project || scope.kind !== 'function' || scope.isAsyncContext || scope.yields.length > 0) return undefined;
  if (scope.node.parent?.type === 'decorated_definition') return undefined;
  const owner = scope.parent;
  if (owner?.kind === 'module') {
    const bindings = model.bindingsIn(owner, scope.name);
    if (bindings.length !== 1 || bindings[0]!.definition?.id !== scope.node.id) return undefined;
    let calls = 0;
    let scheduled = false;
    for (const use of model.references(bindings[0]!)) {
      if (callOf(use) !== undefined && model.scopeOf(use).isAsyncContext) calls++;
      else if (scheduledOnLoop(use, model)) scheduled = true;
      else return undefined;
    }
    if (!onlyCoroutinesElsewhere(`${project.moduleName}.${scope.name}`, calls > 0, project)) return undefined;
    return scheduled ? 'scheduled' : 'called';
  }
  // A class's `__init__` (or the hook an attrs or dataclass `__init__` calls): every mention of the class's name is a
  // call in a coroutine (not a base, not handed on).
  const built = classConstructedBy(scope, model);
  if (built !== owner || owner?.kind !== 'class' || owner.parent?.kind !== 'module') return undefined;
  if (model.bindingsIn(owner.parent, owner.name).length !== 1) return undefined;
  const nameNode = owner.node.childForFieldName('name');
  const mentions = model.mentionsOf(owner.name).filter((mention) => mention.id !== nameNode?.id);
  // Mentioned here only in annotations, or nowhere: other modules must build it.
  const unused = mentions.every(inAnnotation);
  const builtHere = unused ? undefined : classBuiltOnlyByCoroutines(mentions, model);
  if (!unused && builtHere === undefined) return undefined;
  const elsewhere = project.usesElsewhere(`${project.moduleName}.${owner.name}`);
  if (elsewhere.usedOtherwise) return undefined;
  if (builtHere === 'factory' || elsewhere.builtByLoopFactory) return 'factory';
  return builtHere || elsewhere.calledByCoroutine ? 'constructed' : undefined;
}

/** Whether the other modules use the function `qualifiedName` only in coroutines, and something (here or there) calls it. */
function onlyCoroutinesElsewhere(qualifiedName: string, calledHere: boolean, project: ProjectView): boolean {
  const uses = project.usesElsewhere(qualifiedName);
  return !uses.usedOtherwise && (calledHere || uses.calledByCoroutine);
}
