// Coroutines that cannot fail: an `async def` of this file whose code either cannot raise (see raiseFreeCode) or runs
// in a `try` catching `Exception` (or everything) without raising again, such as a wrapper logging what the coroutine it
// awaits raises (`async def logging_coroutine(coro): try: await coro / except Exception: log.exception(...)`), or a
// `while True:` loop around such a `try`. Whoever runs one never sees an exception from it: LOOP209 has no sibling to
// cancel on its failure, and LOOP301 does not warn that a dropped task's exception goes unseen (there is none, or the
// handler saw it).
import type { SyntaxNode } from '../analysis/pythonParser';
import { codeStatements, exceptionTypesCaught, hasAsyncKeyword, inNestedDefinition, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { cannotRaise, evaluatesWithoutRaising } from './raiseFreeCode';
import { isHookStub } from './stubBodies';
import { calledDefinition } from './instanceClasses';

/** The broad catches: a clause naming one of these (or a bare `except:`) catches whatever the body may raise. */
const CATCH_ALL: ReadonlySet<string> = new Set(['Exception', 'BaseException']);

/**
 * Whether `call` calls an `async def` of this file that cannot fail (a cancellation still ends it: that is no failure).
 * Each statement of its body (after a docstring) cannot raise, or is a `try` with a clause catching `Exception` or
 * everything, no `raise` in its handlers, an `else` that cannot fail and a `finally` that cannot raise, or an `if` or
 * `while` whose conditions cannot raise around such statements, or awaits a call of another coroutine that cannot fail.
 */
export function callsCoroutineThatCannotFail(call: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  return call.type === 'call' && new FailureReader(model, new Set()).callsCoroutineThatCannotFail(call, scope);
}

class FailureReader {
  constructor(
    private readonly model: SemanticModel,
    /** The coroutines being read, so that recursion ends. */
    private readonly reading: Set<number>,
  ) {}

  callsCoroutineThatCannotFail(call: SyntaxNode, scope: Scope): boolean {
    const definition = calledDefinition(call, scope, this.model);
    if (definition?.type !== 'function_definition' || !hasAsyncKeyword(definition) || this.reading.has(definition.id)) return false;
    // A subclass's override runs, not the empty body read. (A decorator's wrapper, by contrast, runs the body, whose
    // handlers still catch what it raises.)
    if (isHookStub(definition, this.model)) return false;
    const body = this.model.scopeOfDefinition(definition);
    if (!body) return false;
    this.reading.add(definition.id);
    const cannotFail = this.statements(codeStatements(definition), body);
    this.reading.delete(definition.id);
    return cannotFail;
  }

  private statements(statements: readonly SyntaxNode[], scope: Scope): boolean {
    return statements.every((statement) => this.statement(statement, scope));
  }

  private block(block: SyntaxNode | null | undefined, scope: Scope): boolean {
    return block?.type === 'block' && this.statements(block.namedChildren, scope);
  }

  private statement(statement: SyntaxNode, scope: Scope): boolean {
    switch (statement.type) {
      case 'try_statement':
        return this.catchesAll(statement, scope);
      case 'if_statement':
      case 'while_statement':
        return statement.namedChildren.every((part) => this.branch(part, scope));
      case 'expression_statement':
        if (this.awaitsCoroutineThatCannotFail(statement, scope)) return true;
        break;
    }
    return cannotRaise([statement], this.model, scope);
  }

  /** A part of an `if` or `while`: its condition, its body, an `elif` or an `else`. */
  private branch(part: SyntaxNode, scope: Scope): boolean {
    switch (part.type) {
      case 'block':
        return this.block(part, scope);
      case 'elif_clause':
        return (
          evaluates(part.childForFieldName('condition'), this.model, scope) && this.block(part.childForFieldName('consequence'), scope)
        );
      case 'else_clause':
        return this.block(part.childForFieldName('body'), scope);
      case 'comment':
        return true;
      default:
        return evaluatesWithoutRaising(part, this.model, scope);
    }
  }

  /** `await helper(...)` as a statement, of a coroutine of this file that cannot fail. */
  private awaitsCoroutineThatCannotFail(statement: SyntaxNode, scope: Scope): boolean {
    const expression = statement.namedChildCount === 1 ? statement.firstNamedChild : null;
    const operand = expression?.type === 'await' ? expression.firstNamedChild : null;
    const call = operand && unparenthesize(operand);
    return call?.type === 'call' && this.callsCoroutineThatCannotFail(call, scope);
  }

  private catchesAll(attempt: SyntaxNode, scope: Scope): boolean {
    const clauses = attempt.namedChildren;
    if (clauses.some((clause) => clause.type === 'except_group_clause')) return false;
    const handlers = clauses.filter((clause) => clause.type === 'except_clause');
    const catchesAll = handlers.some((handler) => {
      const types = exceptionTypesCaught(handler);
      return types.length === 0 || types.some((type) => CATCH_ALL.has(type.text));
    });
    // A handler that logs may itself fail, but it has seen the exception; one raising again hands it on.
    const raisesAgain = handlers.some((handler) =>
      handler.descendantsOfType('raise_statement').some((raise) => !inNestedDefinition(raise, handler)),
    );
    // `else` and `finally` run outside the handlers: what they raise goes out.
    const outside = clauses.every(
      (clause) =>
        (clause.type !== 'else_clause' || this.block(clause.childForFieldName('body'), scope)) &&
        (clause.type !== 'finally_clause' || finallyCannotRaise(clause, this.model, scope)),
    );
    return catchesAll && !raisesAgain && outside;
  }
}

function evaluates(condition: SyntaxNode | null, model: SemanticModel, scope: Scope): boolean {
  return condition !== null && evaluatesWithoutRaising(condition, model, scope);
}

/** The `finally` block (it is not a field in tree-sitter-python). */
function finallyCannotRaise(clause: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const block = clause.namedChildren.find((child) => child.type === 'block');
  return block !== undefined && cannotRaise(block.namedChildren, model, scope);
}
