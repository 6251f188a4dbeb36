// Syntax shapes the task-lifecycle rules share: a value dropped by an expression statement, the
// statements of a block, whether a stretch of a coroutine can be suspended (a checkpoint).
import type { SyntaxNode } from '../../analysis/pythonParser';
import { unparenthesize } from '../../analysis/pythonSyntax';
import type { Scope } from '../../analysis/scope';

/** The expression statement that evaluates `expression` and throws its value away (`f()`, `(f())`, `f(), g()`). */
export function droppingStatement(expression: SyntaxNode): SyntaxNode | undefined {
  let parent = expression.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  return parent?.type === 'expression_statement' ? parent : undefined;
}

/** The statements of a block, without comments. */
export function statementsOf(block: SyntaxNode | null | undefined): SyntaxNode[] {
  return block ? block.namedChildren.filter((child) => child.type !== 'comment') : [];
}

/** The handler block of an `except` clause (it is not a field in tree-sitter-python). */
export function handlerBlock(clause: SyntaxNode): SyntaxNode | undefined {
  for (let i = clause.namedChildCount - 1; i >= 0; i--) {
    const child = clause.namedChild(i);
    if (child?.type === 'block') return child;
  }
  return undefined;
}

/** For an expression statement holding one expression: that expression, unparenthesized. */
export function statementExpression(statement: SyntaxNode): SyntaxNode | undefined {
  if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return undefined;
  const expression = statement.firstNamedChild;
  return expression ? unparenthesize(expression) : undefined;
}

/** The call an `await` awaits directly (`await f(x)`, `await (f(x))`). */
export function awaitedCall(awaitNode: SyntaxNode): SyntaxNode | undefined {
  if (awaitNode.type !== 'await') return undefined;
  const operand = awaitNode.firstNamedChild;
  const inner = operand ? unparenthesize(operand) : undefined;
  return inner?.type === 'call' ? inner : undefined;
}

/** `f(...)` for messages; short single-line calls are shown whole. */
export function shownCall(call: SyntaxNode): string {
  const text = call.text;
  if (text.length <= 40 && !text.includes('\n')) return text;
  const callee = call.childForFieldName('function');
  return `${callee ? callee.text : 'call'}(...)`;
}

export interface CheckpointOptions {
  /** Count `yield` as a suspension point too (an async generator gives control back there). */
  readonly yields?: boolean;
}

/**
 * Whether code of `scope` between source offsets `start` and `end` can suspend the task: an
 * `await`, an `async for`/`async with` (or async comprehension clause). Comprehensions run inline
 * and count; generator expressions, nested `def`s and lambdas do not run there and do not.
 */
export function hasCheckpoint(scope: Scope, start: number, end: number, options: CheckpointOptions = {}): boolean {
  const within = (node: SyntaxNode): boolean => node.startIndex >= start && node.startIndex < end;
  if (scope.awaits.some(within) || scope.asyncStatements.some(within)) return true;
  if (options.yields && scope.yields.some(within)) return true;
  for (const child of scope.children) {
    if (child.kind !== 'comprehension' || child.start >= end || child.end <= start) continue;
    if (child.node.type === 'generator_expression') continue;
    if (hasCheckpoint(child, start, end, options)) return true;
  }
  return false;
}

/** Whether `node` sits in a `for`/`while` loop of its own function (so it may run more than once). */
export function isInsideLoop(node: SyntaxNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    switch (current.type) {
      case 'for_statement':
      case 'while_statement':
        return true;
      case 'function_definition':
      case 'lambda':
      case 'class_definition':
        return false;
    }
  }
  return false;
}
