// `await asyncio.wait_for(aw, timeout)` with a timeout known to be a number (`5`, a module constant `TIMEOUT = 5.0`, a
// parameter defaulting to one that the call entering the coroutine leaves alone): until it fires, the loop's timer
// holds its handle, and the handle the waiting task (3.12's `timeouts.Timeout` holds the task it cancels; before that,
// the waiter future the handle releases holds the task's wake-up). With `timeout=None` no timer is set.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { argumentAt, callArguments, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { defaultValue, parametersOf } from '../../../ruleSupport/parameterGuard';

const NUMBERS: ReadonlySet<string> = new Set(['builtins.int', 'builtins.float']);

/**
 * Whether `waitFor`, an `asyncio.wait_for(...)` call in `body` (the code of the `async def` that `entry` calls), has a
 * timeout known to be a number: a literal, a module constant bound once to one, or a parameter of the `async def`,
 * bound nowhere else in it, that `entry` (if there is a call entering it) passes a number literal or leaves to a default
 * that is one.
 */
export function hasNumericTimeout(waitFor: SyntaxNode, body: Scope, entry: SyntaxNode | undefined, model: SemanticModel): boolean {
  const written = argumentAt(waitFor, 1, 'timeout');
  if (written === undefined) return false;
  const timeout = unparenthesize(written);
  if (timeout.type !== 'identifier') return isNumber(timeout, body, model);
  const binding = model.resolve(timeout, body);
  if (binding?.scope.kind === 'module') return isNumber(timeout, body, model);
  if (binding?.kind !== 'parameter' || binding.scope !== body || model.bindingsIn(body, binding.name).length !== 1) return false;
  const parameter = parametersOf(body.node).byName.get(binding.name);
  // Entered by no call written here (an `async for` step's `__anext__`): what its parameters hold is not known.
  if (!parameter || !entry) return false;
  const { positional, keywords, hasUnpacking } = callArguments(entry);
  const passed = keywords.get(binding.name) ?? (parameter.position === undefined ? undefined : positional[parameter.position]);
  if (passed) return isNumber(unparenthesize(passed), model.scopeOf(entry), model);
  return !hasUnpacking && parameter.default !== undefined && isNumber(unparenthesize(parameter.default), body, model);
}

/** A number literal, or a name of the module bound once to one (`defaultValue` reads both). */
function isNumber(value: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  if (value.type === 'identifier' && model.resolve(value, scope)?.scope.kind !== 'module') return false;
  return NUMBERS.has(defaultValue(value, model)?.className ?? '');
}
