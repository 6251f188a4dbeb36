// The documented cancel-and-await idiom (LOOP305): `task.cancel()`, then `try: await task` / `except CancelledError:`.
// The `CancelledError` the handler meets is the child's, which it means to absorb, whether the idiom is written in the
// `try` itself or in a coroutine of this file the `try` awaits (`await run.terminate()`).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { DEFINITION_KINDS } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { calledDefinition } from '../../../ruleSupport/instanceClasses';
import { everyCheckpointAwaits, hasCheckpoint, statementsOf } from './syntaxShapes';

/**
 * Every await of the try body awaits something cancelled just before it (up to three statements earlier, or in the try
 * body itself: `task.cancel()`, `loop.call_soon(task.cancel)`, `for t in tasks: t.cancel()`); other statements cannot
 * be interrupted by a cancellation, so they do not matter.
 */
export function awaitsCancelledWork(tryStatement: SyntaxNode, body: SyntaxNode, scope: Scope): boolean {
  const cancelled = cancelledJustBefore(tryStatement);
  for (const statement of statementsOf(body)) cancelled.push(...cancelledNames(statement));
  if (cancelled.length === 0) return false;
  const start = body.startIndex;
  const end = body.endIndex;
  const within = (node: SyntaxNode): boolean => node.startIndex >= start && node.startIndex < end;
  // `async for`/`async with` or an awaiting comprehension could be where this task is cancelled.
  if (suspendsOtherwise(scope, start, end)) return false;
  const awaits = scope.awaits.filter((node) => node.isNamed && within(node));
  return awaits.length > 0 && awaits.every((node) => cancelled.some((name) => mentions(node.text, name)));
}

/**
 * The idiom split across a coroutine of this file: every suspension of the try body is an await of an undecorated
 * `async def` of this file (`await run.terminate()`, a method of the class its receiver is known to be an instance of,
 * as `run: Run` says) whose every suspension awaits a task it cancelled just before (`task.cancel()` then
 * `await task`), in any of its branches. The `CancelledError` that call raises is, in that idiom, the cancelled task's.
 */
export function awaitsOnlyCancelAndAwaitCoroutines(body: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const own = scope.functionScope?.node;
  return everyCheckpointAwaits(body, scope, (call) => {
    const callee = calledDefinition(call, scope, model);
    return callee !== undefined && callee.id !== own?.id && cancelsAndAwaitsOnly(callee, model);
  });
}

function cancelsAndAwaitsOnly(definition: SyntaxNode, model: SemanticModel): boolean {
  if (definition.type !== 'function_definition' || definition.parent?.type === 'decorated_definition') return false;
  const scope = model.scopeOfDefinition(definition);
  if (!scope?.isAsyncFunction || suspendsOtherwise(scope, scope.start, scope.end)) return false;
  const awaits = scope.awaits.filter((node) => node.type === 'await');
  return (
    awaits.length > 0 &&
    awaits.every((node) => {
      const statement = statementHolding(node);
      return statement !== undefined && cancelledJustBefore(statement).some((name) => mentions(node.text, name));
    })
  );
}

/** `async for`/`async with` or an awaiting comprehension between the offsets. */
function suspendsOtherwise(scope: Scope, start: number, end: number): boolean {
  return (
    scope.asyncStatements.some((node) => node.startIndex >= start && node.startIndex < end) ||
    scope.children.some((child) => child.kind === 'comprehension' && hasCheckpoint(child, start, end))
  );
}

/**
 * What the statements just before `statement` cancel, and those just before each statement enclosing it in the function
 * (`for t in tasks: t.cancel()` then `for t in tasks: try: await t`): three of each, comments aside.
 */
function cancelledJustBefore(statement: SyntaxNode): string[] {
  const cancelled: string[] = [];
  // Names bound again after the cancel, nearer the await (`self._task.cancel()`, then `self._task = create_task(...)`):
  // what is awaited then is a new task, not the one cancelled.
  const rebound = new Set<string>();
  for (let current: SyntaxNode | null = statement; current && !DEFINITION_KINDS.has(current.type); current = enclosingStatement(current)) {
    let previous = current.previousNamedSibling;
    for (let seen = 0; previous && seen < 3; previous = previous.previousNamedSibling) {
      if (previous.type === 'comment') continue;
      cancelled.push(...cancelledNames(previous).filter((name) => !rebound.has(name)));
      for (const name of boundNames(previous)) rebound.add(name);
      seen++;
    }
  }
  return cancelled;
}

/** The targets a statement assigns, as written (`self._task` of `self._task = create_task(...)`). */
function boundNames(statement: SyntaxNode): string[] {
  const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (assignment?.type !== 'assignment' && assignment?.type !== 'augmented_assignment') return [];
  const target = assignment.childForFieldName('left');
  return target ? [target.text] : [];
}

/** The statement of a block (or of the module) holding `node`. */
function statementHolding(node: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  while (current && current.parent && current.parent.type !== 'block' && current.parent.type !== 'module') current = current.parent;
  return current?.parent ? current : undefined;
}

const CANCEL_REFERENCE = /\.cancel\b/;

/** What a statement cancels: `t` for `t.cancel()` or `call_soon(t.cancel)`, plus `tasks` for `for t in tasks: t.cancel()`. */
function cancelledNames(statement: SyntaxNode): string[] {
  const text = statement.text;
  if (!CANCEL_REFERENCE.test(text)) return [];
  const names = [...text.matchAll(/([\w.]+(?:\[[^\]\n]*\])?)\.cancel\b/g)].map((match) => match[1]!);
  if (names.length > 0 && statement.type === 'for_statement') {
    const iterable = statement.childForFieldName('right');
    if (iterable) names.push(iterable.text);
  }
  return names;
}

/** Whether `text` mentions `name` as a whole expression (not as part of a longer name). */
function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^\\w.])${escaped}(?![\\w])`).test(text);
}

/** The compound statement whose block holds `statement` (or the function, class or module). */
export function enclosingStatement(statement: SyntaxNode): SyntaxNode | null {
  let node = statement.parent;
  while (node && (node.type === 'block' || node.type.endsWith('_clause'))) node = node.parent;
  return node && node.type !== 'module' ? node : null;
}
