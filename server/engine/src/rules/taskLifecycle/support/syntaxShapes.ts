// Syntax shapes the task-lifecycle rules share: a value dropped by an expression statement, the
// statements of a block, an `except` clause's handler, whether a stretch of a coroutine can be suspended (a checkpoint), code under
// test in `assertRaises`, the calls that start tasks, and a per-file text shortcut that lets call rules skip most files
// cheaply.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { inNestedDefinition, parentOutsideParentheses, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import type { LineIndex } from '../../../analysis/sourceText';

/** The calls (by last name) that start a coroutine as a task its caller may hold: `create_task`, `ensure_future`. */
export const TASK_CREATING_METHODS: ReadonlySet<string> = new Set(['create_task', 'ensure_future']);

/** Statements that leave a block early without raising. */
const EARLY_EXITS = ['return_statement', 'break_statement', 'continue_statement'];

/**
 * Whether the code of `node` (a statement or block: itself, or what it holds, not functions or classes in it) has a
 * `return`, `break` or `continue`.
 */
export function leavesEarly(node: SyntaxNode): boolean {
  if (EARLY_EXITS.includes(node.type)) return true;
  return node.descendantsOfType(EARLY_EXITS).some((exit) => !inNestedDefinition(exit, node));
}

/** The expression statement that evaluates `expression` and throws its value away (`f()`, `(f())`, `f(), g()`). */
export function droppingStatement(expression: SyntaxNode): SyntaxNode | undefined {
  const parent = parentOutsideParentheses(expression);
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

/**
 * Whether nothing of `routine` runs after `statement` completes normally: it is the last statement of its block, up
 * through the `if` / `with` statements and `try` bodies around it (a `finally` clause may still run: clean-up), to the
 * routine's body. A loop around it, or a `try` with an `else` clause, runs more.
 */
export function isLastWork(statement: SyntaxNode, routine: SyntaxNode): boolean {
  const routineBody = routine.childForFieldName('body');
  for (let current = statement; ;) {
    const block = current.parent;
    if (block?.type !== 'block' || statementsOf(block).at(-1)?.id !== current.id) return false;
    if (block.id === routineBody?.id) return true;
    let enclosing = block.parent;
    // `elif` / `else` clauses sit in the `if` statement.
    if (enclosing?.type === 'elif_clause' || enclosing?.type === 'else_clause') enclosing = enclosing.parent;
    if (enclosing?.type === 'try_statement') {
      const inBody = enclosing.childForFieldName('body')?.id === block.id;
      if (!inBody || enclosing.namedChildren.some((part) => part.type === 'else_clause')) return false;
    } else if (enclosing?.type !== 'if_statement' && enclosing?.type !== 'with_statement') return false;
    current = enclosing;
  }
}

interface CheckpointOptions {
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

/**
 * Whether `block` (of `scope`'s code) awaits something and every checkpoint in it is an `await` of a call `passes`
 * accepts: no `async with` or `async for`, no awaiting comprehension (they suspend in code not looked into).
 */
export function everyCheckpointAwaits(block: SyntaxNode, scope: Scope, passes: (call: SyntaxNode) => boolean): boolean {
  const start = block.startIndex;
  const end = block.endIndex;
  const within = (node: SyntaxNode): boolean => node.startIndex >= start && node.startIndex < end;
  if (scope.asyncStatements.some(within)) return false;
  if (scope.children.some((child) => child.kind === 'comprehension' && hasCheckpoint(child, start, end))) return false;
  const awaits = scope.awaits.filter((node) => node.type === 'await' && within(node));
  return (
    awaits.length > 0 &&
    awaits.every((node) => {
      const call = awaitedCall(node);
      return call !== undefined && passes(call);
    })
  );
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

const mentionsByText = new WeakMap<LineIndex, Map<string, boolean>>();

/**
 * Whether the file's text matches `pattern` anywhere: a per-file shortcut that lets a rule skip
 * every call of a file that never mentions, say, `create_task`.
 */
export function fileMentions(lines: LineIndex, pattern: RegExp): boolean {
  let known = mentionsByText.get(lines);
  if (!known) mentionsByText.set(lines, (known = new Map()));
  let result = known.get(pattern.source);
  if (result === undefined) {
    result = pattern.test(lines.text);
    known.set(pattern.source, result);
  }
  return result;
}

const parentKindsByModel = new WeakMap<SemanticModel, Map<number, string>>();

/**
 * The kind of a node's parent, remembered per file: tree-sitter finds a parent by walking down from
 * the root, and several rules look at the parent of every call.
 */
export function parentKind(node: SyntaxNode, model: SemanticModel): string | undefined {
  let kinds = parentKindsByModel.get(model);
  if (!kinds) parentKindsByModel.set(model, (kinds = new Map()));
  let kind = kinds.get(node.id);
  if (kind === undefined) {
    kind = node.parent?.type ?? '';
    kinds.set(node.id, kind);
  }
  return kind || undefined;
}

/** Cheap first test for `droppingStatement`: the parent is an expression statement or parentheses. */
export function mayBeDropped(call: SyntaxNode, model: SemanticModel): boolean {
  const kind = parentKind(call, model);
  return kind === 'expression_statement' || kind === 'parenthesized_expression';
}

/** The innermost `for`/`while` of `routine` around `node`: the loop a `break` in `node` leaves. */
export function enclosingLoop(node: SyntaxNode, routine: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current && current.id !== routine.id; current = current.parent) {
    if (current.type === 'for_statement' || current.type === 'while_statement') return current;
  }
  return undefined;
}
