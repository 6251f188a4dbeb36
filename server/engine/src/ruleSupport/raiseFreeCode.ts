// Code that cannot raise, judged conservatively: assignments of names, literals and attribute reads (and reads of a key
// every record the class built has: see builtRecords), arithmetic that cannot divide by zero, container and logging
// calls, `asyncio.sleep`, list comprehensions, and branches and loops of those. Whatever else (a call of unknown code,
// another subscript, a division by anything but a nonzero number literal, an `await` of anything but a sleep) may
// raise. Rules ask it of a `finally` clause or of a coroutine's sync code, to tell a task that cannot fail from one
// whose failure goes unseen.
import type { SyntaxNode } from '../analysis/pythonParser';
import { codeStatements, hasAsyncKeyword, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { isWrappedByDecorator } from './coroutineCalls';
import { isHookStub } from './stubBodies';
import { CLOCK_READINGS } from './clockReadings';
import { readsKeyOfBuiltRecord } from './builtRecords';

/** Statements that run nothing that can fail. */
const INERT_STATEMENTS: ReadonlySet<string> = new Set([
  'pass_statement',
  'break_statement',
  'continue_statement',
  'comment',
  'global_statement',
  'nonlocal_statement',
]);

/** Values that are simply there: evaluating one runs no code. */
const LITERALS: ReadonlySet<string> = new Set(['identifier', 'integer', 'float', 'true', 'false', 'none', 'ellipsis']);

/** Expressions that raise only if a part of them does (an attribute read's AttributeError is a bug, not a failure). */
const COMPOSITES: ReadonlySet<string> = new Set([
  'parenthesized_expression',
  'attribute',
  'tuple',
  'list',
  'set',
  'dictionary',
  'pair',
  'expression_list',
  'unary_operator',
  'not_operator',
  'boolean_operator',
  'comparison_operator',
  'conditional_expression',
  'concatenated_string',
  'keyword_argument',
]);

/** Binary operators that cannot fail on numbers: division, modulo and powers can (by zero, by overflow). */
const TOTAL_OPERATORS: ReadonlySet<string> = new Set(['+', '-', '*', '|', '&', '^']);
/** Division and modulo: they fail on numbers only by zero, which a nonzero number literal as the divisor rules out. */
const DIVIDING_OPERATORS: ReadonlySet<string> = new Set(['/', '//', '%']);
const TOTAL_AUGMENTED: ReadonlySet<string> = new Set(['+=', '-=', '*=', '|=', '&=', '^=']);

/** Methods that do not raise on a list, set, deque or event (`results.append(x)`, `event.set()`, `task.cancel()`). */
const CONTAINER_METHODS: ReadonlySet<string> = new Set(['append', 'appendleft', 'add', 'discard', 'clear', 'set', 'cancel']);

/** Logger methods: `logging` reports a failing handler or a bad format itself, it does not raise to the caller. */
const LOGGING_METHODS: ReadonlySet<string> = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log']);
const LOGGER_NAME = /^_*(?:log|logger)$/i;

/** Functions that do not raise on ordinary arguments: a few builtins and the clocks. */
const SAFE_FUNCTIONS: ReadonlySet<string> = new Set([
  'builtins.print',
  'builtins.len',
  'builtins.abs',
  'builtins.range',
  'builtins.isinstance',
  ...CLOCK_READINGS,
]);

/** How deep calls of this file's functions are followed (each adds a body to read). */
const CALL_DEPTH = 3;

/**
 * Whether running `statements` (code of `scope`) cannot raise, cancellation aside: each is inert, an assignment, an
 * expression, a `return` or `yield` of expressions that cannot raise, or an `if`/`while`/`for` made of such.
 */
export function cannotRaise(statements: readonly SyntaxNode[], model: SemanticModel, scope: Scope): boolean {
  return new RaiseFreeReader(model, scope, 0).statements(statements);
}

/** Whether evaluating `expression` (code of `scope`) cannot raise: a loop's condition, say. */
export function evaluatesWithoutRaising(expression: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  return new RaiseFreeReader(model, scope, 0).expression(expression);
}

/** Whether starting the `for` statement `loop` (code of `scope`) and taking each item cannot raise (see iterates). */
export function iteratesWithoutRaising(loop: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  return new RaiseFreeReader(model, scope, 0).iterates(loop);
}

class RaiseFreeReader {
  constructor(
    private readonly model: SemanticModel,
    private readonly scope: Scope,
    private readonly depth: number,
  ) {}

  statements(statements: readonly SyntaxNode[]): boolean {
    return statements.every((statement) => this.statement(statement));
  }

  private block(block: SyntaxNode | null | undefined): boolean {
    return block?.type === 'block' && this.statements(block.namedChildren);
  }

  private statement(statement: SyntaxNode): boolean {
    if (INERT_STATEMENTS.has(statement.type)) return true;
    switch (statement.type) {
      case 'expression_statement':
        return statement.namedChildren.every((child) => this.expressionOrStore(child));
      case 'return_statement':
        return statement.namedChildren.every((child) => this.expression(child));
      case 'if_statement':
      case 'while_statement':
        return statement.namedChildren.every((part) => this.branch(part));
      case 'for_statement':
        return this.forLoop(statement);
      case 'raise_statement':
        return this.cancels(statement);
      default:
        return false;
    }
  }

  /** `raise asyncio.CancelledError(...)`: the task ends cancelled, which is no failure (asyncio logs nothing of it). */
  private cancels(statement: SyntaxNode): boolean {
    if (statement.childForFieldName('cause') || !raisesCancelledError(statement, this.scope, this.model)) return false;
    const raised = unparenthesize(statement.firstNamedChild ?? statement);
    return raised.type !== 'call' || this.arguments(raised);
  }

  /** A part of an `if` or `while`: its condition, its body, an `elif` or an `else`. */
  private branch(part: SyntaxNode): boolean {
    switch (part.type) {
      case 'block':
        return this.block(part);
      case 'elif_clause':
        return this.expression(part.childForFieldName('condition')) && this.block(part.childForFieldName('consequence'));
      case 'else_clause':
        return this.block(part.childForFieldName('body'));
      case 'comment':
        return true;
      default:
        return this.expression(part);
    }
  }

  private forLoop(statement: SyntaxNode): boolean {
    if (!this.iterates(statement)) return false;
    const alternative = statement.childForFieldName('alternative');
    return this.block(statement.childForFieldName('body')) && (!alternative || this.branch(alternative));
  }

  /**
   * The header of a `for` statement or a comprehension's `for` clause: `for name in <a name, an attribute or a call that
   * cannot raise>` (unpacking may fail; a lazy iterable runs code).
   */
  iterates(loop: SyntaxNode): boolean {
    if (hasAsyncKeyword(loop)) return false;
    const target = loop.childForFieldName('left');
    const iterable = loop.childForFieldName('right');
    if (target?.type !== 'identifier' || !iterable) return false;
    const source = unparenthesize(iterable);
    return ['identifier', 'attribute', 'call'].includes(source.type) && this.expression(source);
  }

  private expressionOrStore(node: SyntaxNode): boolean {
    if (node.type === 'assignment') {
      const right = node.childForFieldName('right');
      return this.store(node.childForFieldName('left')) && (!right || this.expressionOrStore(right));
    }
    if (node.type === 'augmented_assignment')
      return (
        TOTAL_AUGMENTED.has(node.childForFieldName('operator')?.text ?? '') &&
        this.store(node.childForFieldName('left')) &&
        this.expression(node.childForFieldName('right'))
      );
    return this.expression(node);
  }

  /** A name or an attribute: storing to it cannot fail (a subscript may, and unpacking may). */
  private store(target: SyntaxNode | null): boolean {
    const node = target && unparenthesize(target);
    if (node?.type === 'identifier') return true;
    return node?.type === 'attribute' && this.expression(node.childForFieldName('object'));
  }

  expression(expression: SyntaxNode | null | undefined): boolean {
    if (!expression) return false;
    const node = expression;
    if (LITERALS.has(node.type) || node.type === 'comment') return true;
    if (COMPOSITES.has(node.type)) return node.namedChildren.every((child) => this.expression(child));
    switch (node.type) {
      case 'string':
        return node.namedChildren.every((part) => part.type !== 'interpolation' || this.expression(part.childForFieldName('expression')));
      case 'binary_operator': {
        const operator = node.childForFieldName('operator')?.text ?? '';
        const right = node.childForFieldName('right');
        return (
          (TOTAL_OPERATORS.has(operator) || (DIVIDING_OPERATORS.has(operator) && isNonzeroNumber(right))) &&
          this.expression(node.childForFieldName('left')) &&
          this.expression(right)
        );
      }
      case 'yield':
        // `yield from` runs another generator's code.
        return !node.children.some((child) => child.type === 'from') && node.namedChildren.every((child) => this.expression(child));
      case 'await':
        return this.awaitsSleep(node);
      case 'subscript':
        return this.slices(node) || readsKeyOfBuiltRecord(node, this.scope, this.model);
      case 'list_comprehension':
        return this.comprehension(node);
      case 'call':
        return this.call(node);
      default:
        return false;
    }
  }

  /** `items[:n]`: a slice of a sequence is cut to fit, never out of range (an index or a key may be). */
  private slices(subscript: SyntaxNode): boolean {
    const value = subscript.childForFieldName('value');
    const parts = subscript.namedChildren.filter((child) => child.id !== value?.id && child.type !== 'comment');
    return (
      this.expression(value) &&
      parts.length > 0 &&
      parts.every((part) => part.type === 'slice' && part.namedChildren.every((bound) => this.expression(bound)))
    );
  }

  /**
   * `[entry["text"] for entry in batch if entry]`: each clause and the item cannot raise, read in the comprehension's own
   * scope. (A generator expression runs later, where it is consumed.)
   */
  private comprehension(node: SyntaxNode): boolean {
    const body = node.childForFieldName('body');
    if (!body) return false;
    const inner = new RaiseFreeReader(this.model, this.model.scopeOf(body), this.depth);
    return node.namedChildren.every((part) => {
      if (part.id === body.id || part.type === 'comment') return inner.expression(part);
      if (part.type === 'for_in_clause') return inner.iterates(part);
      return part.type === 'if_clause' && part.namedChildren.every((condition) => inner.expression(condition));
    });
  }

  /** `await asyncio.sleep(delay)`: it ends in a cancellation at worst, which is no failure. */
  private awaitsSleep(awaitNode: SyntaxNode): boolean {
    const operand = awaitNode.firstNamedChild;
    const call = operand && unparenthesize(operand);
    return call?.type === 'call' && this.model.calleeName(call, this.scope) === 'asyncio.sleep' && this.arguments(call);
  }

  private call(call: SyntaxNode): boolean {
    if (!this.arguments(call)) return false;
    const callee = call.childForFieldName('function');
    const name = this.model.calleeName(call, this.scope);
    if (name !== undefined && SAFE_FUNCTIONS.has(name)) return true;
    if (callee?.type === 'attribute') {
      const method = callee.childForFieldName('attribute')?.text ?? '';
      const receiver = callee.childForFieldName('object');
      if (!this.expression(receiver)) return false;
      if (CONTAINER_METHODS.has(method)) return method === 'set' || method === 'cancel' ? !hasArguments(call) : true;
      if (LOGGING_METHODS.has(method) && (name?.startsWith('logging.') || isLoggerName(receiver))) return true;
    }
    return this.callsRaiseFreeFunction(call);
  }

  private arguments(call: SyntaxNode): boolean {
    const list = call.childForFieldName('arguments');
    return list?.type === 'argument_list' && list.namedChildren.every((argument) => this.expression(argument));
  }

  /** A call of a plain `def` of this file (a generator's too: its body runs as it is iterated) whose body cannot raise. */
  private callsRaiseFreeFunction(call: SyntaxNode): boolean {
    if (this.depth >= CALL_DEPTH) return false;
    const definition = this.model.calleeDefinition(call, this.scope);
    if (definition?.type !== 'function_definition' || hasAsyncKeyword(definition)) return false;
    if (isHookStub(definition, this.model) || isWrappedByDecorator(definition, this.model)) return false;
    const body = this.model.scopeOfDefinition(definition);
    return body !== undefined && new RaiseFreeReader(this.model, body, this.depth + 1).statements(codeStatements(definition));
  }
}

/** `2`, `0.5`, `1e3`: a number literal that is not zero (`expire // 2` cannot divide by zero). */
function isNonzeroNumber(node: SyntaxNode | null): boolean {
  const literal = node && unparenthesize(node);
  if (literal?.type !== 'integer' && literal?.type !== 'float') return false;
  const value = Number(literal.text.replace(/_/g, '').replace(/[jJ]$/, ''));
  return Number.isFinite(value) && value !== 0;
}

function hasArguments(call: SyntaxNode): boolean {
  return (call.childForFieldName('arguments')?.namedChildCount ?? 0) > 0;
}

/** `log`, `logger`, `self._logger`, `LOGGER`: a receiver named as a logger. */
function isLoggerName(receiver: SyntaxNode | null): boolean {
  if (!receiver) return false;
  const node = unparenthesize(receiver);
  const name = node.type === 'attribute' ? node.childForFieldName('attribute')?.text : node.type === 'identifier' ? node.text : undefined;
  return name !== undefined && LOGGER_NAME.test(name);
}

/** Whether `raise` raises a new `asyncio.CancelledError` (`raise asyncio.CancelledError`, `raise CancelledError()`). */
export function raisesCancelledError(raise: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const raised = raise.firstNamedChild ? unparenthesize(raise.firstNamedChild) : undefined;
  const exception = raised?.type === 'call' ? raised.childForFieldName('function') : raised;
  return exception !== null && exception !== undefined && model.qualifiedName(exception, scope) === 'asyncio.CancelledError';
}
