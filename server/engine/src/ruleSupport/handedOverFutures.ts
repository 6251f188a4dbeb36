// Futures a coroutine makes and, before awaiting one, hands to something that outlives the wait: a listener registry of
// an object (`self.once("closed", on_closed)`, `on_closed` a nested function setting the future, or
// `self.on("closed", future.set_result)`) or a container it keeps (`self._waiters.append(future)`,
// `self._pending[key] = future`). The keeper holds the future, itself or through the listener, and the future the
// waiting task's wake-up: while it waits there, the task cannot be collected (LOOP301: see parkedCoroutine and
// coroutineSuspension).
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, enclosingStatement, ifBranches, unparenthesize } from '../analysis/pythonSyntax';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/** Methods registering a listener, or storing an item, on the object they are called on. */
const KEEPING_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'add_listener',
  'add_done_callback',
  'add_callback',
  'add_handler',
  'add_event_handler',
  'register',
  'subscribe',
  'append',
  'appendleft',
  'add',
  'insert',
  'put_nowait',
  'setdefault',
]);

/** Values made of what they are given, which they hold: a future in one of them is held with it. */
const HOLDING_LITERALS: ReadonlySet<string> = new Set(['tuple', 'list', 'dictionary', 'pair', 'parenthesized_expression']);

/**
 * Whether `awaitNode`, in the coroutine `body`, awaits a future the coroutine made (a local bound once to
 * `asyncio.Future()`, `loop.create_future()` or a value typed `asyncio.Future`) and handed over, in a statement every
 * path to the `await` runs first (one before it in its block or in a block around it, or an `if` with an `else` doing so
 * in each branch), to a keeper (`isKeeper` says which receivers are): by a call of a registering or storing method of
 * the keeper (see KEEPING_METHODS) given the future, a record holding it, its bound method (`future.set_result`), or a
 * lambda or nested function reading it; or by storing one of those in an attribute or item of the keeper.
 */
export function awaitsHandedOverFuture(
  awaitNode: SyntaxNode,
  body: Scope,
  model: SemanticModel,
  isKeeper: (receiver: SyntaxNode) => boolean,
): boolean {
  const operand = awaitNode.firstNamedChild && unparenthesize(awaitNode.firstNamedChild);
  if (operand?.type !== 'identifier') return false;
  const future = model.resolve(operand, body);
  if (future?.kind !== 'assignment' || future.scope !== body || !future.value) return false;
  if (model.bindingsIn(body, future.name).length !== 1 || !makesFuture(unparenthesize(future.value), body, model)) return false;
  const handover = new Handover(future, body, model, isKeeper);
  return statementsBefore(awaitNode, body).some((statement) => handover.handsOver(statement));
}

/** `self.x`, `cls.registry[key]`, `self`: a receiver reached from the object (or class) whose method runs. */
export function isHeldByObject(receiver: SyntaxNode): boolean {
  let node = unparenthesize(receiver);
  while (node.type === 'attribute' || node.type === 'subscript') {
    const holder = node.childForFieldName(node.type === 'attribute' ? 'object' : 'value');
    if (!holder) return false;
    node = unparenthesize(holder);
  }
  return node.type === 'identifier' && (node.text === 'self' || node.text === 'cls');
}

function makesFuture(value: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  if (model.typeOf(value, scope) === 'asyncio.Future') return true;
  return value.type === 'call' && (model.calleeName(value, scope) === 'asyncio.Future' || model.calleeLastName(value) === 'create_future');
}

/**
 * The statements that run before `node` on every path to it in the function whose scope is `body`: those before it in
 * its block, then those before the statement holding that block, out to the function's body.
 */
function statementsBefore(node: SyntaxNode, body: Scope): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const functionBody = body.node.childForFieldName('body');
  for (let statement = enclosingStatement(node); statement && statement.id !== body.node.id;) {
    for (let previous = statement.previousNamedSibling; previous; previous = previous.previousNamedSibling) found.push(previous);
    const block = statement.parent;
    if (!block || block.id === functionBody?.id) break;
    statement = enclosingStatement(block);
  }
  return found;
}

class Handover {
  constructor(
    private readonly future: Binding,
    private readonly body: Scope,
    private readonly model: SemanticModel,
    private readonly isKeeper: (receiver: SyntaxNode) => boolean,
  ) {}

  handsOver(statement: SyntaxNode): boolean {
    if (statement.type === 'if_statement') {
      const { blocks, hasElse } = ifBranches(statement);
      return hasElse && blocks.every((block) => block.namedChildren.some((inner) => this.handsOver(inner)));
    }
    const expression = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    if (expression?.type === 'assignment') {
      const target = expression.childForFieldName('left');
      const right = expression.childForFieldName('right');
      const holder =
        target?.type === 'attribute'
          ? target.childForFieldName('object')
          : target?.type === 'subscript'
            ? target.childForFieldName('value')
            : null;
      return !!holder && !!right && this.isKeeper(holder) && this.carries(right);
    }
    const call = expression && unparenthesize(expression);
    const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
    const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    if (!call || !receiver || !KEEPING_METHODS.has(callee?.childForFieldName('attribute')?.text ?? '')) return false;
    const { positional, keywords } = callArguments(call);
    return this.isKeeper(receiver) && [...positional, ...keywords.values()].some((argument) => this.carries(argument));
  }

  /** Whether `value` is the future, holds it, or is a bound method of it or a function reading it. */
  private carries(value: SyntaxNode): boolean {
    const node = unparenthesize(value);
    switch (node.type) {
      case 'identifier': {
        const binding = this.model.resolve(node, this.body);
        if (binding === this.future) return true;
        // A function nested in the coroutine, reading the future (`def on_closed(change): future.set_result(change)`).
        return binding?.kind === 'function' && binding.scope === this.body && !!binding.definition && this.reads(binding.definition);
      }
      case 'attribute':
        return this.isFuture(node.childForFieldName('object'));
      case 'lambda':
        return this.reads(node);
      default:
        return HOLDING_LITERALS.has(node.type) && node.namedChildren.some((child) => this.carries(child));
    }
  }

  private isFuture(node: SyntaxNode | null): boolean {
    return node?.type === 'identifier' && this.model.resolve(node, this.body) === this.future;
  }

  /** Whether the code `within` (a lambda, a nested function) mentions the future. */
  private reads(within: SyntaxNode): boolean {
    return this.model
      .references(this.future)
      .some((reference) => reference.startIndex >= within.startIndex && reference.endIndex <= within.endIndex);
  }
}
