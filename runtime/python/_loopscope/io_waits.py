"""What a task waiting on I/O waits for, in words: "reading 127.0.0.1:8080", "writing to 127.0.0.1:8080",
"connecting to example.org:443", "resolving example.org", "serving on 127.0.0.1:8080", "waiting for process 4242".

tasks_info asks at the end of every task step that leaves the task waiting on something other than a sleep, so
the common case is one dictionary lookup: the innermost coroutine of the await chain is a known wait point of
asyncio (StreamReader._wait_for_data, sock_recv, Server.serve_forever...), found by its code object. Libraries
that wait on futures of their own (aiohttp, anyio/httpx, websockets) are recognised by looking along the chain
for a transport or a protocol that has one. Only attributes stored on objects are read (no properties run).

Adding a wait point is one `register(function, describer)` line: a describer takes the wait point's frame
and the whole chain (outermost first) and returns (operation, text) or None; operations are the names of
IO_WAIT_OPERATIONS (protocol/runtimeEvents.ts).
"""
import asyncio
import os
import types
from asyncio import base_events, base_subprocess, selector_events, streams

from .user_code import is_user_file

_codes = {}
"""Operation name -> the number the worker decodes (set by configure() from the worker's list)."""

_wait_points = {}
"""id(code object) -> describer(frame, frames) -> (operation name, text) | None."""

_keep = []
"""The registered code objects (their ids are the keys above; they must outlive the table)."""

_MemberDescriptor = types.MemberDescriptorType
_BaseTransport = asyncio.BaseTransport
_CHAIN_DEPTH = 12
"""How many library frames the fallback looks through (inner first) for a transport."""

_PIPE_NAMES = {0: 'stdin', 1: 'stdout', 2: 'stderr'}


def configure(operation_names):
    _codes.clear()
    for code, name in enumerate(operation_names):
        _codes[name] = code


def register(function, describe):
    """`describe(frame, frames)` is asked when a task's innermost coroutine is `function`, waiting."""
    code = function.__code__
    _keep.append(code)
    _wait_points[id(code)] = describe


def at_wait_point(frame, frames):
    """(operation code, text) when the innermost coroutine `frame` is a known I/O wait point, else None."""
    describe = _wait_points.get(id(frame.f_code))
    if describe is None:
        return None
    return _coded(describe(frame, frames))


def along_chain(task, frames):
    """(operation code, text) for a wait the table does not know, when the chain shows a connection: a library
    coroutine holding a transport (aiohttp, anyio and websockets wait on futures of their own), a library function
    connecting to a host and port (anyio's connect_tcp), or, when the chain ends in something without a frame
    (an async generator's __anext__, a wrapped __await__), a connection the innermost coroutine holds. Looks
    from the innermost frame out to the first user frame."""
    looked = 0
    for index in range(len(frames) - 1, -1, -1):
        frame = frames[index]
        if is_user_file(frame.f_code.co_filename) or looked >= _CHAIN_DEPTH:
            break
        looked += 1
        owner = _local(frame, 'self')
        transport = transport_of(owner) if owner is not None else None
        if transport is not None:
            return _coded(_transfer(transport))
        if frame.f_code.co_name in _CONNECTING_FUNCTIONS:
            target = _host_and_port(frame)
            if target is not None:
                return _coded(('connect', f'connecting to {target}'))
    if frames and _ends_without_frame(task):
        for value in _locals(frames[-1]):
            transport = transport_of(value)
            if transport is not None:
                return _coded(_transfer(transport))
    return None


_CONNECTING_FUNCTIONS = frozenset({'connect_tcp', 'open_connection', 'create_connection', 'connect'})


def _transfer(transport):
    """Reading from the peer, unless the transport's buffer is full and the protocol was told to stop writing."""
    if _field(transport, '_protocol_paused') is True:
        return 'write', f'writing to {peer_text(transport)}'
    return 'read', f'reading {peer_text(transport)}'


def _host_and_port(frame):
    for host_name, port_name in (('remote_host', 'remote_port'), ('host', 'port')):
        host = _local(frame, host_name)
        if isinstance(host, (str, bytes)) and host:
            port = _local(frame, port_name)
            return address_text((os.fsdecode(host), port)) if isinstance(port, int) else os.fsdecode(host)
    return None


def _ends_without_frame(task):
    """The await chain ends in an awaitable that is not a future and has no frame to look into."""
    current = task.get_coro()
    while current is not None:
        following = getattr(current, 'cr_await', None) or getattr(current, 'gi_yieldfrom', None) or getattr(current, 'ag_await', None)
        if following is None:
            return False
        if not (hasattr(following, 'cr_frame') or hasattr(following, 'gi_frame') or hasattr(following, 'ag_frame')):
            return type(following).__name__ != 'FutureIter' and not asyncio.isfuture(following)
        current = following
    return False


def _locals(frame):
    try:
        return list(frame.f_locals.values())
    except Exception:
        return ()


def _coded(found):
    if found is None:
        return None
    operation, text = found
    return _codes.get(operation, 0), text


# -- reading objects without running their code ------------------------------------------------------------


def _field(obj, name):
    """An attribute stored on `obj` (its __dict__ or a slot), never a property: None when it has none."""
    try:
        values = object.__getattribute__(obj, '__dict__')
    except AttributeError:
        values = None
    if values is not None and name in values:
        return values[name]
    descriptor = getattr(type(obj), name, None)
    if type(descriptor) is _MemberDescriptor:
        try:
            return descriptor.__get__(obj, type(obj))
        except AttributeError:
            return None
    return None


def _local(frame, name):
    try:
        return frame.f_locals.get(name)
    except Exception:
        return None


def transport_of(owner):
    """The asyncio transport `owner` is or holds (directly, or through its protocol), or None."""
    if isinstance(owner, _BaseTransport):
        return owner
    for name in ('_transport', 'transport'):
        found = _field(owner, name)
        if isinstance(found, _BaseTransport):
            return found
    protocol = _field(owner, '_protocol')
    if protocol is not None:
        for name in ('transport', '_transport'):
            found = _field(protocol, name)
            if isinstance(found, _BaseTransport):
                return found
    return None


def _extra(transport, name):
    try:
        return transport.get_extra_info(name)
    except Exception:
        return None


def address_text(address):
    """`127.0.0.1:8080`, `[::1]:8080`, a Unix socket's path; None when there is nothing to say."""
    if isinstance(address, tuple) and len(address) >= 2:
        host, port = address[0], address[1]
        return f'[{host}]:{port}' if ':' in str(host) else f'{host}:{port}'
    if isinstance(address, (str, bytes)) and address:
        path = os.fsdecode(address)
        return '@' + path[1:] if path.startswith('\0') else path
    return None


def peer_text(transport):
    """Who is at the other end of a transport: its peer's address, its own for an unnamed Unix client, the
    process for a subprocess pipe."""
    text = address_text(_extra(transport, 'peername')) or address_text(_extra(transport, 'sockname'))
    if text is not None:
        return text
    if _extra(transport, 'pipe') is not None:
        return _pipe_text(transport)
    return 'a connection'


def _pipe_text(transport):
    protocol = _field(transport, '_protocol')
    process = _field(protocol, 'proc') if protocol is not None else None
    pid = _pid(process)
    if pid is None:
        return 'a pipe'
    name = _PIPE_NAMES.get(_field(protocol, 'fd'), 'a pipe')
    return f'{name} of process {pid}'


def _pid(process):
    if process is None:
        return None
    try:
        return process.get_pid()
    except Exception:
        return None


def _socket_address(sock, peer):
    try:
        return address_text(sock.getpeername() if peer else sock.getsockname())
    except Exception:
        return None


def _outer(frames, function):
    """The frame of `function` in the chain (outermost first), or None."""
    code = function.__code__
    for frame in frames:
        if frame.f_code is code:
            return frame
    return None


def _connection_target(frames):
    """host:port as the program named them to create_connection, when that is what is connecting."""
    frame = _outer(frames, base_events.BaseEventLoop.create_connection)
    if frame is None:
        return None
    host, port = _local(frame, 'host'), _local(frame, 'port')
    if host is None:
        return None
    return address_text((host, port)) if port is not None else str(host)


# -- asyncio's wait points ----------------------------------------------------------------------------------


def _stream_read(frame, frames):
    transport = transport_of(_local(frame, 'self'))
    return 'read', f'reading {peer_text(transport) if transport is not None else "a stream"}'


def _stream_drain(frame, frames):
    transport = transport_of(_local(frame, 'self'))
    if transport is None and len(frames) > 1:
        transport = transport_of(_local(frames[-2], 'self'))
    return 'write', f'writing to {peer_text(transport) if transport is not None else "a stream"}'


def _stream_close(frame, frames):
    transport = transport_of(_local(frame, 'self'))
    return 'close', f'closing the connection to {peer_text(transport) if transport is not None else "a stream"}'


def _sock_operation(operation, verb):
    def describe(frame, frames):
        sock = _local(frame, 'sock')
        target = _socket_address(sock, True) if sock is not None else None
        if target is None and operation == 'write':
            target = address_text(_local(frame, 'address'))
        return operation, f'{verb} {target or "a socket"}'

    return describe


def _sock_connect(frame, frames):
    target = _connection_target(frames) or address_text(_local(frame, 'address'))
    return 'connect', f'connecting to {target or "an address"}'


def _sock_accept(frame, frames):
    sock = _local(frame, 'sock')
    return 'accept', f'accepting on {(_socket_address(sock, False) if sock is not None else None) or "a socket"}'


def _new_connection(frame, frames):
    target = _connection_target(frames)
    if target is None:
        sock = _local(frame, 'sock')
        target = _socket_address(sock, True) if sock is not None else None
    if _local(frame, 'ssl'):
        return 'handshake', f'TLS handshake with {_local(frame, "server_hostname") or target or "a server"}'
    return 'connect', f'connecting to {target or "an address"}'


def _accepted_connection(frame, frames):
    extra = _local(frame, 'extra')
    peer = address_text(extra.get('peername')) if isinstance(extra, dict) else None
    if _local(frame, 'sslcontext') is not None:
        return 'handshake', f'TLS handshake with {peer or "a client"}'
    return 'accept', f'accepting a connection from {peer or "a client"}'


def _start_tls(frame, frames):
    transport = _local(frame, 'transport')
    name = _local(frame, 'server_hostname')
    peer = peer_text(transport) if isinstance(transport, _BaseTransport) else None
    return 'handshake', f'TLS handshake with {name or peer or "the peer"}'


def _server_sockets_text(server):
    sockets = _field(server, '_sockets') or ()
    names = []
    for sock in sockets:
        text = _socket_address(sock, False)
        if text is not None and text not in names:
            names.append(text)
    return ', '.join(names) if names else 'a server'


def _serve_forever(frame, frames):
    return 'serve', f'serving on {_server_sockets_text(_local(frame, "self"))}'


def _server_wait_closed(frame, frames):
    server = _local(frame, 'self')
    if _field(server, '_sockets') is not None:
        return 'serve', f'waiting for the server on {_server_sockets_text(server)} to close'
    clients = _field(server, '_clients')
    count = len(clients) if clients is not None else 0
    return 'close', f'waiting for {count} connection{"" if count == 1 else "s"} of the server to close'


def _name_lookup(frame, frames):
    host = _local(frame, 'host')
    return 'resolve', f'resolving {host if host is not None else "a name"}'


def _address_lookup(frame, frames):
    address = address_text(_local(frame, 'sockaddr'))
    return 'resolve', f'looking up the name of {address or "an address"}'


def _sendfile_drain(frame, frames):
    transport = transport_of(_local(frame, 'self'))
    return 'write', f'writing to {peer_text(transport) if transport is not None else "a connection"}'


def process_wait(frame, frames):
    """A subprocess transport's _wait (Process.wait, communicate): its self has get_pid()."""
    pid = _pid(_local(frame, 'self'))
    return 'process', f'waiting for process {pid}' if pid is not None else 'waiting for a process'


def _register_asyncio():
    loop_class = selector_events.BaseSelectorEventLoop
    register(streams.StreamReader._wait_for_data, _stream_read)
    register(streams.FlowControlMixin._drain_helper, _stream_drain)
    register(streams.StreamWriter.wait_closed, _stream_close)
    register(loop_class.sock_recv, _sock_operation('read', 'reading'))
    register(loop_class.sock_recv_into, _sock_operation('read', 'reading'))
    register(loop_class.sock_recvfrom, _sock_operation('read', 'reading'))
    register(loop_class.sock_recvfrom_into, _sock_operation('read', 'reading'))
    register(loop_class.sock_sendall, _sock_operation('write', 'writing to'))
    register(loop_class.sock_sendto, _sock_operation('write', 'writing to'))
    register(loop_class.sock_connect, _sock_connect)
    register(loop_class.sock_accept, _sock_accept)
    register(loop_class._accept_connection2, _accepted_connection)
    register(base_events.BaseEventLoop._create_connection_transport, _new_connection)
    register(base_events.BaseEventLoop.start_tls, _start_tls)
    register(base_events.Server.serve_forever, _serve_forever)
    register(base_events.Server.wait_closed, _server_wait_closed)
    register(base_events._SendfileFallbackProtocol.drain, _sendfile_drain)
    register(base_subprocess.BaseSubprocessTransport._wait, process_wait)


def register_loop(loop_class):
    """The runtime's own wait points: its loop's name queries."""
    register(loop_class.getaddrinfo, _name_lookup)
    register(loop_class.getnameinfo, _address_lookup)


_register_asyncio()
