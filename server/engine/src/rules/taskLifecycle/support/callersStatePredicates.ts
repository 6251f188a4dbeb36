// LOOP306's generic waiters whose callers show what they poll: a private `_wait_for(predicate)` that this file calls
// only with lambdas reading state (`_wait_for(lambda: api.map.path)`) polls that state, as a loop written in place
// would; one that other modules may call, or is handed a predicate asking anything else, polls its caller's business.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { argumentAt, callArguments } from '../../../analysis/pythonSyntax';
import type { RuleContext } from '../../../linter/rule';
import { callOf, fileLocalUses } from '../../../ruleSupport/fileLocalFunctions';
import { parametersOf } from '../../../ruleSupport/parameterGuard';

/**
 * The state a generic waiter's callers hand it to poll, when every call shows it: the waiter is a function only this
 * file can call (a nested function, a module-level `_wait_for`), it polls one parameter, and each use is a call passing
 * that parameter a lambda of no parameters that only reads state (`lambda: q10_api.map.image_content is not None`,
 * `lambda: len(captured) >= 3`: names, attributes, subscripts, comparisons, `len()`/`any()`-like builtins and queries
 * such as `done()` or `empty()`). The bodies of those lambdas; undefined when the callers do not show it (a public waiter
 * another module may call, a predicate asking a server, a function handed by name).
 */
export function statePredicatesPassed(polled: SyntaxNode, context: RuleContext): SyntaxNode[] | undefined {
  const routine = context.scope.functionScope;
  const parameterNames = new Set(
    polled.descendantsOfType('call').flatMap((call) => {
      const callee = call.childForFieldName('function');
      return callee?.type === 'identifier' ? [callee.text] : [];
    }),
  );
  const [name] = parameterNames;
  if (!routine || parameterNames.size !== 1 || name === undefined) return undefined;
  const parameter = parametersOf(routine.node).byName.get(name);
  const uses = fileLocalUses(routine, context.model);
  if (!parameter || !uses) return undefined;
  const bodies: SyntaxNode[] = [];
  for (const use of uses) {
    const call = callOf(use);
    // A keyword-only parameter (after `*`) has no position: only its keyword passes it.
    const argument =
      call && (parameter.position === undefined ? callArguments(call).keywords.get(name) : argumentAt(call, parameter.position, name));
    const body = argument?.type === 'lambda' && !argument.childForFieldName('parameters') ? argument.childForFieldName('body') : null;
    if (!body || !readsOnlyState(body)) return undefined;
    bodies.push(body);
  }
  return bodies;
}

/** Builtins that compute from their arguments and ask nothing outside the program. */
const PURE_BUILTINS: ReadonlySet<string> = new Set([
  'len',
  'bool',
  'any',
  'all',
  'isinstance',
  'list',
  'tuple',
  'set',
  'sum',
  'min',
  'max',
  'sorted',
  'hasattr',
]);

/** Queries of in-memory objects: futures and tasks, events, locks, queues. */
const STATE_QUERIES: ReadonlySet<string> = new Set(['done', 'cancelled', 'is_set', 'locked', 'empty', 'full', 'qsize']);

/** Node kinds an expression that only reads state is made of (besides calls, checked apart). */
const STATE_READING_KINDS: ReadonlySet<string> = new Set([
  'identifier',
  'attribute',
  'subscript',
  'comparison_operator',
  'boolean_operator',
  'not_operator',
  'unary_operator',
  'binary_operator',
  'parenthesized_expression',
  'integer',
  'float',
  'string',
  'string_start',
  'string_content',
  'string_end',
  'true',
  'false',
  'none',
  'tuple',
  'list',
  'generator_expression',
  'list_comprehension',
  'for_in_clause',
  'if_clause',
  'argument_list',
  'slice',
]);

function readsOnlyState(expression: SyntaxNode): boolean {
  if (expression.type === 'call') {
    const callee = expression.childForFieldName('function');
    const known =
      (callee?.type === 'identifier' && PURE_BUILTINS.has(callee.text)) ||
      (callee?.type === 'attribute' &&
        STATE_QUERIES.has(callee.childForFieldName('attribute')?.text ?? '') &&
        readsOnlyState(callee.childForFieldName('object') ?? callee));
    const args = expression.childForFieldName('arguments');
    return known && (!args || readsOnlyState(args));
  }
  if (!STATE_READING_KINDS.has(expression.type)) return false;
  return expression.namedChildren.every(readsOnlyState);
}
