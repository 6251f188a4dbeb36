// A test named for the API it calls (`test_nested_timeout_asyncio_ensure_future`, beside its twin
// `test_nested_timeout_asyncio_create_task`) exercises that API on purpose: advice to call another one instead would
// make it test something else.
import type { Scope } from '../analysis/scope';

/**
 * Whether a function around `scope` (itself included) is a test whose name names `api` (its last name, `ensure_future`;
 * case and underscores aside, so `testEnsureFuture` counts).
 */
export function isTestNamedFor(scope: Scope, api: string): boolean {
  const wanted = squeezed(api);
  for (let current: Scope | undefined = scope.functionScope; current; current = current.parent?.functionScope) {
    if (current.name.startsWith('test') && squeezed(current.name).includes(wanted)) return true;
  }
  return false;
}

function squeezed(name: string): string {
  return name.toLowerCase().replaceAll('_', '');
}
