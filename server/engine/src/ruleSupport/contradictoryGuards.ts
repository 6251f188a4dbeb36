// A guard whose tests cannot all hold, whatever the arguments: qdrant-client's `AsyncQdrantClient` makes its local
// store only `if location == ":memory:"`, handing `location` on to a constructor that sets `self.persistent = location
// != ":memory:"` and opens its files only when persistent. No call takes that branch.
import type { ParameterGuard } from './parameterGuard';

/**
 * Whether two of the guard's tests (its own and `also`, each needed) are the same test of the same parameter, one
 * needed true and the other false. Only tests whose answer the value fixes: not a truth test (a list handed on may be
 * filled between the two), not what lies on disk below a path (made in between), not an attribute of `self` (set again
 * in between).
 */
export function contradictsItself(guard: ParameterGuard): boolean {
  const tests = [guard, ...(guard.also ?? [])].filter((test) => !test.attribute && FIXED_BY_VALUE.has(test.test));
  return tests.some((one, index) => tests.slice(index + 1).some((other) => sameTest(one, other) && one.negated !== other.negated));
}

const FIXED_BY_VALUE: ReadonlySet<ParameterGuard['test']> = new Set([
  'isNone',
  'equals',
  'contains',
  'isinstance',
  'hostName',
  'urlHostName',
]);

function sameTest(one: ParameterGuard, other: ParameterGuard): boolean {
  return (
    one.parameter === other.parameter &&
    one.test === other.test &&
    one.equalTo === other.equalTo &&
    (one.classes ?? []).join() === (other.classes ?? []).join()
  );
}
