// Calls whose flags say they do not block, whatever their name says: a lookup told its host is already a number
// (`socket.getaddrinfo(addr, None, flags=socket.AI_NUMERICHOST)` parses a numeric address, as libraries do to
// normalise IPv6 scopes, and asks no name server; `socket.getnameinfo(sockaddr, socket.NI_NUMERICHOST | ...)` formats
// the address it is given), and a wait told not to (`os.waitpid(pid, os.WNOHANG)` returns at once when the child has
// not ended). The blocking-call rules (LOOP103, LOOP106) and the chains of LOOP108 leave such calls alone.
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt, unparenthesize } from '../analysis/pythonSyntax';

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

/** Whether `call` (to `qualifiedName`) passes the flag that makes it return without waiting. */
export function flagsRuleOutBlocking(qualifiedName: string, call: SyntaxNode): boolean {
  const flags = NON_BLOCKING_FLAGS.get(qualifiedName);
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
