// Statements making an event loop current in their thread (`asyncio.set_event_loop(loop)`): the loop-API rules read
// them before a call, and module summaries record a function whose own body makes one current (a test base's
// `setUp`), so that LOOP201 knows the tests of a class deriving from it, in another module, run with a loop current.
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/**
 * For a statement calling `asyncio.set_event_loop(...)` (however imported; written in `scope`): the loop it sets, or
 * null for `None` (no loop is current then); undefined for any other statement.
 */
export function loopSetBy(statement: SyntaxNode, model: SemanticModel, scope: Scope): SyntaxNode | null | undefined {
  const call = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (call?.type !== 'call' || !callsSetEventLoop(call, model, scope)) return undefined;
  const loop = argumentAt(call, 0, 'loop');
  return loop !== undefined && unparenthesize(loop).type !== 'none' ? loop : null;
}

/**
 * Whether a statement of the function's own body (not one under a condition, in a `try` or in a nested function) sets
 * a loop current, not `None`: once it has run, a loop is current (a test case's `setUp` setting `self.loop`).
 */
export function setsLoopInOwnBody(functionNode: SyntaxNode, model: SemanticModel): boolean {
  return (functionNode.childForFieldName('body')?.namedChildren ?? []).some((statement) =>
    Boolean(loopSetBy(statement, model, model.scopeOf(statement))),
  );
}

/**
 * `asyncio.set_event_loop(...)`, however imported (LOOP201 and LOOP203 ask): only a callee spelled so, or a bare name
 * (an alias of anything), is resolved.
 */
export function callsSetEventLoop(call: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const written = model.calleeText(call);
  const isBareName = !written.includes('.') && !written.includes('(') && !written.includes('[');
  if (!isBareName && model.calleeLastName(call) !== 'set_event_loop') return false;
  return model.calleeName(call, scope) === 'asyncio.set_event_loop';
}
