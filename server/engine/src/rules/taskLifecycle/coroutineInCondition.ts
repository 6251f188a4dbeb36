// LOOP303 coroutine-in-condition: a call of a coroutine function used as a truth value
// (`if fetch():`), which is always true and never runs the coroutine.
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { Rule } from '../../linter/rule';
import { callsCoroutineFunction } from '../../ruleSupport/coroutineCalls';
import { fileMentions, parentKind, shownCall } from './support/syntaxShapes';

/** A file without `async` has no `async def` and no asyncio import to resolve. */
const ASYNC_CODE = /async/;

/** Statements and clauses whose `condition` field is tested for truth. */
const CONDITION_OWNERS: ReadonlySet<string> = new Set(['if_statement', 'elif_clause', 'while_statement']);

/** Parent kinds a truth-tested call can sit under; anything else is not worth resolving the callee for. */
const CANDIDATE_PARENTS: ReadonlySet<string> = new Set([
  ...CONDITION_OWNERS,
  'parenthesized_expression',
  'named_expression',
  'not_operator',
  'boolean_operator',
  'conditional_expression',
  'assert_statement',
  'if_clause',
]);

export const coroutineInCondition: Rule = {
  code: 'LOOP303',
  name: 'coroutine-in-condition',
  summary: 'A coroutine object is used as a truth value (`if fetch():`): it is always true and never runs.',
  defaultSeverity: 'error',
  enabledByDefault: true,
  equivalents: [],
  fixable: false,
  nodeKinds: ['call'],
  check(call, context) {
    if (!fileMentions(context.lines, ASYNC_CODE)) return;
    if (!callsCoroutineFunction(call, context.scope, context.model, context.project)) return;
    const kind = parentKind(call, context.model);
    if (kind === undefined || !CANDIDATE_PARENTS.has(kind)) return;
    if (!isTruthTested(call)) return;
    const shown = shownCall(call);
    const instead = context.scope.isAsyncContext ? `test \`await ${shown}\` instead` : 'await it inside a coroutine and test the result';
    context.report({
      node: call,
      message: `\`${shown}\` is tested as a coroutine object, which is always true, and the coroutine never runs; ${instead}`,
    });
  },
  doc: {
    whatItDoes:
      'Flags a call of a coroutine function (an `async def` of this file or an asyncio coroutine function, resolved as for LOOP302) whose result is tested for truth: the condition of `if`, `elif`, `while`, a conditional expression or a comprehension `if`, the operand of `not`, an `and`/`or` operand that is tested, or an `assert`.',
    whyIsThisBad:
      'Without `await`, the call only creates a coroutine object, and every coroutine object is true. The branch is always taken (or the `while` never ends), the check it was meant to make never happens, and the coroutine is later reported as "never awaited".',
    example:
      'async def is_authorized(user):\n    ...\n\nasync def delete(user, item):\n    if not is_authorized(user):\n        raise PermissionError(user)\n    await item.delete()',
    useInstead:
      'async def is_authorized(user):\n    ...\n\nasync def delete(user, item):\n    if not await is_authorized(user):\n        raise PermissionError(user)\n    await item.delete()',
  },
};

/** Walks out through parentheses and boolean operators to see whether the call's value is tested for truth. */
function isTruthTested(call: SyntaxNode): boolean {
  let node = call;
  for (;;) {
    const parent = node.parent;
    if (!parent) return false;
    switch (parent.type) {
      case 'parenthesized_expression':
        node = parent;
        continue;
      case 'named_expression':
        // `if (coroutine := fetch()):` tests the value it binds.
        if (parent.childForFieldName('value')?.id !== node.id) return false;
        node = parent;
        continue;
      case 'not_operator':
      case 'if_clause':
        return true;
      case 'boolean_operator':
        // The left operand is always tested; the right one is the result, tested only if the whole is.
        if (parent.childForFieldName('left')?.id === node.id) return true;
        node = parent;
        continue;
      case 'conditional_expression':
        return parent.namedChild(1)?.id === node.id;
      case 'assert_statement':
        return parent.firstNamedChild?.id === node.id;
      default:
        return CONDITION_OWNERS.has(parent.type) && parent.childForFieldName('condition')?.id === node.id;
    }
  }
}
