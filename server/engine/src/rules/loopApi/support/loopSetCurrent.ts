// The loop a statement before a call made current in its thread (`asyncio.set_event_loop(loop)`): LOOP201 leaves a
// `get_event_loop()` after it alone (it returns that loop on every version), also in a function run only after one
// (a decorator's wrapper, a helper called only there), and LOOP202 names that loop's
// `create_task()` for an `ensure_future()` after it (which schedules on it, where `asyncio.create_task()` needs a
// running loop).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { DEFINITION_KINDS } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import type { RuleContext } from '../../../linter/rule';
import { callOf, fileLocalUses } from '../../../ruleSupport/fileLocalFunctions';
import { loopSetBy } from '../../../ruleSupport/loopMadeCurrent';
import { isScript } from '../../../ruleSupport/scriptModules';

/**
 * What the nearest statement of its own before `node` that `decide` answers for says, in its block or a block around
 * it within its top-level statement (a function, an `if __name__ == "__main__":`): nothing between can skip it. Of the
 * module's earlier statements, only the one right before the top-level statement holding `node` (a script's
 * `asyncio.set_event_loop(loop)` followed by `install(asyncio.get_event_loop())`), and only when `model` is given: the
 * answer then depends on that statement, which the language server re-checks this one after changing (a statement
 * setting a loop names nothing the call reads, so a dependency on a statement further up could not be recorded).
 */
export function nearestStatementBefore<T>(
  node: SyntaxNode,
  decide: (statement: SyntaxNode) => T | undefined,
  model?: SemanticModel,
): T | undefined {
  let inner: SyntaxNode = node;
  for (let outer = node.parent; outer && !DEFINITION_KINDS.has(outer.type); inner = outer, outer = outer.parent) {
    if (outer.type === 'module') {
      const previous = model?.statementBefore(inner);
      return previous && previous.type !== 'comment' ? decide(previous) : undefined;
    }
    if (outer.type !== 'block') continue;
    for (let statement = inner.previousNamedSibling; statement; statement = statement.previousNamedSibling) {
      const answer = decide(statement);
      if (answer !== undefined) return answer;
    }
  }
  return undefined;
}

/**
 * Whether every place this file uses the function `scope` is the body of comes after a statement setting a loop (see
 * loopSetBy) in its block or a block around it: a function only this file reaches (see fileLocalUses; in a script, a
 * public one too) that is only
 * called (`_init()` after `asyncio.set_event_loop(loop)`) or returned to the caller (a decorator's `return wrapper`
 * after it set a loop), and decorated by nothing that could take it elsewhere (`functools.wraps` only). It runs with
 * that loop current, as a call written after the statement would.
 */
export function loopSetBeforeEveryUse(scope: Scope, context: RuleContext): boolean {
  const { model } = context;
  const decorated = scope.node.parent?.type === 'decorated_definition' ? scope.node.parent : undefined;
  const decorators = decorated?.namedChildren.filter((child) => child.type === 'decorator') ?? [];
  if (!decorators.every((decorator) => isWraps(decorator, model.scopeOf(decorator), context))) return false;
  const uses = fileLocalUses(scope, model, isScript(context));
  return (
    uses !== undefined &&
    uses.every((use) => {
      const site = callOf(use) ?? (use.parent?.type === 'return_statement' ? use.parent : undefined);
      const useScope = model.scopeOf(use);
      return site !== undefined && Boolean(nearestStatementBefore(site, (statement) => loopSetBy(statement, model, useScope)));
    })
  );
}

/** `@functools.wraps(fn)` (however imported): it only copies the wrapped function's name and docstring. */
function isWraps(decorator: SyntaxNode, scope: Scope, { model }: RuleContext): boolean {
  const expression = decorator.firstNamedChild;
  return expression?.type === 'call' && model.calleeName(expression, scope) === 'functools.wraps';
}
