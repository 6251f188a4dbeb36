// Where a coroutine parked until it is cancelled may park (see parkedCoroutine): a statement of its body, or of a `try`
// or `with` body there, that every call reaches. A task holding a resource open until the loop shuts down enters it
// first (`async with client.session: while True: await asyncio.sleep(300)`, its exit the clean-up the cancellation
// runs): entering an object made before the task runs its `__aenter__` once, which hands back the object or waits on
// what opening it takes, before the task parks in the loop's timer for the rest of its life.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { contextManagerOf, unparenthesize, withItems } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import { hasCheckpoint } from './syntaxShapes';

/** Blocks a statement may sit in and still run on every call: a `try` body, a `with` body. */
const PASSED_THROUGH: ReadonlyMap<string, string> = new Map([
  ['try_statement', 'body'],
  ['with_statement', 'body'],
]);

/**
 * The `with` statements (sync or `async`) `statement` sits in, innermost first, where it is a statement of the body of
 * `definition` or of a `try` or `with` body there (through any number of them): every call of the function gets to it.
 * Undefined where it sits anywhere else (a branch, a loop, a handler).
 */
export function enclosingContexts(statement: SyntaxNode, definition: SyntaxNode): SyntaxNode[] | undefined {
  const functionBody = definition.childForFieldName('body');
  const contexts: SyntaxNode[] = [];
  for (let block = statement.parent; block?.type === 'block';) {
    if (block.id === functionBody?.id) return contexts;
    const owner = block.parent;
    const field = owner ? PASSED_THROUGH.get(owner.type) : undefined;
    if (!owner || field === undefined || owner.childForFieldName(field)?.id !== block.id) return undefined;
    if (owner.type === 'with_statement') contexts.push(owner);
    block = owner.parent;
  }
  return undefined;
}

/**
 * Whether code of `body` before the offset `end` (the first `await`) may suspend other than in entering `contexts`
 * (see enclosingContexts), each an `async with` of objects made before it (names and attributes: `client.api_client`,
 * `self.lock`): an `await`, another `async with` or `async for`, an awaiting comprehension, or an `async with` making
 * what it enters (`async with connect(url):`, whose code may wait on anything).
 */
export function suspendsBeforeParking(body: Scope, end: number, contexts: readonly SyntaxNode[]): boolean {
  const entered = new Set(contexts.filter(entersExistingObjects).map((context) => context.id));
  const within = (node: SyntaxNode): boolean => node.startIndex >= body.start && node.startIndex < end;
  if (body.awaits.some(within)) return true;
  if (body.asyncStatements.some((statement) => within(statement) && !entered.has(statement.id))) return true;
  // A comprehension runs inline (a generator expression does not run there).
  return body.children.some(
    (child) => child.kind === 'comprehension' && child.node.type !== 'generator_expression' && hasCheckpoint(child, body.start, end),
  );
}

/** A `with` whose managers are all objects made before it: names and attributes (`client.api_client`), no call. */
function entersExistingObjects(statement: SyntaxNode): boolean {
  const items = withItems(statement);
  return items.length > 0 && items.every((item) => isNameOrAttribute(contextManagerOf(item)));
}

function isNameOrAttribute(expression: SyntaxNode | undefined): boolean {
  let node = expression && unparenthesize(expression);
  while (node?.type === 'attribute') {
    const object = node.childForFieldName('object');
    node = object ? unparenthesize(object) : undefined;
  }
  return node?.type === 'identifier';
}
