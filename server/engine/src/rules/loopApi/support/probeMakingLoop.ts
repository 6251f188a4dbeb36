// A probe for the current loop whose broad handler answers "no loop" by making one: the `ensure a loop` helper of a
// sync facade,
//   try:
//       asyncio.get_event_loop()
//   except Exception:
//       asyncio.set_event_loop(asyncio.new_event_loop())
// The RuntimeError Python 3.14 raises is what the handler catches (`except Exception`, `except BaseException` or a bare
// `except` catch it as `except RuntimeError` does), and its answer is the one asked for: a loop. A handler catching
// something broad that only logs or re-raises answers nothing, and the call stays reported. (A handler catching
// RuntimeError itself counts whatever it does: see currentLoopFallback.)
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { DEFINITION_KINDS, argumentAt, exceptionTypesCaught, unparenthesize } from '../../../analysis/pythonSyntax';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { isNewLoopCall } from './asyncioValues';
import { ownCalls } from './currentLoopFallback';

/** What a handler catching these catches the RuntimeError too. */
const BROAD_ERRORS: ReadonlySet<string> = new Set(['builtins.Exception', 'builtins.BaseException', 'builtins.RuntimeError']);

/**
 * Whether `call` is in the body of a `try` (in its own function) one of whose `except` clauses catches RuntimeError or
 * something broader (Exception, BaseException, a bare `except`) and makes a loop: it calls a new-loop factory
 * (`asyncio.new_event_loop()`, uvloop's, `asyncio.SelectorEventLoop()`) or sets a loop current (`asyncio.set_event_loop`
 * of anything but None), and does not re-raise at its end.
 */
export function probeHandledByMakingLoop(call: SyntaxNode, model: SemanticModel): boolean {
  for (let child = call, parent = call.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || parent.childForFieldName('body')?.id !== child.id) continue;
    const clauses = parent.namedChildren.filter((part) => part.type === 'except_clause');
    if (clauses.some((clause) => catchesBroadly(clause, model) && makesLoop(clause, model) && !endsRaising(clause))) return true;
  }
  return false;
}

/** `except:`, `except Exception:`, `except (OSError, BaseException) as error:`, `except RuntimeError:`. */
export function catchesBroadly(clause: SyntaxNode, model: SemanticModel): boolean {
  const types = exceptionTypesCaught(clause);
  if (types.length === 0) return true;
  return types.some((type) => BROAD_ERRORS.has(model.qualifiedName(type, model.scopeOf(type)) ?? ''));
}

/** Whether a clause calls a new-loop factory, or sets a loop current (not None), in its own code. */
function makesLoop(clause: SyntaxNode, model: SemanticModel): boolean {
  return ownCalls(clause).some((call) => {
    const scope = model.scopeOf(call);
    if (isNewLoopCall(call, model, scope)) return true;
    if (model.calleeName(call, scope) !== 'asyncio.set_event_loop') return false;
    const loop = argumentAt(call, 0, 'loop');
    return loop !== undefined && unparenthesize(loop).type !== 'none';
  });
}

/** Whether the clause's last statement is a `raise`: whatever it made, the error goes on. */
function endsRaising(clause: SyntaxNode): boolean {
  const body = clause.namedChildren.find((part) => part.type === 'block');
  return body?.lastNamedChild?.type === 'raise_statement';
}
