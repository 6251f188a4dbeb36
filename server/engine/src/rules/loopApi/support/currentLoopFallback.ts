// `asyncio.get_event_loop()` outside a running loop with its Python 3.14 failure handled on purpose: the `except
// RuntimeError` around the call (or around every call of the private helper holding it); and a handler making and
// setting a loop itself, which is what `get_event_loop()` did before 3.14 where no loop was current (LOOP203 leaves
// the `set_event_loop` of such a handler alone):
//   try:
//       loop = asyncio.get_event_loop()
//   except RuntimeError:
//       loop = asyncio.new_event_loop()
//       asyncio.set_event_loop(loop)
// Also the other way round: a call in the handler of `asyncio.run()` failing because a loop already runs, where it
// cannot raise (see readsLoopAlreadyRunning).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import {
  DEFINITION_KINDS,
  argumentAt,
  caughtName,
  exceptionTypesCaught,
  plainStringText,
  runsOnlyWhere,
  unparenthesize,
} from '../../../analysis/pythonSyntax';
import type { SemanticModel } from '../../../analysis/semanticModel';
import type { RuleContext } from '../../../linter/rule';
import { isNewLoopCall, methodCall } from './asyncioValues';
import { callOf, fileLocalUses } from '../../../ruleSupport/fileLocalFunctions';
import { isScript } from '../../../ruleSupport/scriptModules';

/**
 * Whether the RuntimeError a call raises is caught: by an `except` catching RuntimeError around it in its own function,
 * or else, when the call is in a function only this file can call (a module-level `_name`, a nested function, or a
 * public function of a script), by one around each of its calls, none of which hands the function elsewhere.
 */
export function catchesRuntimeErrorOnPurpose(call: SyntaxNode, context: RuleContext): boolean {
  const { model } = context;
  if (catchingClauses(call, model)) return true;
  const scope = context.scope.functionScope;
  const uses = scope && fileLocalUses(scope, model, isScript(context));
  return (
    uses !== undefined &&
    uses.every((use) => {
      const caller = callOf(use);
      return caller !== undefined && catchingClauses(caller, model) !== undefined;
    })
  );
}

/**
 * Whether the call is in the `except RuntimeError as error:` clause of a `try` whose body starts a loop
 * (`asyncio.run(...)`, `Runner.run(...)`, `loop.run_until_complete(...)`), in a branch of that clause taken where the
 * error's text says a loop is running (`if "cannot be called from a running event loop" in str(error):`): a sync
 * wrapper falling back to the loop its caller runs. A loop runs in this thread there, so `get_event_loop()` returns it
 * on every version and cannot raise. (Driving that loop again, as such wrappers go on to do, raises "This event loop is
 * already running"; no rule reports it outside coroutines.) Without the test of the text, the handler also runs for a
 * RuntimeError the coroutine raised, after `asyncio.run()` unset its loop: no loop is current then.
 */
export function readsLoopAlreadyRunning(call: SyntaxNode, model: SemanticModel): boolean {
  for (let child = call, parent = call.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'except_clause' || child.type !== 'block') continue;
    const clause = parent;
    const error = caughtName(clause);
    const body = clause.parent?.type === 'try_statement' ? clause.parent.childForFieldName('body') : null;
    if (!error || !body || !catchesRuntimeError(clause, model) || !ownCalls(body).some((started) => startsLoop(started, model)))
      return false;
    const inClause = (test: SyntaxNode): boolean => test.startIndex > clause.startIndex && test.endIndex <= clause.endIndex;
    return runsOnlyWhere(call, (test, holds) => holds && inClause(test) && saysLoopRunning(test, error.text));
  }
  return false;
}

/** `asyncio.run(...)`, `runner.run(...)` of an `asyncio.Runner`, `loop.run_until_complete(...)`. */
function startsLoop(call: SyntaxNode, model: SemanticModel): boolean {
  const name = model.calleeName(call, model.scopeOf(call));
  return name === 'asyncio.run' || name === 'asyncio.Runner.run' || methodCall(call)?.method === 'run_until_complete';
}

const RUNNING = /\brunning\b/i;

/**
 * A test that holds where the error's text says a loop is running: `"running event loop" in str(error)`, `str(error) ==
 * "..."`, `str(error).startswith("asyncio.run() cannot be called from a running event loop")`. Not `not in`.
 */
function saysLoopRunning(test: SyntaxNode, error: string): boolean {
  const readsError = test.descendantsOfType('identifier').some((name) => name.text === error);
  const saysRunning = test.descendantsOfType('string').some((text) => RUNNING.test(plainStringText(text) ?? ''));
  if (!readsError || !saysRunning) return false;
  if (test.type === 'comparison_operator') return test.children.every((part) => part.type !== 'not in' && part.type !== '!=');
  return test.type === 'call';
}

/**
 * Whether an `except` clause makes a new event loop and sets it as the current one (`loop = asyncio.new_event_loop()`,
 * `asyncio.set_event_loop(loop)`): where it runs, the thread ends up with a current loop, as on every Python before 3.14.
 */
function makesCurrentLoop(clause: SyntaxNode, model: SemanticModel): boolean {
  return ownCalls(clause).some((call) => {
    const scope = model.scopeOf(call);
    if (model.calleeName(call, scope) !== 'asyncio.set_event_loop') return false;
    const argument = argumentAt(call, 0, 'loop');
    let loop = argument && unparenthesize(argument);
    if (loop?.type === 'identifier') {
      const binding = model.resolve(loop, scope);
      loop = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    }
    return loop?.type === 'call' && isNewLoopCall(loop, model, scope);
  });
}

/**
 * Whether `asyncio.set_event_loop(...)` sets the loop made where `get_event_loop()` found none: it is in a clause that
 * makes and sets a loop, catching the RuntimeError of a `get_event_loop()` in the `try` body. What is set is then the
 * thread's current loop, the one `get_event_loop()` returns where there is one, not a loop of the function's own.
 */
export function setsLoopMadeWhereNoneWasCurrent(setCall: SyntaxNode, model: SemanticModel): boolean {
  for (let child = setCall, parent = setCall.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'except_clause' || child.type !== 'block') continue;
    const tryStatement = parent.parent;
    const body = tryStatement?.type === 'try_statement' ? tryStatement.childForFieldName('body') : null;
    if (!body || !catchesRuntimeError(parent, model) || !makesCurrentLoop(parent, model)) return false;
    return ownCalls(body).some((call) => model.calleeName(call, model.scopeOf(call)) === 'asyncio.get_event_loop');
  }
  return false;
}

/** The `except` clauses of the innermost `try` around `node` in its own function whose body it is in and that catch RuntimeError. */
function catchingClauses(node: SyntaxNode, model: SemanticModel): SyntaxNode[] | undefined {
  for (let child = node, parent = node.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || parent.childForFieldName('body')?.id !== child.id) continue;
    const clauses = parent.namedChildren.filter((part) => part.type === 'except_clause' && catchesRuntimeError(part, model));
    if (clauses.length > 0) return clauses;
  }
  return undefined;
}

/** `except RuntimeError:`, `except (RuntimeError, ValueError) as error:`. */
function catchesRuntimeError(clause: SyntaxNode, model: SemanticModel): boolean {
  return exceptionTypesCaught(clause).some(
    (candidate) => model.qualifiedName(candidate, model.scopeOf(candidate)) === 'builtins.RuntimeError',
  );
}

/** The calls written in `node` that run with it, not in a function or class defined inside it. */
export function ownCalls(node: SyntaxNode): SyntaxNode[] {
  return node.descendantsOfType('call').filter((call) => {
    for (let current = call.parent; current && current.id !== node.id; current = current.parent) {
      if (DEFINITION_KINDS.has(current.type)) return false;
    }
    return true;
  });
}
