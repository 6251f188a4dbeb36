// Waits the event loop's own machinery keeps: a coroutine parked in them is held by something the loop holds, not
// only by the loop's weak set of tasks (LOOP301), wherever the awaited object itself is kept. An executor's work item
// holds the concurrent future of `run_in_executor` / `asyncio.to_thread` (its callback the asyncio future, and that the
// task's wake-up); a selector handle, the ready queue or the executor holds the futures of `create_connection`,
// `open_connection`, `create_datagram_endpoint`, the `sock_*` calls and `getaddrinfo`, and so of the calls opening a
// server (`create_server`, `start_server`: a name lookup in the executor, then a turn of the ready queue); the waiter of
// `connect_accepted_socket`, `connect_read_pipe` or `start_tls` is held by the ready queue or by the protocol of a
// transport registered with the selector; an asyncio subprocess's transport,
// held by the loop's child watcher, holds its exit waiters, and its pipes' transports, registered with the selector,
// hold their protocol and with it the process's StreamReaders; a connection's transport holds its protocol, where
// `drain()` parks; a pool's work item holds the concurrent future `executor.submit(...)` returns, whose callback holds
// the asyncio future `asyncio.wrap_future` chains to it. Not the StreamReader of `open_connection`, which its protocol
// holds only weakly: a read of it is kept only where the reader is (see streamReaderRead).
import { EVENT_LOOP } from '../analysis/knownTypes';
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt, callArguments, unparenthesize } from '../analysis/pythonSyntax';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { isEventLoopMethodCall } from './eventLoopCalls';
import { attributeAssignments, valueClass } from './instanceClasses';
import { parametersOf } from './parameterGuard';

/** asyncio functions whose wait the loop keeps (through the executor, a selector handle or the child watcher). */
const KEPT_FUNCTIONS: ReadonlySet<string> = new Set([
  'asyncio.to_thread',
  'asyncio.open_connection',
  'asyncio.open_unix_connection',
  'asyncio.start_server',
  'asyncio.start_unix_server',
  'asyncio.create_subprocess_exec',
  'asyncio.create_subprocess_shell',
]);

/**
 * Event-loop coroutine methods whose futures the executor, a selector handle, the ready queue or the protocol of a
 * transport the selector holds keeps: opening connections, servers and pipes, upgrading to TLS, socket I/O and sendfile.
 */
const KEPT_LOOP_METHODS: ReadonlySet<string> = new Set([
  'run_in_executor',
  'getaddrinfo',
  'getnameinfo',
  'create_connection',
  'create_unix_connection',
  'create_datagram_endpoint',
  'create_server',
  'create_unix_server',
  'connect_accepted_socket',
  'connect_read_pipe',
  'connect_write_pipe',
  'start_tls',
  'sendfile',
  'subprocess_exec',
  'subprocess_shell',
  'sock_connect',
  'sock_accept',
  'sock_recv',
  'sock_recv_into',
  'sock_recvfrom',
  'sock_recvfrom_into',
  'sock_sendall',
  'sock_sendto',
  'sock_sendfile',
]);

/**
 * The standard library's pools: a work item `submit(...)` queues holds the concurrent future it returns until a worker
 * has run it (not any `submit`: a dask `Client.submit` hands back a future of its own).
 */
const EXECUTORS: ReadonlySet<string> = new Set([
  'concurrent.futures.Executor',
  'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.ProcessPoolExecutor',
  'concurrent.futures.InterpreterPoolExecutor',
]);

const SUBPROCESS_STARTS: ReadonlySet<string> = new Set(['asyncio.create_subprocess_exec', 'asyncio.create_subprocess_shell']);
const CONNECTION_OPENERS: ReadonlySet<string> = new Set(['asyncio.open_connection', 'asyncio.open_unix_connection']);
const READS: ReadonlySet<string> = new Set(['read', 'readline', 'readexactly', 'readuntil']);

/**
 * What the code says an object is: an asyncio subprocess, one of its pipes (`proc.stdout`, `proc.stdin`), or a stream
 * of a connection (annotated `asyncio.StreamReader`, or unpacked from `await asyncio.open_connection(...)`).
 */
type StreamKind = 'process' | 'pipeReader' | 'pipeWriter' | 'reader' | 'writer';

const KIND_OF_TYPE: ReadonlyMap<string, StreamKind> = new Map([
  ['asyncio.Process', 'process'],
  ['asyncio.StreamReader', 'reader'],
  ['asyncio.StreamWriter', 'writer'],
]);

/** Steps streamKind takes at most: a parameter to its argument, a name to its value, an attribute to its assignments. */
const MAX_STEPS = 6;

/**
 * Whether the awaited call `call` (in `scope`, the body of the `async def` that `entry` calls, if a call written in the
 * code enters it) waits where the event loop's machinery keeps the waiting task: `asyncio.to_thread(...)`, a loop's
 * `run_in_executor(...)`, `create_connection(...)`, `create_server(...)`, `sock_recv(...)` and the like,
 * `asyncio.open_connection(...)`, `asyncio.start_server(...)`,
 * `asyncio.create_subprocess_exec(...)`, an asyncio subprocess's `wait()` or `communicate()`, a read of its `stdout` or
 * `stderr`, `drain()` of a connection's or a subprocess's writer, or `asyncio.wrap_future(...)` of a pool's
 * `submit(...)`. Only where the code says what the receiver is.
 */
export function waitsInLoopMachinery(call: SyntaxNode, scope: Scope, model: SemanticModel, entry: SyntaxNode | undefined): boolean {
  const name = model.calleeName(call, scope);
  if (name !== undefined && KEPT_FUNCTIONS.has(name)) return true;
  if (name === 'asyncio.wrap_future') return wrapsPoolSubmission(call, scope, model);
  const callee = call.childForFieldName('function');
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
  const receiver = callee?.childForFieldName('object');
  if (method === undefined || !receiver) return false;
  if (KEPT_LOOP_METHODS.has(method)) return name === `${EVENT_LOOP}.${method}` || isEventLoopMethodCall(call, method, model, scope);
  if (method !== 'wait' && method !== 'communicate' && method !== 'drain' && !READS.has(method)) return false;
  const kind = streamKind(receiver, scope, model, entry, 0);
  if (method === 'wait' || method === 'communicate') return kind === 'process';
  if (method === 'drain') return kind === 'writer' || kind === 'pipeWriter';
  return kind === 'pipeReader';
}

/**
 * The StreamReader `call` (awaited in `scope`, entered by `entry`) reads (`read`, `readline`, `readexactly`,
 * `readuntil`), where the code says it is a connection's (annotated so, or unpacked from `open_connection`): its
 * protocol holds it only weakly, so the read is kept only where something keeps the reader (see keptPrimitives).
 */
export function streamReaderRead(
  call: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  entry: SyntaxNode | undefined,
): SyntaxNode | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || !READS.has(callee.childForFieldName('attribute')?.text ?? '')) return undefined;
  const receiver = callee.childForFieldName('object');
  return receiver && streamKind(receiver, scope, model, entry, 0) === 'reader' ? receiver : undefined;
}

/**
 * `asyncio.wrap_future(pool.submit(...))`, or of a local bound once to such a call: the pool's work item holds the
 * concurrent future until a worker has run it, the future's done callback the asyncio future chained to it, and that
 * future the waiting task's wake-up (as `run_in_executor` does). A future of any other origin (made by hand, handed
 * in) is held only where the code keeps it.
 */
function wrapsPoolSubmission(call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const argument = argumentAt(call, 0, 'future');
  let wrapped = argument && unparenthesize(argument);
  if (wrapped?.type === 'identifier') {
    const binding = model.resolve(wrapped, scope);
    const once = binding?.kind === 'assignment' && model.bindingsIn(binding.scope, binding.name).length === 1;
    wrapped = once && binding.value ? unparenthesize(binding.value) : undefined;
  }
  const callee = wrapped?.type === 'call' ? wrapped.childForFieldName('function') : undefined;
  const pool =
    callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'submit' ? callee.childForFieldName('object') : null;
  return !!pool && isPool(pool, model.scopeOf(pool), model);
}

/** Whether the code says `expression` is one of the standard library's pools (see EXECUTORS). */
function isPool(expression: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const typed = model.typeOf(expression, scope);
  if (typed !== undefined) return EXECUTORS.has(typed);
  const made = valueClass(expression, scope, model);
  return made !== undefined && 'name' in made && EXECUTORS.has(made.name);
}

function streamKind(
  expression: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  entry: SyntaxNode | undefined,
  steps: number,
): StreamKind | undefined {
  if (steps > MAX_STEPS) return undefined;
  const node = unparenthesize(expression);
  const typed = model.typeOf(node, scope);
  if (typed !== undefined) return KIND_OF_TYPE.get(typed);
  if (node.type === 'identifier') {
    const binding = model.resolve(node, scope);
    if (!binding || model.bindingsIn(binding.scope, binding.name).length !== 1) return undefined;
    if (binding.kind === 'parameter') return passedKind(binding, model, entry, steps);
    return binding.kind === 'assignment' ? assignedKind(binding.node, model, steps) : undefined;
  }
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute')?.text;
  if (!object || attribute === undefined) return undefined;
  const owner = streamKind(object, scope, model, entry, steps + 1);
  if (owner === 'process')
    return attribute === 'stdin' ? 'pipeWriter' : attribute === 'stdout' || attribute === 'stderr' ? 'pipeReader' : undefined;
  return owner === undefined ? attributeKind(object, attribute, scope, model, steps) : undefined;
}

/** For a parameter of the `async def` `entry` calls: what the argument `entry` passes for it is. */
function passedKind(binding: Binding, model: SemanticModel, entry: SyntaxNode | undefined, steps: number): StreamKind | undefined {
  if (!entry || binding.scope.kind !== 'function') return undefined;
  const parameter = parametersOf(binding.scope.node).byName.get(binding.name);
  if (!parameter) return undefined;
  const { positional, keywords } = callArguments(entry);
  const passed = keywords.get(binding.name) ?? (parameter.position === undefined ? undefined : positional[parameter.position]);
  return passed && streamKind(passed, model.scopeOf(entry), model, undefined, steps + 1);
}

/**
 * For a target `target` (a name or attribute) of an assignment: what the value assigned makes, `proc = await
 * asyncio.create_subprocess_exec(...)` a subprocess, `reader, writer = await asyncio.open_connection(...)` a
 * connection's reader and writer.
 */
function assignedKind(target: SyntaxNode, model: SemanticModel, steps: number): StreamKind | undefined {
  let pattern: SyntaxNode = target;
  let index: number | undefined;
  const parent = target.parent;
  if (parent?.type === 'pattern_list' || parent?.type === 'tuple_pattern') {
    index = parent.namedChildren.findIndex((child) => child.id === target.id);
    pattern = parent;
  }
  const assignment = pattern.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.id !== pattern.id || steps > MAX_STEPS) return undefined;
  const value = assignment.childForFieldName('right');
  const awaited = value && unparenthesize(value);
  const call = awaited?.type === 'await' && awaited.firstNamedChild ? unparenthesize(awaited.firstNamedChild) : undefined;
  if (call?.type !== 'call') return undefined;
  const name = model.calleeName(call, model.scopeOf(assignment));
  if (name === undefined) return undefined;
  if (index === undefined) return SUBPROCESS_STARTS.has(name) ? 'process' : undefined;
  if (!CONNECTION_OPENERS.has(name)) return undefined;
  return index === 0 ? 'reader' : index === 1 ? 'writer' : undefined;
}

/**
 * For `self.name` (`object` a method's `self`): what every assignment to `<instance>.name` in the class's methods
 * makes, where all make the same (None aside: `self.proc = None` before it starts).
 */
function attributeKind(object: SyntaxNode, name: string, scope: Scope, model: SemanticModel, steps: number): StreamKind | undefined {
  const owner = object.type === 'identifier' ? valueClass(object, scope, model) : undefined;
  if (!owner || !('local' in owner)) return undefined;
  const kinds = new Set<StreamKind | undefined>();
  for (const { target, object: receiver, scope: where, unpacked, value } of attributeAssignments(name, model)) {
    // A `for` target sets nothing the code says; `self.proc = None` is before it starts.
    if (unpacked ? !value : value !== null && unparenthesize(value).type === 'none') continue;
    const receiverClass = receiver?.type === 'identifier' ? valueClass(receiver, where, model) : undefined;
    if (!receiverClass || !('local' in receiverClass) || receiverClass.local.id !== owner.local.id) continue;
    kinds.add(assignedKind(target, model, steps + 1));
  }
  const [only] = kinds;
  return kinds.size === 1 ? only : undefined;
}
