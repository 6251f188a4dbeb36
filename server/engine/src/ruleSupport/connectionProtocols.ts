// The protocol of a connection the event loop opens: `transport, protocol = await loop.create_connection(factory, host,
// port)` unpacks the protocol the loop built by calling `factory` (a class, a lambda making one, `functools.partial` of
// one), so what the code stores there is an instance of the factory's class (see instanceClasses).
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt, unparenthesize } from '../analysis/pythonSyntax';
import type { SemanticModel } from '../analysis/semanticModel';
import { LOOP_PROTOCOL_FACTORY_METHODS } from '../knowledge/asyncioLoopApi';
import { isEventLoopMethodCall } from './eventLoopCalls';

/** Loop methods returning `(transport, protocol)`: those taking a protocol factory, but the servers' (a `Server`). */
const CONNECTION_METHODS: ReadonlySet<string> = new Set([...LOOP_PROTOCOL_FACTORY_METHODS].filter((method) => !method.endsWith('_server')));

/** Targets unpacking a pair. */
const PAIRS: ReadonlySet<string> = new Set(['pattern_list', 'tuple_pattern', 'list_pattern']);

/**
 * For `target`, the second of the two targets an assignment unpacks from `await <event loop>.create_connection(factory,
 * ...)` (or another loop method returning a transport and its protocol: `create_datagram_endpoint`,
 * `connect_read_pipe`, `subprocess_exec`, ...): the factory as written. Undefined for any other target.
 */
export function connectionProtocolFactory(target: SyntaxNode, model: SemanticModel): SyntaxNode | undefined {
  const pair = target.parent;
  const assignment = pair?.parent;
  if (!pair || !PAIRS.has(pair.type) || assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.id !== pair.id)
    return undefined;
  const targets = pair.namedChildren;
  if (targets.length !== 2 || targets[1]!.id !== target.id) return undefined;
  const value = assignment.childForFieldName('right');
  const awaited = value && unparenthesize(value);
  const call = awaited?.type === 'await' && awaited.firstNamedChild ? unparenthesize(awaited.firstNamedChild) : undefined;
  if (call?.type !== 'call') return undefined;
  const method = model.calleeLastName(call);
  if (!CONNECTION_METHODS.has(method) || !isEventLoopMethodCall(call, method, model, model.scopeOf(call))) return undefined;
  return argumentAt(call, 0, 'protocol_factory');
}
