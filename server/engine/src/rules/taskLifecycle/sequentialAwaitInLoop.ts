// LOOP308 sequential-await-in-loop (off by default): `[await f(x) for x in xs]` and `for x in xs: results.append(await f(x))`,
// independent awaits that run one after another where they could run together.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { hasAsyncKeyword, targetIdentifiers, unparenthesize } from '../../analysis/pythonSyntax';
import { atLeast } from '../../linter/pythonVersion';
import type { Rule, RuleContext } from '../../linter/rule';
import { awaitedCall, shownCall, statementExpression, statementsOf } from './support/syntaxShapes';

/** asyncio functions worth running concurrently; every other `asyncio.*` call (sleep, gather, wait...) is left alone. */
const CONCURRENT_ASYNCIO_CALLS: ReadonlySet<string> = new Set(['asyncio.wait_for', 'asyncio.to_thread']);

/** Receivers whose operations are ordered or shared: locks, queues, streams, the loop's sockets. */
const ORDERED_RECEIVER_TYPES: ReadonlySet<string> = new Set([
  'asyncio.Lock',
  'asyncio.Event',
  'asyncio.Condition',
  'asyncio.Semaphore',
  'asyncio.BoundedSemaphore',
  'asyncio.Barrier',
  'asyncio.Queue',
  'asyncio.PriorityQueue',
  'asyncio.LifoQueue',
  'asyncio.StreamReader',
  'asyncio.StreamWriter',
  'asyncio.AbstractEventLoop',
  'socket.socket',
]);

/** Method names of streams, connections, locks and queues, where order matters or the receiver allows one operation at a time. */
const ORDERED_METHOD = new RegExp(
  '^(?:a?read\\w*|a?write\\w*|drain|a?send\\w*|a?recv\\w*|receive\\w*|acquire|release|wait\\w*|join|put|get_nowait|' +
    'execute\\w*|fetch\\w*|commit|rollback|flush|a?close|shutdown|stop|cancel|sleep|asend|athrow|publish)$',
);

export const sequentialAwaitInLoop: Rule = {
  code: 'LOOP308',
  name: 'sequential-await-in-loop',
  summary: 'Independent awaits in a loop or comprehension run one after another.',
  defaultSeverity: 'hint',
  // Off by default: on real projects most such loops are sequential on purpose (one connection or
  // channel taking one operation at a time, ordered set-up and clean-up, rate limits, benchmarks),
  // which the code does not show (bench/lint/realWorld.ts: 0 of 30 judged right).
  enabledByDefault: false,
  equivalents: [],
  fixable: false,
  nodeKinds: ['for_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension'],
  check(node, context) {
    if (!context.scope.isAsyncContext) return;
    const found = node.type === 'for_statement' ? loopAwait(node) : comprehensionAwait(node);
    if (!found) return;
    const call = awaitedCall(found.awaitNode);
    if (!call || !isIndependentCall(call, found.loopNames, found.accumulator, context)) return;
    const tools = atLeast(context.settings.targetVersion, 3, 11) ? '`asyncio.TaskGroup` (or `asyncio.gather`)' : '`asyncio.gather`';
    context.report({
      node: found.awaitNode,
      message: `\`await ${shownCall(call)}\` waits for each iteration's call to finish before starting the next, although the calls look independent; start them together with ${tools}`,
    });
  },
  doc: {
    whatItDoes:
      'Off by default (enable with `extend-select`). Hints at a list, set or dict comprehension `[await f(x) for x in xs]`, and at a plain `for x in xs:` loop whose whole body is `await f(x)`, `results.append(await f(x))`, `results[k] = await f(x)`, or `r = await f(x)` followed by storing `r`, when the awaited call uses the loop variable. It stays quiet for `async for`, loops with `break`, `return` or other statements, calls whose arguments read the results collected so far, calls of the loop variable itself (ordered callbacks), `asyncio` helpers other than `wait_for`/`to_thread`, and operations where order matters or the receiver takes one at a time: locks, queues, events, streams, sockets, database cursors (`read`, `write`, `drain`, `send`, `acquire`, `put`, `execute`, `fetch`, `close`...).',
    whyIsThisBad:
      'Each `await` waits for its call to finish before the loop starts the next one, so ten one-second requests take ten seconds. When the calls do not depend on each other, running them as concurrent tasks takes about as long as the slowest one.',
    example:
      'async def fetch_all(session, urls):\n    pages = []\n    for url in urls:\n        pages.append(await fetch(session, url))\n    return pages',
    useInstead:
      'import asyncio\n\nasync def fetch_all(session, urls):\n    async with asyncio.TaskGroup() as tg:\n        tasks = [tg.create_task(fetch(session, url)) for url in urls]\n    return [task.result() for task in tasks]',
  },
};

interface LoopAwait {
  readonly awaitNode: SyntaxNode;
  readonly loopNames: ReadonlySet<string>;
  /** The collection results go into, which the awaited call must not read. */
  readonly accumulator?: string;
}

function comprehensionAwait(comprehension: SyntaxNode): LoopAwait | undefined {
  const clauses = comprehension.namedChildren.filter((child) => child.type === 'for_in_clause');
  if (clauses.length !== 1 || hasAsyncKeyword(clauses[0]!)) return undefined;
  let body = comprehension.childForFieldName('body');
  if (body?.type === 'pair') body = body.childForFieldName('value');
  const value = body ? unparenthesize(body) : undefined;
  if (value?.type !== 'await') return undefined;
  return { awaitNode: value, loopNames: loopNamesOf(clauses[0]!) };
}

function loopAwait(loop: SyntaxNode): LoopAwait | undefined {
  if (hasAsyncKeyword(loop) || loop.childForFieldName('alternative')) return undefined;
  const statements = statementsOf(loop.childForFieldName('body'));
  const loopNames = loopNamesOf(loop);
  const first = statements[0] && statementExpression(statements[0]);
  if (!first) return undefined;
  if (statements.length === 1) {
    // await f(x)
    if (first.type === 'await') return { awaitNode: first, loopNames };
    // results.append(await f(x))
    const appended = appendedValue(first);
    if (appended?.value.type === 'await') return { awaitNode: appended.value, loopNames, accumulator: appended.collection };
    // results[key] = await f(x)
    const stored = storedValue(first);
    if (stored?.value.type === 'await') return { awaitNode: stored.value, loopNames, accumulator: stored.collection };
    return undefined;
  }
  if (statements.length !== 2 || first.type !== 'assignment') return undefined;
  // r = await f(x); results.append(r) / results[key] = r
  const name = first.childForFieldName('left');
  const value = first.childForFieldName('right');
  if (name?.type !== 'identifier' || value?.type !== 'await') return undefined;
  const second = statements[1] && statementExpression(statements[1]);
  if (!second) return undefined;
  const kept = appendedValue(second) ?? storedValue(second);
  if (!kept || kept.value.type !== 'identifier' || kept.value.text !== name.text) return undefined;
  return { awaitNode: value, loopNames, accumulator: kept.collection };
}

/** `c.append(v)` / `c.add(v)`: the collection's base name and `v`. */
function appendedValue(expression: SyntaxNode): { collection: string; value: SyntaxNode } | undefined {
  if (expression.type !== 'call') return undefined;
  const callee = expression.childForFieldName('function');
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
  if (method !== 'append' && method !== 'add') return undefined;
  const args = expression.childForFieldName('arguments')?.namedChildren ?? [];
  const object = callee?.childForFieldName('object');
  if (args.length !== 1 || !object) return undefined;
  return { collection: baseName(object), value: unparenthesize(args[0]!) };
}

/** `c[k] = v`: the collection's base name and `v`. */
function storedValue(expression: SyntaxNode): { collection: string; value: SyntaxNode } | undefined {
  if (expression.type !== 'assignment') return undefined;
  const left = expression.childForFieldName('left');
  const right = expression.childForFieldName('right');
  const object = left?.type === 'subscript' ? left.childForFieldName('value') : undefined;
  if (!object || !right) return undefined;
  return { collection: baseName(object), value: unparenthesize(right) };
}

/** `self.results` → `results`, `results` → `results`. */
function baseName(expression: SyntaxNode): string {
  const node = unparenthesize(expression);
  return node.type === 'attribute' ? (node.childForFieldName('attribute')?.text ?? node.text) : node.text;
}

function loopNamesOf(loop: SyntaxNode): ReadonlySet<string> {
  const left = loop.childForFieldName('left');
  return new Set(left ? targetIdentifiers(left).map((identifier) => identifier.text) : []);
}

/** The call uses the loop variable, does not read the collected results, and is not an ordered or shared operation. */
function isIndependentCall(
  call: SyntaxNode,
  loopNames: ReadonlySet<string>,
  accumulator: string | undefined,
  context: RuleContext,
): boolean {
  if (loopNames.size === 0) return false;
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  if (!callee || !args) return false;
  if (callee.type === 'identifier' && loopNames.has(callee.text)) return false; // `await handler(event)` for handler in handlers
  const argumentNames = new Set(args.descendantsOfType('identifier').map((identifier) => identifier.text));
  if (accumulator !== undefined && argumentNames.has(accumulator)) return false;
  const receiver = callee.type === 'attribute' ? callee.childForFieldName('object') : null;
  const receiverNames = receiver ? identifierNames(receiver) : [];
  if (![...argumentNames, ...receiverNames].some((name) => loopNames.has(name))) return false;
  if (accumulator !== undefined && receiverNames.includes(accumulator)) return false;
  const name = context.model.calleeName(call, context.scope);
  if (name !== undefined && /^asyncio\.\w+$/.test(name)) return CONCURRENT_ASYNCIO_CALLS.has(name);
  if (receiver) {
    const method = callee.childForFieldName('attribute')?.text ?? '';
    if (ORDERED_METHOD.test(method)) return false;
    const type = context.model.typeOf(receiver, context.scope);
    if (type !== undefined && ORDERED_RECEIVER_TYPES.has(type)) return false;
  }
  return true;
}

function identifierNames(node: SyntaxNode): string[] {
  return node.type === 'identifier' ? [node.text] : node.descendantsOfType('identifier').map((identifier) => identifier.text);
}
