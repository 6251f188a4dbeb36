// Whether a class of the project is one of some classes or derives from one, through other modules (their summaries
// keep each class's bases) and re-exports: `isinstance(app, ReactPy)` holds for an `app` made by `ReactPyCsr(...)`,
// a subclass defined in another module, however either name was imported.
import type { ProjectView } from '../linter/projectView';
import { withProjectBases } from './classBases';

/** What the project tells of its classes: the module defining a name (through re-exports), and each class's bases. */
export type ProjectClasses = Pick<ProjectView, 'absoluteName' | 'findFunction' | 'classBases'>;

/**
 * Whether `className` (a qualified name as a module of the project writes it) names one of `classes` or a class
 * deriving from one, as far as the project shows: a class of a library is known by its name only, and one that derives
 * from it only through a library's class is not found (false then means "not shown", not "not an instance").
 */
export function derivesFromAny(className: string, classes: readonly string[], project: ProjectClasses): boolean {
  const wanted = new Set(classes.map((name) => definedAs(name, project)));
  for (const ancestor of withProjectBases([definedAs(className, project)], (name) => project.classBases(name)))
    if (wanted.has(definedAs(ancestor, project))) return true;
  return false;
}

/** The name of the class where the project defines it (`pkg.sub.Base` for `pkg.Base` re-exported), else as given. */
function definedAs(name: string, project: ProjectClasses): string {
  const absolute = project.absoluteName(name);
  return project.findFunction(absolute)?.qualifiedName ?? absolute;
}
