// Tests that replace the loop's `run_in_executor` to see what it is handed: `with mock.patch.object(loop,
// "run_in_executor", wraps=loop.run_in_executor) as run:` and then `run.assert_any_call(None, provider._save, token)`, or a
// spy recording each call and `assert func is to_posix`. Such a test pins the call as written: `asyncio.to_thread(f,
// ...)` hands the executor `functools.partial(context.run, f, ...)` instead, so the assertion would fail. LOOP205 leaves
// a `run_in_executor(None, f, ...)` alone where a spying test names `f`.
import { referencesOf, type SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';
import { mayReplace, namesNotCalled, replacementBy } from './testReplacements';

/** The loop method a spy replaces. */
export const SPIED_METHOD = 'run_in_executor';

/** Per model: the names its spying functions mention (see executorSpyNames). */
const namesByModel = new WeakMap<SemanticModel, ReadonlySet<string>>();

/**
 * Whether a spying test of this file, or of the project (`project`, when it is indexed), names `lastName` as a value
 * (not a call of it): `provider._save_token` in `run.assert_any_call(None, provider._save_token, token)`.
 */
export function isNamedByExecutorSpy(lastName: string, model: SemanticModel, project: ProjectView | undefined): boolean {
  // A spying test names `lastName`: re-linting after an edit must look again wherever a changed statement mentions it.
  model.recordDependency(referencesOf(lastName));
  return executorSpyNames(model).has(lastName) || project?.namedByExecutorSpy(lastName) === true;
}

/**
 * The names (last names of dotted ones) that the functions of `model` replacing `run_in_executor` mention other than
 * as what they call: what such a test may check the executor was handed. Empty for almost every module.
 */
export function executorSpyNames(model: SemanticModel): ReadonlySet<string> {
  let names = namesByModel.get(model);
  if (!names) {
    const found = new Set<string>();
    // (Reading every scope builds the whole model, which a module summarised for a lookup otherwise builds only in part.)
    const scopes = mayReplace(model, SPIED_METHOD) ? model.scopes : [];
    for (const scope of scopes) {
      if (scope.kind !== 'function' || !scope.calls.some((call) => replacementBy(call, model)?.attribute === SPIED_METHOD)) continue;
      for (const name of namesNotCalled(scope.node)) found.add(name);
    }
    namesByModel.set(model, (names = found));
  }
  return names;
}
