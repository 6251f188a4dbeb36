// Waits on an asyncio primitive (an Event's or Condition's `wait()`, a Queue's `get()`, a Lock's `acquire()`) and what
// the code says the primitive is: its annotation or the call that made it, or the record a coroutine stored right
// before waiting on it (`self._pending[key] = {"flag": asyncio.Event()}`, then `await self._pending[key]["flag"].wait()`).
// The primitive holds the waiter's future in its queue of waiters, and the future the waiting task's wake-up: where
// something keeps the primitive, the task is kept while it waits (LOOP301: see keptPrimitives, coroutineSuspension).
import type { SyntaxNode } from '../analysis/pythonParser';
import { contextManagerOf, enclosingStatement, plainStringText, unparenthesize, withItems } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { valueClass } from './instanceClasses';

export const LOCKS: ReadonlySet<string> = new Set(['asyncio.Lock', 'asyncio.Semaphore', 'asyncio.BoundedSemaphore', 'asyncio.Condition']);

/** The methods that wait in a primitive's queue of waiters, and the primitives they do so on. */
const WAITING_METHODS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['wait', new Set(['asyncio.Event', 'asyncio.Condition'])],
  ['get', new Set(['asyncio.Queue', 'asyncio.PriorityQueue', 'asyncio.LifoQueue'])],
  ['acquire', LOCKS],
]);

/** The primitive `call` (code of `body`) waits on, where it is a waiting method of one (see WAITING_METHODS and isPrimitiveOf). */
export function waitedPrimitive(call: SyntaxNode, body: Scope, model: SemanticModel): SyntaxNode | undefined {
  const { primitive, kinds } = waitingCall(call);
  return primitive && kinds && isPrimitiveOf(primitive, kinds, body, model) ? primitive : undefined;
}

/**
 * The primitive `call` waits on, where the statement right before stored it there (see storedRightBefore): a primitive
 * the coroutine made and handed over to its holder (`self._pending[key] = {"flag": asyncio.Event()}`) before waiting.
 */
export function waitedStoredPrimitive(call: SyntaxNode, model: SemanticModel): SyntaxNode | undefined {
  const { primitive, kinds } = waitingCall(call);
  const stored = primitive && kinds ? storedRightBefore(primitive) : undefined;
  return stored && madeOneOf(stored, kinds!, model) ? primitive! : undefined;
}

/** For `x.wait()`, `x.get()`, `x.acquire()`: `x`, and the primitives whose method that is. */
function waitingCall(call: SyntaxNode): { readonly primitive?: SyntaxNode; readonly kinds?: ReadonlySet<string> } {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute') return {};
  return {
    primitive: callee.childForFieldName('object') ?? undefined,
    kinds: WAITING_METHODS.get(callee.childForFieldName('attribute')?.text ?? ''),
  };
}

/**
 * Whether the code says `expression` (read in `body`) is one of the primitives `kinds`: by its type, the class of its
 * value (see valueClass), or the record stored right before the statement reading it (see storedRightBefore).
 */
export function isPrimitiveOf(expression: SyntaxNode, kinds: ReadonlySet<string>, body: Scope, model: SemanticModel): boolean {
  const typed = model.typeOf(expression, body);
  if (typed !== undefined) return kinds.has(typed);
  const found = valueClass(expression, body, model);
  if (found !== undefined) return 'name' in found && kinds.has(found.name);
  const stored = storedRightBefore(expression);
  return stored !== undefined && madeOneOf(stored, kinds, model);
}

/** Whether `value` (`asyncio.Event()`) makes one of the primitives `kinds`. */
function madeOneOf(value: SyntaxNode, kinds: ReadonlySet<string>, model: SemanticModel): boolean {
  const where = model.scopeOf(value);
  const made = model.typeOf(value, where);
  if (made !== undefined) return kinds.has(made);
  const maker = valueClass(value, where, model);
  return maker !== undefined && 'name' in maker && kinds.has(maker.name);
}

/**
 * For `expression`, a path of attributes and subscripts (`self._pending[key]["flag"]`) whose keys are names, attributes
 * and literals (reading them calls nothing), read first by its statement (see readsFirst): the value the statement
 * right before that one (or before the `try` whose body it opens) stored at the path or at a part of it, reached
 * through the string keys of dict literals (`self._pending[key] = {"flag": asyncio.Event()}`). Nothing ran between:
 * the path reads what was stored.
 */
function storedRightBefore(expression: SyntaxNode): SyntaxNode | undefined {
  const path = unparenthesize(expression);
  if ((path.type !== 'attribute' && path.type !== 'subscript') || path.descendantsOfType('call').length > 0) return undefined;
  const reading = enclosingStatement(path);
  const store = reading && readsFirst(reading, path) ? statementRightBefore(reading) : undefined;
  const assignment = store?.type === 'expression_statement' ? store.firstNamedChild : null;
  const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  let value = assignment?.childForFieldName('right') ?? null;
  if (!target || !value || (target.type !== 'attribute' && target.type !== 'subscript')) return undefined;
  // The string keys read below the part stored (`["flag"]`), outermost last.
  const keys: string[] = [];
  let part: SyntaxNode | null = path;
  while (part && part.text !== target.text) {
    const key = part.type === 'subscript' ? part.childrenForFieldName('subscript') : [];
    const text = key.length === 1 ? plainStringText(key[0]!) : undefined;
    if (text === undefined) return undefined;
    keys.unshift(text);
    part = part.childForFieldName('value');
  }
  if (!part) return undefined;
  for (const key of keys) {
    const record: SyntaxNode = unparenthesize(value);
    if (record.type !== 'dictionary') return undefined;
    const entries = record.namedChildren.filter(
      (entry) => entry.type === 'pair' && plainStringText(entry.childForFieldName('key')!) === key,
    );
    value = entries.length === 1 ? entries[0]!.childForFieldName('value') : null;
    if (!value) return undefined;
  }
  return unparenthesize(value);
}

/**
 * Whether `statement` reads `path` before it runs anything else: `[target =] await path.method(...)`, or `async with
 * path:` (its first manager).
 */
function readsFirst(statement: SyntaxNode, path: SyntaxNode): boolean {
  if (statement.type === 'with_statement') {
    const [first] = withItems(statement);
    const manager = first && contextManagerOf(first);
    return manager !== undefined && unparenthesize(manager).id === path.id;
  }
  let expression = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (expression?.type === 'assignment') expression = expression.childForFieldName('right');
  const awaited = expression && unparenthesize(expression);
  const call = awaited?.type === 'await' && awaited.firstNamedChild ? unparenthesize(awaited.firstNamedChild) : undefined;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  return callee?.type === 'attribute' && callee.childForFieldName('object')?.id === path.id;
}

/** The statement that runs right before `statement`: the previous one in its block, or the one before the `try` whose body it opens. */
function statementRightBefore(statement: SyntaxNode): SyntaxNode | undefined {
  for (let current: SyntaxNode | null = statement; current;) {
    let previous = current.previousNamedSibling;
    while (previous?.type === 'comment') previous = previous.previousNamedSibling;
    if (previous) return previous;
    const block: SyntaxNode | null = current.parent;
    const owner: SyntaxNode | null = block?.type === 'block' ? block.parent : null;
    if (owner?.type !== 'try_statement' || owner.childForFieldName('body')?.id !== block!.id) return undefined;
    current = owner;
  }
  return undefined;
}
