// Advice that holds only from some Python version on (`asyncio.timeout`, `asyncio.TaskGroup`, the builtin `TimeoutError`
// as what asyncio raises) is given only where the project states a version that has it: a setting, `requires-python`,
// `python_requires`. Where nothing states it, the default target is a guess, and the code may well run on an older
// Python where the advice breaks it: pantalaimon states no version while its Dockerfile and CI run 3.8–3.10, where
// `except TimeoutError` would let `wait_for`'s timeout through; psycopg's tests run on 3.10, the version its packages
// require. A message saying the version was only assumed still offered the breaking change, and readers judged it so.
import type { RuleSettings } from '../linter/rule';
import { atLeast, type PythonVersion } from '../linter/pythonVersion';

/** Whether the project states a target version of `needs` or later (not the default, assumed where none is stated). */
export function statedAtLeast(settings: RuleSettings, needs: PythonVersion): boolean {
  return settings.targetVersionKnown && atLeast(settings.targetVersion, needs.major, needs.minor);
}
