// A value cached in the process environment: `if style := os.environ.get("APP_STYLE"): return style`, then code that
// works the value out (reading a configuration file) and stores it with `os.environ["APP_STYLE"] = style`, there or in a
// function of this module it calls. Like a module global a memoized function sets, the variable outlives the call, so
// the slow path runs once per process, at first use (often on import): what it calls is not followed from the callers.
import type { SyntaxNode } from '../analysis/pythonParser';
import { plainStringText, singleComparison, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { unsetRead } from './environmentSwitches';

/**
 * The variable a test finds set: `os.environ.get("X")` or `os.getenv("X")` (no default, or None), also as the value of
 * `name := ...`, and `"X" in os.environ`. Undefined for any other test.
 */
export function environmentVariableFoundSet(condition: SyntaxNode, scope: Scope, model: SemanticModel): string | undefined {
  let test = unparenthesize(condition);
  if (test.type === 'named_expression') {
    const value = test.childForFieldName('value');
    if (!value) return undefined;
    test = unparenthesize(value);
  }
  // A read with no default (or None) is truthy only where the variable is set (to a non-empty value).
  const read = unsetRead(test, model, scope);
  if (read) return read.value === null ? read.variable : undefined;
  const comparison = singleComparison(test);
  if (comparison?.operator !== 'in' || model.qualifiedName(comparison.right, scope) !== 'os.environ') return undefined;
  const variable = unparenthesize(comparison.left);
  return variable.type === 'string' ? plainStringText(variable) : undefined;
}

/**
 * Whether code in `range` of the function `scope` opens stores the variable (`os.environ["X"] = ...`), or calls a
 * function of this module whose body does.
 */
export function storesEnvironmentVariable(
  variable: string,
  scope: Scope,
  model: SemanticModel,
  [start, end]: readonly [number, number],
): boolean {
  if (storesIn(scope.node, variable, scope, model, start, end)) return true;
  return scope.calls.some((call) => {
    if (call.startIndex < start || call.startIndex >= end) return false;
    const callee = model.calleeDefinition(call, scope);
    const calleeScope = callee?.type === 'function_definition' ? model.scopeOfDefinition(callee) : undefined;
    return (
      !!callee &&
      !!calleeScope &&
      calleeScope !== scope &&
      storesIn(callee, variable, calleeScope, model, callee.startIndex, callee.endIndex)
    );
  });
}

function storesIn(node: SyntaxNode, variable: string, scope: Scope, model: SemanticModel, start: number, end: number): boolean {
  return node.descendantsOfType('assignment').some((assignment) => {
    if (assignment.startIndex < start || assignment.startIndex >= end) return false;
    const left = assignment.childForFieldName('left');
    const target = left && unparenthesize(left);
    if (target?.type !== 'subscript') return false;
    const container = target.childForFieldName('value');
    const key = target.childForFieldName('subscript');
    if (!container || !key || model.qualifiedName(container, scope) !== 'os.environ') return false;
    const written = unparenthesize(key);
    return written.type === 'string' && plainStringText(written) === variable;
  });
}
