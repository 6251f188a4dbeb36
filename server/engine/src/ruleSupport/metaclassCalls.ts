// Whether calling a class runs its `__init__`: `Class(...)` runs its metaclass's `__call__`, and only `type.__call__`
// runs `__new__` then `__init__`. A metaclass's own `__call__` (spotDL's `Singleton`, handing out the instance made
// once by another method, or raising until then) may run neither.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { ProjectView } from '../linter/projectView';
import type { RuleContext } from '../linter/rule';
import { ancestorNames, classesInFile, METACLASS_MARK, withProjectBases, writtenMetaclassValue } from './classBases';

/**
 * What the project says of its classes: their bases, the metaclass marked among them (ModuleSummary.classBases), and
 * whether it defines a function of a name (`pkg.meta.Singleton.__call__`).
 */
export interface ProjectClasses {
  classBases: ProjectView['classBases'];
  findFunction(qualifiedName: string): unknown;
}

/**
 * Whether calling the class `classNode` of this file goes through a metaclass's `__call__`: a metaclass of it or of a
 * class it derives from (written `metaclass=M`, M a class of this file or, with the project indexed, of another module)
 * defines `__call__`, itself or through a class it derives from. A metaclass the project does not define
 * (`abc.ABCMeta`), or one without `__call__` (one with only `__new__`), leaves `type.__call__`, which runs `__init__`.
 */
export function callGoesThroughMetaclass(classNode: SyntaxNode, context: Pick<RuleContext, 'model' | 'project'>): boolean {
  const { model, project } = context;
  for (const owner of classesInFile(classNode, model)) {
    const written = writtenMetaclassValue(owner);
    if (!written) continue;
    const scope = model.scopeOf(owner);
    const local = model.definitionOf(written, scope);
    if (local) {
      if (local.type === 'class_definition' && localMetaclassDefinesCall(local, context)) return true;
      continue;
    }
    const name = model.qualifiedName(written, scope);
    if (project && name !== undefined && !name.startsWith('builtins.') && metaclassDefinesCall(project.absoluteName(name), project))
      return true;
  }
  // The metaclasses of the classes of other modules it derives from, as their summaries mark them.
  if (!project) return false;
  for (const name of ancestorNames(classNode, context))
    if (name.startsWith(METACLASS_MARK) && metaclassDefinesCall(name.slice(METACLASS_MARK.length), project)) return true;
  return false;
}

/**
 * Whether calling the project's class `qualifiedName` (absolute) goes through a metaclass's `__call__` (see
 * callGoesThroughMetaclass), as the summaries of its module and of the modules of its bases say.
 */
export function projectCallGoesThroughMetaclass(qualifiedName: string, project: ProjectClasses): boolean {
  return [...withProjectBases([qualifiedName], (name) => project.classBases(name))].some(
    (name) => name.startsWith(METACLASS_MARK) && metaclassDefinesCall(name.slice(METACLASS_MARK.length), project),
  );
}

/** Whether the metaclass `metaclass` of this file defines `__call__`, or a class it derives from does. */
function localMetaclassDefinesCall(metaclass: SyntaxNode, context: Pick<RuleContext, 'model' | 'project'>): boolean {
  const { model, project } = context;
  for (const owner of classesInFile(metaclass, model)) {
    const scope = model.scopeOfDefinition(owner);
    if (scope && model.bindingsIn(scope, '__call__').length > 0) return true;
  }
  if (!project) return false;
  for (const name of ancestorNames(metaclass, context))
    if (!name.startsWith(METACLASS_MARK) && project.findFunction(`${name}.__call__`) !== undefined) return true;
  return false;
}

/** Whether the project's metaclass `qualifiedName` defines `__call__`, or a class it derives from does. */
function metaclassDefinesCall(qualifiedName: string, project: ProjectClasses): boolean {
  return [...withProjectBases([qualifiedName], (name) => project.classBases(name))].some(
    (name) => !name.startsWith(METACLASS_MARK) && project.findFunction(`${name}.__call__`) !== undefined,
  );
}
