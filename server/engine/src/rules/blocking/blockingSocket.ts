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
      'Flags blocking `socket` module functions (`getaddrinfo`, `gethostbyname`, `create_connection`, …) and blocking methods of `socket.socket` objects (`connect`, `recv`, `sendall`, …) in an async context. A lookup told its host is a numeric address (`getaddrinfo(..., flags=socket.AI_NUMERICHOST)`, `getnameinfo(sockaddr, socket.NI_NUMERICHOST)`, the flag alone or in an `|` with others, written out or held by a name bound only to such flags, such as a module constant `_NUMERIC_ONLY = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV`) only parses or formats it and is not flagged, nor is a lookup of a numeric host (`socket.getaddrinfo(\"127.0.0.1\", 8080)`, `socket.gethostbyname(\"::1\")`, the host of an address a socket reports: `addr = server.getsockname()`, then `socket.getaddrinfo(addr[0], addr[1])`), whose port is no service name to look up. A method of a socket the code made non-blocking raises BlockingIOError rather than wait and is not flagged: where the last `sock.setblocking(...)` or `sock.settimeout(...)` on the same name before the call in the same function makes it non-blocking (`setblocking(False)`, `settimeout(0)`; one in the other branch of an `if` than the call, or before the name is bound again, does not count, and a later `setblocking(True)` or `settimeout(5)` makes it blocking again), where the socket was made with `socket.SOCK_NONBLOCK` in its type, or where the call is in the body of a `try` one of whose handlers catches `BlockingIOError` (alone or in a tuple, as `(BlockingIOError, InterruptedError)`), `ssl.SSLWantReadError` or `ssl.SSLWantWriteError`, or of a `with contextlib.suppress(BlockingIOError):`: a blocking socket never raises them, so the code knows its socket does not wait. Catching them in a caller, around the call of a function that makes the socket call, says nothing of that socket: it is still flagged (LOOP108). Nor is `connect` of a datagram socket the same function made (`socket.socket(family, socket.SOCK_DGRAM)`) to a numeric address flagged (`sock.connect((\"8.8.8.8\", 80))`, or a name bound only to such a string, or an address another socket reports, `peer_addr = peer.getsockname()` then `sock.connect(peer_addr)`): it sends nothing and only picks the route. Connecting a datagram socket to a host name is flagged: it looks the name up first. Nor is a datagram sent to the machine\'s own loopback address (`sock.sendto(data, ("127.0.0.1", port))`, `::1`, `localhost`, or a name bound only to one of them), which waits on no peer, nor a lookup of `localhost` (`socket.getaddrinfo("localhost", port)`, `gethostbyname("localhost")`), read from the hosts file, not asked of a name server. A connection to the loopback (`socket.create_connection(("localhost", port))`) is flagged: the handshake is a blocking call, however quick.',
    whyIsThisBad:
      'DNS lookups and socket reads wait on the network. The event loop has non-blocking versions of each; the blocking ones freeze every task until the network answers.',
    example: 'import socket\n\nasync def resolve(host):\n    return socket.gethostbyname(host)',
    useInstead:
      'import asyncio\n\nasync def resolve(host):\n    infos = await asyncio.get_running_loop().getaddrinfo(host, None)\n    return infos[0][4][0]',
    fixSafety: TO_THREAD_FIX_SAFETY,
  },
});
