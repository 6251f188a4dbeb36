"""Name resolution through the host's resolver: socket.getaddrinfo and friends (blocking, as in CPython) and
the answers an event loop's getaddrinfo/getnameinfo receive without blocking. Entries are built as glibc
builds them: one per address and socket type, in the resolver's order."""
import _socket
import json
import socket

from .. import hostlink
from . import errors, host_waits

_AI_PASSIVE = _socket.AI_PASSIVE
_AI_NUMERICHOST = _socket.AI_NUMERICHOST
_AI_CANONNAME = _socket.AI_CANONNAME
_NI_NUMERICHOST = _socket.NI_NUMERICHOST
_NI_NUMERICSERV = _socket.NI_NUMERICSERV
_NI_DGRAM = _socket.NI_DGRAM

# /etc/services for the names programs use; others fail as an unknown service does.
_SERVICES = {
    'echo': 7, 'ftp-data': 20, 'ftp': 21, 'ssh': 22, 'telnet': 23, 'smtp': 25, 'domain': 53, 'http': 80,
    'pop3': 110, 'nntp': 119, 'ntp': 123, 'imap': 143, 'snmp': 161, 'ldap': 389, 'https': 443,
    'submission': 587, 'ldaps': 636, 'imaps': 993, 'pop3s': 995, 'socks': 1080, 'mysql': 3306,
    'postgresql': 5432, 'amqp': 5672, 'redis': 6379, 'http-alt': 8080,
}
_SERVICE_NAMES = {port: name for name, port in _SERVICES.items()}

_TYPES = ((_socket.SOCK_STREAM, _socket.IPPROTO_TCP), (_socket.SOCK_DGRAM, _socket.IPPROTO_UDP), (_socket.SOCK_RAW, 0))


class Query:
    """What getaddrinfo was asked, to build its entries once the host's addresses arrive."""

    __slots__ = ('host', 'port', 'family', 'type', 'proto', 'flags')

    def __init__(self, host, port, family, type, proto, flags):
        self.host = host
        self.port = port
        self.family = int(family)
        self.type = int(type)
        self.proto = int(proto)
        self.flags = int(flags)

    def immediate(self):
        """The entries when no lookup is needed (a literal address, or no host); None otherwise."""
        host = self.host
        if host is None:
            passive = self.flags & _AI_PASSIVE
            found = []
            if self.family in (0, _socket.AF_INET6):
                found.append(('::' if passive else '::1', 6))
            if self.family in (0, _socket.AF_INET):
                found.append(('0.0.0.0' if passive else '127.0.0.1', 4))
            return self.entries(found)
        if is_numeric(host, _socket.AF_INET) and self.family in (0, _socket.AF_INET):
            return self.entries([(host, 4)])
        if is_numeric(host, _socket.AF_INET6) and self.family in (0, _socket.AF_INET6):
            return self.entries([(host, 6)])
        if is_numeric(host):
            raise errors.resolver_error(-9)
        if self.flags & _AI_NUMERICHOST:
            raise errors.resolver_error(-2)
        return None

    def host_family(self):
        return 4 if self.family == _socket.AF_INET else 6 if self.family == _socket.AF_INET6 else 0

    def from_answer(self, text):
        answer = json.loads(text)
        if 'error' in answer:
            raise errors.from_error(answer['error'])
        found = [(entry['address'], entry['family']) for entry in answer['addresses']]
        if not found:
            raise errors.resolver_error(-5)
        return self.entries(found)

    def entries(self, found):
        port = self._port()
        types = [(kind, proto) for kind, proto in _TYPES if self.type in (0, kind)]
        if self.type and not types:
            types = [(self.type, self.proto)]
        result = []
        canonical = self.host if self.flags & _AI_CANONNAME and self.host else ''
        for address, version in found:
            family = _socket.AF_INET6 if version == 6 else _socket.AF_INET
            if self.family not in (0, family):
                continue
            sockaddr = (address, port, 0, 0) if family == _socket.AF_INET6 else (address, port)
            for kind, proto in types:
                if self.proto and proto and self.proto != proto:
                    continue
                result.append((_family_enum(family), _kind_enum(kind), self.proto or proto, canonical, sockaddr))
                canonical = ''
        if not result:
            raise errors.resolver_error(-9 if found else -2)
        return result

    def _port(self):
        port = self.port
        if port is None:
            return 0
        if isinstance(port, bytes):
            port = port.decode()
        if isinstance(port, int):
            return port
        if isinstance(port, str):
            if port.isdigit():
                return int(port)
            if port in _SERVICES:
                return _SERVICES[port]
            raise errors.resolver_error(-8)
        raise OSError('Int or String expected')


def _family_enum(value):
    return socket._intenum_converter(value, socket.AddressFamily)


def _kind_enum(value):
    return socket._intenum_converter(value, socket.SocketKind)


def is_numeric(host, family=0):
    families = (_socket.AF_INET, _socket.AF_INET6) if family == 0 else (family,)
    for candidate in families:
        try:
            _socket.inet_pton(candidate, host.split('%', 1)[0] if candidate == _socket.AF_INET6 else host)
            return True
        except (OSError, ValueError):
            continue
    return False


def _normalize_host(host):
    if isinstance(host, (bytes, bytearray)):
        return bytes(host).decode('ascii')
    if isinstance(host, str):
        try:
            host.encode('ascii')
        except UnicodeEncodeError:
            host = host.encode('idna').decode('ascii')
        return host
    if host is None:
        return None
    raise TypeError('getaddrinfo() argument 1 must be string or None')


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    """_socket.getaddrinfo: blocks the loop while the host's resolver answers."""
    query = Query(_normalize_host(host), port, family, type, proto, flags)
    found = query.immediate()
    if found is not None:
        return found
    io = hostlink.io
    q = io.resolve(query.host, query.host_family(), 0)
    _wait_query(io, q)
    return query.from_answer(io.answer(q))


def _wait_query(io, q):
    try:
        host_waits.wait_until(lambda left: io.waitQuery(q), None)
    except BaseException:
        io.dropQuery(q)
        raise


def getnameinfo(sockaddr, flags):
    """_socket.getnameinfo through the host's resolver (numeric forms answered here)."""
    if not isinstance(sockaddr, tuple) or len(sockaddr) < 2:
        raise TypeError('getnameinfo() argument 1 must be a tuple')
    host, port = sockaddr[0], int(sockaddr[1])
    numeric = numeric_name(host, port, flags)
    if numeric is not None:
        return numeric
    io = hostlink.io
    q = io.resolveService(host, port, 0)
    _wait_query(io, q)
    return name_from_answer(io.answer(q), host, port, flags)


def numeric_name(host, port, flags):
    if not is_numeric(host):
        host = getaddrinfo(host, port)[0][4][0]
    if flags & _NI_NUMERICHOST and (flags & _NI_NUMERICSERV or port not in _SERVICE_NAMES):
        return host, str(port)
    if flags & _NI_NUMERICHOST:
        return host, _SERVICE_NAMES.get(port, str(port))
    return None


def name_from_answer(text, host, port, flags):
    answer = json.loads(text)
    if 'error' in answer:
        raise errors.from_error(answer['error'])
    service = str(port) if flags & _NI_NUMERICSERV else answer.get('service') or str(port)
    return answer.get('host') or host, service


def gethostbyname(hostname):
    return getaddrinfo(hostname, None, _socket.AF_INET, _socket.SOCK_STREAM)[0][4][0]


def gethostbyname_ex(hostname):
    entries = getaddrinfo(hostname, None, _socket.AF_INET, _socket.SOCK_STREAM)
    return hostname, [], [entry[4][0] for entry in entries]


def gethostbyaddr(address):
    if not is_numeric(address):
        address = gethostbyname(address)
    name, _ = getnameinfo((address, 0), 0)
    if name == address:
        raise _socket.herror(1, 'Unknown host')
    return name, [], [address]
