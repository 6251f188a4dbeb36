"""socket.socket for programs on the runtime: each socket is a host socket of the I/O worker (TCP, UDP or a
Unix socket; socketpair() is an in-process pair), with CPython's blocking, timeout and non-blocking
semantics. A blocking call holds the whole event loop for as long as it waits, as it does under CPython,
and that time is reported as the loop being blocked.

The class keeps the stdlib `socket.socket` as its base (isinstance checks, makefile(), repr), and the C
socket underneath only lends it a file descriptor number, so selectors and asyncio can key on fileno().
"""
import _socket
import json
import socket as _socket_module
import sys
import weakref
from array import array

from .. import hostlink
from . import addresses, errors
from .host_waits import INTERRUPTED, real_now, spin, wait_until
from .errors import LINUX as _E

_StdlibSocket = _socket_module.socket

READABLE = 1
WRITABLE = 2
_WOULD_BLOCK = -1
_FAILED = -2

AF_UNIX = 1
_INET = (_socket.AF_INET, _socket.AF_INET6)
_SOCK_FLAGS = getattr(_socket, 'SOCK_NONBLOCK', 0) | getattr(_socket, 'SOCK_CLOEXEC', 0)
_SOL_SOCKET = _socket.SOL_SOCKET
_SO_ERROR = _socket.SO_ERROR
_SO_TYPE = _socket.SO_TYPE
_SO_REUSEADDR = 2
_SO_BROADCAST = _socket.SO_BROADCAST
_SO_KEEPALIVE = _socket.SO_KEEPALIVE
_TCP_NODELAY = _socket.TCP_NODELAY
_IPV6_V6ONLY = _socket.IPV6_V6ONLY
_MSG_PEEK = _socket.MSG_PEEK

_by_fd = weakref.WeakValueDictionary()
"""Open host sockets by file descriptor, for the event loops' selectors."""

_scratch = array('B', bytes(1 << 18))
"""Where bytes cross between Python and the host (its address is handed to the worker)."""


def _buffer(size):
    global _scratch
    if len(_scratch) < size:
        _scratch = array('B', bytes(max(size, 2 * len(_scratch))))
    return _scratch, _scratch.buffer_info()[0]


def by_fd(fd):
    return _by_fd.get(fd)


def track(fd, host_object):
    """Another kind of host handle with a file descriptor (a child's pipe or exit, see proc/): an event loop's
    selector watches it as it watches sockets (it has `_h`)."""
    _by_fd[fd] = host_object


def _io():
    return hostlink.io


class HostSocket(_StdlibSocket):
    __slots__ = ('_h', '_lfamily', '_ltype', '_lproto', '_timeout', '_options', '_shut')

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is not None:
            raise OSError(
                _E['EBADF'],
                'loopscope: sockets made from file descriptors (fileno=, fromfd) are not available on the runtime',
            )
        if family == -1 or family is None:
            family = _socket.AF_INET
        if type == -1 or type is None:
            type = _socket.SOCK_STREAM
        if proto == -1 or proto is None:
            proto = 0
        family = int(family)
        kind = int(type) & ~_SOCK_FLAGS
        if family not in (_socket.AF_INET, _socket.AF_INET6, AF_UNIX):
            raise errors.os_error(_E['EAFNOSUPPORT'])
        if kind not in (_socket.SOCK_STREAM, _socket.SOCK_DGRAM):
            raise errors.os_error(_E['ESOCKTNOSUPPORT'], 'Socket type not supported')
        _socket.socket.__init__(self, _socket.AF_INET, kind, 0)
        self._io_refs = 0
        self._closed = False
        self._lfamily = family
        self._ltype = kind
        self._lproto = int(proto)
        self._options = {}
        self._shut = False
        nonblocking = getattr(_socket, 'SOCK_NONBLOCK', 0)
        self._timeout = 0.0 if nonblocking and int(type) & nonblocking else _socket.getdefaulttimeout()
        self._h = _io().socket(2 if kind == _socket.SOCK_DGRAM else 1)
        _by_fd[_socket.socket.fileno(self)] = self

    @classmethod
    def _adopt(cls, handle, family, kind, proto):
        sock = cls.__new__(cls)
        _socket.socket.__init__(sock, _socket.AF_INET, kind, 0)
        sock._io_refs = 0
        sock._closed = False
        sock._lfamily = family
        sock._ltype = kind
        sock._lproto = proto
        sock._options = {}
        sock._shut = False
        sock._timeout = _socket.getdefaulttimeout()
        sock._h = handle
        _by_fd[_socket.socket.fileno(sock)] = sock
        return sock

    # -- identity -----------------------------------------------------------------------------------

    @property
    def family(self):
        return _socket_module._intenum_converter(self._lfamily, _socket_module.AddressFamily)

    @property
    def type(self):
        return _socket_module._intenum_converter(self._ltype, _socket_module.SocketKind)

    @property
    def proto(self):
        return self._lproto

    @property
    def timeout(self):
        return self._timeout

    def __getstate__(self):
        raise TypeError(f"cannot pickle {self.__class__.__name__!r} object")

    def dup(self):
        raise OSError(_E['EOPNOTSUPP'], 'loopscope: socket.dup() is not available on the runtime')

    def detach(self):
        raise OSError(_E['EOPNOTSUPP'], 'loopscope: socket.detach() is not available on the runtime')

    def get_inheritable(self):
        return False

    def set_inheritable(self, inheritable):
        pass

    # -- timeouts -----------------------------------------------------------------------------------

    def settimeout(self, value):
        if value is None:
            self._timeout = None
            return
        value = float(value)
        if value != value:
            raise ValueError('Invalid value NaN (not a number)')
        if value < 0:
            raise ValueError('Timeout value out of range')
        self._timeout = value

    def gettimeout(self):
        return self._timeout

    def setblocking(self, flag):
        self._timeout = None if flag else 0.0

    def getblocking(self):
        return self._timeout != 0.0

    def _deadline(self):
        if self._timeout is None:
            return None
        return real_now() + self._timeout

    def _wait(self, mask, deadline):
        h = self._h
        return wait_until(lambda left: _io().wait(h, mask, left), deadline)

    def _would_block(self):
        return errors.os_error(_E['EAGAIN'])

    def _error(self):
        return errors.from_json(_io().takeError(self._h))

    # -- addresses ----------------------------------------------------------------------------------

    def _address(self, address, purpose):
        return addresses.to_host(self._lfamily, self._ltype, address, purpose)

    def _format(self, address):
        return addresses.from_host(self._lfamily, address)

    def getsockname(self):
        self._check_open()
        info = json.loads(_io().info(self._h))
        local = info.get('local')
        if local is None:
            return addresses.unbound(self._lfamily)
        return self._format(local)

    def getpeername(self):
        self._check_open()
        info = json.loads(_io().info(self._h))
        remote = info.get('remote')
        if remote is None or info.get('phase') not in ('connected',):
            raise errors.os_error(_E['ENOTCONN'])
        return self._format(remote)

    def _check_open(self):
        # close() with file objects from makefile() still open leaves the socket working until they close.
        if _socket.socket.fileno(self) == -1:
            raise errors.os_error(_E['EBADF'])

    # -- options --------------------------------------------------------------------------------------

    def setsockopt(self, level, optname, value, optlen=None):
        self._check_open()
        if optlen is not None:
            value = None
        elif isinstance(value, (bytes, bytearray, memoryview)):
            value = int.from_bytes(bytes(value)[:4] or b'\0', sys.byteorder) if len(value) <= 8 else bytes(value)
        else:
            value = int(value)
        self._options[(level, optname)] = value
        if level == _socket.IPPROTO_TCP and optname == _TCP_NODELAY:
            _io().setOptions(self._h, 1 if value else 0, -1)
        elif level == _SOL_SOCKET and optname == _SO_KEEPALIVE:
            _io().setOptions(self._h, -1, 1 if value else 0)

    def getsockopt(self, level, optname, buflen=None):
        self._check_open()
        if level == _SOL_SOCKET and optname == _SO_ERROR:
            text = _io().takeError(self._h)
            value = json.loads(text).get('errno', 0) if text else 0
        elif level == _SOL_SOCKET and optname == _SO_TYPE:
            value = self._ltype
        else:
            value = self._options.get((level, optname), 0)
        if buflen is None:
            return value if isinstance(value, int) else 0
        if isinstance(value, bytes):
            return value[:buflen]
        return int(value).to_bytes(4, sys.byteorder, signed=True)[:buflen].ljust(min(buflen, 4), b'\0')

    def _option(self, level, optname):
        return bool(self._options.get((level, optname)))

    # -- connecting and listening ---------------------------------------------------------------------

    def bind(self, address):
        self._check_open()
        target = self._address(address, 'bind')
        status = _io().bind(
            self._h,
            json.dumps(target),
            self._option(_socket.IPPROTO_IPV6, _IPV6_V6ONLY),
            self._option(_SOL_SOCKET, _SO_REUSEADDR),
            self._option(_SOL_SOCKET, _SO_BROADCAST),
        )
        while status == INTERRUPTED:
            spin()
            status = _io().bind(self._h, json.dumps(target), False, False, False)
        if status < 0:
            raise self._error()

    def listen(self, backlog=None):
        self._check_open()
        if self._ltype != _socket.SOCK_STREAM:
            raise errors.os_error(_E['EOPNOTSUPP'])
        if _io().listen(self._h) < 0:
            # listen() on a socket never bound: bind to an ephemeral port on all interfaces, as the OS does.
            self.bind(addresses.unbound(self._lfamily))
            if _io().listen(self._h) < 0:
                raise self._error()

    def connect(self, address):
        self._check_open()
        error = self._connect(address)
        if error is not None:
            raise error

    def connect_ex(self, address):
        self._check_open()
        error = self._connect(address)
        return 0 if error is None else error.errno

    def _connect(self, address):
        target = self._address(address, 'connect')
        nodelay = self._option(_socket.IPPROTO_TCP, _TCP_NODELAY)
        keepalive = self._option(_SOL_SOCKET, _SO_KEEPALIVE)
        family = 6 if self._lfamily == _socket.AF_INET6 else 4
        self._h = _io().connect(self._h, json.dumps(target), nodelay, keepalive, family)
        if self._ltype == _socket.SOCK_DGRAM:
            return None
        if self._timeout == 0.0:
            return errors.os_error(_E['EINPROGRESS'])
        try:
            self._wait(WRITABLE, self._deadline())
        except TimeoutError:
            _io().abort(self._h)
            raise
        text = _io().takeError(self._h)
        return errors.from_json(text) if text else None

    def accept(self):
        self._check_open()
        deadline = self._deadline()
        while True:
            handle = _io().accept(self._h)
            if handle >= 0:
                break
            if handle == _FAILED:
                raise self._error()
            if self._timeout == 0.0:
                raise self._would_block()
            self._wait(READABLE, deadline)
        sock = HostSocket._adopt(handle, self._lfamily, self._ltype, self._lproto)
        if _socket.getdefaulttimeout() is None and self.gettimeout():
            sock.setblocking(True)
        return sock, sock._peer_or_empty()

    def _peer_or_empty(self):
        try:
            return self.getpeername()
        except OSError:
            return '' if self._lfamily == AF_UNIX else None

    # -- reading ------------------------------------------------------------------------------------------

    def recv(self, bufsize, flags=0):
        if bufsize < 0:
            raise ValueError('negative buffersize in recv')
        buffer, address = _buffer(bufsize)
        count = self._receive(address, bufsize, flags)
        return bytes(memoryview(buffer)[:count])

    def recv_into(self, buffer, nbytes=0, flags=0):
        view = memoryview(buffer).cast('B')
        if nbytes < 0:
            raise ValueError('negative buffersize in recv_into')
        size = nbytes or len(view)
        if size > len(view):
            raise ValueError('buffer too small for requested bytes')
        scratch, address = _buffer(size)
        count = self._receive(address, size, flags)
        view[:count] = memoryview(scratch)[:count]
        return count

    def recvfrom(self, bufsize, flags=0):
        data = self.recv(bufsize, flags)
        return data, self._sender()

    def recvfrom_into(self, buffer, nbytes=0, flags=0):
        count = self.recv_into(buffer, nbytes, flags)
        return count, self._sender()

    def _sender(self):
        if self._ltype != _socket.SOCK_DGRAM:
            return None
        return self._format(json.loads(_io().recvFromAddress()))

    def _receive(self, address, size, flags):
        self._check_open()
        peek = bool(flags & _MSG_PEEK)
        deadline = None
        while True:
            count = _io().recvInto(self._h, address, size, peek)
            if count >= 0:
                return count
            if count == _FAILED:
                raise self._error()
            if self._timeout == 0.0:
                raise self._would_block()
            if deadline is None:
                deadline = self._deadline()
            self._wait(READABLE, deadline)

    # -- writing ------------------------------------------------------------------------------------------

    def send(self, data, flags=0):
        self._check_open()
        view = memoryview(data).cast('B')
        deadline = None
        while True:
            size = min(len(view), 1 << 20)
            scratch, address = _buffer(size)
            memoryview(scratch)[:size] = view[:size]
            count = _io().send(self._h, address, size)
            if count >= 0:
                return count
            if count == _FAILED:
                raise self._error()
            if self._timeout == 0.0:
                raise self._would_block()
            if deadline is None:
                deadline = self._deadline()
            self._wait(WRITABLE, deadline)

    def sendall(self, data, flags=0):
        view = memoryview(data).cast('B')
        deadline = self._deadline()
        sent = 0
        while sent < len(view):
            try:
                sent += self.send(view[sent:], flags)
            except BlockingIOError:
                if self._timeout == 0.0:
                    raise
                self._wait(WRITABLE, deadline)
        return None

    def sendto(self, data, flags_or_address, address=None):
        self._check_open()
        if address is None:
            address, flags = flags_or_address, 0
        target = self._address(address, 'sendto')
        view = memoryview(data).cast('B')
        scratch, pointer = _buffer(len(view))
        memoryview(scratch)[: len(view)] = view
        family = 6 if self._lfamily == _socket.AF_INET6 else 4
        count = _io().sendTo(self._h, pointer, len(view), json.dumps(target), family)
        if count < 0:
            raise self._error()
        return count

    def sendmsg(self, buffers, ancdata=(), flags=0, address=None):
        if ancdata:
            raise OSError(_E['EOPNOTSUPP'], 'loopscope: ancillary data is not available on the runtime')
        data = b''.join(bytes(memoryview(buffer).cast('B')) for buffer in buffers)
        if address is not None:
            return self.sendto(data, address)
        return self.send(data, flags)

    def sendfile(self, file, offset=0, count=None):
        self._check_sendfile_params(file, offset, count)
        if offset:
            file.seek(offset)
        total = 0
        while count is None or total < count:
            chunk = file.read(min(65536, count - total) if count is not None else 65536)
            if not chunk:
                break
            self.sendall(chunk)
            total += len(chunk)
        if total > 0 and hasattr(file, 'seek'):
            file.seek(offset + total)
        return total

    def shutdown(self, how):
        self._check_open()
        if _io().shutdown(self._h, int(how)) < 0:
            raise self._error()

    # -- closing ------------------------------------------------------------------------------------------

    def _real_close(self, _ss=_socket.socket):
        fd = _ss.fileno(self)
        if fd != -1:
            _by_fd.pop(fd, None)
            io = hostlink.io
            if io is not None:
                io.close(self._h)
        _ss.close(self)

    def _release(self):
        """This object lets go of its host socket without closing it (another object took it over)."""
        fd = _socket.socket.fileno(self)
        if fd != -1:
            _by_fd.pop(fd, None)
            _socket.socket.close(self)
        self._closed = True

    def _abort(self):
        """Close with a reset (asyncio's transport.abort() on a socket with unsent data)."""
        hostlink.io.abort(self._h)
        self.close()

    def __del__(self):
        try:
            if not self._closed:
                self._real_close()
        except Exception:
            pass


for _name in ('__module__', '__qualname__', '__name__'):
    # repr() and error messages name the class as CPython does.
    setattr(HostSocket, _name, getattr(_StdlibSocket, _name))


def socketpair(family=None, type=_socket.SOCK_STREAM, proto=0):
    """A connected pair inside the runtime (asyncio and programs use it as a wake-up or an in-process pipe)."""
    if family is None:
        family = AF_UNIX
    first = _io().socketPair()
    second = _io().pairPeer(first)
    return (
        HostSocket._adopt(first, int(family), int(type) & ~_SOCK_FLAGS, proto),
        HostSocket._adopt(second, int(family), int(type) & ~_SOCK_FLAGS, proto),
    )
