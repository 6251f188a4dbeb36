// Coroutines that cannot fail: an `async def` of this file whose code either cannot raise (see raiseFreeCode) or runs
// in a `try` catching `Exception` (or everything) without raising again, such as a wrapper logging what the coroutine it
// awaits raises (`async def logging_coroutine(coro): try: await coro / except Exception: log.exception(...)`), or a
// `while True:` or `for` loop around such a `try`. Whoever runs one never sees an exception from it: LOOP209 has no
// sibling to cancel on its failure, and LOOP301 does not warn that a dropped task's exception goes unseen (there is
// none, or the handler saw it). A coroutine handing its outcome to a future or a Deferred (`future.set_exception(exc)` in the handler,
// `loop.call_soon_threadsafe(future.set_result, result)` in the `else`) is such a wrapper: its waiter sees either.
import type { SyntaxNode } from '../analysis/pythonParser';
import {
  callArguments,
  caughtName,
  codeStatements,
  enclosingStatement,
  exceptionTypesCaught,
  hasAsyncKeyword,
  inNestedDefinition,
  unparenthesize,
} from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { cannotRaise, evaluatesWithoutRaising, iteratesWithoutRaising } from './raiseFreeCode';
import { isHookStub } from './stubBodies';
import { calledDefinition } from './instanceClasses';
import { calledName } from './coroutineSuspension';
import type { ProjectView } from '../linter/projectView';

/** The broad catches: a clause naming one of these (or a bare `except:`) catches whatever the body may raise. */
const CATCH_ALL: ReadonlySet<string> = new Set(['Exception', 'BaseException']);

/**
 * Whether `call` calls an `async def` of this file that cannot fail (a cancellation still ends it: that is no failure).
 * Each statement of its body (after a docstring) cannot raise, or is a `try` with a clause catching `Exception` or
 * everything, no `raise` in its handlers, an `else` that cannot fail and a `finally` that cannot raise, or an `if`,
 * `while` or `for` whose conditions (or iteration) cannot raise around such statements, or awaits a call of another
 * coroutine that cannot fail.
 */
export function callsCoroutineThatCannotFail(call: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  return call.type === 'call' && new FailureReader(model, new Set()).callsCoroutineThatCannotFail(call, scope);
}

/**
 * The same, also of a coroutine of another module (a function imported from there, or a method of another module's
 * class its receiver is known to be an instance of: see calledName) whose summary says it cannot fail.
 */
export function callsProjectCoroutineThatCannotFail(
  call: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
  project: ProjectView | undefined,
): boolean {
  if (call.type !== 'call') return false;
  if (calledDefinition(call, scope, model)) return callsCoroutineThatCannotFail(call, model, scope);
  const name = project && calledName(call, scope, model);
  return name !== undefined && project!.findFunction(project!.absoluteName(name))?.cannotFail === true;
}

/** Whether the `async def` `definition` of this file cannot fail (see callsCoroutineThatCannotFail). */
export function coroutineCannotFail(definition: SyntaxNode, model: SemanticModel): boolean {
  return new FailureReader(model, new Set()).definitionCannotFail(definition);
}

class FailureReader {
  constructor(
    private readonly model: SemanticModel,
    /** The coroutines being read, so that recursion ends. */
    private readonly reading: Set<number>,
  ) {}

  callsCoroutineThatCannotFail(call: SyntaxNode, scope: Scope): boolean {
    const definition = calledDefinition(call, scope, this.model);
    return definition !== undefined && this.definitionCannotFail(definition);
  }

  definitionCannotFail(definition: SyntaxNode): boolean {
    if (definition.type !== 'function_definition' || !hasAsyncKeyword(definition) || this.reading.has(definition.id)) return false;
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
      case 'for_statement': {
        // `for task in tasks: try: await task / except Exception: pass`: the header cannot raise, nor can the body.
        const alternative = statement.childForFieldName('alternative');
        return (
          iteratesWithoutRaising(statement, this.model, scope) &&
          this.block(statement.childForFieldName('body'), scope) &&
          (!alternative || this.branch(alternative, scope))
        );
      }
      case 'expression_statement':
        if (this.awaitsCoroutineThatCannotFail(statement, scope)) return true;
        break;
      case 'import_statement':
      case 'import_from_statement':
        return importsFromImportedPackage(statement, this.model);
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
        (clause.type !== 'else_clause' || this.elseCannotFail(clause, handlers, scope)) &&
        (clause.type !== 'finally_clause' || finallyCannotRaise(clause, this.model, scope)),
    );
    return catchesAll && !raisesAgain && outside;
  }

  /**
   * An `else` clause each statement of which cannot fail, or hands the result to the future or Deferred a handler
   * hands the caught exception to (see settlement). Settling it a second time may raise, but then its waiter has its
   * outcome already: what goes out is a fault of the settling code, not the failure of the work.
   */
  private elseCannotFail(clause: SyntaxNode, handlers: readonly SyntaxNode[], scope: Scope): boolean {
    const body = clause.childForFieldName('body');
    if (body?.type !== 'block') return false;
    const promises = new Set(handlers.flatMap((handler) => handedExceptionTo(handler)));
    return body.namedChildren.every((statement) => {
      if (this.statement(statement, scope)) return true;
      const settled = settlement(statement, RESULT_SETTERS);
      return (
        settled !== undefined &&
        promises.has(settled.promise) &&
        settled.values.every((value) => evaluatesWithoutRaising(value, this.model, scope))
      );
    });
  }
}

/** Methods settling an asyncio Future (or a `concurrent.futures` one) or a Twisted Deferred with a result. */
const RESULT_SETTERS: ReadonlySet<string> = new Set(['set_result', 'callback']);
/** Methods settling one with an exception (`errback` takes a `Failure` or an exception). */
const EXCEPTION_SETTERS: ReadonlySet<string> = new Set(['set_exception', 'errback']);

/**
 * Calls running a callable later, on an event loop (from its own thread or another) or on Twisted's reactor thread,
 * returning at once: what the callable raises there is reported by that loop's exception handler or the reactor's log.
 */
const SCHEDULERS: ReadonlySet<string> = new Set(['call_soon_threadsafe', 'call_soon', 'callFromThread']);

interface Settlement {
  /** The future or Deferred as written (`future`, `self._waiter`). */
  readonly promise: string;
  /** What it is settled with. */
  readonly values: readonly SyntaxNode[];
}

/**
 * A statement settling a future or a Deferred by one of `methods`, itself (`future.set_exception(exc)`,
 * `dfd.errback(Failure(exc))`) or by scheduling the bound method with its arguments
 * (`loop.call_soon_threadsafe(future.set_result, result)`, `reactor.callFromThread(dfd.callback, result)`).
 */
function settlement(statement: SyntaxNode, methods: ReadonlySet<string>): Settlement | undefined {
  const expression = statement.type === 'expression_statement' && statement.namedChildCount === 1 ? statement.firstNamedChild : null;
  const call = expression && unparenthesize(expression);
  if (call?.type !== 'call') return undefined;
  const { positional, keywords, hasUnpacking } = callArguments(call);
  if (hasUnpacking) return undefined;
  const settled = boundMethod(call.childForFieldName('function'), methods);
  if (settled) return { promise: settled, values: [...positional, ...keywords.values()] };
  const scheduler = call.childForFieldName('function');
  const scheduled = positional[0] && boundMethod(positional[0], methods);
  if (!scheduled || scheduler?.type !== 'attribute' || !SCHEDULERS.has(scheduler.childForFieldName('attribute')?.text ?? ''))
    return undefined;
  // A keyword argument of the scheduler is its own (`context=`), not the callable's.
  return { promise: scheduled, values: positional.slice(1) };
}

/** `future.set_result` (one of `methods`, read off a name or an attribute): the receiver as written. */
function boundMethod(callee: SyntaxNode | null, methods: ReadonlySet<string>): string | undefined {
  const node = callee && unparenthesize(callee);
  if (node?.type !== 'attribute' || !methods.has(node.childForFieldName('attribute')?.text ?? '')) return undefined;
  const receiver = node.childForFieldName('object');
  return receiver?.type === 'identifier' || receiver?.type === 'attribute' ? receiver.text : undefined;
}

/**
 * The futures and Deferreds a handler settles with what it caught, by statements of its own: the caught exception, or a
 * value made of it (`Failure(exc)`), is what it hands on.
 */
function handedExceptionTo(handler: SyntaxNode): string[] {
  const name = caughtName(handler);
  const body = handler.namedChildren.find((child) => child.type === 'block');
  if (!name || !body) return [];
  const isCaught = (value: SyntaxNode): boolean => {
    const node = unparenthesize(value);
    if (node.type === 'keyword_argument') return isCaught(node.childForFieldName('value') ?? node);
    if (node.type === 'identifier') return node.text === name.text;
    return node.type === 'call' && (node.childForFieldName('arguments')?.namedChildren.some(isCaught) ?? false);
  };
  return body.namedChildren.flatMap((statement) => {
    const settled = settlement(statement, EXCEPTION_SETTERS);
    const handed = settled?.values[0];
    return settled && handed && isCaught(handed) ? [settled.promise] : [];
  });
}

/**
 * An import in the coroutine (`from twisted.internet import reactor`, put off until it runs so that the application
 * picks the reactor first) of a package the module itself imports at its top, outside any `try` or `if`: the package is
 * installed, or the module would not have loaded. A relative import, or one of a package the module does not import so,
 * may fail.
 */
function importsFromImportedPackage(statement: SyntaxNode, model: SemanticModel): boolean {
  const modules =
    statement.type === 'import_from_statement'
      ? [statement.childForFieldName('module_name')]
      : statement.childrenForFieldName('name').map((name) => (name.type === 'aliased_import' ? name.childForFieldName('name') : name));
  const packages = modules.map((module) => (module?.type === 'dotted_name' ? module.text.split('.')[0] : undefined));
  if (packages.length === 0 || packages.some((name) => name === undefined)) return false;
  const imported = new Set(
    model
      .moduleImports()
      .filter((binding) => enclosingStatement(binding.node)?.parent?.type === 'module')
      .map((binding) => binding.importedName?.split('.')[0]),
  );
  return packages.every((name) => imported.has(name));
}

function evaluates(condition: SyntaxNode | null, model: SemanticModel, scope: Scope): boolean {
  return condition !== null && evaluatesWithoutRaising(condition, model, scope);
}

/** The `finally` block (it is not a field in tree-sitter-python). */
function finallyCannotRaise(clause: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const block = clause.namedChildren.find((child) => child.type === 'block');
  return block !== undefined && cannotRaise(block.namedChildren, model, scope);
}
