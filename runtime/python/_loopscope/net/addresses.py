"""Socket addresses between Python's forms ((host, port), (host, port, flowinfo, scope_id), a path) and the
host's ({host, port, family} or {path}), checked as CPython checks them."""
import _socket
import os

from . import resolver

AF_UNIX = 1


def to_host(family, kind, address, purpose):
    if family == AF_UNIX:
        if isinstance(address, (bytes, bytearray)):
            path = bytes(address).decode('utf-8', 'surrogateescape')
        elif isinstance(address, (str, os.PathLike)):
            path = os.fsdecode(address)
        else:
            raise TypeError(f'a bytes-like object is required, not {type(address).__name__!r}')
        return {'path': path}
    name = 'AF_INET' if family == _socket.AF_INET else 'AF_INET6'
    if not isinstance(address, tuple):
        raise TypeError(f'{name} address must be tuple, not {type(address).__name__}')
    if family == _socket.AF_INET and len(address) != 2 or family != _socket.AF_INET and not 2 <= len(address) <= 4:
        raise TypeError(f'{name} address must be a pair (host, port)' if family == _socket.AF_INET else f'{name} address must be a tuple (host, port[, flowinfo[, scopeid]])')
    host, port = address[0], address[1]
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode('idna')
    if not isinstance(host, str):
        raise TypeError(f'str, bytes or bytearray expected, not {type(host).__name__}')
    if not isinstance(port, int):
        raise TypeError(f"'{type(port).__name__}' object cannot be interpreted as an integer")
    if not 0 <= port <= 65535:
        raise OverflowError(f'{purpose}(): port must be 0-65535.')
    version = 4 if family == _socket.AF_INET else 6
    return {'host': numeric_host(host, family, kind, purpose), 'port': port, 'family': version}


def numeric_host(host, family, kind=0, purpose='connect'):
    """The address literal for `host` ('' and '<broadcast>' as the C library reads them; names resolved)."""
    if host == '':
        return '0.0.0.0' if family == _socket.AF_INET else '::'
    if host == '<broadcast>' and family == _socket.AF_INET:
        return '255.255.255.255'
    if resolver.is_numeric(host, family):
        return host.split('%', 1)[0]
    entries = resolver.getaddrinfo(host, None, family, kind or _socket.SOCK_STREAM)
    return entries[0][4][0]


def from_host(family, address):
    if family == AF_UNIX:
        if address is None:
            return ''
        return address.get('path', '')
    host = address.get('host', '')
    port = address.get('port', 0)
    if family == _socket.AF_INET6:
        if address.get('family') == 4 and host and ':' not in host:
            host = '::ffff:' + host
        return (host, port, 0, 0)
    if host.startswith('::ffff:'):
        host = host[7:]
    return (host, port)


def unbound(family):
    """getsockname() of a socket neither bound nor connected."""
    if family == AF_UNIX:
        return ''
    if family == _socket.AF_INET6:
        return ('::', 0, 0, 0)
    return ('0.0.0.0', 0)
