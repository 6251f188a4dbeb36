// LOOP305's postponed re-raise: a handler that keeps the exception it caught in a local name (`cancellation = exc`)
// which the function raises after the `try` statement (`raise cancellation`) or returns to callers that raise it, or in
// an attribute that other code of the class raises (`self._run_error = err`, raised by `__aexit__`), or that only
// notes the cancellation in a local flag (`cancelled = True`) on which the function later raises `CancelledError` anew.
// Code that must finish something first (wait for a thread that cannot be interrupted, take a lock back), or that hands
// a background run's outcome to its owner, lets the cancellation through that way: it is delayed or handed on, not
// swallowed.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import {
  caughtName,
  comparedWithNone,
  DEFINITION_KINDS,
  inNestedDefinition,
  parentOutsideParentheses,
} from '../../../analysis/pythonSyntax';
import type { Binding, Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { raisesCancelledError } from '../../../ruleSupport/raiseFreeCode';
import { statementsOf } from './syntaxShapes';

/**
 * Whether `handler` (of `clause`, in `tryStatement`) stores the caught exception in a local name, by a statement of
 * its own (not under a condition but `if <name> is None:`), that a `raise <name>` (or `assert <name> is None`) of the
 * same function raises after the `try` statement, with nothing else binding the name from the loop around the `try`
 * (or the `try`) up to that `raise`: a reset at the top of a loop going round again would lose the exception. Another
 * handler storing the exception it caught in the same name (a loop whose read and whose write are each cancelled apart:
 * mitmproxy's connection handler) keeps one to raise, and does not count. A `raise` in a later `except` clause runs
 * only when that clause's exception happens, and does not count.
 *
 * Or whether the handler sets a local flag, by a statement of its own (`cancelled = True`), on which the function
 * raises a new `CancelledError` after the `try` statement (`if cancelled: raise asyncio.CancelledError`, after the
 * retry loop that takes a lock back: CPython's `Condition.wait`), with nothing but other `= True` binding the flag in
 * between (its `cancelled = False` belongs before the loop): a reset would drop the cancellation.
 */
export function raisedAfterTry(
  clause: SyntaxNode,
  tryStatement: SyntaxNode,
  handler: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  callersRaiseResult: () => boolean,
): boolean {
  const owner = scope.functionScope;
  if (owner?.kind !== 'function') return false;
  const function_ = owner.node;
  const from = outermostLoop(tryStatement, function_) ?? tryStatement;
  // Whether one of `raises` comes with nothing binding `target`'s name since `from` but what `keeps` allows.
  const raisedLater = (target: SyntaxNode, raises: readonly SyntaxNode[], keeps: (binding: Binding) => boolean): boolean => {
    const name = target.text;
    if (owner.globals.has(name) || owner.nonlocals.has(name)) return false;
    const rebindings = (owner.bindings.get(name) ?? []).filter((binding) => binding.position !== target.startIndex && !keeps(binding));
    return raises.some(
      (raise) => !rebindings.some((binding) => binding.position >= from.startIndex && binding.position < raise.startIndex),
    );
  };
  const stores = caughtExceptionStores(clause, handler).filter((target) => target.type === 'identifier');
  const exceptionRaised = stores.some((target) => {
    const returned = returnedAtTheEnd(target.text, from, function_);
    const raises = [...laterRaises(target.text, tryStatement, function_), ...(returned && callersRaiseResult() ? [returned] : [])];
    return raisedLater(target, raises, storesCaughtException);
  });
  return (
    exceptionRaised ||
    flagsSet(handler).some((flag) =>
      raisedLater(flag, raisesOnFlag(flag.text, tryStatement, function_, scope, model), (binding) => binding.value?.type === 'true'),
    )
  );
}

/**
 * The `return <name>` ending the function, when every `return` of its own code from `from` (the `try`, or the loop
 * around it) on is one: the kept exception goes back to the caller (`_acomplete_open_handles` returning the first
 * error, which `afinalize` raises).
 */
function returnedAtTheEnd(name: string, from: SyntaxNode, function_: SyntaxNode): SyntaxNode | undefined {
  const last = statementsOf(function_.childForFieldName('body')).at(-1);
  const returnsName = (statement: SyntaxNode): boolean =>
    statement.firstNamedChild?.type === 'identifier' && statement.firstNamedChild.text === name;
  if (last?.type !== 'return_statement' || !returnsName(last)) return undefined;
  const others = function_
    .descendantsOfType('return_statement')
    .filter((statement) => statement.startIndex > from.startIndex && !inNestedDefinition(statement, function_));
  return others.every(returnsName) ? last : undefined;
}

/**
 * Whether `call` (of a function returning a kept exception) is `error = await call` followed, in the calling function,
 * by `raise error` (see laterRaises).
 */
export function resultRaised(call: SyntaxNode): boolean {
  const awaited = parentOutsideParentheses(call);
  const assignment = awaited?.type === 'await' ? awaited.parent : undefined;
  const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
  const statement = assignment?.parent;
  if (target?.type !== 'identifier' || statement?.type !== 'expression_statement') return false;
  let caller = statement.parent;
  while (caller && !DEFINITION_KINDS.has(caller.type)) caller = caller.parent;
  return caller?.type === 'function_definition' && laterRaises(target.text, statement, caller).length > 0;
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

/**
 * The targets of the handler's own statements `<target> = <caught name>`: not under a condition, but for the one that
 * keeps the first of several errors (`if first_error is None: first_error = e`, in a loop finalizing each part). That
 * condition fails only when an earlier error is already kept, which is then raised in the cancellation's place: the
 * task still ends by raising.
 */
function caughtExceptionStores(clause: SyntaxNode, handler: SyntaxNode): SyntaxNode[] {
  const caught = caughtName(clause);
  if (!caught) return [];
  const storeOf = (statement: SyntaxNode): SyntaxNode | undefined => {
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    const value = assignment?.childForFieldName('right');
    return target && value?.type === 'identifier' && value.text === caught.text ? target : undefined;
  };
  return statementsOf(handler).flatMap((statement) => {
    if (statement.type !== 'if_statement') return storeOf(statement) ?? [];
    const kept = statement.childForFieldName('alternative') ? undefined : noneTested(statement.childForFieldName('condition'));
    if (kept === undefined) return [];
    return statementsOf(statement.childForFieldName('consequence')).flatMap((inner) => {
      const target = storeOf(inner);
      return target?.text === kept ? [target] : [];
    });
  });
}

/** `x` for the test `x is None` (a name or an attribute). */
function noneTested(test: SyntaxNode | null): string | undefined {
  const tested = test ? comparedWithNone(test, 'is') : undefined;
  return tested?.type === 'identifier' || tested?.type === 'attribute' ? tested.text : undefined;
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

/**
 * The `raise <name>` statements of the function's own code after `tryStatement`, outside later `except` clauses, and
 * the `assert <name> is None` ones (a test keeping what an iteration raised to check it later): a kept cancellation
 * then ends the task with an `AssertionError`.
 */
function laterRaises(name: string, tryStatement: SyntaxNode, function_: SyntaxNode): SyntaxNode[] {
  return function_.descendantsOfType(['raise_statement', 'assert_statement']).filter((raise) => {
    const raised = raise.firstNamedChild;
    const failsOn = raise.type === 'raise_statement' ? (raised?.type === 'identifier' ? raised.text : undefined) : noneTested(raised);
    return failsOn === name && runsAfter(raise, tryStatement, function_);
  });
}

/** The targets of the handler's own statements `<name> = True`, not under a condition. */
function flagsSet(handler: SyntaxNode): SyntaxNode[] {
  return statementsOf(handler).flatMap((statement) => {
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    return target?.type === 'identifier' && assignment?.childForFieldName('right')?.type === 'true' ? [target] : [];
  });
}

/**
 * The `raise asyncio.CancelledError` statements (or `raise CancelledError()`) of the function's own code after
 * `tryStatement`, outside later `except` clauses, that an `if <name>:` runs straight away.
 */
function raisesOnFlag(name: string, tryStatement: SyntaxNode, function_: SyntaxNode, scope: Scope, model: SemanticModel): SyntaxNode[] {
  return function_.descendantsOfType('raise_statement').filter((raise) => {
    // The block right under an `if` is its consequence (`else` and `elif` have clauses of their own).
    const test = raise.parent?.type === 'block' ? raise.parent.parent : undefined;
    const condition = test?.type === 'if_statement' ? test.childForFieldName('condition') : undefined;
    if (condition?.type !== 'identifier' || condition.text !== name) return false;
    return runsAfter(raise, tryStatement, function_) && raisesCancelledError(raise, scope, model);
  });
}

/** Whether `raise`, of the function's own code, comes after `tryStatement` and not in a later `except` clause. */
function runsAfter(raise: SyntaxNode, tryStatement: SyntaxNode, function_: SyntaxNode): boolean {
  if (raise.startIndex < tryStatement.endIndex) return false;
  for (let node = raise.parent; node && node.id !== function_.id; node = node.parent) {
    if (DEFINITION_KINDS.has(node.type)) return false;
    // An `except` clause around the `try` too is one it runs in: its later statements run after the handler.
    if (node.type === 'except_clause' && !(node.startIndex <= tryStatement.startIndex && tryStatement.endIndex <= node.endIndex))
      return false;
  }
  return true;
}

/** The outermost `for` / `while` of the function around `node`. */
function outermostLoop(node: SyntaxNode, function_: SyntaxNode): SyntaxNode | undefined {
  let loop: SyntaxNode | undefined;
  for (let current = node.parent; current && current.id !== function_.id; current = current.parent) {
    if (current.type === 'for_statement' || current.type === 'while_statement') loop = current;
  }
  return loop;
}
