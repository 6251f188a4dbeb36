// Name lookups told their input is already a number. `socket.getaddrinfo(addr, None, flags=socket.AI_NUMERICHOST)`
// parses a numeric address (libraries use it to normalise IPv6 scopes) and never asks a name server; likewise
// `socket.getnameinfo(sockaddr, socket.NI_NUMERICHOST | ...)` formats the address it is given. Such a call does not
// block, whatever its name says: the blocking-call rules (LOOP106) and the chains of LOOP108 leave it alone.
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt, unparenthesize } from '../analysis/pythonSyntax';

/** Per lookup: where its flags go (position, keyword) and the flag that makes it numeric. */
const NUMERIC_FLAGS: ReadonlyMap<string, { readonly index: number; readonly keyword?: string; readonly flag: string }> = new Map([
  ['socket.getaddrinfo', { index: 5, keyword: 'flags', flag: 'AI_NUMERICHOST' }],
  ['socket.getnameinfo', { index: 1, flag: 'NI_NUMERICHOST' }],
]);

/** Whether `call` (to `qualifiedName`) is a lookup whose flags say the host is numeric: it does not block. */
export function isNumericLookup(qualifiedName: string, call: SyntaxNode): boolean {
  const flags = NUMERIC_FLAGS.get(qualifiedName);
  if (!flags) return false;
  const given = argumentAt(call, flags.index, flags.keyword);
  return given !== undefined && setsFlag(given, flags.flag);
}

/** `socket.AI_NUMERICHOST`, `AI_NUMERICHOST`, or an `|` of flags one of which it is. */
function setsFlag(written: SyntaxNode, flag: string): boolean {
  const node = unparenthesize(written);
  if (node.type === 'binary_operator') {
    if (node.childForFieldName('operator')?.type !== '|') return false;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    return (left !== null && setsFlag(left, flag)) || (right !== null && setsFlag(right, flag));
  }
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text === flag;
  return node.type === 'identifier' && node.text === flag;
}
