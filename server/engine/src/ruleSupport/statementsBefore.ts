// The statements that run before a node in its function, nearest first: a rule asks the nearest one that says
// something about what it wants (a loop set current, a loop made), and nothing between can have skipped it.
import type { SyntaxNode } from '../analysis/pythonParser';
import { DEFINITION_KINDS } from '../analysis/pythonSyntax';
import type { SemanticModel } from '../analysis/semanticModel';

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
