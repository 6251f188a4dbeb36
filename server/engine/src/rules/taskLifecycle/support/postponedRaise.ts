// LOOP305's postponed re-raise: a handler that keeps the exception it caught in a local name (`cancellation = exc`)
// which the function raises after the `try` statement (`raise cancellation`), or in an attribute that other code of the
// class raises (`self._run_error = err`, raised by `__aexit__`). Code that must finish something first (wait for a
// thread that cannot be interrupted), or that hands a background run's outcome to its owner, lets the cancellation
// through that way: it is delayed or handed on, not swallowed.
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
  const owner = scope.functionScope;
  if (owner?.kind !== 'function') return false;
  const stores = caughtExceptionStores(clause, handler).filter((target) => target.type === 'identifier');
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

/**
 * Whether `handler` (of `clause`) stores the exception it caught in an attribute, by a statement of its own
 * (`self._run_error = err`), which other code of the same top-level statement raises (`raise self._run_error`, in the
 * class's `__aexit__`): the exception is handed to the owner of the object, who raises it (temporalio's
 * `Worker.__aenter__` runs the worker in a task whose failure or cancellation `__aexit__` raises). The handler's own
 * `raise` does not count: a nested clause's raise is not this exception's.
 */
export function storedForRaising(clause: SyntaxNode, handler: SyntaxNode): boolean {
  const stored = new Set(
    caughtExceptionStores(clause, handler)
      .filter((target) => target.type === 'attribute')
      .map((target) => target.text),
  );
  if (stored.size === 0) return false;
  let topLevel = handler;
  while (topLevel.parent && topLevel.parent.type !== 'module') topLevel = topLevel.parent;
  return topLevel.descendantsOfType('raise_statement').some((raise) => {
    const raised = raise.firstNamedChild;
    const inHandler = raise.startIndex >= handler.startIndex && raise.endIndex <= handler.endIndex;
    return !inHandler && raised?.type === 'attribute' && stored.has(raised.text);
  });
}

/** The targets of the handler's own statements `<target> = <caught name>` (not under a condition). */
function caughtExceptionStores(clause: SyntaxNode, handler: SyntaxNode): SyntaxNode[] {
  const caught = caughtName(clause);
  if (!caught) return [];
  return statementsOf(handler).flatMap((statement) => {
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    const value = assignment?.childForFieldName('right');
    return target && value?.type === 'identifier' && value.text === caught.text ? [target] : [];
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
