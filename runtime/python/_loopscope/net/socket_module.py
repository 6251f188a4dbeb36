"""Puts the host's sockets and resolver behind the stdlib `socket` module (and `_socket`), and fills in what
Pyodide's build of it lacks (AF_UNIX, SO_REUSEADDR, ...) with Linux's values, so programs and libraries
see the socket module they know."""
import _socket
import socket
from asyncio import selector_events

from . import errors, resolver, sockets, unix_streams

# Linux's values for what Pyodide's socket module leaves out.
_MISSING_CONSTANTS = {
    'SO_REUSEADDR': 2,
    'SO_REUSEPORT': 15,
    'AF_UNIX': 1,
    'SO_RCVBUF': 8,
    'SO_SNDBUF': 7,
}


def install(hostname):
    errors.use_linux_numbers()
    for name, value in _MISSING_CONSTANTS.items():
        for module in (socket, _socket):
            if not hasattr(module, name):
                setattr(module, name, value)
    _add_address_family('AF_UNIX', 1)
    socket.has_ipv6 = True
    _socket.has_ipv6 = True
    socket.socket = sockets.HostSocket
    socket.SocketType = sockets.HostSocket
    socket.socketpair = sockets.socketpair
    # socket.getaddrinfo wraps _socket.getaddrinfo (adding the enums); the others are the C functions themselves.
    _socket.getaddrinfo = resolver.getaddrinfo
    for module in (socket, _socket):
        module.gethostbyname = resolver.gethostbyname
        module.gethostbyname_ex = resolver.gethostbyname_ex
        module.gethostbyaddr = resolver.gethostbyaddr
        module.getnameinfo = resolver.getnameinfo
        module.gethostname = lambda: hostname
    socket.fromfd = _fromfd
    unix_streams.install()

    # Writes go through send(); the scatter-gather path would ask the OS for IOV_MAX.
    selector_events._HAS_SENDMSG = False


def _add_address_family(name, value):
    """socket.AddressFamily.AF_UNIX, as CPython's enum has it (reprs and getaddrinfo entries show it)."""
    family = socket.AddressFamily
    if name in family.__members__:
        return
    member = int.__new__(family, value)
    member._name_ = name
    member._value_ = value
    family._add_member_(name, member)
    family._value2member_map_[value] = member
    setattr(socket, name, member)


def _fromfd(fd, family, type, proto=0):
    raise OSError(errors.LINUX['EBADF'], 'loopscope: sockets made from file descriptors (socket.fromfd) are not available on the runtime')
