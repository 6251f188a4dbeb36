// LOOP404 sync-with-async-cm: `with` on a context manager that only supports `async with`
// (`asyncio.timeout`, `TaskGroup`, `asyncio.Lock`, ...), or `async with` on a synchronous one.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { hasAsyncKeyword, unparenthesize } from '../../analysis/pythonSyntax';
import type { Scope } from '../../analysis/scope';
import type { SemanticModel } from '../../analysis/semanticModel';
import type { Rule } from '../../linter/rule';
import { classMembers, hasMember } from '../../ruleSupport/classMembers';
import { decoratorNames } from '../../ruleSupport/decoratorNames';
import { calledDefinition, codeSnippet, isBoundOnce } from './support/valueSources';

/** Known classes whose instances have `__aenter__`/`__aexit__` only, with the reason messages give. */
const ASYNC_ONLY_TYPES: ReadonlyMap<string, string> = new Map([
  ['asyncio.Timeout', 'it is an `asyncio.Timeout`'],
  ['asyncio.TaskGroup', 'it is an `asyncio.TaskGroup`'],
  ['asyncio.Lock', 'it is an `asyncio.Lock`'],
  ['asyncio.Semaphore', 'it is an `asyncio.Semaphore`'],
  ['asyncio.BoundedSemaphore', 'it is an `asyncio.BoundedSemaphore`'],
  ['asyncio.Condition', 'it is an `asyncio.Condition`'],
  ['asyncio.Barrier', 'it is an `asyncio.Barrier`'],
  ['httpx.AsyncClient', 'it is an `httpx.AsyncClient`'],
]);

/** Known classes whose instances have `__enter__`/`__exit__` only. */
const SYNC_ONLY_TYPES: ReadonlyMap<string, string> = new Map([
  ['io.IOBase', 'it is a file object'],
  ['threading.Lock', 'it is a `threading.Lock`'],
  ['threading.RLock', 'it is a `threading.RLock`'],
  ['threading.Semaphore', 'it is a `threading.Semaphore`'],
  ['threading.BoundedSemaphore', 'it is a `threading.BoundedSemaphore`'],
  ['threading.Condition', 'it is a `threading.Condition`'],
  ['subprocess.Popen', 'it is a `subprocess.Popen`'],
  ['socket.socket', 'it is a `socket.socket`'],
  ['concurrent.futures.ThreadPoolExecutor', 'it is a `ThreadPoolExecutor`'],
  ['concurrent.futures.ProcessPoolExecutor', 'it is a `ProcessPoolExecutor`'],
  ['requests.Session', 'it is a `requests.Session`'],
  ['httpx.Client', 'it is an `httpx.Client`'],
  ['urllib3.PoolManager', 'it is a `urllib3.PoolManager`'],
  ['asyncio.Runner', 'it is an `asyncio.Runner`'],
]);

/** `reason` completes "only supports `async with` (...)". */
type Support = { readonly kind: 'async' | 'sync'; readonly reason: string };

export const syncWithAsyncCm: Rule = {
  code: 'LOOP404',
  name: 'sync-with-async-cm',
  summary: '`with` on an async-only context manager, or `async with` on a synchronous one.',
  defaultSeverity: 'error',
  enabledByDefault: true,
  equivalents: ['S7515'],
  fixable: false,
  nodeKinds: ['with_statement'],
  check(statement, context) {
    const isAsync = hasAsyncKeyword(statement);
    for (const clause of statement.namedChildren) {
      if (clause.type !== 'with_clause') continue;
      for (const item of clause.namedChildren) {
        if (item.type !== 'with_item') continue;
        let value = item.childForFieldName('value');
        if (value?.type === 'as_pattern') value = value.firstNamedChild;
        if (!value) continue;
        const support = contextManagerSupport(value, context.model, context.scope);
        if (!support) continue;
        const snippet = codeSnippet(value);
        if (!isAsync && support.kind === 'async') {
          const where = context.scope.isAsyncContext ? '' : ' inside an `async def`';
          context.report({
            node: value,
            message: `\`${snippet}\` only supports \`async with\` (${support.reason}), so plain \`with\` fails with \`TypeError\`; use \`async with\`${where}`,
          });
        } else if (isAsync && support.kind === 'sync') {
          context.report({
            node: value,
            message: `\`${snippet}\` only supports plain \`with\` (${support.reason}), so \`async with\` fails with \`TypeError\`; use \`with\`${syncAdvice(support.reason)}`,
          });
        }
      }
    }
  },
  doc: {
    whatItDoes:
      'Flags `with` on a context manager that only implements `__aenter__`/`__aexit__` (`asyncio.timeout()`, `asyncio.timeout_at()`, `asyncio.TaskGroup()`, `asyncio.Lock`/`Semaphore`/`BoundedSemaphore`/`Condition`/`Barrier` objects, `httpx.AsyncClient`, an `@asynccontextmanager` function or a class of this file with `__aenter__` but no `__enter__`), and `async with` on one that only implements `__enter__`/`__exit__` (`open()`, `threading` locks, executors, `subprocess.Popen`, sockets, an `@contextmanager` function or a class of this file with `__enter__` but no `__aenter__`). Values whose type is unknown, such as `self.lock`, are not checked.',
    whyIsThisBad:
      'The two statements use different methods. `with asyncio.Lock():` raises `TypeError` because the lock has no `__enter__` (before 3.9 it raised a `RuntimeError` telling you to use `async with`), and `async with open(path):` raises `TypeError` because a file has no `__aenter__`. The mistake usually hides in a code path the tests do not reach.',
    example:
      'import asyncio\nimport threading\n\nstate_lock = threading.Lock()\n\n\nasync def fetch(client, url):\n    with asyncio.timeout(10):\n        return await client.get(url)\n\n\nasync def update(state, key, value):\n    async with state_lock:\n        state[key] = value',
    useInstead:
      'import asyncio\n\nstate_lock = asyncio.Lock()\n\n\nasync def fetch(client, url):\n    async with asyncio.timeout(10):\n        return await client.get(url)\n\n\nasync def update(state, key, value):\n    async with state_lock:\n        state[key] = value',
  },
};

/** Which protocol a context manager expression supports, when only one is known to be there. */
function contextManagerSupport(expression: SyntaxNode, model: SemanticModel, scope: Scope): Support | undefined {
  const node = unparenthesize(expression);
  if (node.type !== 'call' && node.type !== 'identifier' && node.type !== 'attribute') return undefined;
  if (node.type === 'identifier' && !isPlainlyBound(node, model, scope)) return undefined;
  const type = model.typeOf(node, scope);
  if (type !== undefined) {
    const asyncReason = ASYNC_ONLY_TYPES.get(type);
    if (asyncReason) return { kind: 'async', reason: asyncReason };
    const syncReason = SYNC_ONLY_TYPES.get(type);
    return syncReason ? { kind: 'sync', reason: syncReason } : undefined;
  }
  const definition = calledDefinition(node, model, scope);
  if (definition?.type === 'class_definition') {
    const members = classMembers(definition, model);
    if (!members.isComplete || members.isProtocol) return undefined;
    const className = definition.childForFieldName('name')?.text ?? 'class';
    const hasAenter = hasMember(members, '__aenter__');
    const hasEnter = hasMember(members, '__enter__');
    if (hasAenter && !hasEnter) return { kind: 'async', reason: `class \`${className}\` defines \`__aenter__\` but not \`__enter__\`` };
    if (hasEnter && !hasAenter) return { kind: 'sync', reason: `class \`${className}\` defines \`__enter__\` but not \`__aenter__\`` };
    return undefined;
  }
  if (definition?.type !== 'function_definition') return undefined;
  const functionName = definition.childForFieldName('name')?.text ?? 'function';
  const decorators = decoratorNames(definition, model);
  if (decorators.includes('contextlib.asynccontextmanager')) {
    return { kind: 'async', reason: `\`${functionName}\` is an \`@asynccontextmanager\` function` };
  }
  if (decorators.includes('contextlib.contextmanager')) {
    return { kind: 'sync', reason: `\`${functionName}\` is a \`@contextmanager\` function` };
  }
  return undefined;
}

/**
 * A name bound once, without a union annotation: for `lock: threading.Lock | asyncio.Lock` the model
 * picks one side, and a name assigned on several branches may hold either value.
 */
function isPlainlyBound(name: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const binding = model.resolve(name, scope);
  if (!binding) return true;
  if (!isBoundOnce(binding, model)) return false;
  const annotation = binding.annotation?.text;
  if (annotation === undefined) return true;
  const members = annotation.includes('Union[') ? annotation.split(',') : annotation.split('|');
  return members.filter((member) => !/^\s*None\s*\]?\s*$/.test(member)).length <= 1;
}

function syncAdvice(reason: string): string {
  if (reason.includes('threading')) return ', or an `asyncio` lock if it must be held across `await`';
  if (reason === 'it is a file object') return ' and keep blocking file I/O off the event loop (`asyncio.to_thread`)';
  return '';
}
