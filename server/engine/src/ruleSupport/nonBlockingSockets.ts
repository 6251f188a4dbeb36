// Socket calls that return at once, whatever their name says. A method of a socket the code made non-blocking raises
// BlockingIOError rather than wait: one the same function set so before the call (`sock.setblocking(False)`,
// `sock.settimeout(0)`, the last such setting before the call deciding), made so (`socket.socket(family,
// socket.SOCK_STREAM | socket.SOCK_NONBLOCK)`), or called where the code catches the error a non-blocking socket
// raises (`except BlockingIOError:`, `ssl.SSLWantReadError`, `contextlib.suppress(BlockingIOError)`): a blocking
// socket never raises it, so the code knows its socket does not wait (anyio's `raw_socket.connect(path)`, then
// `add_writer` on BlockingIOError). A datagram socket's `connect` sends nothing: it only picks the route to the
// address, and blocks only to look up a host name, never for a numeric address nor for one another socket reports
// (`peer.getsockname()`), nor for the text of an `ipaddress` address (`str(ip)`: see ipAddressValues). A lookup of
// such an address (`socket.getaddrinfo(addr[0], addr[1])` where `addr = sock.getsockname()`,
// `socket.gethostbyname("127.0.0.1")`, `socket.getaddrinfo(str(ip), port)`) parses it and asks no name server;
// `localhost` is looked up in the hosts file. A datagram sent to the machine's own loopback (`sock.sendto(data,
// ("127.0.0.1", port))`) waits on no peer. (A connection there is still a blocking call: the handshake waits for the listener's backlog.)
import type { SyntaxNode } from '../analysis/pythonParser';
import {
  DEFINITION_KINDS,
  argumentAt,
  callArguments,
  contextManagerOf,
  exceptionTypesCaught,
  plainStringText,
  unparenthesize,
  withItems,
  inExclusiveBranches,
} from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { assigned, everyBinding, setsFlag } from './flagValues';
import { isAddressText } from './ipAddressValues';
import { isNumericHost } from './numericHost';
import { bindingsReaching } from './reachingBindings';

/** The exceptions a non-blocking socket raises where a blocking one would wait. */
const WOULD_BLOCK_ERRORS: ReadonlySet<string> = new Set(['builtins.BlockingIOError', 'ssl.SSLWantReadError', 'ssl.SSLWantWriteError']);

/** Lookups that take a numeric host as it is written (CPython's `setipaddr`, the C library's getaddrinfo). */
const NUMERIC_HOST_LOOKUPS: ReadonlyMap<string, { readonly port?: { readonly index: number; readonly keyword: string } }> = new Map([
  ['socket.getaddrinfo', { port: { index: 1, keyword: 'port' } }],
  ['socket.gethostbyname', {}],
]);

/** The methods whose result is the address a socket is bound or connected to: numeric, as the kernel reports it. */
const ADDRESS_METHODS: ReadonlySet<string> = new Set(['getsockname', 'getpeername']);

/**
 * Whether `call`, a call of the blocking `socket` function or method `qualifiedName` made in `scope`, returns at once: a
 * method of a non-blocking socket, a datagram socket's `connect` to a numeric address, a lookup of a numeric host.
 */
export function socketCallReturnsAtOnce(qualifiedName: string, call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  if (qualifiedName === 'socket.socket.sendto') {
    // `sendto(data, address)` or `sendto(data, flags, address)`: a datagram handed to the loopback waits on no peer.
    const { positional } = callArguments(call);
    if (positional.length > 1 && isLoopbackAddress(positional.at(-1)!, scope, model)) return true;
  }
  if (qualifiedName.startsWith('socket.socket.')) {
    if (onNonBlockingSocket(call, scope, model)) return true;
    if (qualifiedName !== 'socket.socket.connect') return false;
    const address = datagramConnectAddress(call, scope, model);
    return address !== undefined && isNumericAddress(address, scope, model);
  }
  const lookup = NUMERIC_HOST_LOOKUPS.get(qualifiedName);
  if (!lookup) return false;
  const host = argumentAt(call, 0, 'host');
  const port = lookup.port && argumentAt(call, lookup.port.index, lookup.port.keyword);
  return (
    host !== undefined &&
    (isNumericHostValue(host, scope, model, 0) || isLoopbackHost(host, scope, model, 0)) &&
    (port === undefined || !namesService(port))
  );
}

/**
 * The host of `sock.connect((host, port))` where `sock` is a datagram socket (see datagramConnectAddress): the one
 * part of the call that may make it block, by being a name to look up.
 */
export function datagramConnectHost(call: SyntaxNode, scope: Scope, model: SemanticModel): SyntaxNode | undefined {
  const address = datagramConnectAddress(call, scope, model);
  const written = address && unparenthesize(address);
  return written?.type === 'tuple' ? written.namedChildren[0] : undefined;
}

/**
 * Whether the socket whose method `call` calls does not wait: the last setting of its mode before the call in the
 * same scope says so (a setting that may block wins), or, with none, it was made non-blocking or the call's failure
 * as a non-blocking socket's is caught around it.
 */
function onNonBlockingSocket(call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (!receiver) return false;
  const mode = modeSetBefore(call, receiver, scope, model);
  if (mode !== undefined) return mode === 'nonBlocking';
  return madeNonBlocking(receiver, scope, model) || expectsWouldBlock(call, scope, model);
}

/**
 * The mode the last `sock.setblocking(...)` or `sock.settimeout(...)` before `call` in its scope sets on `receiver`:
 * non-blocking for `setblocking(False)`, `settimeout(0)`; blocking for any other value (`True`, `None`, a timeout, a
 * name). A setting in a branch the call cannot be in (the other side of an `if`) does not count, nor one made before
 * the receiver's name is bound again.
 */
function modeSetBefore(call: SyntaxNode, receiver: SyntaxNode, scope: Scope, model: SemanticModel): 'blocking' | 'nonBlocking' | undefined {
  const reboundAt =
    receiver.type === 'identifier'
      ? model
          .bindingsIn(model.resolve(receiver, scope)?.scope ?? scope, receiver.text)
          .map((binding) => binding.position)
          .filter((position) => position < call.startIndex)
      : [];
  const since = Math.max(-1, ...reboundAt);
  let mode: 'blocking' | 'nonBlocking' | undefined;
  for (const earlier of scope.calls) {
    if (earlier.startIndex >= call.startIndex) break;
    if (earlier.startIndex < since) continue;
    const method = earlier.childForFieldName('function');
    if (method?.type !== 'attribute' || method.childForFieldName('object')?.text !== receiver.text) continue;
    const name = method.childForFieldName('attribute')?.text;
    if ((name !== 'setblocking' && name !== 'settimeout') || inExclusiveBranches(earlier, call)) continue;
    const value = argumentAt(earlier, 0)?.text;
    const nonBlocking = name === 'setblocking' ? value === 'False' || value === '0' : value === '0' || value === '0.0';
    mode = nonBlocking ? 'nonBlocking' : 'blocking';
  }
  return mode;
}

/** A socket made non-blocking: each binding of `receiver` that may reach its read is `socket.socket(..., type=... | socket.SOCK_NONBLOCK)`. */
function madeNonBlocking(receiver: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  return receiver.type === 'identifier' && everyMadeSocket(receiver, scope, model, 'SOCK_NONBLOCK');
}

/**
 * Whether each binding of the name `receiver` that may reach its read makes a socket (`socket.socket(...)`, assigned
 * or entered with `with ... as sock`) whose type sets `flag`.
 */
function everyMadeSocket(receiver: SyntaxNode, scope: Scope, model: SemanticModel, flag: string): boolean {
  const bindings = bindingsReaching(receiver, model, scope);
  if (!bindings || bindings.length === 0) return false;
  return bindings.every((binding) => {
    if ((binding.kind !== 'assignment' && binding.kind !== 'withTarget') || !binding.value) return false;
    const made = unparenthesize(binding.value);
    if (made.type !== 'call' || model.calleeName(made, binding.scope) !== 'socket.socket') return false;
    const type = argumentAt(made, 1, 'type');
    return type !== undefined && setsFlag(type, flag, binding.scope, model);
  });
}

/**
 * Whether, in its own function, `call` runs in the body of a `try` one of whose handlers catches what a non-blocking
 * socket raises instead of waiting (`except BlockingIOError:`, `except (BlockingIOError, InterruptedError):`,
 * `except ssl.SSLWantReadError:`), or in a `with contextlib.suppress(BlockingIOError):`.
 */
function expectsWouldBlock(call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const wouldBlock = (types: readonly SyntaxNode[]): boolean =>
    types.some((type) => WOULD_BLOCK_ERRORS.has(model.qualifiedName(type, scope) ?? ''));
  for (let child = call, parent = call.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type === 'try_statement' && parent.childForFieldName('body')?.id === child.id) {
      const handlers = parent.namedChildren.filter((part) => part.type === 'except_clause' || part.type === 'except_group_clause');
      if (handlers.some((handler) => wouldBlock(exceptionTypesCaught(handler)))) return true;
    }
    if (parent.type === 'with_statement' && parent.childForFieldName('body')?.id === child.id) {
      const suppressed = withItems(parent).flatMap((item) => {
        const manager = contextManagerOf(item);
        if (manager?.type !== 'call' || model.calleeName(manager, scope) !== 'contextlib.suppress') return [];
        return manager.childForFieldName('arguments')?.namedChildren ?? [];
      });
      if (wouldBlock(suppressed)) return true;
    }
  }
  return false;
}

/**
 * The address of `sock.connect(address)` where `sock` is a datagram socket: each binding of `sock` that may reach the
 * call is `socket.socket(family, socket.SOCK_DGRAM)` (or `type=`), assigned or entered with `with ... as sock`.
 */
export function datagramConnectAddress(call: SyntaxNode, scope: Scope, model: SemanticModel): SyntaxNode | undefined {
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (receiver?.type !== 'identifier') return undefined;
  const address = argumentAt(call, 0, 'address');
  return address && everyMadeSocket(receiver, scope, model, 'SOCK_DGRAM') ? address : undefined;
}

/** `(host, port)` with a numeric host (see isNumericHostValue), or an address a socket reports (see isReportedAddress). */
function isNumericAddress(address: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const written = unparenthesize(address);
  if (written.type === 'tuple') {
    const host = written.namedChildren[0];
    return host !== undefined && isNumericHostValue(host, scope, model, 0);
  }
  return isReportedAddress(written, scope, model, 0);
}

/**
 * `sock.getsockname()`, `sock.getpeername()`, or a name bound only to such a call: an address as the kernel reports
 * it, its host numeric.
 */
function isReportedAddress(written: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): boolean {
  const node = unparenthesize(written);
  if (node.type === 'call') {
    const callee = node.childForFieldName('function');
    return callee?.type === 'attribute' && ADDRESS_METHODS.has(callee.childForFieldName('attribute')?.text ?? '');
  }
  if (node.type !== 'identifier') return false;
  return everyBinding(node, scope, model, depth, (binding) =>
    assigned(binding, (value, at) => isReportedAddress(value, at, model, depth + 1)),
  );
}

/**
 * A numeric address (see isNumericHost) written as a string, the host of an address a socket reports (`addr[0]`
 * where `addr = sock.getsockname()`), the text of an `ipaddress` address (`str(ip)`: see isAddressText), or a name
 * bound only to such values.
 */
function isNumericHostValue(written: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): boolean {
  const node = unparenthesize(written);
  if (isAddressText(node, scope, model, depth)) return true;
  if (node.type === 'string') {
    const text = plainStringText(node);
    return text !== undefined && isNumericHost(text);
  }
  if (node.type === 'subscript') {
    const address = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    return address !== null && index?.text === '0' && isReportedAddress(address, scope, model, depth);
  }
  if (node.type !== 'identifier') return false;
  return everyBinding(node, scope, model, depth, (binding) =>
    assigned(binding, (value, at) => isNumericHostValue(value, at, model, depth + 1)),
  );
}

/** `("127.0.0.1", port)`, `("localhost", port)`, `("::1", port)`: the host written out, or a name bound only to it. */
function isLoopbackAddress(address: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const written = unparenthesize(address);
  const host = written.type === 'tuple' ? written.namedChildren[0] : undefined;
  return host !== undefined && isLoopbackHost(host, scope, model, 0);
}

function isLoopbackHost(written: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): boolean {
  const node = unparenthesize(written);
  if (node.type === 'string') {
    const text = plainStringText(node);
    return text === 'localhost' || text === '::1' || (text !== undefined && /^127\./.test(text) && isNumericHost(text));
  }
  if (node.type !== 'identifier') return false;
  return everyBinding(node, scope, model, depth, (binding) =>
    assigned(binding, (value, at) => isLoopbackHost(value, at, model, depth + 1)),
  );
}

/** A port written as a service name (`"http"`): looked up in the services database, not parsed. */
function namesService(port: SyntaxNode): boolean {
  const node = unparenthesize(port);
  const text = node.type === 'string' ? plainStringText(node) : undefined;
  return node.type === 'string' && (text === undefined || !/^\d+$/.test(text));
}
