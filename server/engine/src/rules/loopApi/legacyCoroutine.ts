// LOOP206 legacy-coroutine: generator-based coroutines — `@asyncio.coroutine`, `yield from` in an
// `async def`, and `yield from` an asyncio awaitable in a plain generator.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { unparenthesize } from '../../analysis/pythonSyntax';
import type { Scope } from '../../analysis/scope';
import type { Rule, RuleContext } from '../../linter/rule';
import { calleeMatcher, isEventLoop, methodCall } from './support/asyncioValues';
import { snippet } from '../../ruleSupport/codeSnippet';
import { isAsyncioCoroutineFunction } from '../../ruleSupport/coroutineCalls';
import { isCompatibilityFallback } from '../../ruleSupport/compatibilityFallback';
import { ASYNCIO_COROUTINE_DECORATOR } from '../../knowledge/asyncioDeprecations';
import { LOOP_PROTOCOL_FACTORY_METHODS } from '../../knowledge/asyncioLoopApi';
import { formatVersion } from '../../linter/pythonVersion';

const callsAsyncioCoroutine = calleeMatcher(['asyncio.coroutine']);

/** asyncio functions that return a Task or Future. */
const FUTURE_FUNCTIONS: ReadonlySet<string> = new Set(['gather', 'shield', 'ensure_future', 'create_task', 'wrap_future']);

/** Event-loop methods that are coroutines (or, for `run_in_executor`, return a Future). */
const LOOP_AWAITABLE_METHODS: ReadonlySet<string> = new Set([
  'run_in_executor',
  'getaddrinfo',
  'getnameinfo',
  ...LOOP_PROTOCOL_FACTORY_METHODS,
  'sock_recv',
  'sock_recv_into',
  'sock_recvfrom',
  'sock_sendall',
  'sock_sendto',
  'sock_connect',
  'sock_accept',
  'sock_sendfile',
  'sendfile',
  'start_tls',
  'shutdown_asyncgens',
  'shutdown_default_executor',
]);

const REMOVED = `was removed in Python ${formatVersion(ASYNCIO_COROUTINE_DECORATOR.removed!)}`;

const FUTURE_TYPES: ReadonlySet<string> = new Set(['asyncio.Task', 'asyncio.Future']);

export const legacyCoroutine: Rule = {
  code: 'LOOP206',
  name: 'legacy-coroutine',
  summary: 'Generator-based coroutines: `@asyncio.coroutine` (removed in 3.11) or `yield from` where `await` belongs.',
  defaultSeverity: 'error',
  enabledByDefault: true,
  equivalents: ['PLE1700'],
  fixable: false,
  nodeKinds: ['decorator', 'call', 'yield'],
  check(node, context) {
    switch (node.type) {
      case 'decorator': {
        const expression = node.firstNamedChild;
        if (expression && isAsyncioCoroutine(expression, context) && !isCompatibilityFallback(node, context.model, 'coroutine')) {
          context.report({
            // The decorator node runs on to the end of its line, comments included.
            start: node.startPosition,
            end: expression.endPosition,
            message: `\`@asyncio.coroutine\` ${REMOVED} (AttributeError ${whenDecoratorRuns(context.scope)}); ${ASYNCIO_COROUTINE_DECORATOR.instead}`,
          });
        }
        return;
      }
      case 'call':
        if (callsAsyncioCoroutine(node, context) && !isCompatibilityFallback(node, context.model, 'coroutine')) {
          context.report({
            node,
            message: `\`asyncio.coroutine()\` ${REMOVED} (AttributeError); write the function as an \`async def\` instead of wrapping a generator`,
          });
        }
        return;
      case 'yield':
        checkYieldFrom(node, context);
        return;
    }
  },
  doc: {
    whatItDoes:
      "Flags the `@asyncio.coroutine` decorator (and calls of `asyncio.coroutine`), `yield from` inside an `async def`, and `yield from` an asyncio awaitable (`asyncio.sleep(...)`, a Task or Future, a lock's `acquire()`, a loop's `sock_recv()`, …) in a plain generator. Generators decorated with `types.coroutine` are left alone: that decorator still exists for low-level awaitables. So is a class's `__await__` method delegating to a Task or Future (`yield from task`): `__await__` must return an iterator, so a generator is the way to write it (an `async def __await__` would break `await obj`); there, delegating to a native coroutine is flagged with its fix, `yield from coro.__await__()`. Nor is `asyncio.coroutine` flagged in code that runs only on Pythons that still have it: the branch of an `if` (or conditional expression) taken where `sys.version_info` is below a version (also through a module-level name bound once to the test, `PY311 = sys.version_info >= (3, 11)`), where `hasattr(...)` of a newer API is false, or where `hasattr(asyncio, \"coroutine\")` holds, code after an `if` for newer Pythons that returns, raises or skips the test (`if sys.version_info >= (3, 11): pytest.skip(...)`), an `except AttributeError:` (or `ImportError`, `NameError`), and the body of a test skipped on newer Pythons (`@pytest.mark.skipif(sys.version_info >= (3, 11), ...)`, `@unittest.skipIf`, `@unittest.skipUnless`) or of a method of a test class so skipped: that is where a library tests its support for generator-based coroutines. A decorator run on import (at module level, in a class body, or on the skipped test itself) is still flagged unless an `if` guards it. The message says when the decorator raises its AttributeError: on import for a function defined at module level or in a class body there, and, for one defined in a function body, when that function runs (naming it: `test_legacy()`), since a test defining a legacy coroutine in its body fails when it runs while its module still imports.",
    whyIsThisBad:
      'Generator-based coroutines were deprecated in Python 3.8 and `asyncio.coroutine` was removed in 3.11, so such code fails with AttributeError where the decorator runs: on import for a module-level function or a method of a module-level class, when the enclosing function runs for one defined in its body. `yield from` inside an `async def` is a SyntaxError, and `yield from` a native coroutine in an undecorated generator raises TypeError.',
    example:
      'import asyncio\n\n@asyncio.coroutine\ndef heartbeat(interval):\n    while True:\n        yield from asyncio.sleep(interval)\n        send_ping()',
    useInstead:
      'import asyncio\n\nasync def heartbeat(interval):\n    while True:\n        await asyncio.sleep(interval)\n        send_ping()',
  },
};

function checkYieldFrom(node: SyntaxNode, context: RuleContext): void {
  if (node.child(1)?.type !== 'from') return;
  const generator = context.scope.functionScope;
  if (!generator || generator.kind !== 'function') return;
  const delegate = node.lastNamedChild;
  if (generator.isAsyncFunction) {
    const awaitText = delegate ? `\`await ${snippet(delegate, 30)}\`` : '`await`';
    context.report({
      node,
      message: `\`yield from\` inside coroutine \`${generator.name}\` is a SyntaxError; use ${awaitText} to wait for an awaitable (or a \`for\` loop that yields each item in an async generator)`,
    });
    return;
  }
  if (!delegate || hasCoroutineDecorator(generator)) return;
  const kind = asyncioAwaitableKind(delegate, context);
  if (!kind) return;
  // `__await__` must return an iterator, so a class's awaitable is a generator method (asyncio's `Future.__await__` is
  // one), and `yield from task` is how it waits for a Task or Future: an `async def __await__` would break `await obj`.
  // Only a native coroutine cannot be delegated to there; its iterator can.
  const awaitMethod = generator.name === '__await__' && generator.parent?.kind === 'class';
  if (awaitMethod && kind === 'future') return;
  const problem =
    kind === 'coroutine'
      ? 'raises TypeError: a plain generator cannot delegate to a native coroutine'
      : `makes \`${generator.name}\` a legacy generator-based coroutine`;
  const instead = awaitMethod
    ? `delegate to the coroutine's iterator: \`yield from ${snippet(delegate, 30)}.__await__()\``
    : `make \`${generator.name}\` an \`async def\` and \`await ${snippet(delegate, 30)}\``;
  context.report({ node, message: `\`yield from ${snippet(delegate, 30)}\` in generator \`${generator.name}\` ${problem}; ${instead}` });
}

/**
 * When a decorator written in `scope` runs, and so raises: on import at module level or in a class body (a class body
 * runs when the code around it does), or each time the function around the definition runs (a test defining a legacy
 * coroutine in its body fails when it runs, not on import).
 */
function whenDecoratorRuns(scope: Scope): string {
  let around: Scope | undefined = scope;
  while (around && (around.kind === 'class' || around.kind === 'comprehension')) around = around.parent;
  return around && around.kind !== 'module' ? `when \`${around.name}()\` runs` : 'on import';
}

function isAsyncioCoroutine(expression: SyntaxNode, context: RuleContext): boolean {
  return expression.text.endsWith('coroutine') && context.model.qualifiedName(expression, context.scope) === 'asyncio.coroutine';
}

/** `@asyncio.coroutine` (already reported on the decorator) or `@types.coroutine` (still supported). */
function hasCoroutineDecorator(generator: Scope): boolean {
  const decorated = generator.node.parent;
  if (decorated?.type !== 'decorated_definition') return false;
  for (const decorator of decorated.namedChildren) {
    const expression = decorator.type === 'decorator' ? decorator.firstNamedChild : null;
    // Any `@...coroutine` decorator: asyncio's and types' under any import, and asyncio's own
    // modules (`from .coroutines import coroutine`) on old Pythons.
    if (expression && /(?:^|\.)coroutine$/.test(expression.text)) return true;
  }
  return false;
}

/** Whether `expression` is an asyncio coroutine (a call of a coroutine function or method) or a Task or Future. */
function asyncioAwaitableKind(expression: SyntaxNode, context: RuleContext): 'coroutine' | 'future' | undefined {
  const node = unparenthesize(expression);
  const type = context.model.typeOf(node, context.scope);
  if (type !== undefined) return FUTURE_TYPES.has(type) ? 'future' : undefined;
  if (node.type !== 'call') return undefined;
  const name = context.model.calleeName(node, context.scope);
  if (name?.startsWith('asyncio.')) {
    const member = name.slice('asyncio.'.length);
    if (FUTURE_FUNCTIONS.has(member)) return 'future';
    if (isAsyncioCoroutineFunction(name)) return 'coroutine';
  }
  const method = methodCall(node);
  if (!method || !LOOP_AWAITABLE_METHODS.has(method.method) || !isEventLoop(method.receiver, context)) return undefined;
  return method.method === 'run_in_executor' ? 'future' : 'coroutine';
}
