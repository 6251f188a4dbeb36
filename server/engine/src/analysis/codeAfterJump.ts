// Code written after a `return`, `raise`, `continue` or `break` of the same block never runs (a test's line left after
// its `return await ...`): what a rule finds there is no problem of the program.
import type { SyntaxNode } from './pythonParser';

const JUMPS: ReadonlySet<string> = new Set(['return_statement', 'raise_statement', 'continue_statement', 'break_statement']);

/**
 * Whether `node` lies after a jump statement of a block around it, within its top-level statement (a module-level
 * `raise` is not followed into the statements after it: each top-level statement is linted on its own).
 */
export function followsJump(node: SyntaxNode): boolean {
  for (let inner: SyntaxNode = node, outer = node.parent; outer && outer.type !== 'module'; inner = outer, outer = outer.parent) {
    if (outer.type !== 'block') continue;
    for (let before = inner.previousNamedSibling; before; before = before.previousNamedSibling) {
      if (JUMPS.has(before.type)) return true;
    }
  }
  return false;
}
