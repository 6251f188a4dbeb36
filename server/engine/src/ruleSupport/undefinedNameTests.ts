// A call behind a test that reads a name bound nowhere (`if LAUNCH_KAFKA:` where the module never assigns,
// imports or declares it): the test raises NameError before the call can run, on every path reaching it. LOOP108
// does not follow a chain through such a call (streamz's kafka fixture launching a broker).
import type { SyntaxNode } from '../analysis/pythonParser';
import { BUILTIN_NAMES } from '../analysis/pythonBuiltins';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { earlyExits, enclosingConditions } from './callCondition';

/**
 * Names that a module may find bound without binding them: Python 2's builtins (code still testing for them), Windows'
 * own (`WindowsError`), and those IPython puts in `builtins` (`get_ipython`, `display`). Dunder names are left alone
 * too (`__file__`, `__IPYTHON__`).
 */
const MAYBE_BUILTINS: ReadonlySet<string> = new Set([
  'unicode',
  'basestring',
  'long',
  'xrange',
  'raw_input',
  'unichr',
  'file',
  'reduce',
  'cmp',
  'execfile',
  'buffer',
  'apply',
  'intern',
  'coerce',
  'reload',
  'WindowsError',
  'get_ipython',
  'display',
]);

/**
 * Names whose use may bind module names the code does not write out: `globals()[...] = ...`, `vars()`, `exec(...)`,
 * `builtins.X = ...`, `setattr(sys.modules[__name__], ...)`.
 */
const NAME_INJECTORS: readonly string[] = ['globals', 'vars', 'exec', 'builtins', '__builtins__', 'modules'];

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

/** Whether the name read is bound nowhere it could come from: no scope around it, no builtin. */
function isUndefined(name: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const text = name.text;
  if (BUILTIN_NAMES.has(text) || MAYBE_BUILTINS.has(text) || text.startsWith('__')) return false;
  return model.resolve(name, scope) === undefined;
}

/** Whether names may be bound in ways the code does not write out (see NAME_INJECTORS), or come from a wildcard import. */
function mayBindUnseenNames(scope: Scope, model: SemanticModel): boolean {
  // (Lists the module's imports first: re-linting, the statements holding a wildcard import may not be built yet.)
  model.moduleImports();
  for (let current: Scope | undefined = scope; current; current = current.parent) if (current.wildcardImports.length > 0) return true;
  return NAME_INJECTORS.some((name) => model.mentionsOf(name).length > 0);
}
