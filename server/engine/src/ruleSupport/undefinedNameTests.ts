// A call behind a test that reads a name bound nowhere (`if LAUNCH_KAFKA:` where the module never assigns,
// imports or declares it): the test raises NameError before the call can run, on every path reaching it. LOOP108
// does not follow a chain through such a call (streamz's kafka fixture launching a broker).
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { earlyExits, enclosingConditions } from './callCondition';
import { isUndefined, mayBindUnseenNames } from './namesBoundNowhere';

/**
 * Whether a test `call` runs behind (in `functionNode`; `scope` is the call's) reads, whenever it is evaluated, a name
 * bound nowhere: an `if`, `elif`, conditional expression or `and`/`or` around the call, or an `if` before it that
 * returns. Evaluating it raises NameError, so the call never runs. Not where the module may bind names unseen (a
 * wildcard import, `globals()`, `exec`, `builtins`, `sys.modules`), nor for Python 2's and IPython's builtins.
 */
export function behindUndefinedName(call: SyntaxNode, functionNode: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const conditions = [...enclosingConditions(call, functionNode, scope), ...earlyExits(call, functionNode, scope)];
  if (conditions.length === 0) return false;
  const undefinedRead = conditions.some(
    (condition) => condition !== 'except' && evaluatedFirst(condition.test).some((name) => isUndefined(name, model, scope)),
  );
  return undefinedRead && !mayBindUnseenNames(scope, model);
}

/**
 * The names a test reads each time it is evaluated, before anything it reads could end it early: the test itself, the
 * operand of `not`, the left side of `and`/`or`, the first operand of a comparison, the object of an attribute, the
 * function a call calls, what is subscripted.
 */
function evaluatedFirst(test: SyntaxNode): SyntaxNode[] {
  switch (test.type) {
    case 'identifier':
      return [test];
    case 'parenthesized_expression':
    case 'comparison_operator':
      return test.firstNamedChild ? evaluatedFirst(test.firstNamedChild) : [];
    case 'not_operator':
      return evaluatedFirstOf(test.childForFieldName('argument'));
    case 'boolean_operator':
      return evaluatedFirstOf(test.childForFieldName('left'));
    case 'attribute':
      return evaluatedFirstOf(test.childForFieldName('object'));
    case 'call':
      return evaluatedFirstOf(test.childForFieldName('function'));
    case 'subscript':
      return evaluatedFirstOf(test.childForFieldName('value'));
    default:
      return [];
  }
}

function evaluatedFirstOf(node: SyntaxNode | null): SyntaxNode[] {
  return node ? evaluatedFirst(node) : [];
}
