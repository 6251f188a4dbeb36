// LOOP305's postponed re-raise: a handler that keeps the exception it caught in a local name (`cancellation = exc`)
// which the function raises after the `try` statement (`raise cancellation`). Code that must finish something first
// (wait for a thread that cannot be interrupted) lets the cancellation through that way: it is delayed, not swallowed.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { DEFINITION_KINDS } from '../../../analysis/pythonSyntax';
import type { Binding, Scope } from '../../../analysis/scope';
import { caughtName, statementsOf } from './syntaxShapes';

/**
 * Whether `handler` (of `clause`, in `tryStatement`) stores the caught exception in a local name, by a statement of
 * its own (not under a condition), that a `raise <name>` of the same function raises after the `try` statement, with
 * nothing else binding the name from the loop around the `try` (or the `try`) up to that `raise`: a reset at the top
 * of a loop going round again would lose the exception. Another handler storing the exception it caught in the same
 * name (a loop whose read and whose write are each cancelled apart: mitmproxy's connection handler) keeps one to raise,
 * and does not count. A `raise` in a later `except` clause runs only when that clause's exception happens, and does not
 * count.
 */
export function raisedAfterTry(clause: SyntaxNode, tryStatement: SyntaxNode, handler: SyntaxNode, scope: Scope): boolean {
  const caught = caughtName(clause);
  const owner = scope.functionScope;
  if (!caught || owner?.kind !== 'function') return false;
  const stores = statementsOf(handler).flatMap((statement) => {
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    const value = assignment?.childForFieldName('right');
    return target?.type === 'identifier' && value?.type === 'identifier' && value.text === caught.text ? [target] : [];
  });
  if (stores.length === 0) return false;
  const function_ = owner.node;
  const from = outermostLoop(tryStatement, function_) ?? tryStatement;
  return stores.some((target) => {
    const name = target.text;
    if (owner.globals.has(name) || owner.nonlocals.has(name)) return false;
    const rebindings = (owner.bindings.get(name) ?? []).filter(
      (binding) => binding.position !== target.startIndex && !storesCaughtException(binding),
    );
    return laterRaises(name, tryStatement, function_).some(
      (raise) => !rebindings.some((binding) => binding.position >= from.startIndex && binding.position < raise.startIndex),
    );
  });
}

/** `name = e` in an `except ... as e:` clause (directly, or under statements of the clause). */
function storesCaughtException(binding: Binding): boolean {
  const value = binding.kind === 'assignment' ? binding.value : undefined;
  if (value?.type !== 'identifier') return false;
  for (let node = binding.node.parent; node; node = node.parent) {
    if (DEFINITION_KINDS.has(node.type)) return false;
    if (node.type === 'except_clause') return caughtName(node)?.text === value.text;
  }
  return false;
}

/** The `raise <name>` statements of the function's own code after `tryStatement`, outside later `except` clauses. */
function laterRaises(name: string, tryStatement: SyntaxNode, function_: SyntaxNode): SyntaxNode[] {
  return function_.descendantsOfType('raise_statement').filter((raise) => {
    if (raise.startIndex < tryStatement.endIndex || raise.firstNamedChild?.type !== 'identifier' || raise.firstNamedChild.text !== name)
      return false;
    for (let node = raise.parent; node && node.id !== function_.id; node = node.parent) {
      if (DEFINITION_KINDS.has(node.type)) return false;
      // An `except` clause around the `try` too is one it runs in: its later statements run after the handler.
      if (node.type === 'except_clause' && !(node.startIndex <= tryStatement.startIndex && tryStatement.endIndex <= node.endIndex))
        return false;
    }
    return true;
  });
}

/** The outermost `for` / `while` of the function around `node`. */
function outermostLoop(node: SyntaxNode, function_: SyntaxNode): SyntaxNode | undefined {
  let loop: SyntaxNode | undefined;
  for (let current = node.parent; current && current.id !== function_.id; current = current.parent) {
    if (current.type === 'for_statement' || current.type === 'while_statement') loop = current;
  }
  return loop;
}
