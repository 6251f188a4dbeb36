// Which `except` clauses catch a coroutine's cancellation, whether their handler raises again, and whether a `try` is
// clean-up inside such a handler (LOOP305 and the analysis of the coroutines it awaits).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { DEFINITION_KINDS, exceptionTypesCaught, inNestedDefinition } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { alwaysFails, assertsNotCancelled } from './failingAsserts';
import { handlerBlock } from './syntaxShapes';

/**
 * How a clause catches cancellation, for the message. `byAnyio`: it names anyio's cancellation class
 * (`get_cancelled_exc_class()`), whose cancellation is level-triggered: the cancel scope stays cancelled and the next
 * checkpoint raises it again, so such a clause delays the cancellation rather than swallowing it.
 */
type Catch = { readonly kind: 'explicit' | 'baseException' | 'bare'; readonly header: SyntaxNode; readonly byAnyio?: boolean };

/**
 * Whether (and how) an except clause catches `asyncio.CancelledError` (or anyio's `get_cancelled_exc_class()`, the
 * same class under asyncio); `header` spans what is caught.
 */
export function catchOf(clause: SyntaxNode, model: SemanticModel, scope: Scope): Catch | undefined {
  const value = clause.childForFieldName('value');
  if (!value) {
    const keyword = clause.firstChild;
    return keyword ? { kind: 'bare', header: keyword } : undefined;
  }
  const types = value.type === 'as_pattern' ? value.firstNamedChild : value;
  if (!types) return undefined;
  const candidates = exceptionTypesCaught(clause);
  let kind: Catch['kind'] | undefined;
  let byAnyio = false;
  for (const candidate of candidates) {
    if (candidate.type === 'call') {
      // anyio names its backend's cancellation class through a call: `except get_cancelled_exc_class():`.
      byAnyio ||= model.calleeName(candidate, scope) === 'anyio.get_cancelled_exc_class';
      continue;
    }
    const name = model.qualifiedName(candidate, scope);
    if (name === 'asyncio.CancelledError') kind = 'explicit';
    else if (name === 'builtins.BaseException') kind ??= 'baseException';
  }
  if (byAnyio && kind === undefined) return { kind: 'explicit', header: types, byAnyio };
  return kind ? { kind, header: types } : undefined;
}

/**
 * Whether `tryStatement` is clean-up of a cancellation already caught: it lies in the handler of an outer clause of the
 * same function that catches the cancellation first for its own `try`, and nothing else (`except CancelledError:`), as
 * `try: await self.close()` / `except CancelledError: pass` there, against a second cancellation while closing. Whether
 * the task's cancellation is lost is that outer clause's doing, and judged there: once it re-raises, the inner one loses
 * nothing. Not under `except BaseException:` or a bare `except:`, whose handler also cleans up after ordinary errors: a
 * cancellation arriving then is a new one, which only the inner clause swallows.
 */
export function inCancellationCleanup(tryStatement: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  for (
    let child = tryStatement, parent = tryStatement.parent;
    parent && !DEFINITION_KINDS.has(parent.type);
    child = parent, parent = parent.parent
  ) {
    if (parent.type !== 'except_clause' || handlerBlock(parent)?.id !== child.id) continue;
    if (catchesOnlyCancellation(parent, model, scope) && !caughtEarlier(parent, model, scope)) return true;
  }
  return false;
}

/** `except CancelledError:` (also anyio's `get_cancelled_exc_class()`), naming no other exception. */
function catchesOnlyCancellation(clause: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const types = exceptionTypesCaught(clause);
  return (
    types.length > 0 &&
    types.every((type) =>
      type.type === 'call'
        ? model.calleeName(type, scope) === 'anyio.get_cancelled_exc_class'
        : model.qualifiedName(type, scope) === 'asyncio.CancelledError',
    )
  );
}

/** Whether an earlier clause of the clause's `try` catches cancellation: then this one never sees it. */
export function caughtEarlier(clause: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  for (let sibling = clause.previousNamedSibling; sibling; sibling = sibling.previousNamedSibling) {
    if (sibling.type === 'except_clause' && catchOf(sibling, model, scope)) return true;
  }
  return false;
}

/**
 * Whether the handler raises on some path of its own: a `raise` statement, an `assert False`, an assert a cancellation
 * fails before anything may end the handler (`assert isinstance(exc, RuntimeError)`, see failingAsserts), or a call to
 * a function of this file that always raises (`self._fail(...)`), or to a known one (`sys.exit`, `pytest.fail`).
 * Not counted: code in a nested function or class (it runs later, if at all), and a `raise` in a
 * nested `except` clause, which re-raises that clause's exception, not the cancellation.
 */
export function reraises(handler: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const ownCode = (node: SyntaxNode): boolean => !inNestedDefinition(node, handler);
  const inNestedHandler = (node: SyntaxNode): boolean => {
    for (let current = node.parent; current && current.id !== handler.id; current = current.parent) {
      if (current.type === 'except_clause') return true;
    }
    return false;
  };
  if (handler.descendantsOfType('raise_statement').some((raise) => ownCode(raise) && !inNestedHandler(raise))) return true;
  // `assert False, exc`: a test reporting the exception it caught as its failure.
  if (handler.descendantsOfType('assert_statement').some((check) => ownCode(check) && !inNestedHandler(check) && alwaysFails(check)))
    return true;
  // `assert isinstance(exc, RuntimeError)` first: a test checking what it caught fails for a cancellation.
  if (assertsNotCancelled(handler, model)) return true;
  return handler.descendantsOfType('call').some((call) => ownCode(call) && !inNestedHandler(call) && alwaysRaises(call, model, scope));
}

/** Calls that never return normally. */
const RAISING_CALLS: ReadonlySet<string> = new Set(['sys.exit', 'os._exit', 'pytest.fail', 'pytest.skip', 'pytest.exit']);

/** A call to a function that always raises: a known one, or a `def` of this file whose body ends with `raise` and never returns. */
function alwaysRaises(call: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const name = model.calleeName(call, scope);
  if (name !== undefined && RAISING_CALLS.has(name)) return true;
  const definition = model.calleeDefinition(call, scope);
  if (definition?.type !== 'function_definition') return false;
  const body = definition.childForFieldName('body');
  const last = body?.namedChildren.filter((child) => child.type !== 'comment').at(-1);
  if (last?.type !== 'raise_statement') return false;
  // A `return` or `yield` anywhere in its own code gives a path that does not raise.
  return !body!.descendantsOfType(['return_statement', 'yield']).some((node) => {
    for (let current = node.parent; current && current.id !== definition.id; current = current.parent) {
      if (DEFINITION_KINDS.has(current.type)) return false;
    }
    return true;
  });
}
