// Which calls only create a coroutine object: calls of this file's `async def`s (async generators
// excluded) and of asyncio's own coroutine functions and methods. Rules of several families (LOOP202, LOOP302, LOOP303)
// and the workspace index's module summaries ask this; and which such calls never run, guarded by a test that their
// callee is no coroutine function.
import { EVENT_LOOP } from '../analysis/knownTypes';
import type { SyntaxNode } from '../analysis/pythonParser';
import { hasAsyncKeyword, parentOutsideParentheses, runsOnlyWhere, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';
import { decoratorNames } from './decoratorNames';

const LOOP_COROUTINE_METHODS = [
  'connect_accepted_socket',
  'connect_read_pipe',
  'connect_write_pipe',
  'create_connection',
  'create_datagram_endpoint',
  'create_server',
  'create_unix_connection',
  'create_unix_server',
  'getaddrinfo',
  'getnameinfo',
  'sendfile',
  'shutdown_asyncgens',
  'shutdown_default_executor',
  'sock_accept',
  'sock_connect',
  'sock_recv',
  'sock_recv_into',
  'sock_recvfrom',
  'sock_recvfrom_into',
  'sock_sendall',
  'sock_sendfile',
  'sock_sendto',
  'start_tls',
  'subprocess_exec',
  'subprocess_shell',
];

const methodsOf = (owner: string, methods: readonly string[]): string[] => methods.map((method) => `${owner}.${method}`);

/** asyncio functions and methods defined with `async def` (checked against CPython 3.11–3.13). */
const ASYNCIO_COROUTINE_FUNCTIONS: ReadonlySet<string> = new Set([
  ...methodsOf('asyncio', [
    'sleep',
    'wait',
    'wait_for',
    'to_thread',
    'open_connection',
    'open_unix_connection',
    'start_server',
    'start_unix_server',
    'create_subprocess_exec',
    'create_subprocess_shell',
  ]),
  'asyncio.staggered.staggered_race',
  ...['asyncio.Queue', 'asyncio.PriorityQueue', 'asyncio.LifoQueue'].flatMap((queue) => methodsOf(queue, ['get', 'put', 'join'])),
  ...['asyncio.Lock', 'asyncio.Semaphore', 'asyncio.BoundedSemaphore'].flatMap((lock) => methodsOf(lock, ['acquire'])),
  'asyncio.Event.wait',
  ...methodsOf('asyncio.Condition', ['acquire', 'wait', 'wait_for']),
  ...methodsOf('asyncio.Barrier', ['wait', 'reset', 'abort']),
  ...methodsOf('asyncio.StreamReader', ['read', 'readline', 'readexactly', 'readuntil']),
  ...methodsOf('asyncio.StreamWriter', ['drain', 'wait_closed', 'start_tls']),
  ...methodsOf('asyncio.Server', ['serve_forever', 'start_serving', 'wait_closed']),
  // `asyncio.subprocess.Process` is canonically `asyncio.Process`.
  ...methodsOf('asyncio.Process', ['wait', 'communicate']),
  ...methodsOf(EVENT_LOOP, LOOP_COROUTINE_METHODS),
]);

/** Whether `name` (canonical, e.g. `asyncio.sleep`, `asyncio.Lock.acquire`) is an asyncio coroutine function or method. */
export function isAsyncioCoroutineFunction(name: string): boolean {
  return ASYNCIO_COROUTINE_FUNCTIONS.has(name);
}

/**
 * Decorators that keep the function they decorate as it is (an `async def` a coroutine function, a plain one running its
 * body when called); any other decorator may wrap it into something else.
 */
const TRANSPARENT_DECORATORS: ReadonlySet<string> = new Set([
  'builtins.staticmethod',
  'builtins.classmethod',
  'abc.abstractmethod',
  'functools.wraps',
  'typing.override',
  'typing.final',
  'typing_extensions.override',
  'typing_extensions.final',
]);

/** Method names of the table, for a cheap first look at `obj.method()` calls. */
const ASYNCIO_COROUTINE_METHOD_NAMES: ReadonlySet<string> = new Set(
  [...ASYNCIO_COROUTINE_FUNCTIONS].map((name) => name.slice(name.lastIndexOf('.') + 1)),
);

const coroutineDefinitionsByModel = new WeakMap<SemanticModel, Map<number, boolean>>();

/** Whether `call` calls a coroutine function, so that its value is a coroutine object that runs only when awaited. */
export function callsCoroutineFunction(call: SyntaxNode, scope: Scope, model: SemanticModel, project?: ProjectView): boolean {
  // Resolving callees is the costly part: first check, from the callee's spelling, that some
  // coroutine function could have that name.
  const written = model.calleeText(call);
  const last = model.calleeLastName(call);
  const mayBeOurs = model.definesAsyncFunction(last) || project?.mayBeCoroutineFunctionName(last) === true;
  if (written.includes('.')) {
    if (!mayBeOurs && !ASYNCIO_COROUTINE_METHOD_NAMES.has(last)) return false;
  } else if (written !== '' && !mayBeOurs) {
    // A bare name that is no coroutine function of ours: only an import of one can still be.
    const name = model.calleeName(call, scope);
    if (name === undefined || name.startsWith('builtins.')) return false;
    if (!ASYNCIO_COROUTINE_FUNCTIONS.has(name) && project === undefined) return false;
  }
  const definition = model.calleeDefinition(call, scope);
  if (definition) return isCoroutineFunction(definition, model);
  const name = model.calleeName(call, scope);
  if (name === undefined) return false;
  if (ASYNCIO_COROUTINE_FUNCTIONS.has(name)) return true;
  // A coroutine function of another module of the project (`from .db import load`).
  return (
    project !== undefined && !name.startsWith('builtins.') && project.findFunction(project.absoluteName(name))?.isCoroutineFunction === true
  );
}

/** An `async def` without `yield` (that would make it an async generator), with no decorator that may change what it returns. */
export function isCoroutineFunction(definition: SyntaxNode, model: SemanticModel): boolean {
  let known = coroutineDefinitionsByModel.get(model);
  if (!known) coroutineDefinitionsByModel.set(model, (known = new Map()));
  let result = known.get(definition.id);
  if (result === undefined) {
    result = computeIsCoroutineFunction(definition, model);
    known.set(definition.id, result);
  }
  return result;
}

function computeIsCoroutineFunction(definition: SyntaxNode, model: SemanticModel): boolean {
  if (definition.type !== 'function_definition' || !hasAsyncKeyword(definition)) return false;
  const body = model.scopeOfDefinition(definition);
  if (!body || body.yields.length > 0) return false;
  return !isWrappedByDecorator(definition, model);
}

/**
 * Whether a decorator of the `def` may make calling it do something other than run its body: any decorator but those
 * known to keep the function as it is (TRANSPARENT_DECORATORS). Prefect's `@async_dispatch(arun)` makes a plain
 * function return `arun(...)`'s coroutine when called in an async context.
 */
export function isWrappedByDecorator(definition: SyntaxNode, model: SemanticModel): boolean {
  const decorated = definition.parent;
  if (decorated?.type !== 'decorated_definition') return false;
  return decorated.namedChildren.some((decorator) => {
    if (decorator.type !== 'decorator') return false;
    let expression = decorator.firstNamedChild;
    if (expression?.type === 'call') expression = expression.childForFieldName('function');
    const name = expression ? model.qualifiedName(expression) : undefined;
    return name === undefined || !TRANSPARENT_DECORATORS.has(name);
  });
}

/** A plain `def` whose body yields (a `@contextmanager` too): calling it only makes a generator. */
export function isGeneratorFunction(definition: SyntaxNode | undefined, model: SemanticModel): boolean {
  if (definition?.type !== 'function_definition' || hasAsyncKeyword(definition)) return false;
  return (model.scopeOfDefinition(definition)?.yields.length ?? 0) > 0;
}

/** The decorators making a generator a generator-based coroutine, which an event loop drives as it does an `async def`. */
const GENERATOR_COROUTINE_DECORATORS: ReadonlySet<string> = new Set(['asyncio.coroutine', 'types.coroutine']);

/**
 * For a plain `def` whose body yields, decorated `@asyncio.coroutine` (removed in 3.11) or `@types.coroutine`: that
 * decorator's name. Its body runs as the loop runs a task awaiting it (`yield from tester(fut)`), as a coroutine's does.
 */
export function generatorCoroutineDecorator(scope: Scope, model: SemanticModel): string | undefined {
  if (scope.kind !== 'function' || scope.isAsyncFunction || scope.yields.length === 0) return undefined;
  return decoratorNames(scope.node, model).find((name) => name !== undefined && GENERATOR_COROUTINE_DECORATORS.has(name));
}

/**
 * Whether `call` is `return gen(...)` of a generator function of this file or (with `project`) of the project: a
 * function doing so only hands its caller the generator, whose body runs when the caller iterates it (twscrape's
 * `parse_tweets()` returning `_parse_items(...)`), so calling it runs none of that body, as calling the generator
 * function itself does not.
 */
export function returnsGenerator(call: SyntaxNode, scope: Scope, model: SemanticModel, project?: ProjectView): boolean {
  if (parentOutsideParentheses(call)?.type !== 'return_statement') return false;
  const definition = model.calleeDefinition(call, scope);
  return definition ? isGeneratorFunction(definition, model) : callsProjectGeneratorFunction(call, scope, model, project);
}

/** Whether `call` calls a generator function of another module of the project (see isGeneratorFunction). */
export function callsProjectGeneratorFunction(call: SyntaxNode, scope: Scope, model: SemanticModel, project?: ProjectView): boolean {
  const name = project && model.calleeName(call, scope);
  if (!project || name === undefined || name.startsWith('builtins.')) return false;
  return project.findFunction(project.absoluteName(name))?.isGeneratorFunction === true;
}

/** The functions telling whether a callable is a coroutine function. */
const COROUTINE_FUNCTION_TESTS: ReadonlySet<string> = new Set(['asyncio.iscoroutinefunction', 'inspect.iscoroutinefunction']);

/**
 * Whether `call` runs only where its own callee is no coroutine function: under `if not
 * asyncio.iscoroutinefunction(self.close):`, or in the `else` of `if inspect.iscoroutinefunction(self.close):`, the
 * test naming the callee as the call spells it. Code written once for an async class and the sync copy generated from it
 * (neo4j's unasync'd driver) guards a plain call so: where the callee is an `async def`, the call never happens.
 */
export function runsOnlyForPlainCallee(call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier' && callee?.type !== 'attribute') return false;
  return runsOnlyWhere(call, (test, holds) => {
    if (holds || test.type !== 'call') return false;
    const tested = test.childForFieldName('arguments')?.namedChildren ?? [];
    return (
      tested.length === 1 &&
      unparenthesize(tested[0]!).text === callee.text &&
      COROUTINE_FUNCTION_TESTS.has(model.calleeName(test, scope) ?? '')
    );
  });
}
