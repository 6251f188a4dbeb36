// LOOP106 blocking-socket: blocking `socket` module calls (DNS lookups, connect, recv) inside a coroutine.
import { TO_THREAD_FIX_SAFETY, toThreadFix } from '../../linter/fixes/threadOffload';
import { defineBlockingCallRule } from './support/blockingCallRule';

export const blockingSocket = defineBlockingCallRule({
  code: 'LOOP106',
  name: 'blocking-socket',
  summary: 'A blocking `socket` call (DNS lookup, connect, send, receive) in an async context blocks the event loop.',
  defaultSeverity: 'warning',
  equivalents: [],
  fix: toThreadFix,
  doc: {
    whatItDoes:
      'Flags blocking `socket` module functions (`getaddrinfo`, `gethostbyname`, `create_connection`, …) and blocking methods of `socket.socket` objects (`connect`, `recv`, `sendall`, …) in an async context. A lookup told its host is a numeric address (`getaddrinfo(..., flags=socket.AI_NUMERICHOST)`, `getnameinfo(sockaddr, socket.NI_NUMERICHOST)`, the flag alone or in an `|` with others, written out or held by a name bound only to such flags, such as a module constant `_NUMERIC_ONLY = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV`) only parses or formats it and is not flagged, nor is a method of a socket the same function made non-blocking before the call (`sock.setblocking(False)`, `sock.settimeout(0)`), nor `connect` of a datagram socket the same function made (`socket.socket(family, socket.SOCK_DGRAM)`) to a numeric address (`sock.connect((\"8.8.8.8\", 80))`, or a name bound only to such a string): it sends nothing and only picks the route. Connecting a datagram socket to a host name is flagged: it looks the name up first.',
    whyIsThisBad:
      'DNS lookups and socket reads wait on the network. The event loop has non-blocking versions of each; the blocking ones freeze every task until the network answers.',
    example: 'import socket\n\nasync def resolve(host):\n    return socket.gethostbyname(host)',
    useInstead:
      'import asyncio\n\nasync def resolve(host):\n    infos = await asyncio.get_running_loop().getaddrinfo(host, None)\n    return infos[0][4][0]',
    fixSafety: TO_THREAD_FIX_SAFETY,
  },
});
