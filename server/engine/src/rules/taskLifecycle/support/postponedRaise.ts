// LOOP305's postponed re-raise: a handler that keeps the exception it caught in a local name (`cancellation = exc`)
// which the function raises after the `try` statement (`raise cancellation`, or the result of an error picker it is
// handed to, see errorPickers.ts) or returns to callers that raise it, or in
// an attribute that other code of the class raises (`self._run_error = err`, raised by `__aexit__`), or that only
// notes the cancellation in a local flag (`cancelled = True`) on which the function later raises `CancelledError` anew.
// Code that must finish something first (wait for a thread that cannot be interrupted, take a lock back), or that hands
// a background run's outcome to its owner, lets the cancellation through that way: it is delayed or handed on, not
// swallowed.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import {
  callArguments,
  caughtName,
  comparedWithNone,
  DEFINITION_KINDS,
  inNestedDefinition,
  parentOutsideParentheses,
  unparenthesize,
} from '../../../analysis/pythonSyntax';
import type { Binding, Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { raisesCancelledError } from '../../../ruleSupport/raiseFreeCode';
import { statementsOf } from './syntaxShapes';
import { passedToPicked } from './errorPickers';

/**
 * Whether `handler` (of `clause`, in `tryStatement`) stores the caught exception in a local name, by a statement of
 * its own (not under a condition but `if <name> is None:`), that a `raise <name>` (or `assert <name> is None`) of the
 * same function raises after the `try` statement, with nothing else binding the name from the loop around the `try`
 * (or the `try`) up to that `raise`: a reset at the top of a loop going round again would lose the exception. Another
 * handler storing the exception it caught in the same name (a loop whose read and whose write are each cancelled apart:
 * mitmproxy's connection handler) keeps one to raise, and does not count. A `raise` in a later `except` clause runs
 * only when that clause's exception happens, and does not count.
 *
 * Or whether the handler returns the exception straight away (`return error`, a statement of its own: a `_close()`
 * helper handing back what closing raised) to callers that raise it.
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
    const raises = [
      ...laterRaises(target.text, tryStatement, function_),
      ...pickedForRaising(target.text, tryStatement, function_, model),
      ...(returned && callersRaiseResult() ? [returned] : []),
    ];
    return raisedLater(target, raises, storesCaughtException);
  });
  return (
    exceptionRaised ||
    (returnsCaughtException(clause, handler) && callersRaiseResult()) ||
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

/** Whether the handler returns what it caught by a statement of its own (`return error`). */
function returnsCaughtException(clause: SyntaxNode, handler: SyntaxNode): boolean {
  const caught = caughtName(clause)?.text;
  return statementsOf(handler).some(
    (statement) =>
      statement.type === 'return_statement' &&
      statement.firstNamedChild?.type === 'identifier' &&
      statement.firstNamedChild.text === caught,
  );
}

/**
 * Whether `call` (of a function returning a kept exception) is awaited into a name the calling function then raises:
 * `error = await call` or `if error := await call:` followed by `raise error` (see valueRaised), or `raise await call`.
 */
export function resultRaised(call: SyntaxNode, model: SemanticModel): boolean {
  const awaited = parentOutsideParentheses(call);
  const caller = awaited?.type === 'await' ? enclosingFunction(call) : undefined;
  return caller !== undefined && valueRaised(awaited!, caller, model);
}

/**
 * Whether `call` (of a coroutine returning a caught exception) is awaited into a name appended to a local list, `if error
 * := await self._close(page): errors.append(error)` (also after `and` tests deciding whether to call at all), or `error =
 * await ...` followed by `errors.append(error)` or `if error:` / `if error is not None:` around it, and the calling
 * function then hands the list to an error picker whose result it raises (see pickedForRaising), with nothing binding
 * the list anew from the loop around the append (or the append) up to that call.
 */
export function collectedForRaising(call: SyntaxNode, model: SemanticModel): boolean {
  const awaited = parentOutsideParentheses(call);
  const holder = awaited?.type === 'await' ? parentOutsideParentheses(awaited) : null;
  const caller = enclosingFunction(call);
  let target: SyntaxNode | null = null;
  let appends: SyntaxNode[] = [];
  if (holder?.type === 'named_expression') {
    target = holder.childForFieldName('name');
    appends = statementsOf(ifTaking(holder)?.childForFieldName('consequence'));
  } else if (holder?.type === 'assignment' && holder.parent?.type === 'expression_statement') {
    target = holder.childForFieldName('left');
    let next = holder.parent.nextNamedSibling;
    while (next?.type === 'comment') next = next.nextNamedSibling;
    const condition = next?.type === 'if_statement' ? next.childForFieldName('condition') : undefined;
    if (!condition) appends = next ? [next] : [];
    else if (target && testsPresence(condition, target.text)) appends = statementsOf(next!.childForFieldName('consequence'));
  }
  if (target?.type !== 'identifier' || !caller) return false;
  const name = target.text;
  const append = appends.find((statement) => appendedList(statement, name) !== undefined);
  const list = append && appendedList(append, name);
  if (!append || !list) return false;
  const from = outermostLoop(append, caller) ?? append;
  const bindings = model.scopeOfDefinition(caller)?.bindings.get(list) ?? [];
  return pickedForRaising(list, append, caller, model).some(
    (pick) => !bindings.some((binding) => binding.position >= from.startIndex && binding.position < pick.startIndex),
  );
}

/**
 * The `if` statement whose condition is `test`, or ends with it after `and` (`if page is not None and (error := await
 * ...)`: the tests before it only decide whether the call is made): its body runs whenever `test` holds.
 */
function ifTaking(test: SyntaxNode): SyntaxNode | undefined {
  let node = test;
  for (let parent = parentOutsideParentheses(node); parent?.type === 'boolean_operator'; parent = parentOutsideParentheses(node)) {
    const right = parent.childForFieldName('right');
    if (parent.childForFieldName('operator')?.type !== 'and' || !right || unparenthesize(right).id !== node.id) return undefined;
    node = parent;
  }
  const statement = parentOutsideParentheses(node);
  const condition = statement?.type === 'if_statement' ? statement.childForFieldName('condition') : null;
  return condition && unparenthesize(condition).id === node.id ? statement! : undefined;
}

/** `name` or `name is not None`: an exception is never false. */
function testsPresence(condition: SyntaxNode, name: string): boolean {
  const test = unparenthesize(condition);
  const tested = test.type === 'identifier' ? test : comparedWithNone(test, 'is not');
  return tested?.type === 'identifier' && tested.text === name;
}

/** The local list `errors` of a statement `errors.append(name)`. */
function appendedList(statement: SyntaxNode, name: string): string | undefined {
  const call = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  const list =
    callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'append' ? callee.childForFieldName('object') : null;
  const args = call ? callArguments(call) : undefined;
  const item = args?.positional.length === 1 && args.keywords.size === 0 ? unparenthesize(args.positional[0]!) : undefined;
  return list?.type === 'identifier' && item?.type === 'identifier' && item.text === name ? list.text : undefined;
}

/**
 * The calls of the function's own code after `after` (not in a later `except` clause) that pass the name `name` to an
 * error picker of this file (see errorPickers.ts) whose result the function raises (see valueRaised):
 * `final = self._cleanup_failure(primary_error, cleanup_errors)` and then `raise final`.
 */
function pickedForRaising(name: string, after: SyntaxNode, function_: SyntaxNode, model: SemanticModel): SyntaxNode[] {
  return function_.descendantsOfType('call').filter((call) => {
    const args = callArguments(call);
    const mentioned = [...args.positional, ...args.keywords.values()].some((argument) => unparenthesize(argument).text === name);
    if (!mentioned || !runsAfter(call, after, function_)) return false;
    const picker = model.calleeDefinition(call);
    return picker !== undefined && passedToPicked(call, picker, name, model) && valueRaised(call, function_, model);
  });
}

/**
 * Whether the function raises `value` (a call, or an await of one): `raise value`, or `name = value` or `if name :=
 * value:` followed by `raise name` (see laterRaises), with nothing binding the name anew in between.
 */
function valueRaised(value: SyntaxNode, function_: SyntaxNode, model: SemanticModel): boolean {
  const holder = parentOutsideParentheses(value);
  if (holder?.type === 'raise_statement') return holder.firstNamedChild !== null && unparenthesize(holder.firstNamedChild).id === value.id;
  let target: SyntaxNode | null = null;
  let after: SyntaxNode | null = null;
  if (holder?.type === 'assignment' && holder.parent?.type === 'expression_statement') {
    target = holder.childForFieldName('left');
    after = holder.parent;
  } else if (holder?.type === 'named_expression') {
    target = holder.childForFieldName('name');
    after = holder;
  }
  if (target?.type !== 'identifier' || !after) return false;
  const start = target.startIndex;
  const bindings = model.scopeOfDefinition(function_)?.bindings.get(target.text) ?? [];
  return laterRaises(target.text, after, function_).some(
    (raise) => !bindings.some((binding) => binding.position > start && binding.position < raise.startIndex),
  );
}

/** The `def` whose own code `node` is, if it is one. */
function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  let definition = node.parent;
  while (definition && !DEFINITION_KINDS.has(definition.type)) definition = definition.parent;
  return definition?.type === 'function_definition' ? definition : undefined;
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
