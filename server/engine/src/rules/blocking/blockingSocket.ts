// LOOP106 blocking-socket: blocking `socket` module calls (DNS lookups, connect, recv) inside a coroutine.
import { TO_THREAD_FIX_SAFETY, toThreadFix } from '../../linter/fixes/threadOffload';
import { callTable, defineBlockingCallRule } from './blockingCallRule';

const DNS = 'use `await asyncio.get_running_loop().getaddrinfo(...)`';
const STREAMS = 'use `await asyncio.open_connection(...)` (streams) or the `loop.sock_*` coroutines';

const table: Record<string, string> = {
  'socket.getaddrinfo': DNS,
  'socket.gethostbyname': DNS,
  'socket.gethostbyname_ex': DNS,
  'socket.gethostbyaddr': 'use `await asyncio.get_running_loop().getnameinfo(...)`',
  'socket.getnameinfo': 'use `await asyncio.get_running_loop().getnameinfo(...)`',
  'socket.getfqdn': 'use `await asyncio.to_thread(socket.getfqdn, ...)`',
  'socket.create_connection': STREAMS,
};
for (const method of ['connect', 'accept', 'recv', 'recv_into', 'recvfrom', 'recvfrom_into', 'send', 'sendall', 'sendto', 'sendfile']) {
  table[`socket.socket.${method}`] =
    `use \`await loop.sock_${method === 'recvfrom_into' ? 'recvfrom_into' : method}(sock, ...)\` or asyncio streams`;
}

export const blockingSocket = defineBlockingCallRule({
  code: 'LOOP106',
  name: 'blocking-socket',
  summary: 'A blocking `socket` call (DNS lookup, connect, send, receive) in an async context blocks the event loop.',
  defaultSeverity: 'warning',
  equivalents: [],
  calls: callTable(table),
  fix: toThreadFix,
  doc: {
    whatItDoes:
      'Flags blocking `socket` module functions (`getaddrinfo`, `gethostbyname`, `create_connection`, …) and blocking methods of `socket.socket` objects (`connect`, `recv`, `sendall`, …) in an async context.',
    whyIsThisBad:
      'DNS lookups and socket reads wait on the network. The event loop has non-blocking versions of each; the blocking ones freeze every task until the network answers.',
    example: 'import socket\n\nasync def resolve(host):\n    return socket.gethostbyname(host)',
    useInstead:
      'import asyncio\n\nasync def resolve(host):\n    infos = await asyncio.get_running_loop().getaddrinfo(host, None)\n    return infos[0][4][0]',
    fixSafety: TO_THREAD_FIX_SAFETY,
  },
});
