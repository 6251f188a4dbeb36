// The loop a statement before a call made current in its thread (`asyncio.set_event_loop(loop)`): LOOP201 leaves a
// `get_event_loop()` after it alone (it returns that loop on every version), and LOOP202 names that loop's
// `create_task()` for an `ensure_future()` after it (which schedules on it, where `asyncio.create_task()` needs a
// running loop).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { argumentAt, DEFINITION_KINDS, unparenthesize } from '../../../analysis/pythonSyntax';
import type { RuleContext } from '../../../linter/rule';
import { callsSetEventLoop } from './asyncioValues';

/**
 * What the nearest statement of its own before `node` that `decide` answers for says, in its block or a block around
 * it within its top-level statement (a function, an `if __name__ == "__main__":`): nothing between can skip it. Not
 * the module's earlier statements: the language server re-checks a statement when it or what it names changes, and a
 * statement setting a loop names nothing the call reads.
 */
export function nearestStatementBefore<T>(node: SyntaxNode, decide: (statement: SyntaxNode) => T | undefined): T | undefined {
  let inner: SyntaxNode = node;
  for (
    let outer = node.parent;
    outer && outer.type !== 'module' && !DEFINITION_KINDS.has(outer.type);
    inner = outer, outer = outer.parent
  ) {
    if (outer.type !== 'block') continue;
    for (let statement = inner.previousNamedSibling; statement; statement = statement.previousNamedSibling) {
      const answer = decide(statement);
      if (answer !== undefined) return answer;
    }
  }
  return undefined;
}

/**
 * For a statement calling `asyncio.set_event_loop(...)` (written in `scope`): the loop it sets, or null for `None`
 * (no loop is current then); undefined for any other statement.
 */
export function loopSetBy(statement: SyntaxNode, context: RuleContext, scope = context.scope): SyntaxNode | null | undefined {
  const call = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (call?.type !== 'call' || !callsSetEventLoop(call, scope === context.scope ? context : { ...context, scope })) return undefined;
  const loop = argumentAt(call, 0, 'loop');
  return loop !== undefined && unparenthesize(loop).type !== 'none' ? loop : null;
}
