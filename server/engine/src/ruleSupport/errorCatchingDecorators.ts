// Decorators whose wrapper catches a specific exception type around its call of the function it decorates:
// home-assistant supervisor's `@Job(...)` (`try: return await method(...)` / `except HassioError: ...`). An error of the
// decorated coroutine that reached the wrapper wrapped in an `ExceptionGroup` (a TaskGroup's) would skip that handler.
import type { SyntaxNode } from '../analysis/pythonParser';
import { DEFINITION_KINDS, exceptionTypesCaught, hasAsyncKeyword, inNestedDefinition } from '../analysis/pythonSyntax';
import { decoratedParameter, returnedFunction } from './plainWrappers';

/**
 * What an `except` (or `contextlib.suppress()`) naming it still catches when a TaskGroup replaces a gather: the
 * `ExceptionGroup` it raises is an `Exception`, and cancellation, `KeyboardInterrupt` and `SystemExit` it raises as
 * they are.
 */
const STILL_CAUGHT: ReadonlySet<string> = new Set([
  'Exception',
  'BaseException',
  'ExceptionGroup',
  'BaseExceptionGroup',
  'CancelledError',
  'KeyboardInterrupt',
  'SystemExit',
]);

/** Whether one of `types` (written in an `except` or a `suppress()`) is a type no `ExceptionGroup` is (`HassioError`). */
export function namesTypeNoGroupIs(types: readonly SyntaxNode[]): boolean {
  return types.some((type) => !STILL_CAUGHT.has(type.text.slice(type.text.lastIndexOf('.') + 1)));
}

/**
 * Whether `definition`, used as a decorator (`@it`, or `@it(...)` for a factory returning the decorator, or the
 * `__call__(self, method)` of a class used as `@Job(...)`), returns a wrapper that calls the function it decorates in
 * the body of a `try` with an `except` naming a type no `ExceptionGroup` is: the decorated coroutine's callers rely on
 * that handler seeing its errors as they are.
 */
export function catchesErrorTypeAroundCall(definition: SyntaxNode): boolean {
  if (hasAsyncKeyword(definition)) return false;
  const wrapper = returnedFunction(definition);
  if (!wrapper) return false;
  if (callsInTypedTry(wrapper, decoratedParameter(definition))) return true;
  const innermost = hasAsyncKeyword(wrapper) ? undefined : returnedFunction(wrapper);
  return innermost !== undefined && callsInTypedTry(innermost, decoratedParameter(wrapper));
}

/** `wrapper` calls `decorated` (by that name, in its own code) in the body of a `try` catching a type no group is. */
function callsInTypedTry(wrapper: SyntaxNode, decorated: string | undefined): boolean {
  if (decorated === undefined) return false;
  return wrapper
    .descendantsOfType('call')
    .some(
      (call) => call.childForFieldName('function')?.text === decorated && !inNestedDefinition(call, wrapper) && caughtAsTypeNoGroupIs(call),
    );
}

/**
 * Whether `node` lies, in its own function, in the body of a `try` with an `except` naming a type no `ExceptionGroup`
 * is (`except HassioError:`): an error raised there in a group would skip that handler.
 */
export function caughtAsTypeNoGroupIs(node: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || parent.childForFieldName('body')?.id !== child.id) continue;
    const clauses = parent.namedChildren.filter((clause) => clause.type === 'except_clause');
    if (namesTypeNoGroupIs(clauses.flatMap(exceptionTypesCaught))) return true;
  }
  return false;
}
