// The LOOP301 fix: keep a dangling task in a module-level set until it is done,
//   task = asyncio.create_task(work())
//   _background_tasks.add(task)
//   task.add_done_callback(_background_tasks.discard)
// defining `_background_tasks = set()` after the imports when the module lacks it.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import { moduleHeaderInsertion } from '../../../linter/fixes/moduleImports';
import { appendStatements, replaceStatement } from '../../../linter/fixes/statementRewrite';
import { safeFix } from '../../../linter/fixes/textEdits';
import type { Fix, RuleContext, TextEdit } from '../../../linter/rule';

const TASK_SET = '_background_tasks';
const TASK_NAMES = ['task', 'background_task', 'spawned_task', 'new_task'];
const MESSAGE = `Keep the task in a module-level set (\`${TASK_SET}\`) until it is done`;

/** Where the dangling task ended up, as LOOP301 found it. */
type DanglingShape = { readonly kind: 'dropped' } | { readonly kind: 'unusedLocal'; readonly name: string };

export function keepTaskFix(call: SyntaxNode, shape: DanglingShape, context: RuleContext): Fix | undefined {
  const scope = context.scope;
  if (scope.kind !== 'function' && scope.kind !== 'module') return undefined;
  const statement = statementOf(call);
  if (!statement) return undefined;
  const taskSet = taskSetAccess(call, scope, context);
  if (!taskSet) return undefined;
  const keep = (name: string): string[] => [`${TASK_SET}.add(${name})`, `${name}.add_done_callback(${TASK_SET}.discard)`];

  if (shape.kind === 'unusedLocal' && shape.name !== '_') {
    const edit = appendStatements(statement, keep(shape.name), context.lines);
    return edit && safeFix(MESSAGE, [...taskSet, edit]);
  }
  const name = TASK_NAMES.find((candidate) => context.model.lookup(candidate, scope, call.startIndex) === undefined);
  if (!name) return undefined;
  const expression = unparenthesize(statement.firstNamedChild!);
  const text = context.lines.text;
  let statements: string[];
  if (expression.id === call.id || (expression.type === 'assignment' && shape.kind === 'unusedLocal')) {
    // `create_task(...)` or `_ = create_task(...)`.
    statements = [`${name} = ${call.text}`, ...keep(name)];
  } else {
    // `create_task(...).add_done_callback(cb)`: the chained call is kept, on the named task.
    const chained = text.slice(statement.startIndex, call.startIndex) + name + text.slice(call.endIndex, statement.endIndex);
    statements = [`${name} = ${call.text}`, ...keep(name), chained];
  }
  const edit = replaceStatement(statement, statements, context.lines);
  return edit && safeFix(MESSAGE, [...taskSet, edit]);
}

/**
 * The expression statement holding the task: `create_task(...)` (in parentheses or not),
 * `create_task(...).add_done_callback(cb)`, or `name = create_task(...)`. Other shapes (a tuple of
 * tasks, a comprehension) have no fix.
 */
function statementOf(call: SyntaxNode): SyntaxNode | undefined {
  let node = call;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') {
    node = parent;
    parent = parent.parent;
  }
  if (parent?.type === 'attribute') {
    const chained = parent.parent;
    if (chained?.type !== 'call' || chained.childForFieldName('function')?.id !== parent.id) return undefined;
    node = chained;
    parent = chained.parent;
  } else if (parent?.type === 'assignment') {
    if (parent.childForFieldName('right')?.id !== node.id || parent.childForFieldName('type')) return undefined;
    node = parent;
    parent = parent.parent;
  }
  return parent?.type === 'expression_statement' && parent.namedChildCount === 1 ? parent : undefined;
}

/** Edits giving the module its task set: none when it has `_background_tasks = set()`; undefined when the name means something else. */
function taskSetAccess(call: SyntaxNode, scope: Scope, context: RuleContext): readonly TextEdit[] | undefined {
  const existing = context.model.bindingsIn(context.model.module, TASK_SET);
  if (existing.length > 0) {
    const isSet = existing.every((binding) => binding.kind === 'assignment' && binding.value?.text.replace(/\s+/g, '') === 'set()');
    return isSet && context.model.lookup(TASK_SET, scope, call.startIndex)?.scope.kind === 'module' ? [] : undefined;
  }
  if (context.model.lookup(TASK_SET, scope, call.startIndex)) return undefined;
  const insertion = moduleHeaderInsertion(`${TASK_SET} = set()`, context, { blankLineBefore: true });
  return insertion && [insertion];
}
