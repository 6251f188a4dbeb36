// Calls whose flags say they do not block, whatever their name says: a lookup told its host is already a number
// (`socket.getaddrinfo(addr, None, flags=socket.AI_NUMERICHOST)` parses a numeric address, as libraries do to
// normalise IPv6 scopes, and asks no name server; `socket.getnameinfo(sockaddr, socket.NI_NUMERICHOST | ...)` formats
// the address it is given), a wait told not to (`os.waitpid(pid, os.WNOHANG)` returns at once when the child has not
// ended), and a process spawned in a mode that does not wait for it (`os.spawnv(os.P_NOWAIT, ...)` returns the child's
// pid at once; `P_WAIT`, or a mode not written out, waits for it to exit). The flags may be spelled out, or held by a
// name bound only to them (see setsFlag). Socket calls that do not wait for what the code knows of the socket (made
// non-blocking, a datagram socket's `connect`) are told apart in nonBlockingSockets; a datagram socket's `connect` to a
// parameter, or to the host of a URL a parameter holds, blocks only when it is a host name (see blocksOnlyWhen). Nor
// does starting a process the code keeps running (`self.proc = subprocess.Popen(cmd)`; see processHandles): fork and
// exec only; nor a wait on a process already ended (after the handle's `communicate()`, or a `poll()` saying so; see
// endedProcesses). The blocking-call rules (LOOP103, LOOP106) and the chains of LOOP108 leave such calls alone.
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { OS_SPAWN_FUNCTIONS } from '../knowledge/blockingCalls';
import { setsFlag } from './flagValues';
import { datagramConnectAddress, datagramConnectHost, socketCallReturnsAtOnce } from './nonBlockingSockets';
import { hostNameGuard, type ParameterGuard } from './parameterGuard';
import { argumentsRuleOutBlocking } from './nonWaitingArguments';
import { waitsForEndedProcess } from './endedProcesses';
import { startsKeptProcess } from './processHandles';
import { connectUrlOrigin } from './urlHosts';

/** Where a call's flags go (position, keyword) and the flags any of which makes it return without waiting. */
interface NonBlockingFlags {
  readonly index: number;
  readonly keyword?: string;
  readonly flags: readonly string[];
}

/** The mode of `os.spawn*`, first: `P_NOWAIT` (and `P_NOWAITO`) return the child's pid, `P_DETACH` (Windows) lets it go. */
const NON_WAITING_SPAWN: NonBlockingFlags = { index: 0, flags: ['P_NOWAIT', 'P_NOWAITO', 'P_DETACH'] };

const NON_BLOCKING_FLAGS: ReadonlyMap<string, NonBlockingFlags> = new Map<string, NonBlockingFlags>([
  ['socket.getaddrinfo', { index: 5, keyword: 'flags', flags: ['AI_NUMERICHOST'] }],
  ['socket.getnameinfo', { index: 1, flags: ['NI_NUMERICHOST'] }],
  // Positional only, as `os` declares them.
  ['os.waitpid', { index: 1, flags: ['WNOHANG'] }],
  ['os.wait3', { index: 0, flags: ['WNOHANG'] }],
  ['os.wait4', { index: 1, flags: ['WNOHANG'] }],
  ['os.waitid', { index: 2, flags: ['WNOHANG'] }],
  ...OS_SPAWN_FUNCTIONS.map((name) => [name, NON_WAITING_SPAWN] as const),
]);

/**
 * Whether `call` (to `qualifiedName`, made in `scope`), a call of a blocking function, returns without waiting: what it
 * is given says so (its flags here, a zero sleep or the null device in argumentsRuleOutBlocking), what is done with
 * the process it starts (startsKeptProcess), or a wait for a process already waited for (waitsForEndedProcess). The
 * one question the blocking rules, LOOP108's chains and module summaries ask.
 */
export function returnsAtOnce(qualifiedName: string, call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  return (
    flagsRuleOutBlocking(qualifiedName, call, scope, model) ||
    argumentsRuleOutBlocking(qualifiedName, call, model, scope) ||
    startsKeptProcess(qualifiedName, call, scope, model) ||
    waitsForEndedProcess(qualifiedName, call, scope, model)
  );
}

/** Whether `call` passes the flag that says it does not wait, or is a socket call that returns at once (see socketCallReturnsAtOnce). */
function flagsRuleOutBlocking(qualifiedName: string, call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  if (socketCallReturnsAtOnce(qualifiedName, call, scope, model)) return true;
  const flags = NON_BLOCKING_FLAGS.get(qualifiedName);
  if (!flags) return false;
  const given = argumentAt(call, flags.index, flags.keyword);
  return given !== undefined && flags.flags.some((flag) => setsFlag(given, flag, scope, model));
}

/**
 * For a call that may block (returnsAtOnce says no): the condition it blocks only under, quoted, and as a test of a
 * parameter of its function that the arguments of a call of the function decide, where they can. A datagram socket's
 * `connect((host, port))`, where `host` is a parameter (dask's `_get_ip(host, port, family)`), looks `host` up only
 * when it is a name; where it is the host of the URL a parameter holds (see urlHosts), only when that URL names a host
 * by name, which a URL written out decides (unless the function writes a prefix before it, `url = "//" + url`), and
 * None rules out.
 */
export function blocksOnlyWhen(
  qualifiedName: string,
  call: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
): { readonly condition: string; readonly guard?: ParameterGuard } | undefined {
  const functionNode = scope.functionScope?.node;
  if (qualifiedName !== 'socket.socket.connect' || !functionNode) return undefined;
  const host = datagramConnectHost(call, scope, model);
  const hostGuard = host && hostNameGuard(host, functionNode, model);
  if (hostGuard) return { condition: `\`${host!.text}\` is a host name to look up`, guard: hostGuard };
  const address = datagramConnectAddress(call, scope, model);
  const origin = address && connectUrlOrigin(address, scope, model);
  if (!origin) return undefined;
  const urlGuard = hostNameGuard(origin.url, functionNode, model, 'urlHostName');
  // With a prefix written before it, the URL a caller writes out is not the one split; but None still names no host
  // (`"//" + None` raises, `urlsplit(None).hostname` is None): it rules the lookup out, any other value does not tell.
  const guard = urlGuard && origin.prefixed ? { ...urlGuard, test: 'isNone' as const, negated: true, partial: true } : urlGuard;
  return { condition: `the host of \`${origin.url.text}\` is a host name to look up`, ...(guard ? { guard } : {}) };
}
