// A call a function makes only where pytest is not loaded: the idiom that turns telemetry or other side effects off
// during test runs (`if "pytest" in sys.modules: return False`, graphiti's is_telemetry_enabled()). From a test, LOOP108
// does not follow a chain through such a call: where the test runs, pytest is loaded and the call is never made.
// Production code runs without pytest, so there the call is made as if the test were not written.
import type { SyntaxNode } from '../analysis/pythonParser';
import { codeStatements, hasAsyncKeyword, plainStringText, singleComparison, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { earlyExits, enclosingConditions } from './callCondition';

/**
 * Whether `call` (in `scope`, within `functionNode`) is skipped where pytest is loaded: one of its conditions (around
 * it, or an early return before it) is false there (see valueUnderPytest).
 */
export function skippedUnderPytest(call: SyntaxNode, functionNode: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  if (!model.importsModule('sys')) return false;
  const conditions = [...enclosingConditions(call, functionNode, scope), ...earlyExits(call, functionNode, scope)];
  return conditions.some((condition) => condition !== 'except' && valueUnderPytest(condition.test, model, scope, 0) === condition.negated);
}

/** How many plain functions deep a test is read (`not is_telemetry_enabled()` reads one). */
const MAX_DEPTH = 2;

/**
 * A test's truth where pytest is loaded, when that alone decides it: `"pytest" in sys.modules` (true; `not in`, false),
 * under `not`, an `and` with a false operand, an `or` with a true one, or a call of a plain function of this file
 * that answers it first thing (see answerUnderPytest).
 */
function valueUnderPytest(written: SyntaxNode, model: SemanticModel, scope: Scope, depth: number): boolean | undefined {
  const test = unparenthesize(written);
  if (test.type === 'not_operator') {
    const operand = test.childForFieldName('argument');
    const inner = operand ? valueUnderPytest(operand, model, scope, depth) : undefined;
    return inner === undefined ? undefined : !inner;
  }
  if (test.type === 'boolean_operator') {
    const decisive = test.childForFieldName('operator')?.type === 'or';
    const operands = [test.childForFieldName('left'), test.childForFieldName('right')];
    return operands.some((operand) => operand && valueUnderPytest(operand, model, scope, depth) === decisive) ? decisive : undefined;
  }
  if (test.type === 'call') return depth < MAX_DEPTH ? answerUnderPytest(test, model, scope, depth + 1) : undefined;
  const comparison = singleComparison(test);
  if (!comparison || (comparison.operator !== 'in' && comparison.operator !== 'not in')) return undefined;
  const { left, right } = comparison;
  if (left.type !== 'string' || plainStringText(left) !== 'pytest' || model.qualifiedName(right, scope) !== 'sys.modules') return undefined;
  return comparison.operator === 'in';
}

/**
 * What a call of a plain function of this file returns where pytest is loaded, when its first statement decides it:
 * `if <test true under pytest>: return True|False` (`if "pytest" in sys.modules: return False`), or a lone
 * `return <test>`.
 */
function answerUnderPytest(call: SyntaxNode, model: SemanticModel, scope: Scope, depth: number): boolean | undefined {
  const definition = model.calleeDefinition(call, scope);
  if (definition?.type !== 'function_definition' || hasAsyncKeyword(definition)) return undefined;
  const inner = model.scopeOfDefinition(definition);
  const first = codeStatements(definition)[0];
  if (!inner || !first) return undefined;
  if (first.type === 'return_statement') {
    const value = first.firstNamedChild;
    return value ? valueUnderPytest(value, model, inner, depth) : undefined;
  }
  if (first.type !== 'if_statement') return undefined;
  const condition = first.childForFieldName('condition');
  const branch = first.childForFieldName('consequence')?.namedChildren.filter((statement) => statement.type !== 'comment');
  const returned = branch?.length === 1 && branch[0]!.type === 'return_statement' ? branch[0]!.firstNamedChild : undefined;
  if (!condition || (returned?.type !== 'true' && returned?.type !== 'false')) return undefined;
  return valueUnderPytest(condition, model, inner, depth) === true ? returned.type === 'true' : undefined;
}
