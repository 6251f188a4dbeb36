// Operands of `or` Python never evaluates: after one that always gives an event loop (`asyncio.new_event_loop() or
// asyncio.get_event_loop()`), an object with no `__bool__` or `__len__`, so always true. LOOP201 reports nothing there.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { isNewLoopCall } from './asyncioValues';

/** Where an expression's operands end: a statement's block, or the module. */
const OUTSIDE_EXPRESSIONS: ReadonlySet<string> = new Set(['block', 'module']);

/**
 * Whether `node` lies in an operand of `or` after one that always gives a new event loop (see givesLoop), in the
 * expression holding it: `or` stops at the first true operand, so this one never runs.
 */
export function skippedAfterNewLoop(node: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  for (let child = node, parent = node.parent; parent && !OUTSIDE_EXPRESSIONS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'boolean_operator' || parent.childForFieldName('right')?.id !== child.id) continue;
    const left = parent.childForFieldName('left');
    if (parent.childForFieldName('operator')?.type === 'or' && left && givesLoop(left, model, scope)) return true;
  }
  return false;
}

/**
 * Whether an expression always gives an event loop: a call making one (`asyncio.new_event_loop()`, uvloop's,
 * `policy.new_event_loop()`, `asyncio.SelectorEventLoop()`: see isNewLoopCall), or an `or` with such an operand. Only
 * calls known to return a loop count: an instance of another class may define `__bool__` or `__len__` and be false.
 */
function givesLoop(expression: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const node = unparenthesize(expression);
  if (node.type === 'call') return isNewLoopCall(node, model, scope);
  if (node.type !== 'boolean_operator' || node.childForFieldName('operator')?.type !== 'or') return false;
  return node.namedChildren.some((operand) => givesLoop(operand, model, scope));
}
