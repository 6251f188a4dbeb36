// Advice that holds only from some Python version on, given where nothing states the project's version: the default
// target is then an assumption, and the message says so, since the code may still run on an older Python where the
// advice breaks (psycopg's tests run on 3.10, the version its packages require, not on the default 3.11).
import type { RuleSettings } from '../linter/rule';
import { formatVersion, type PythonVersion } from '../linter/pythonVersion';

/** What to add to a message whose advice needs Python `needs` or later: nothing where the target version is stated. */
export function assumedVersionNote(settings: RuleSettings, needs: PythonVersion): string {
  if (settings.targetVersionKnown) return '';
  return ` (from Python ${formatVersion(needs)}: no target version is set, so ${formatVersion(settings.targetVersion)} is assumed)`;
}
