// Calls whose flags say they do not block, whatever their name says: a lookup told its host is already a number
// (`socket.getaddrinfo(addr, None, flags=socket.AI_NUMERICHOST)` parses a numeric address, as libraries do to
// normalise IPv6 scopes, and asks no name server; `socket.getnameinfo(sockaddr, socket.NI_NUMERICHOST | ...)` formats
// the address it is given), and a wait told not to (`os.waitpid(pid, os.WNOHANG)` returns at once when the child has
// not ended), and a socket the same function made non-blocking before the call (`sock.setblocking(False)`, then
// `sock.connect(...)` raising BlockingIOError at once). The flags may be spelled out, or held by a name bound only to
// them (dask's `_NUMERIC_ONLY = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV`). A datagram socket's `connect`
// sends nothing: it only picks the route to the address, and blocks only to look up a host name (see
// blocksOnlyWhen). Nor does starting a process an object keeps (`self.proc = subprocess.Popen(cmd)`): fork and exec
// only. The blocking-call rules (LOOP103, LOOP106) and the chains of LOOP108 leave such calls alone.
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt, plainStringText, unparenthesize } from '../analysis/pythonSyntax';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { isNumericHost } from './numericHost';
import { hostNameGuard, type ParameterGuard } from './parameterGuard';
import { argumentsRuleOutBlocking } from './nonWaitingArguments';
import { bindingsReaching } from './reachingBindings';

/** Per call: where its flags go (position, keyword) and the flag that makes it return without waiting. */
const NON_BLOCKING_FLAGS: ReadonlyMap<string, { readonly index: number; readonly keyword?: string; readonly flag: string }> = new Map([
  ['socket.getaddrinfo', { index: 5, keyword: 'flags', flag: 'AI_NUMERICHOST' }],
  ['socket.getnameinfo', { index: 1, flag: 'NI_NUMERICHOST' }],
  // Positional only, as `os` declares them.
  ['os.waitpid', { index: 1, flag: 'WNOHANG' }],
  ['os.wait3', { index: 0, flag: 'WNOHANG' }],
  ['os.wait4', { index: 1, flag: 'WNOHANG' }],
  ['os.waitid', { index: 2, flag: 'WNOHANG' }],
]);

/** How many names deep a flag or a host is followed (`A = B | C`, `B = socket.AI_NUMERICHOST`). */
const MAX_NAME_DEPTH = 4;

/**
 * Whether `call` (to `qualifiedName`, made in `scope`), a call of a blocking function, returns without waiting: what it
 * is given says so (its flags here, a zero sleep or the null device in argumentsRuleOutBlocking). The one question
 * the blocking rules, LOOP108's chains and module summaries ask.
 */
export function returnsAtOnce(qualifiedName: string, call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  return (
    flagsRuleOutBlocking(qualifiedName, call, scope, model) ||
    argumentsRuleOutBlocking(qualifiedName, call, model, scope) ||
    keptProcessHandle(qualifiedName, call)
  );
}

/**
 * A process an object keeps (`self.proc = subprocess.Popen(cmd)`): starting it returns once the child is forked, and
 * the object's methods poll, signal and wait for it later (each wait is a finding of its own where a coroutine makes it).
 * Moving the start to `asyncio.create_subprocess_exec` would change every sync use of the handle: a redesign the
 * start alone does not call for.
 */
function keptProcessHandle(qualifiedName: string, call: SyntaxNode): boolean {
  if (qualifiedName !== 'subprocess.Popen') return false;
  const assignment = call.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== call.id) return false;
  return unparenthesize(assignment.childForFieldName('left') ?? call).type === 'attribute';
}

/**
 * Whether `call` passes the flag that says it does not wait, is a method of a socket made non-blocking earlier in the
 * same scope, or connects a datagram socket to a numeric address.
 */
function flagsRuleOutBlocking(qualifiedName: string, call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  if (qualifiedName.startsWith('socket.socket.')) {
    if (madeNonBlockingBefore(call, scope)) return true;
    const host = qualifiedName === 'socket.socket.connect' ? datagramConnectHost(call, scope, model) : undefined;
    return host !== undefined && isNumericHostValue(host, scope, model, 0);
  }
  const flags = NON_BLOCKING_FLAGS.get(qualifiedName);
  if (!flags) return false;
  const given = argumentAt(call, flags.index, flags.keyword);
  return given !== undefined && setsFlag(given, flags.flag, scope, model, 0);
}

/**
 * For a call that may block (returnsAtOnce says no): the test of a parameter of its function that it blocks
 * only under, quoted and as a guard the arguments of a call of the function decide. A datagram socket's `connect((host,
 * port))`, where `host` is a parameter (dask's `_get_ip(host, port, family)`), looks `host` up only when it is a name.
 */
export function blocksOnlyWhen(
  qualifiedName: string,
  call: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
): { readonly condition: string; readonly guard: ParameterGuard } | undefined {
  if (qualifiedName !== 'socket.socket.connect') return undefined;
  const host = datagramConnectHost(call, scope, model);
  const functionNode = scope.functionScope?.node;
  const guard = host && functionNode ? hostNameGuard(host, functionNode, model) : undefined;
  return guard && { condition: `\`${host!.text}\` is a host name to look up`, guard };
}

/** `sock.setblocking(False)` (or `sock.settimeout(0)`) before `sock.<method>(...)`, in the same scope. */
function madeNonBlockingBefore(call: SyntaxNode, scope: Scope): boolean {
  const callee = call.childForFieldName('function');
  const socket = callee?.type === 'attribute' ? callee.childForFieldName('object')?.text : undefined;
  if (socket === undefined) return false;
  return scope.calls.some((earlier) => {
    if (earlier.startIndex >= call.startIndex) return false;
    const method = earlier.childForFieldName('function');
    if (method?.type !== 'attribute' || method.childForFieldName('object')?.text !== socket) return false;
    const name = method.childForFieldName('attribute')?.text;
    const value = argumentAt(earlier, 0)?.text;
    return (
      (name === 'setblocking' && (value === 'False' || value === '0')) || (name === 'settimeout' && (value === '0' || value === '0.0'))
    );
  });
}

/**
 * The host of `sock.connect((host, port))` where `sock` is a datagram socket: each binding of `sock` that may reach
 * the call is `socket.socket(family, socket.SOCK_DGRAM)` (or `type=`), assigned or entered with `with ... as sock`.
 */
function datagramConnectHost(call: SyntaxNode, scope: Scope, model: SemanticModel): SyntaxNode | undefined {
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (receiver?.type !== 'identifier') return undefined;
  const address = argumentAt(call, 0, 'address');
  const written = address && unparenthesize(address);
  if (written?.type !== 'tuple') return undefined;
  const host = written.namedChildren[0];
  const bindings = bindingsReaching(receiver, model, scope);
  if (!host || !bindings || bindings.length === 0) return undefined;
  const datagram = bindings.every((binding) => {
    if ((binding.kind !== 'assignment' && binding.kind !== 'withTarget') || !binding.value) return false;
    const made = unparenthesize(binding.value);
    if (made.type !== 'call' || model.calleeName(made, binding.scope) !== 'socket.socket') return false;
    const type = argumentAt(made, 1, 'type');
    return type !== undefined && setsFlag(type, 'SOCK_DGRAM', binding.scope, model, 0);
  });
  return datagram ? host : undefined;
}

/** A numeric address (see isNumericHost) written as a string, or held by a name bound only to such strings. */
function isNumericHostValue(written: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): boolean {
  const node = unparenthesize(written);
  if (node.type === 'string') {
    const text = plainStringText(node);
    return text !== undefined && isNumericHost(text);
  }
  if (node.type !== 'identifier') return false;
  return everyBinding(node, scope, model, depth, (binding) =>
    assigned(binding, (value, at) => isNumericHostValue(value, at, model, depth + 1)),
  );
}

/**
 * `socket.AI_NUMERICHOST`, `AI_NUMERICHOST`, a name bound only to it (imported as another name, or a constant such as
 * `_NUMERIC_ONLY = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV`), or an `|` of flags one of which it is.
 */
function setsFlag(written: SyntaxNode, flag: string, scope: Scope, model: SemanticModel, depth: number): boolean {
  const node = unparenthesize(written);
  if (node.type === 'binary_operator') {
    if (node.childForFieldName('operator')?.type !== '|') return false;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    return (left !== null && setsFlag(left, flag, scope, model, depth)) || (right !== null && setsFlag(right, flag, scope, model, depth));
  }
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text === flag;
  if (node.type !== 'identifier') return false;
  if (node.text === flag) return true;
  return everyBinding(
    node,
    scope,
    model,
    depth,
    (binding) =>
      binding.importedName?.endsWith(`.${flag}`) === true || assigned(binding, (value, at) => setsFlag(value, flag, at, model, depth + 1)),
  );
}

/**
 * Whether `test` holds of every binding of `name` that may reach its read (see bindingsReaching): a constant, an
 * import, or a local every assignment of which says the same.
 */
function everyBinding(name: SyntaxNode, scope: Scope, model: SemanticModel, depth: number, test: (binding: Binding) => boolean): boolean {
  if (depth >= MAX_NAME_DEPTH) return false;
  const bindings = bindingsReaching(name, model, scope);
  return bindings !== undefined && bindings.length > 0 && bindings.every(test);
}

/** `name = value` with `test` true of the value (read in the binding's scope); not a parameter, a loop target, an import. */
function assigned(binding: Binding, test: (value: SyntaxNode, scope: Scope) => boolean): boolean {
  return binding.kind === 'assignment' && binding.value !== undefined && test(binding.value, binding.scope);
}
