// LOOP309 control-flow-in-taskgroup: `return`, `break` or `continue` that leaves the body of
// `async with asyncio.TaskGroup() as tg:` early.
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { Rule, RuleContext } from '../../linter/rule';
import { contextManagerOf, withItems } from '../../analysis/pythonSyntax';

const KEYWORDS: ReadonlyMap<string, string> = new Map([
  ['return_statement', 'return'],
  ['break_statement', 'break'],
  ['continue_statement', 'continue'],
]);

export const controlFlowInTaskgroup: Rule = {
  code: 'LOOP309',
  name: 'control-flow-in-taskgroup',
  summary: '`return`/`break`/`continue` inside an `async with TaskGroup()` body.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: ['ASYNC121', 'S7514'],
  fixable: false,
  nodeKinds: [...KEYWORDS.keys()],
  check(statement, context) {
    if (!context.scope.isAsyncContext) return;
    const kind = statement.type;
    const group = enclosingTaskGroup(statement, kind !== 'return_statement', context);
    if (!group) return;
    const keyword = KEYWORDS.get(kind)!;
    const consequence =
      kind === 'return_statement'
        ? 'does not return until every task in the group has finished, and a failing task replaces the return value with an `ExceptionGroup`'
        : `does not take effect until every task in the group has finished, and a failing task turns it into an \`ExceptionGroup\``;
    const instead =
      kind === 'return_statement'
        ? 'keep the result in a variable and return after the `async with` block'
        : `set a flag and \`${keyword}\` after the \`async with\` block`;
    context.report({
      node: statement,
      message: `\`${keyword}\` inside \`async with ${group.text}\` ${consequence}; ${instead}`,
    });
  },
  doc: {
    whatItDoes:
      'Flags `return`, and `break`/`continue` whose loop encloses the `async with`, directly in the body of `async with asyncio.TaskGroup()` (not in a nested function, and not a `break` of a loop that is itself inside the body).',
    whyIsThisBad:
      'Leaving the block runs `TaskGroup.__aexit__`, which waits for every task in the group. The `return` reads as "done now" but waits for the slowest child, possibly forever; and if a child fails, the group raises an `ExceptionGroup` and the return value or loop exit is silently discarded. Ending the block normally and acting afterwards makes both visible.',
    example:
      'import asyncio\n\nasync def first_mirror(mirrors):\n    async with asyncio.TaskGroup() as tg:\n        for mirror in mirrors:\n            tg.create_task(mirror.warm_up())\n        return mirrors[0]',
    useInstead:
      'import asyncio\n\nasync def first_mirror(mirrors):\n    async with asyncio.TaskGroup() as tg:\n        for mirror in mirrors:\n            tg.create_task(mirror.warm_up())\n    return mirrors[0]',
  },
};

/**
 * The TaskGroup context manager expression whose body the statement leaves, if any. For
 * `break`/`continue`, a loop met first is the statement's own target and ends the search.
 */
function enclosingTaskGroup(statement: SyntaxNode, isLoopExit: boolean, context: RuleContext): SyntaxNode | undefined {
  let node = statement;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'function_definition':
      case 'lambda':
      case 'class_definition':
        return undefined;
      case 'for_statement':
      case 'while_statement':
        // A `break` in the loop's `else:` belongs to the loop around it.
        if (isLoopExit && node.type !== 'else_clause') return undefined;
        break;
      case 'with_statement': {
        if (parent.firstChild?.type !== 'async' || parent.childForFieldName('body')?.id !== node.id) break;
        const group = withItems(parent)
          .map(contextManagerOf)
          .find((manager) => manager !== undefined && context.model.typeOf(manager, context.scope) === 'asyncio.TaskGroup');
        if (group) return group;
        break;
      }
    }
  }
  return undefined;
}
